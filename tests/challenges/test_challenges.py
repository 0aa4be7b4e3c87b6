"""Challenges from approved applications: what is carried over, the on-site dates, the
team built by hand under the hard rules, invitations, phases and what each person sees."""

import datetime
import html

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications.models import Decision
from challenges import services
from challenges.enums import ChallengeAction, MemberStatus, MilestoneKind, Phase
from challenges.models import Challenge, ChallengeEvent, TeamMember
from offers.enums import EnquiryKind, TeamRole
from offers.models import LineOfEnquiry
from reviewers.enums import Qualification, ReviewSource
from reviewers.models import CompletedReview, ConflictOfInterest, PreviousEmployment, Unavailability
from reviewers.selectors import pool_entries
from tests import factories
from tests.exports import XLSX, csv_rows, workbook, xlsx_rows

from .world import challenge, next_monday, pool_member, staffed, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return world()


def test_an_approved_application_becomes_a_challenge_carrying_its_decision_over(client, w):
    key_line = LineOfEnquiry.objects.create(
        programme=w["programme"], kind=EnquiryKind.KEY_LINE, name="Out-of-court disposals"
    )
    thread = LineOfEnquiry.objects.create(
        programme=w["programme"], kind=EnquiryKind.GOLDEN_THREAD, name="Voice of the child"
    )
    w["application"].lines_of_enquiry.set([key_line])
    client.force_login(w["coordinator"])
    url = reverse("challenges:new", args=[w["application"].pk])
    page = client.get(url)
    assert "Out-of-court disposals" in page.text
    assert "Voice of the child" in page.text
    token = page.context["form"]["token"].value()
    for _ in range(2):  # a double click makes one challenge
        response = client.post(url, {"token": token})
    made = Challenge.objects.get()
    assert response.status_code == 302
    decision = Decision.objects.get(application=w["application"])
    assert made.window_starts_on == decision.window_starts_on
    assert made.window_ends_on == decision.window_ends_on
    assert made.reviewer_days == decision.reviewer_days
    assert set(made.lines_of_enquiry.all()) == {key_line, thread}
    assert made.phase == Phase.SCHEDULING
    assert made.milestones.count() == len(MilestoneKind) - 1
    assert ChallengeEvent.objects.filter(challenge=made, action=ChallengeAction.CREATE).count() == 1
    # Asked again, the page leads to the challenge already made.
    assert client.get(url).url == made.get_absolute_url()


def test_an_application_not_approved_is_not_scheduled(client, w):
    other = factories.ApplicationFactory(review_type=w["review_type"], state="submitted")
    client.force_login(w["coordinator"])
    assert client.get(reverse("challenges:new", args=[other.pk])).status_code == 200
    response = client.post(
        reverse("challenges:new", args=[other.pk]),
        {"token": "a3c9f7f0-4e0f-4c8e-9a4f-1d2b3c4d5e6f"},
    )
    assert "Only an approved application becomes a challenge" in response.text
    assert not Challenge.objects.exists()


def test_the_on_site_days_are_working_days_inside_the_window(client, w):
    made = challenge(w, dated=False)
    client.force_login(w["coordinator"])
    url = reverse("challenges:dates", args=[made.pk])
    friday = next_monday(made.window_starts_on) + datetime.timedelta(days=4)
    saturday = friday + datetime.timedelta(days=1)

    def post(day, mode="on_site"):
        return client.post(
            url,
            {
                "starts_on_0": day.day,
                "starts_on_1": day.month,
                "starts_on_2": day.year,
                "delivery_mode": mode,
            },
        )

    assert "must be a weekday" in post(saturday).text
    too_early = made.window_starts_on - datetime.timedelta(days=7)
    assert "must start on or after" in post(too_early).text
    too_late = next_monday(made.window_ends_on - datetime.timedelta(days=1))
    assert "the end of the window" in post(too_late).text
    assert post(friday).status_code == 302
    made.refresh_from_db()
    # Friday, then Monday and Tuesday: weekends are not counted.
    assert (made.starts_on, made.ends_on) == (friday, friday + datetime.timedelta(days=4))
    on_site = made.milestones.get(kind=MilestoneKind.ON_SITE)
    assert on_site.due_on == friday


def test_a_virtual_model_only_where_the_offer_allows_it(client, w):
    made = challenge(w, dated=False)
    w["review_type"].virtual_allowed = False
    w["review_type"].save()
    monday = next_monday(made.window_starts_on)
    with pytest.raises(Exception, match="no virtual model"):
        services.challenge_set_dates(
            challenge=made, starts_on=monday, delivery_mode="virtual", by=w["coordinator"]
        )


def test_hand_set_due_dates_stay_when_the_on_site_days_move(w):
    made = challenge(w)
    planning = made.milestones.get(kind=MilestoneKind.PLANNING_MEETING)
    report = made.milestones.get(kind=MilestoneKind.DRAFT_REPORT)
    fixed_day = planning.due_on - datetime.timedelta(days=3)
    services.milestone_update(
        milestone=planning, due_on=fixed_day, owner=None, done_on=None, by=w["coordinator"]
    )
    before = report.due_on
    services.challenge_set_dates(
        challenge=made,
        starts_on=made.starts_on + datetime.timedelta(days=7),
        delivery_mode="on_site",
        by=w["coordinator"],
    )
    planning.refresh_from_db()
    report.refresh_from_db()
    assert planning.due_on == fixed_day
    assert report.due_on == before + datetime.timedelta(days=7)


# --- The team by hand: one test per hard rule ---------------------------------------------------


def _invite(client, made, reviewer, role=TeamRole.REVIEWER):
    return client.post(
        reverse("challenges:team", args=[made.pk]), {"reviewer": reviewer.pk, "role": role}
    )


def test_a_coordinator_invites_someone_who_breaks_no_rule(
    client, w, django_capture_on_commit_callbacks
):
    made = challenge(w)
    person = pool_member(w, qualified=False)
    client.force_login(w["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, made, person)
    assert response.status_code == 302
    member = TeamMember.objects.get()
    assert (member.reviewer, member.status) == (person, MemberStatus.INVITED)
    assert mail.outbox[-1].to == [person.user.email]


def _refused(client, made, person, words, role=TeamRole.REVIEWER):
    client.force_login(made.created_by)
    response = _invite(client, made, person, role)
    assert response.status_code == 200
    assert words in response.text, response.text
    assert not TeamMember.objects.filter(reviewer=person, challenge=made).exists()
    return response


def test_rule_not_from_the_receiving_organisation(client, w):
    made = challenge(w)
    _refused(
        client, made, pool_member(w, organisation=w["receiving"]), "the organisation receiving"
    )


def test_rule_no_declared_conflict(client, w):
    made = challenge(w)
    person = pool_member(w)
    ConflictOfInterest.objects.create(
        reviewer=person, organisation=w["receiving"], reason="My partner works there"
    )
    _refused(client, made, person, "conflict of interest")


def test_rule_no_employer_left_within_the_set_years(client, w, settings):
    settings.CONFLICT_PREVIOUS_EMPLOYER_YEARS = 3
    made = challenge(w)
    person = pool_member(w)
    PreviousEmployment.objects.create(
        reviewer=person,
        organisation=w["receiving"],
        left_on=made.starts_on - datetime.timedelta(days=365 * 2),
    )
    _refused(client, made, person, "conflict of interest")
    long_ago = pool_member(w, qualified=False)
    PreviousEmployment.objects.create(
        reviewer=long_ago,
        organisation=w["receiving"],
        left_on=made.starts_on - datetime.timedelta(days=365 * 5),
    )
    client.force_login(w["coordinator"])
    assert _invite(client, made, long_ago).status_code == 302


def test_rule_no_reciprocal_pair_in_the_cycle_counting_confirmed_teams(client, w):
    made = challenge(w)
    # Someone from the receiving service is on a team reviewing organisation B in the cycle.
    other_org = factories.OrganisationFactory()
    other = Challenge.objects.create(
        programme=w["programme"],
        organisation=other_org,
        review_type=w["review_type"],
        cycle=made.cycle,
        starts_on=made.starts_on + datetime.timedelta(days=21),
        ends_on=made.starts_on + datetime.timedelta(days=23),
        created_by=w["coordinator"],
    )
    ours = pool_member(w, organisation=w["receiving"])
    TeamMember.objects.create(
        challenge=other,
        reviewer=ours,
        role=TeamRole.LEAD,
        status=MemberStatus.ACCEPTED,
        invited_by=w["coordinator"],
    )
    _refused(client, made, pool_member(w, organisation=other_org), "review each other")


def test_rule_available_on_every_on_site_day(client, w):
    made = challenge(w)
    person = pool_member(w)
    Unavailability.objects.create(
        reviewer=person, starts_on=made.ends_on, ends_on=made.ends_on + datetime.timedelta(days=3)
    )
    _refused(client, made, person, "Is away")


def test_rule_not_on_another_challenge_on_those_days(client, w):
    made = challenge(w)
    person = pool_member(w)
    elsewhere = Challenge.objects.create(
        programme=w["programme"],
        organisation=factories.OrganisationFactory(),
        review_type=w["review_type"],
        cycle=made.cycle,
        starts_on=made.starts_on,
        ends_on=made.ends_on,
        created_by=w["coordinator"],
    )
    TeamMember.objects.create(
        challenge=elsewhere,
        reviewer=person,
        role=TeamRole.REVIEWER,
        status=MemberStatus.ACCEPTED,
        invited_by=w["coordinator"],
    )
    _refused(client, made, person, "which overlaps the on-site days")


def test_rule_under_the_cap_per_cycle(client, w):
    made = challenge(w)
    person = pool_member(w, cap=1)
    elsewhere = Challenge.objects.create(
        programme=w["programme"],
        organisation=factories.OrganisationFactory(),
        review_type=w["review_type"],
        cycle=made.cycle,
        starts_on=made.starts_on + datetime.timedelta(days=40),
        ends_on=made.starts_on + datetime.timedelta(days=42),
        created_by=w["coordinator"],
    )
    TeamMember.objects.create(
        challenge=elsewhere,
        reviewer=person,
        role=TeamRole.REVIEWER,
        status=MemberStatus.ACCEPTED,
        invited_by=w["coordinator"],
    )
    _refused(client, made, person, "their cap of 1")


def test_rule_an_accepted_member_of_the_programmes_pool(client, w):
    made = challenge(w)
    person = pool_member(w)
    person.pools.update(status="requested")
    client.force_login(w["coordinator"])
    response = _invite(client, made, person)
    # Not offered at all: someone outside the pool is not a choice.
    assert "Choose a reviewer from the programme" in response.text
    with pytest.raises(Exception, match="accepted member of the programme"):
        services.member_invite(
            challenge=made, reviewer=person, role=TeamRole.REVIEWER, by=w["coordinator"]
        )


def test_rule_meets_the_places_requirement(client, w):
    made = challenge(w)
    untrained = pool_member(w, qualified=False, trained=False)
    _refused(client, made, untrained, "requirement")
    trained = pool_member(w, qualified=False)
    _refused(client, made, trained, "requirement", role=TeamRole.LEAD)


def test_rule_at_least_one_fully_qualified_member(client, w):
    made = challenge(w)
    w["review_type"].team_places.filter(role=TeamRole.LEAD).update(requirement="trained")
    for _ in range(2):
        person = pool_member(w, qualified=False)
        services.member_invite(
            challenge=made, reviewer=person, role=TeamRole.REVIEWER, by=w["coordinator"]
        )
    _refused(
        client, made, pool_member(w, qualified=False), "nobody on the team", role=TeamRole.LEAD
    )
    client.force_login(w["coordinator"])
    assert _invite(client, made, pool_member(w), role=TeamRole.LEAD).status_code == 302


def test_a_team_is_built_only_once_the_dates_are_set(client, w):
    made = challenge(w, dated=False)
    person = pool_member(w)
    client.force_login(w["coordinator"])
    page = client.get(reverse("challenges:team", args=[made.pk]))
    assert "Set the on-site dates" in page.text
    with pytest.raises(Exception, match="on-site dates"):
        services.member_invite(
            challenge=made, reviewer=person, role=TeamRole.LEAD, by=w["coordinator"]
        )


# --- Invitations, phases -----------------------------------------------------------------------


def test_a_reviewer_accepts_or_declines_with_a_reason_and_a_decline_is_remembered(
    client, w, django_capture_on_commit_callbacks
):
    made = challenge(w)
    yes, no = pool_member(w), pool_member(w, qualified=False)
    for person, role in ((yes, TeamRole.LEAD), (no, TeamRole.REVIEWER)):
        services.member_invite(challenge=made, reviewer=person, role=role, by=w["coordinator"])
    client.force_login(yes.user)
    assert "Answer your invitation" in client.get("/").text
    url = reverse("challenges:invitation", args=[made.pk])
    assert client.post(url, {"answer": "accept"}).status_code == 302
    client.force_login(no.user)
    response = client.post(url, {"answer": "decline", "reason": ""})
    assert "Say why you cannot take the place" in response.text
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"answer": "decline", "reason": "On leave"}).status_code == 302
    statuses = dict(TeamMember.objects.values_list("reviewer_id", "status"))
    assert statuses == {yes.pk: MemberStatus.ACCEPTED, no.pk: MemberStatus.DECLINED}
    assert "On leave" in mail.outbox[-1].body
    # The matcher's problem leaves the person out of this challenge from now on.
    problem = services.problem_for(made)
    assert (no.pk, made.pk) in problem.excluded
    # Invited again by hand, the rule engine says why not.
    with pytest.raises(Exception, match="Declined this challenge"):
        services.member_invite(
            challenge=made, reviewer=no, role=TeamRole.REVIEWER, by=w["coordinator"]
        )


def test_someone_else_cannot_answer_an_invitation(client, w):
    made = challenge(w)
    person = pool_member(w)
    services.member_invite(challenge=made, reviewer=person, role=TeamRole.LEAD, by=w["coordinator"])
    client.force_login(pool_member(w).user)
    assert (
        client.post(
            reverse("challenges:invitation", args=[made.pk]), {"answer": "accept"}
        ).status_code
        == 404
    )
    assert TeamMember.objects.get().status == MemberStatus.INVITED


def test_confirming_needs_every_place_accepted_and_completing_counts_the_review(
    client, w, time_machine
):
    made = challenge(w)
    client.force_login(w["coordinator"])
    url = reverse("challenges:move", args=[made.pk, "confirm"])
    assert "Every place must be filled" in client.get(url).text
    members = staffed(w, made)
    assert client.post(url, {"reason": ""}).status_code == 302
    made.refresh_from_db()
    assert made.phase == Phase.PREPARING
    time_machine.move_to(made.ends_on + datetime.timedelta(days=1))
    client.force_login(w["coordinator"])
    for action in ("start_on_site", "start_reporting", "complete"):
        response = client.post(reverse("challenges:move", args=[made.pk, action]), {"reason": ""})
        assert response.status_code == 302
    made.refresh_from_db()
    assert made.phase == Phase.COMPLETED
    recorded = CompletedReview.objects.filter(source=ReviewSource.CHALLENGE)
    assert {r.reviewer_id for r in recorded} == {m.reviewer_id for m in members}
    # A trained reviewer who took part is now fully qualified.
    trained = members[1].reviewer
    [entry] = [e for e in pool_entries(user=w["coordinator"]) if e.reviewer == trained]
    assert entry.standing.qualification == Qualification.FULLY_QUALIFIED


def test_the_lead_moves_the_challenge_on_site_but_does_not_confirm_it(client, w, time_machine):
    made = challenge(w)
    members = staffed(w, made)
    lead = members[0].reviewer.user
    client.force_login(lead)
    assert client.get(reverse("challenges:move", args=[made.pk, "confirm"])).status_code == 403
    services.challenge_move(challenge=made, action=ChallengeAction.CONFIRM, by=w["coordinator"])
    time_machine.move_to(made.starts_on)
    client.force_login(lead)
    response = client.post(
        reverse("challenges:move", args=[made.pk, "start_on_site"]), {"reason": ""}
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.phase == Phase.ON_SITE


def test_cancelling_needs_a_reason(client, w):
    made = challenge(w)
    client.force_login(w["coordinator"])
    url = reverse("challenges:move", args=[made.pk, "cancel"])
    assert "Say why the challenge is cancelled" in client.post(url, {"reason": " "}).text
    assert client.post(url, {"reason": "The service withdrew"}).status_code == 302
    made.refresh_from_db()
    assert made.phase == Phase.CANCELLED


# --- What each person sees ---------------------------------------------------------------------


def test_the_receiving_service_sees_dates_team_names_and_what_is_asked(client, w):
    made = challenge(w)
    members = staffed(w, made)
    declined = pool_member(w, qualified=False)
    w["review_type"].team_places.filter(role=TeamRole.REVIEWER).update(count=3)
    member = services.member_invite(
        challenge=made, reviewer=declined, role=TeamRole.REVIEWER, by=w["coordinator"]
    )
    services.member_respond(member=member, accept=False, by=declined.user, reason="Private")
    client.force_login(w["service_lead"])
    page = client.get(made.get_absolute_url()).text
    for m in members:
        assert html.escape(str(m.reviewer)) in page
    assert made.starts_on.strftime("%-d %B %Y") in page
    assert "What is asked of the service" in page
    assert "Data pack received" in page
    assert html.escape(str(declined)) not in page
    assert "Private" not in page
    assert "Build the team" not in page
    assert client.get(reverse("challenges:team", args=[made.pk])).status_code == 403


def test_the_service_never_sees_another_services_challenge(client, w):
    made = challenge(w)
    client.force_login(factories.service_lead())
    assert client.get(made.get_absolute_url()).status_code == 404
    assert made.reference not in client.get(reverse("challenges:list")).text


def test_a_coordinator_of_another_programme_gets_404(client, w):
    made = challenge(w)
    client.force_login(factories.coordinator())
    for name in ("detail", "team", "dates", "milestones"):
        assert client.get(reverse(f"challenges:{name}", args=[made.pk])).status_code == 404
    assert client.get(reverse("challenges:new", args=[w["application"].pk])).status_code == 404


def test_the_list_filters_unstaffed_challenges_and_exports_csv(client, w):
    made = challenge(w)
    client.force_login(w["coordinator"])
    page = client.get(reverse("challenges:list"), {"staffing": "unstaffed"})
    assert made.reference in page.text
    staffed(w, made)
    page = client.get(reverse("challenges:list"), {"staffing": "unstaffed"})
    assert made.reference not in page.text
    rows = csv_rows(client.get(reverse("challenges:export")))
    assert rows[1][0] == made.reference
    assert rows[1][12] == "3"


def test_the_excel_export_has_the_csvs_header_and_rows_for_the_same_filters(client, w):
    made = challenge(w)
    client.force_login(w["coordinator"])
    filters = {"staffing": "unstaffed"}

    def downloads():
        csv_download = client.get(reverse("challenges:export"), filters)
        xlsx_download = client.get(reverse("challenges:export_xlsx"), filters)
        assert csv_download.streaming
        assert xlsx_download["Content-Type"] == XLSX
        assert xlsx_download["Content-Disposition"].endswith('.xlsx"')
        return csv_rows(csv_download), xlsx_download

    rows, xlsx_download = downloads()
    assert [row[0] for row in rows[1:]] == [made.reference]
    assert xlsx_rows(xlsx_download) == rows
    sheet = workbook(xlsx_download).active
    assert sheet["J2"].value.date() == made.starts_on
    assert (sheet["M2"].value, sheet["N2"].value) == (3, 0)
    staffed(w, made)
    rows, xlsx_download = downloads()
    assert len(rows) == 1
    assert xlsx_rows(xlsx_download) == rows


def test_the_coordinators_start_page_says_what_to_schedule_and_staff(client, w):
    client.force_login(w["coordinator"])
    assert "Schedule 1 approved application" in client.get("/").text
    challenge(w)
    page = client.get("/").text
    assert "Build the team of 1 challenge" in page


def test_list_and_challenge_pages_run_a_fixed_number_of_queries(client, w):
    from tests.queries import queries_for_get

    made = challenge(w)
    staffed(w, made)
    client.force_login(w["coordinator"])
    detail = made.get_absolute_url()
    list_url = reverse("challenges:list")

    def more(n):
        for _ in range(n):
            Challenge.objects.create(
                programme=w["programme"],
                organisation=factories.OrganisationFactory(),
                review_type=w["review_type"],
                cycle=made.cycle,
                created_by=w["coordinator"],
            )

    more(9)
    at_ten = queries_for_get(client, list_url), queries_for_get(client, detail)
    more(140)
    assert (queries_for_get(client, list_url), queries_for_get(client, detail)) == at_ten


def test_a_shadowing_place_for_a_trained_reviewer_not_yet_fully_qualified(client, w):
    made = challenge(w)
    client.force_login(w["coordinator"])
    team = reverse("challenges:team", args=[made.pk])
    client.post(reverse("challenges:shadowing", args=[made.pk]), {"shadowing": "yes"})
    made.refresh_from_db()
    assert made.shadowing_place
    assert "Shadowing trainee" in client.get(team).text
    _refused(client, made, pool_member(w), "requirement", role=TeamRole.SHADOW)
    trainee = pool_member(w, qualified=False)
    client.force_login(w["coordinator"])
    assert _invite(client, made, trainee, TeamRole.SHADOW).status_code == 302
    response = client.post(
        reverse("challenges:shadowing", args=[made.pk]), {"shadowing": "no"}, follow=True
    )
    assert f"Take {trainee} off the team" in response.text
    made.refresh_from_db()
    assert made.shadowing_place


def test_the_service_reads_what_is_asked_of_it(client, w):
    made = challenge(w)
    client.force_login(w["coordinator"])
    url = reverse("challenges:notes", args=[made.pk])
    client.post(url, {"notes_for_service": "Send the case list <b>by Friday</b>."})
    client.force_login(w["service_lead"])
    page = client.get(made.get_absolute_url()).text
    assert "Send the case list &lt;b&gt;by Friday&lt;/b&gt;." in page
    assert client.post(url, {"notes_for_service": "x"}).status_code == 403


def test_a_member_who_can_no_longer_fill_their_place_is_named_and_the_place_reopens(client, w):
    made = challenge(w)
    members = staffed(w, made)
    leaver = members[1].reviewer
    leaver.pools.update(status="left")
    client.force_login(w["coordinator"])
    page = client.get(reverse("challenges:team", args=[made.pk])).text
    assert f"{leaver}: Can no longer fill their place" in page
    # The rest of the team still counts; someone else may be invited to the reopened place.
    newcomer = pool_member(w, qualified=False)
    assert _invite(client, made, newcomer).status_code == 302
    assert services.confirm_refusal(made) is not None


def test_rule_a_planned_challenge_is_reviewed_by_the_planned_organisations_people(client, w):
    made = challenge(w)
    partner = factories.OrganisationFactory()
    made.delivering_organisation = partner
    made.save()
    _refused(client, made, pool_member(w), "The cycle plan has this challenge reviewed by")
    client.force_login(w["coordinator"])
    assert _invite(client, made, pool_member(w, organisation=partner)).status_code == 302


def test_the_matcher_staffs_a_planned_challenge_from_the_planned_organisation(w):
    from challenges import export
    from challenges.matching import parse_problem, solve, violations

    made = challenge(w)
    partner = factories.OrganisationFactory()
    made.delivering_organisation = partner
    made.save()
    ours = [
        pool_member(w, organisation=partner),
        pool_member(w, organisation=partner, qualified=False),
        pool_member(w, organisation=partner, qualified=False),
    ]
    for _ in range(4):
        pool_member(w)
    problem = parse_problem(
        export.problem_for(programme=made.programme, cycle=made.cycle, targets=[made.pk])
    )
    answer = solve(problem)
    assert {a.reviewer for a in answer.assignments} == {r.pk for r in ours}
    assert violations(problem, answer.assignments) == []


# --- Found in review ---------------------------------------------------------------------------


def test_an_invited_lead_has_no_lead_powers_until_they_accept(client, w):
    made = challenge(w)
    lead = pool_member(w)
    member = services.member_invite(
        challenge=made, reviewer=lead, role=TeamRole.LEAD, by=w["coordinator"]
    )
    milestone = made.milestones.first()
    client.force_login(lead.user)
    edit = reverse("challenges:milestone_edit", args=[made.pk, milestone.pk])
    assert client.get(edit).status_code == 403
    services.member_respond(member=member, accept=True, by=lead.user)
    assert client.get(edit).status_code == 200


def test_going_on_site_needs_the_team_still_whole_and_the_day_come(client, w, time_machine):
    made = challenge(w)
    members = staffed(w, made)
    services.challenge_move(challenge=made, action=ChallengeAction.CONFIRM, by=w["coordinator"])
    client.force_login(w["coordinator"])
    url = reverse("challenges:move", args=[made.pk, "start_on_site"])
    assert "The on-site days start on" in client.get(url).text
    time_machine.move_to(made.starts_on)
    client.force_login(w["coordinator"])  # a session does not outlive the jump in time
    services.member_remove(member=members[2], by=w["coordinator"], reason="Ill")
    assert "Every place must be filled" in client.post(url, {"reason": ""}).text
    made.refresh_from_db()
    assert made.phase == Phase.PREPARING
    member = services.member_invite(
        challenge=made,
        reviewer=pool_member(w, qualified=False),
        role=TeamRole.REVIEWER,
        by=w["coordinator"],
    )
    services.member_respond(member=member, accept=True, by=member.reviewer.user)
    assert client.post(url, {"reason": ""}).status_code == 302


def test_a_far_off_first_day_is_refused_in_words(client, w):
    made = challenge(w, dated=False)
    made.window_starts_on = made.window_ends_on = None
    made.save()
    client.force_login(w["coordinator"])
    response = client.post(
        reverse("challenges:dates", args=[made.pk]),
        {
            "starts_on_0": "31",
            "starts_on_1": "12",
            "starts_on_2": "9999",
            "delivery_mode": "on_site",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors.as_text()
    assert "The first on-site day must be between" in errors, errors


def test_a_window_shorter_than_the_days_on_site_says_so(client, w):
    made = challenge(w, dated=False)
    monday = next_monday(made.window_starts_on)
    made.window_starts_on, made.window_ends_on = monday, monday + datetime.timedelta(days=1)
    made.save()
    with pytest.raises(Exception, match="window is too short"):
        services.challenge_set_dates(
            challenge=made, starts_on=monday, delivery_mode="on_site", by=w["coordinator"]
        )


def test_taking_someone_off_the_team_gives_their_milestones_back_to_their_party(w):
    made = challenge(w)
    members = staffed(w, made)
    lead = members[0]
    report = made.milestones.get(kind=MilestoneKind.DRAFT_REPORT)
    services.milestone_update(
        milestone=report,
        due_on=report.due_on,
        owner=lead.reviewer.user,
        done_on=None,
        by=w["coordinator"],
    )
    services.member_remove(member=lead, by=w["coordinator"], reason="Moved job")
    report.refresh_from_db()
    assert report.owner is None


def test_milestones_of_a_challenge_still_to_come_are_never_born_overdue(w):
    made = challenge(w, dated=False)
    made.window_starts_on = timezone_today() + datetime.timedelta(days=10)
    made.save()
    services.challenge_set_dates(
        challenge=made,
        starts_on=next_monday(made.window_starts_on),
        delivery_mode="on_site",
        by=w["coordinator"],
    )
    assert not made.milestones.filter(due_on__lt=timezone_today()).exists()


def test_a_finished_challenge_has_nothing_overdue(client, w):
    made = challenge(w)
    made.milestones.update(due_on=timezone_today() - datetime.timedelta(days=3))
    client.force_login(w["coordinator"])
    assert "milestones overdue" in client.get(reverse("challenges:list")).text
    services.challenge_move(
        challenge=made, action=ChallengeAction.CANCEL, by=w["coordinator"], reason="Withdrawn"
    )
    assert "overdue" not in client.get(reverse("challenges:list")).text.lower()
    assert "Overdue" not in client.get(made.get_absolute_url()).text


def test_an_invitation_is_not_answered_once_the_team_is_settled(w):
    made = challenge(w)
    members = staffed(w, made)
    services.challenge_move(challenge=made, action=ChallengeAction.CONFIRM, by=w["coordinator"])
    made.phase = Phase.ON_SITE
    made.save()
    late = TeamMember.objects.create(
        challenge=made,
        reviewer=pool_member(w, qualified=False),
        role=TeamRole.REVIEWER,
        invited_by=w["coordinator"],
    )
    with pytest.raises(services.ChallengeError, match="The team is settled"):
        services.member_respond(member=late, accept=True, by=late.reviewer.user)
    assert members


def test_challenges_of_other_years_without_a_cycle_do_not_count_against_the_cap(w):
    made = challenge(w)
    made.cycle = None
    made.save()
    person = pool_member(w, cap=1)
    old = Challenge.objects.create(
        programme=w["programme"],
        organisation=factories.OrganisationFactory(),
        review_type=w["review_type"],
        phase=Phase.COMPLETED,
        starts_on=made.starts_on - datetime.timedelta(days=3 * 365),
        ends_on=made.starts_on - datetime.timedelta(days=3 * 365 - 2),
        created_by=w["coordinator"],
    )
    TeamMember.objects.create(
        challenge=old,
        reviewer=person,
        role=TeamRole.REVIEWER,
        status=MemberStatus.ACCEPTED,
        invited_by=w["coordinator"],
    )
    assert services.candidate_refusals(challenge=made, reviewer=person, role="reviewer") == []


def timezone_today():
    return timezone.localdate()


def test_the_service_marks_its_own_milestone_done_and_nobody_else_does(client, w):
    made = challenge(w)
    data_pack = made.milestones.get(kind=MilestoneKind.DATA_PACK_RECEIVED)
    planning = made.milestones.get(kind=MilestoneKind.PLANNING_MEETING)
    client.force_login(w["service_lead"])
    page = client.get(reverse("challenges:milestones", args=[made.pk])).text
    assert 'Mark as done<span class="govuk-visually-hidden"> Data pack received' in page
    assert 'Mark as done<span class="govuk-visually-hidden"> Planning meeting' not in page
    url = reverse("challenges:milestone_done", args=[made.pk, data_pack.pk])
    assert client.post(url).status_code == 302
    data_pack.refresh_from_db()
    assert data_pack.done_on == timezone_today()
    other = reverse("challenges:milestone_done", args=[made.pk, planning.pk])
    assert client.post(other).status_code == 403
    planning.refresh_from_db()
    assert planning.done_on is None
