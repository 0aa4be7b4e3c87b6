"""The calendars: who sees which dates, overdue milestones, a programme's clashes, the secret
feed (and replacing it), and queries that do not grow with the number of challenges."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from challenges import clashes
from challenges.calendar_selectors import Month
from challenges.calendar_services import calendar_feed_renew
from challenges.enums import MemberStatus, MilestoneKind, Owner, Phase
from challenges.models import CalendarFeed
from offers.enums import TeamRole
from reviewers.models import Unavailability
from tests import factories
from tests.factories.challenges_calendar import (
    CalendarChallengeFactory,
    CalendarMilestoneFactory,
    CalendarTeamMemberFactory,
)
from tests.queries import queries_for_get

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def written(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def month_url(name: str = "calendar:month", *args, month: Month) -> str:
    return f"{reverse(name, args=args)}?month={month.param}"


def rows(response) -> list[str]:
    """The table's rows, each as its cells' words joined by " | "."""
    from html.parser import HTMLParser

    class Rows(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.cell, self.cells, self.depth = [], None, None, 0

        def handle_starttag(self, tag, attrs):
            if tag == "tbody":
                self.depth += 1
            elif tag == "tr" and self.depth:
                self.cells = []
            elif tag in ("td", "th") and self.cells is not None:
                self.cell = []

        def handle_endtag(self, tag):
            if tag == "tbody":
                self.depth -= 1
            elif tag in ("td", "th") and self.cell is not None:
                self.cells.append(" ".join(" ".join(self.cell).split()))
                self.cell = None
            elif tag == "tr" and self.cells is not None:
                self.rows.append(" | ".join(self.cells))
                self.cells = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell.append(data)

    parser = Rows()
    parser.feed(response.content.decode())
    return parser.rows


@pytest.fixture
def programme():
    return factories.ProgrammeFactory(name="Youth justice peer review")


@pytest.fixture
def service():
    return factories.OrganisationFactory(name="Northby Youth Justice Service")


@pytest.fixture
def challenge(programme, service):
    """A challenge of the programme for the service, on site from a month today for 3 days,
    with a milestone for each party and one named for someone else."""
    challenge = CalendarChallengeFactory(
        programme=programme,
        organisation=service,
        review_type=factories.ReviewTypeFactory(programme=programme, name="Full peer review"),
        notes_for_service="Please book the big meeting room",
    )
    for position, (kind, party) in enumerate(
        (
            (MilestoneKind.PLANNING_MEETING, Owner.COORDINATOR),
            (MilestoneKind.DATA_PACK_RECEIVED, Owner.SERVICE),
            (MilestoneKind.ANALYSIS, Owner.TEAM),
            (MilestoneKind.DRAFT_REPORT, Owner.LEAD),
        )
    ):
        CalendarMilestoneFactory(
            challenge=challenge,
            kind=kind,
            owner_party=party,
            due_on=challenge.starts_on,
            position=position,
        )
    CalendarMilestoneFactory(
        challenge=challenge,
        kind=MilestoneKind.PUBLICATION,
        owner_party=Owner.COORDINATOR,
        owner=factories.UserFactory(),
        due_on=challenge.starts_on,
        position=9,
    )
    return challenge


def place(challenge, *, role=TeamRole.REVIEWER, status=MemberStatus.ACCEPTED, user=None):
    """A place on the challenge's team for `user` (a new person when None); the user."""
    reviewer = factories.ReviewerFactory(user=user or factories.UserFactory())
    CalendarTeamMemberFactory(challenge=challenge, reviewer=reviewer, role=role, status=status)
    return reviewer.user


def what_is_shown(client, user, challenge) -> list[str]:
    """The "What" column of `user`'s calendar in the challenge's month."""
    client.force_login(user)
    response = client.get(month_url(month=Month.of(challenge.starts_on)))
    assert response.status_code == 200
    return [row.split(" | ")[1] for row in rows(response)]


# --- Who sees what -----------------------------------------------------------------------------


def test_calendar_service_lead_sees_their_service_dates_and_milestones(client, challenge):
    lead = factories.service_lead(organisation=challenge.organisation)
    CalendarChallengeFactory(starts_on=challenge.starts_on, ends_on=challenge.ends_on)

    shown = what_is_shown(client, lead, challenge)

    assert shown == ["On-site days", "Data pack received"]


def test_calendar_team_member_sees_the_teams_milestones_but_not_the_leads(client, challenge):
    member = place(challenge)

    assert what_is_shown(client, member, challenge) == ["On-site days", "Analysis of the data pack"]


def test_calendar_co_lead_sees_the_teams_and_the_leads_milestones(client, challenge):
    co_lead = place(challenge, role=TeamRole.CO_LEAD)

    assert what_is_shown(client, co_lead, challenge) == [
        "On-site days",
        "Analysis of the data pack",
        "Draft report due",
    ]


def test_calendar_invited_member_sees_the_dates_marked_but_no_milestones(client, challenge):
    invited = place(challenge, status=MemberStatus.INVITED)
    client.force_login(invited)

    response = client.get(month_url(month=Month.of(challenge.starts_on)))

    [row] = rows(response)
    assert "On-site days" in row
    assert row.endswith("Preparing Invitation not answered")


def test_calendar_declined_member_sees_nothing(client, challenge):
    declined = place(challenge, status=MemberStatus.DECLINED)

    assert what_is_shown(client, declined, challenge) == []


def test_calendar_coordinator_sees_programme_dates_and_coordinators_milestones(client, challenge):
    coordinator = factories.coordinator(programme=challenge.programme)

    assert what_is_shown(client, coordinator, challenge) == ["On-site days", "Planning meeting"]


def test_calendar_named_owner_sees_their_milestone_only(client, challenge):
    owner = challenge.milestones.get(kind=MilestoneKind.PUBLICATION).owner

    assert what_is_shown(client, owner, challenge) == ["Publication"]


def test_calendar_other_programmes_coordinator_sees_nothing_of_it(client, challenge):
    other = factories.coordinator(programme=factories.ProgrammeFactory())

    assert what_is_shown(client, other, challenge) == []
    response = client.get(reverse("calendar:programme", args=[challenge.programme.pk]))
    assert response.status_code == 404


def test_calendar_cancelled_challenge_is_left_out(client, challenge):
    challenge.phase = Phase.CANCELLED
    challenge.save()
    coordinator = factories.coordinator(programme=challenge.programme)

    assert what_is_shown(client, coordinator, challenge) == []


def test_calendar_entry_names_the_challenge_and_the_persons_part(client, challenge):
    member = place(challenge, role=TeamRole.CO_LEAD)
    client.force_login(member)

    response = client.get(month_url(month=Month.of(challenge.starts_on)))

    on_site = rows(response)[0]
    assert on_site.split(" | ")[2:4] == [
        f"{challenge.reference} Full peer review for Northby Youth Justice Service",
        "On the team: Co-lead",
    ]


def test_navigation_offers_the_calendar_to_those_with_dates(client, challenge):
    """From the navigation's Challenges, whose list links the calendar."""
    section = '<a class="govuk-service-navigation__link" href="/challenges/">Challenges</a>'
    link = '<a class="govuk-link" href="/calendar/">'
    client.force_login(factories.service_lead(organisation=challenge.organisation))
    assert section in client.get(reverse("start")).content.decode()
    assert link in client.get(reverse("challenges:list")).content.decode()

    client.force_login(factories.UserFactory())
    assert section not in client.get(reverse("start")).content.decode()


# --- Months ------------------------------------------------------------------------------------


def test_month_parse_reads_year_and_month_only():
    assert Month.parse("2027-03") == Month(datetime.date(2027, 3, 1))
    assert [Month.parse(v) for v in ("2027-13", "2027-00", "0000-01", "27-03", "2027-3", "x")] == [
        None
    ] * 6


def test_month_edges_have_no_month_beyond_them():
    assert Month.parse("9999-12").following is None
    assert Month.parse("0001-01").previous is None
    assert Month.parse("2027-12").following == Month(datetime.date(2028, 1, 1))
    assert Month.parse("2027-03").last == datetime.date(2027, 3, 31)


def test_calendar_month_shows_the_month_asked_with_its_neighbours(client):
    client.force_login(factories.UserFactory())

    response = client.get(reverse("calendar:month") + "?month=2027-03")

    page = response.content.decode()
    assert "<title>Your calendar: March 2027" in page
    assert 'href="?month=2027-02"' in page
    assert 'href="?month=2027-04"' in page


@pytest.mark.parametrize("typed", ["2027-13", "March", "9999999-01", "2027-03-01", "<b>"])
def test_calendar_month_not_a_month_says_so_and_shows_this_month(client, typed):
    client.force_login(factories.UserFactory())

    response = client.get(reverse("calendar:month"), {"month": typed})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Your calendar: " + Month.of(timezone.localdate()).label in page
    assert '<a href="#month">Enter a month as its year and number, like 2027-03</a>' in page
    assert 'id="month-error"' in page
    assert "<b>" not in page.split('id="month"')[1].split(">")[0]


def test_calendar_month_at_the_last_month_there_is(client):
    client.force_login(factories.UserFactory())

    response = client.get(reverse("calendar:month") + "?month=9999-12")

    assert response.status_code == 200
    assert 'href="?month=9999-11"' in response.content.decode()
    assert 'rel="next"' not in response.content.decode()


# --- Overdue -----------------------------------------------------------------------------------


@pytest.mark.dates
def test_calendar_marks_overdue_milestones_in_words(client, programme):
    today = timezone.localdate()
    challenge = CalendarChallengeFactory(
        programme=programme, starts_on=today - 10 * DAY, ends_on=today - 8 * DAY
    )
    for kind, due_on, done_on in (
        (MilestoneKind.PLANNING_MEETING, today - DAY, None),
        (MilestoneKind.DATA_PACK_REQUESTED, today - DAY, today - DAY),
        (MilestoneKind.PUBLICATION, today, None),
    ):
        CalendarMilestoneFactory(
            challenge=challenge,
            kind=kind,
            owner_party=Owner.COORDINATOR,
            due_on=due_on,
            done_on=done_on,
        )
    client.force_login(factories.coordinator(programme=programme))

    response = client.get(reverse("calendar:list"))

    statuses = {row.split(" | ")[1]: row.split(" | ")[4] for row in rows(response)}
    assert statuses == {
        "Planning meeting": "Overdue",
        "Publication": "To do",
    }
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in response.content.decode()
    assert "1 milestone is overdue." in response.content.decode()


@pytest.mark.dates
def test_calendar_list_puts_overdue_milestones_first(client, programme):
    today = timezone.localdate()
    challenge = CalendarChallengeFactory(programme=programme)
    long_overdue = CalendarMilestoneFactory(
        challenge=challenge,
        kind=MilestoneKind.PLANNING_MEETING,
        owner_party=Owner.COORDINATOR,
        due_on=today - 200 * DAY,
    )
    CalendarMilestoneFactory(
        challenge=challenge,
        kind=MilestoneKind.PUBLICATION,
        owner_party=Owner.COORDINATOR,
        due_on=today + DAY,
    )
    client.force_login(factories.coordinator(programme=programme))

    response = client.get(reverse("calendar:list"))

    assert [row.split(" | ")[1] for row in rows(response)] == [
        "Planning meeting",
        "Publication",
        "On-site days",
    ]
    assert rows(response)[0].startswith(written(long_overdue.due_on))


@pytest.mark.dates
def test_calendar_month_marks_an_overdue_milestone(client, programme):
    today = timezone.localdate()
    challenge = CalendarChallengeFactory(programme=programme)
    CalendarMilestoneFactory(
        challenge=challenge,
        kind=MilestoneKind.PLANNING_MEETING,
        owner_party=Owner.COORDINATOR,
        due_on=today - DAY,
    )
    client.force_login(factories.coordinator(programme=programme))

    response = client.get(month_url(month=Month.of(today - DAY)))

    [row] = rows(response)
    assert row.split(" | ")[1::3] == ["Planning meeting", "Overdue"]


# --- A programme's calendar and its clashes ----------------------------------------------------


@pytest.fixture
def clashing(programme, service):
    """Three challenges of the programme in one month: A and B share a reviewer on overlapping
    days; C is the same service as A on overlapping days, with a reviewer away then; D, the
    same month, clashes with nothing."""
    first = timezone.localdate().replace(day=1) + datetime.timedelta(days=62)
    first = first.replace(day=3)
    review_type = factories.ReviewTypeFactory(programme=programme)

    def challenge(offset, organisation=None):
        starts_on = first + offset * DAY
        return CalendarChallengeFactory(
            programme=programme,
            review_type=review_type,
            organisation=organisation or factories.OrganisationFactory(),
            starts_on=starts_on,
            ends_on=starts_on + 2 * DAY,
        )

    a, b, c, d = challenge(0, service), challenge(1), challenge(1, service), challenge(14)
    shared = factories.ReviewerFactory(user=factories.UserFactory(full_name="Sam Shared"))
    for on in (a, b):
        CalendarTeamMemberFactory(challenge=on, reviewer=shared)
    away = factories.ReviewerFactory(user=factories.UserFactory(full_name="Alex Away"))
    CalendarTeamMemberFactory(challenge=c, reviewer=away, status=MemberStatus.INVITED)
    Unavailability.objects.create(reviewer=away, starts_on=first + 3 * DAY, ends_on=first + 9 * DAY)
    CalendarTeamMemberFactory(challenge=d)
    return {"a": a, "b": b, "c": c, "d": d, "month": Month.of(first)}


def test_programme_calendar_flags_each_kind_of_clash(client, programme, clashing):
    a, b, c, d = (clashing[key] for key in "abcd")
    client.force_login(factories.coordinator(programme=programme))

    response = client.get(month_url("calendar:programme", programme.pk, month=clashing["month"]))

    def days(start, end):
        return f"{written(start)} to {written(end)}"

    on_site = {row.split(" | ")[2].split()[0]: row.split(" | ")[4] for row in rows(response)}
    assert on_site == {
        a.reference: (
            f"Preparing Clash Sam Shared is also on the team of {b.reference} "
            f"({b.organisation.name}) on {days(b.starts_on, a.ends_on)} "
            f"The service also receives {c.reference} ({c.organisation.name}) on "
            f"{days(c.starts_on, a.ends_on)}"
        ),
        b.reference: (
            f"Preparing Clash Sam Shared is also on the team of {a.reference} "
            f"({a.organisation.name}) on {days(b.starts_on, a.ends_on)}"
        ),
        c.reference: (
            f"Preparing Clash Alex Away is away on {written(c.ends_on)} "
            f"The service also receives {a.reference} ({a.organisation.name}) on "
            f"{days(c.starts_on, a.ends_on)}"
        ),
        d.reference: "Preparing",
    }
    page = response.content.decode()
    assert "3 challenges this month have clashes:" in page
    assert f'href="#challenge-{a.pk}">{a.reference} ({a.organisation.name})</a>: 2 clashes' in page


def test_programme_calendar_names_another_programmes_challenge_only_vaguely(
    client, programme, clashing
):
    a = clashing["a"]
    elsewhere = CalendarChallengeFactory(starts_on=a.starts_on, ends_on=a.ends_on)
    reviewer = a.members.get().reviewer
    CalendarTeamMemberFactory(challenge=elsewhere, reviewer=reviewer)
    client.force_login(factories.coordinator(programme=programme))

    response = client.get(month_url("calendar:programme", programme.pk, month=clashing["month"]))

    page = response.content.decode()
    assert "Sam Shared is also on the team of a challenge of another programme" in page
    assert elsewhere.reference not in page
    assert elsewhere.organisation.name not in page


def test_programme_calendar_lists_every_milestone_with_its_owner(client, challenge):
    client.force_login(factories.coordinator(programme=challenge.programme))

    response = client.get(
        month_url("calendar:programme", challenge.programme.pk, month=Month.of(challenge.starts_on))
    )

    named = challenge.milestones.get(kind=MilestoneKind.PUBLICATION).owner.full_name
    assert [row.split(" | ")[1:4:2] for row in rows(response)] == [
        ["On-site days", "Preparing"],
        ["Planning meeting", "The programme coordinator"],
        ["Data pack received", "The receiving service"],
        ["Analysis of the data pack", "The review team"],
        ["Draft report due", "The team lead"],
        ["Publication", named],
    ]


def test_programme_calendar_is_for_coordinators(client, challenge):
    client.force_login(factories.service_lead(organisation=challenge.organisation))

    response = client.get(reverse("calendar:programme", args=[challenge.programme.pk]))

    assert response.status_code == 403


def test_clashes_for_plain_facts():
    day = datetime.date(2027, 3, 1)
    found = clashes.clashes_for(
        challenge_ids=[1, 2, 3],
        visits=[
            clashes.Visit(1, 10, day, day + 2 * DAY),
            clashes.Visit(2, 20, day + 2 * DAY, day + 4 * DAY),
            clashes.Visit(4, 10, day + 3 * DAY, day + 5 * DAY),
        ],
        places=[clashes.Place(1, 100), clashes.Place(2, 100), clashes.Place(3, 100)],
        away=[clashes.Away(100, day + 4 * DAY, day + 9 * DAY)],
    )

    assert found == {
        1: [
            clashes.Clash(
                clashes.ClashKind.REVIEWER_ON_TWO,
                1,
                day + 2 * DAY,
                day + 2 * DAY,
                reviewer_id=100,
                other_challenge_id=2,
            )
        ],
        2: [
            clashes.Clash(
                clashes.ClashKind.REVIEWER_ON_TWO,
                2,
                day + 2 * DAY,
                day + 2 * DAY,
                reviewer_id=100,
                other_challenge_id=1,
            ),
            clashes.Clash(
                clashes.ClashKind.REVIEWER_AWAY, 2, day + 4 * DAY, day + 4 * DAY, reviewer_id=100
            ),
        ],
        # No on-site days, so nothing to clash.
        3: [],
    }


def test_clashes_touching_ranges_overlap_adjacent_do_not():
    day = datetime.date(2027, 3, 1)
    assert clashes.overlap((day, day + DAY), (day + DAY, day + 5 * DAY)) == (day + DAY, day + DAY)
    assert clashes.overlap((day, day + DAY), (day + 2 * DAY, day + 5 * DAY)) is None


# --- The feed ----------------------------------------------------------------------------------


def feed_events(client, token: str) -> dict[str, icalendar.Event]:
    client.logout()
    response = client.get(reverse("calendar:ics", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_feed_page_makes_an_address_and_shows_it(client):
    user = factories.UserFactory()
    client.force_login(user)

    assert "Make my calendar address" in client.get(reverse("calendar:feed")).content.decode()
    response = client.post(reverse("calendar:feed"), follow=True)

    token = CalendarFeed.objects.get(user=user).token
    assert len(token) >= 43
    assert f"http://127.0.0.1:8000/calendar/{token}.ics" in response.content.decode()
    assert "Your calendar address is ready." in response.content.decode()


def test_feed_holds_on_site_days_and_milestones_as_all_day_events(client, challenge):
    member = place(challenge, role=TeamRole.LEAD)
    token = calendar_feed_renew(user=member).token

    events = feed_events(client, token)

    on_site = events[f"challenge-{challenge.pk}-on-site@127.0.0.1"]
    assert on_site.decoded("DTSTART") == challenge.starts_on
    # DTEND is exclusive: the day after the last on-site day.
    assert on_site.decoded("DTEND") == challenge.ends_on + DAY
    assert str(on_site["SUMMARY"]) == (
        f"{challenge.reference} on site: Full peer review for Northby Youth Justice Service"
    )
    analysis, draft = (
        challenge.milestones.get(kind=MilestoneKind.ANALYSIS),
        challenge.milestones.get(kind=MilestoneKind.DRAFT_REPORT),
    )
    assert sorted(events) == sorted(
        [
            f"challenge-{challenge.pk}-on-site@127.0.0.1",
            f"milestone-{analysis.pk}@127.0.0.1",
            f"milestone-{draft.pk}@127.0.0.1",
        ]
    )
    milestone = events[f"milestone-{draft.pk}@127.0.0.1"]
    assert milestone.decoded("DTSTART") == draft.due_on
    assert milestone.decoded("DTEND") == draft.due_on + DAY
    assert str(milestone["SUMMARY"]) == (
        f"{challenge.reference} Draft report due: Full peer review for "
        "Northby Youth Justice Service"
    )


def test_feed_is_the_same_when_read_twice_and_keeps_notes_out(client, challenge):
    token = calendar_feed_renew(user=place(challenge)).token
    client.logout()
    url = reverse("calendar:ics", args=[token])

    first, second = client.get(url), client.get(url)

    assert first.content == second.content
    assert b"big meeting room" not in first.content
    assert first["Cache-Control"] == "private, no-store"


def test_feed_follows_the_dates_when_they_move(client, challenge):
    token = calendar_feed_renew(user=place(challenge)).token
    uid = f"challenge-{challenge.pk}-on-site@127.0.0.1"
    challenge.starts_on += 7 * DAY
    challenge.ends_on += 7 * DAY
    challenge.save()

    event = feed_events(client, token)[uid]

    assert event.decoded("DTSTART") == challenge.starts_on


def test_feed_replaced_address_answers_404_and_the_new_one_works(client, challenge):
    member = place(challenge)
    old = calendar_feed_renew(user=member).token
    client.force_login(member)

    # Asking again from the first page does not replace it: that is asked on its own page.
    assert client.post(reverse("calendar:feed")).url == reverse("calendar:feed_replace")
    assert client.get(reverse("calendar:feed_replace")).status_code == 200
    assert CalendarFeed.objects.get(user=member).token == old
    response = client.post(reverse("calendar:feed_replace"), follow=True)

    new = CalendarFeed.objects.get(user=member).token
    assert new != old
    assert "The old address no longer works." in response.content.decode()
    client.logout()
    assert client.get(reverse("calendar:ics", args=[old])).status_code == 404
    assert client.get(reverse("calendar:ics", args=[new])).status_code == 200


def test_feed_unknown_address_is_not_found_and_says_nothing(client, challenge):
    calendar_feed_renew(user=place(challenge))

    response = client.get(reverse("calendar:ics", args=["x" * 43]))

    assert response.status_code == 404
    assert challenge.reference.encode() not in response.content
    assert b"calendar" not in response.content.lower()


def test_feed_of_someone_who_can_no_longer_sign_in_is_not_found(client, challenge):
    member = place(challenge)
    token = calendar_feed_renew(user=member).token
    member.is_active = False
    member.save()

    assert client.get(reverse("calendar:ics", args=[token])).status_code == 404


def test_feed_for_someone_with_nothing_is_an_empty_calendar(client):
    token = calendar_feed_renew(user=factories.UserFactory()).token

    assert feed_events(client, token) == {}


# --- Queries -----------------------------------------------------------------------------------


def busy_programme(count: int):
    """A programme with `count` challenges on site in one month, each with a shared service,
    a team holding places elsewhere too, dates away and a milestone for each party; and a
    coordinator, a service lead and a reviewer on every team."""
    programme = factories.ProgrammeFactory()
    review_type = factories.ReviewTypeFactory(programme=programme)
    first = timezone.localdate().replace(day=1) + datetime.timedelta(days=40)
    first = first.replace(day=1)
    service = factories.OrganisationFactory()
    reviewer = factories.ReviewerFactory()
    everywhere = factories.ReviewerFactory()
    Unavailability.objects.create(reviewer=everywhere, starts_on=first, ends_on=first + 3 * DAY)
    for number in range(count):
        starts_on = first + (number % 20) * DAY
        challenge = CalendarChallengeFactory(
            programme=programme,
            review_type=review_type,
            organisation=service if number % 2 else factories.OrganisationFactory(),
            starts_on=starts_on,
            ends_on=starts_on + 2 * DAY,
        )
        CalendarTeamMemberFactory(challenge=challenge, reviewer=reviewer, role=TeamRole.LEAD)
        CalendarTeamMemberFactory(challenge=challenge, reviewer=everywhere)
        for kind, party in (
            (MilestoneKind.DATA_PACK_RECEIVED, Owner.SERVICE),
            (MilestoneKind.PLANNING_MEETING, Owner.COORDINATOR),
            (MilestoneKind.ANALYSIS, Owner.TEAM),
            (MilestoneKind.DRAFT_REPORT, Owner.LEAD),
        ):
            CalendarMilestoneFactory(
                challenge=challenge, kind=kind, owner_party=party, due_on=starts_on
            )
    people = {
        "coordinator": factories.coordinator(programme=programme),
        "service_lead": factories.service_lead(organisation=service),
        "reviewer": reviewer.user,
    }
    for user in people.values():
        calendar_feed_renew(user=user)
    return programme, Month.of(first), people


# Queries per page (month, list, feed page, the programme's month for a coordinator, then the
# feed itself): the session and the user, the person's roles and team places, then the page's
# own reads (challenges, milestones; the programme's adds its team places, same-service
# challenges and dates away for the clashes).
QUERIES = {
    "coordinator": [9, 9, 7, 12, 5],
    "service_lead": [8, 8, 7, 5],
    "reviewer": [8, 8, 7, 5],
}


@pytest.mark.slow
@pytest.mark.parametrize("person", ["coordinator", "service_lead", "reviewer"])
def test_calendar_pages_make_the_same_queries_at_10_and_150_challenges(client, person):
    def counts(size):
        programme, month, people = busy_programme(size)
        user = people[person]
        client.force_login(user)
        urls = [
            month_url(month=month),
            reverse("calendar:list"),
            reverse("calendar:feed"),
        ]
        if person == "coordinator":
            urls.append(month_url("calendar:programme", programme.pk, month=month))
        found = [queries_for_get(client, url) for url in urls]
        client.logout()
        token = CalendarFeed.objects.get(user=user).token
        found.append(queries_for_get(client, reverse("calendar:ics", args=[token])))
        # The pages show what the people have, so the sizes show in them.
        client.force_login(user)
        shown = len(rows(client.get(month_url(month=month))))
        return found, shown

    ten, shown_ten = counts(10)
    many, shown_many = counts(150)

    assert shown_many > shown_ten > 0
    assert ten == many == QUERIES[person]


def test_calendar_person_with_two_parts_sees_both(client, challenge):
    """The service's lead who is also on another challenge's team sees both challenges."""
    person = factories.service_lead(organisation=challenge.organisation)
    other = CalendarChallengeFactory(starts_on=challenge.starts_on, ends_on=challenge.ends_on)
    place(other, user=person)

    shown = what_is_shown(client, person, challenge)

    assert shown == ["On-site days", "On-site days", "Data pack received"]
