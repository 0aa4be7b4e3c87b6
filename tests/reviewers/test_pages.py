"""The reviewer pool's pages through the test client: joining a pool and the coordinator's
answer, a reviewer's own record and its changes. Bad input gets a GOV.UK error, keeps what
was typed and changes nothing."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from offers.enums import EnquiryKind, TeamRole
from offers.models import LineOfEnquiry
from reviewers import services
from reviewers.enums import BookingStatus, JobRole, PoolStatus
from reviewers.models import (
    Booking,
    CompletedReview,
    ConflictOfInterest,
    EligibilityRule,
    PoolMembership,
    PreviousEmployment,
    Reviewer,
    TrainingRequest,
    Unavailability,
)
from tests import factories
from tests.pages import errors_of, fresh_form
from tests.queries import queries_for_get

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


@pytest.fixture
def programme():
    programme = factories.ProgrammeFactory(name="Youth Justice Sector Improvement Partnership")
    for role in (JobRole.HEAD_OF_SERVICE, JobRole.OPERATIONAL_MANAGER):
        EligibilityRule.objects.create(programme=programme, job_role=role)
    return programme


@pytest.fixture
def coordinator(programme):
    return factories.coordinator(programme=programme, email="coordinator@example.org")


@pytest.fixture
def key_line(programme):
    return LineOfEnquiry.objects.create(
        programme=programme, kind=EnquiryKind.KEY_LINE, name="Out-of-court disposals"
    )


@pytest.fixture
def member(programme):
    """A reviewer in the programme's pool, signed in by the tests that need them."""
    return factories.PoolMembershipFactory(
        programme=programme, reviewer__user__full_name="Priya Shah"
    ).reviewer


def date_fields(name: str, value: datetime.date) -> dict[str, str]:
    return {
        f"{name}_0": str(value.day),
        f"{name}_1": str(value.month),
        f"{name}_2": str(value.year),
    }


def join_data(programme, organisation, **overrides) -> dict:
    return {
        "programme": str(programme.pk),
        "organisation": str(organisation.pk),
        "job_role": JobRole.HEAD_OF_SERVICE,
        "needs_training": "yes",
        **overrides,
    }


# --- Joining ---------------------------------------------------------------------------------


def test_join_page_shows_each_pools_eligibility_rule(client, programme):
    factories.ProgrammeFactory(name="SEND peer challenge")
    client.force_login(factories.UserFactory())

    content = client.get(reverse("reviewers:join")).content.decode()

    assert (
        "Who can join: Head of service or YOT manager; "
        "Operational manager line managed directly by the head of service." in content
    )
    assert "Open to every job role." in content


def test_joining_asking_for_training_records_the_request_and_tells_the_coordinators(
    client, programme, coordinator, key_line, django_capture_on_commit_callbacks
):
    course = factories.CourseFactory(programme=programme)
    organisation = factories.OrganisationFactory(name="Kirklees Youth Justice Service")
    person = factories.UserFactory(full_name="Sam Okafor")
    client.force_login(person)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reviewers:join"),
            join_data(programme, organisation, expertise=[str(key_line.pk)]),
        )

    assert response["Location"] == reverse("reviewers:join_sent")
    reviewer = Reviewer.objects.get(user=person)
    assert (reviewer.organisation, reviewer.job_role) == (organisation, JobRole.HEAD_OF_SERVICE)
    assert list(reviewer.expertise.all()) == [key_line]
    membership = PoolMembership.objects.get(reviewer=reviewer)
    assert (membership.programme, membership.status, membership.needs_training) == (
        programme,
        PoolStatus.REQUESTED,
        True,
    )
    assert [r.course for r in TrainingRequest.objects.filter(reviewer=reviewer)] == [course]
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (
            ["coordinator@example.org"],
            f"Sam Okafor has asked to join the {programme.short_name} reviewer pool",
        )
    ]
    assert "They have asked for training." in mail.outbox[0].body

    sent = client.get(response["Location"]).content.decode()
    assert "Your request has been sent" in sent
    assert f"You have asked to join the {programme.name} reviewer pool" in sent
    assert "You said you need training." in sent


def test_joining_without_training_asks_for_no_course(client, programme, coordinator):
    factories.CourseFactory(programme=programme)
    person = factories.UserFactory()
    client.force_login(person)

    client.post(
        reverse("reviewers:join"),
        join_data(programme, factories.OrganisationFactory(), needs_training="no"),
    )

    assert PoolMembership.objects.get(reviewer__user=person).needs_training is False
    assert not TrainingRequest.objects.exists()


def test_joining_the_same_pool_twice_is_refused_and_changes_nothing(
    client, programme, coordinator, django_capture_on_commit_callbacks
):
    organisation = factories.OrganisationFactory()
    person = factories.UserFactory()
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reviewers:join"), join_data(programme, organisation))

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            reverse("reviewers:join"),
            join_data(programme, organisation, job_role=JobRole.OPERATIONAL_MANAGER),
        )

    assert errors_of(again) == ["You are already on this pool's list. Your status: asked to join"]
    assert again.context["form"]["job_role"].value() == JobRole.OPERATIONAL_MANAGER
    assert Reviewer.objects.get(user=person).job_role == JobRole.HEAD_OF_SERVICE
    assert PoolMembership.objects.filter(reviewer__user=person).count() == 1
    assert len(mail.outbox) == 1


def test_joining_with_a_job_role_not_in_the_list_is_refused(client, programme):
    person = factories.UserFactory()
    client.force_login(person)

    response = client.post(
        reverse("reviewers:join"),
        join_data(programme, factories.OrganisationFactory(), job_role="chief_constable"),
    )

    assert errors_of(response) == ["Select a job role from the list"]
    assert response.context["form"]["programme"].value() == str(programme.pk)
    assert not Reviewer.objects.filter(user=person).exists()


def test_joining_with_nothing_chosen_says_what_is_missing(client, programme):
    client.force_login(factories.UserFactory())

    response = client.post(reverse("reviewers:join"), {})

    assert errors_of(response) == [
        "Select the pool you would like to join",
        "Choose the organisation you work for",
        "Select a job role",
        "Select whether you need training",
    ]


def test_join_page_needs_signing_in(client):
    response = client.get(reverse("reviewers:join"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- The coordinator's answer ----------------------------------------------------------------


@pytest.fixture
def request_to_join(programme):
    return factories.PoolMembershipFactory(
        programme=programme,
        status=PoolStatus.REQUESTED,
        reviewer__user__email="applicant@example.org",
        reviewer__user__full_name="Jo Bell",
    )


def test_coordinator_accepts_a_request_and_the_person_is_told(
    client, coordinator, request_to_join, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    url = reverse("reviewers:decide", args=[request_to_join.pk])
    page = client.get(url).content.decode()
    assert "Jo Bell" in page
    assert "Waiting for a coordinator to accept them into the pool." in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "accept", "reason": ""})

    assert response["Location"] == reverse("reviewers:list") + "?status=requested"
    request_to_join.refresh_from_db()
    assert (request_to_join.status, request_to_join.decided_by) == (
        PoolStatus.ACCEPTED,
        coordinator,
    )
    programme = request_to_join.programme
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["applicant@example.org"], f"You have joined the {programme.short_name} reviewer pool")
    ]
    followed = client.get(response["Location"]).content.decode()
    assert f"Jo Bell has been accepted into the {programme.short_name} pool." in followed


def test_declining_needs_a_reason_which_the_person_is_sent(
    client, coordinator, request_to_join, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    url = reverse("reviewers:decide", args=[request_to_join.pk])

    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(url, {"decision": "decline", "reason": "  "})

    assert errors_of(refused) == ["Give the reason for not accepting"]
    request_to_join.refresh_from_db()
    assert request_to_join.status == PoolStatus.REQUESTED
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "decline", "reason": "The pool is for serving managers."})

    request_to_join.refresh_from_db()
    assert (request_to_join.status, request_to_join.reason) == (
        PoolStatus.DECLINED,
        "The pool is for serving managers.",
    )
    assert [m.to for m in mail.outbox] == [["applicant@example.org"]]
    assert "The pool is for serving managers." in mail.outbox[0].body


def test_a_request_answered_meanwhile_is_shown_as_an_error(client, coordinator, request_to_join):
    client.force_login(coordinator)
    services.pool_decide(membership=request_to_join, accept=True, reason="", by=coordinator)

    response = client.post(
        reverse("reviewers:decide", args=[request_to_join.pk]),
        {"decision": "decline", "reason": "Not a manager."},
    )

    assert errors_of(response) == ["This request has already been answered (in the pool)."]
    request_to_join.refresh_from_db()
    assert request_to_join.status == PoolStatus.ACCEPTED


@pytest.mark.parametrize("name", ["detail", "edit", "away", "conflicts", "past_reviews", "decide"])
def test_another_programmes_coordinator_gets_not_found(client, request_to_join, name):
    client.force_login(factories.coordinator())
    args = [request_to_join.pk if name == "decide" else request_to_join.reviewer.pk]

    assert client.get(reverse(f"reviewers:{name}", args=args)).status_code == 404


# --- A reviewer's own record -----------------------------------------------------------------


def test_reviewer_sees_their_own_record_and_nobody_elses(client, programme, member):
    someone_else = factories.PoolMembershipFactory(programme=programme).reviewer
    client.force_login(member.user)

    assert client.get(reverse("reviewers:me"))["Location"] == member.get_absolute_url()
    page = client.get(member.get_absolute_url()).content.decode()
    assert "Priya Shah" in page
    assert member.organisation.name in page
    assert programme.name in page
    assert "Needs to attend the core reviewer training to be trained." in page
    for name in ("detail", "edit", "away", "conflicts"):
        response = client.get(reverse(f"reviewers:{name}", args=[someone_else.pk]))
        assert response.status_code == 404, name


def test_me_is_not_found_for_someone_without_a_record(client):
    client.force_login(factories.UserFactory())

    assert client.get(reverse("reviewers:me")).status_code == 404


def test_record_shows_training_reviews_and_automatic_conflicts(client, programme, member):
    session = factories.TrainingSessionFactory(
        course__programme=programme, course__name="Peer reviewer training"
    )
    Booking.objects.create(session=session, reviewer=member, status=BookingStatus.BOOKED)
    former = factories.OrganisationFactory(name="Calderdale Youth Justice Service")
    PreviousEmployment.objects.create(
        reviewer=member,
        organisation=former,
        left_on=timezone.localdate() - datetime.timedelta(days=400),
    )
    client.force_login(member.user)

    page = client.get(member.get_absolute_url()).content.decode()

    assert "Peer reviewer training" in page
    assert "Booked" in page
    assert "Home organisation: always a conflict" in page
    assert "Calderdale Youth Justice Service" in page
    assert "A conflict, because they left recently" in page
    assert "No peer reviews recorded yet." in page
    # Recording past reviews is for coordinators.
    assert reverse("reviewers:past_reviews", args=[member.pk]) not in page


def test_reviewer_changes_their_details(client, programme, member, key_line):
    organisation = factories.OrganisationFactory()
    client.force_login(member.user)

    response = client.post(
        reverse("reviewers:edit", args=[member.pk]),
        {
            "organisation": str(organisation.pk),
            "job_role": JobRole.OPERATIONAL_MANAGER,
            "max_reviews_per_cycle": "3",
            "expertise": [str(key_line.pk)],
        },
    )

    assert response["Location"] == member.get_absolute_url()
    previous = (member.organisation, member.job_role)
    member.refresh_from_db()
    # The home organisation and job role wait for a coordinator (test_details_changes.py).
    assert (member.organisation, member.job_role, member.max_reviews_per_cycle) == (
        *previous,
        3,
    )
    assert list(member.expertise.all()) == [key_line]


def test_changing_details_to_an_unknown_job_role_is_refused(client, member):
    client.force_login(member.user)

    response = client.post(
        reverse("reviewers:edit", args=[member.pk]),
        {
            "organisation": str(member.organisation.pk),
            "job_role": "astronaut",
            "max_reviews_per_cycle": "20",
        },
    )

    assert errors_of(response) == [
        "Select a job role from the list",
        "The most reviews in a cycle must be 12 or fewer",
    ]
    member.refresh_from_db()
    assert (member.job_role, member.max_reviews_per_cycle) == (JobRole.HEAD_OF_SERVICE, 2)


def test_dates_away_ending_before_they_start_are_refused_and_nothing_is_saved(client, member):
    client.force_login(member.user)
    url = reverse("reviewers:away", args=[member.pk])
    start = timezone.localdate() + datetime.timedelta(days=20)

    refused = client.post(
        url,
        {
            **date_fields("starts_on", start),
            **date_fields("ends_on", start - datetime.timedelta(1)),
            **fresh_form(),
        },
    )

    assert errors_of(refused) == ["The end date must be the same as or after the start"]
    assert refused.context["form"]["starts_on"].value() == [
        str(start.day),
        str(start.month),
        str(start.year),
    ]
    assert not Unavailability.objects.exists()


def test_dates_away_are_added_and_removed(client, member):
    client.force_login(member.user)
    start = datetime.date(2031, 7, 14)

    added = client.post(
        reverse("reviewers:away", args=[member.pk]),
        {
            **date_fields("starts_on", start),
            **date_fields("ends_on", start + datetime.timedelta(6)),
            "reason": "Annual leave",
            **fresh_form(),
        },
        follow=True,
    )

    assert "Dates away added: 14 July 2031 to 20 July 2031." in added.content.decode()
    away = Unavailability.objects.get(reviewer=member)
    remove_url = reverse("reviewers:away_remove", args=[member.pk, away.pk])
    confirm = client.get(remove_url).content.decode()
    assert "Remove the dates away from 14 July 2031 to 20 July 2031?" in confirm
    assert Unavailability.objects.exists()

    client.post(remove_url)

    assert not Unavailability.objects.exists()


def test_conflict_period_must_be_in_order(client, member):
    organisation = factories.OrganisationFactory(name="Wakefield Youth Justice Service")
    client.force_login(member.user)
    url = reverse("reviewers:conflicts", args=[member.pk])
    data = {
        "conflict-organisation": str(organisation.pk),
        "conflict-reason": "My sister is its head of service.",
        **date_fields("conflict-starts_on", datetime.date(2026, 4, 1)),
        **date_fields("conflict-ends_on", datetime.date(2026, 3, 1)),
        "declare": "",
        **fresh_form("conflict"),
    }

    refused = client.post(url, data)

    assert errors_of(refused, "conflict_form") == [
        "The end date must be the same as or after the start"
    ]
    assert "My sister is its head of service." in refused.content.decode()
    assert not ConflictOfInterest.objects.exists()

    client.post(url, data | date_fields("conflict-ends_on", datetime.date(2027, 3, 31)))

    conflict = ConflictOfInterest.objects.get(reviewer=member)
    assert (conflict.organisation, conflict.starts_on, conflict.ends_on) == (
        organisation,
        datetime.date(2026, 4, 1),
        datetime.date(2027, 3, 31),
    )
    page = client.get(member.get_absolute_url()).content.decode()
    assert "Wakefield Youth Justice Service" in page
    assert "From 1 April 2026 until 31 March 2027" in page


def test_previous_employer_left_in_the_future_is_refused(client, member):
    organisation = factories.OrganisationFactory()
    client.force_login(member.user)
    url = reverse("reviewers:conflicts", args=[member.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = {
        "employer-organisation": str(organisation.pk),
        **date_fields("employer-left_on", tomorrow),
        "add_employer": "",
        **fresh_form("employer"),
    }

    refused = client.post(url, data)

    assert errors_of(refused, "employer_form") == ["The date you left must be today or in the past"]
    assert not refused.context["conflict_form"].is_bound
    assert not PreviousEmployment.objects.exists()

    client.post(url, data | date_fields("employer-left_on", timezone.localdate()))

    assert PreviousEmployment.objects.get(reviewer=member).organisation == organisation


def test_past_review_in_the_future_is_refused(client, programme, coordinator, member):
    service = factories.OrganisationFactory(name="Bradford Youth Justice Service")
    client.force_login(coordinator)
    url = reverse("reviewers:past_reviews", args=[member.pk])
    data = {
        "programme": str(programme.pk),
        "organisation": str(service.pk),
        **date_fields("completed_on", timezone.localdate() + datetime.timedelta(days=1)),
        "role": TeamRole.REVIEWER,
        **fresh_form(),
    }

    refused = client.post(url, data)

    assert errors_of(refused) == ["The review must have been completed already"]
    assert not CompletedReview.objects.exists()

    client.post(url, data | date_fields("completed_on", datetime.date(2023, 11, 20)))

    review = CompletedReview.objects.get(reviewer=member)
    assert (review.organisation, review.completed_on, review.recorded_by) == (
        service,
        datetime.date(2023, 11, 20),
        coordinator,
    )
    page = client.get(member.get_absolute_url()).content.decode()
    assert "Bradford Youth Justice Service" in page
    assert "20 November 2023" in page


def test_past_reviews_offer_only_the_coordinators_pools(client, programme, coordinator, member):
    elsewhere = factories.PoolMembershipFactory(reviewer=member).programme
    client.force_login(coordinator)

    response = client.post(
        reverse("reviewers:past_reviews", args=[member.pk]),
        {
            "programme": str(elsewhere.pk),
            "organisation": str(factories.OrganisationFactory().pk),
            **date_fields("completed_on", datetime.date(2023, 11, 20)),
            "role": TeamRole.REVIEWER,
            **fresh_form(),
        },
    )

    assert errors_of(response) == ["Choose a programme from the list"]
    assert not CompletedReview.objects.exists()


def test_record_queries_do_not_grow_with_what_it_holds(client, programme, coordinator, member):
    client.force_login(coordinator)
    url = member.get_absolute_url()

    def add_one_of_each(number: int) -> None:
        elsewhere = factories.OrganisationFactory()
        factories.PoolMembershipFactory(reviewer=member, status=PoolStatus.REQUESTED)
        Booking.objects.create(
            session=factories.TrainingSessionFactory(course__programme=programme),
            reviewer=member,
            status=BookingStatus.ATTENDED,
        )
        CompletedReview.objects.create(
            reviewer=member,
            programme=programme,
            organisation=elsewhere,
            completed_on=datetime.date(2020 + number, 5, 1),
            role=TeamRole.REVIEWER,
            recorded_by=coordinator,
        )
        Unavailability.objects.create(
            reviewer=member,
            starts_on=datetime.date(2031, number, 1),
            ends_on=datetime.date(2031, number, 2),
        )
        ConflictOfInterest.objects.create(reviewer=member, organisation=elsewhere, reason="Family")
        PreviousEmployment.objects.create(
            reviewer=member, organisation=elsewhere, left_on=datetime.date(2020 + number, 1, 1)
        )
        member.expertise.add(
            LineOfEnquiry.objects.create(
                programme=programme, kind=EnquiryKind.KEY_LINE, name=f"Line {number}"
            )
        )
        services.training_request(
            reviewer=member, course=factories.CourseFactory(programme=programme)
        )

    add_one_of_each(1)
    one = queries_for_get(client, url)
    for number in range(2, 5):
        add_one_of_each(number)

    assert queries_for_get(client, url) == one
