"""Leaving a programme's reviewer pool: the person leaves it themself, or a coordinator records
that they have left. Their reviewer role in the programme goes, their training bookings still
to come are cancelled (the waiting list moves up), and the other side is told by email. They
may ask to join again later."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.models import Membership
from reviewers import services
from reviewers.enums import BookingStatus, PoolStatus
from reviewers.models import Booking, TrainingRequest
from tests import factories
from tests.pages import errors_of, messages_of

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

B = BookingStatus
TODAY = timezone.localdate


@pytest.fixture
def programme():
    return factories.ProgrammeFactory(
        name="Youth Justice Sector Improvement Partnership", short_name="YJSIP"
    )


@pytest.fixture
def coordinator(programme):
    return factories.coordinator(
        programme=programme, email="coordinator@example.org", full_name="Ann Coordinator"
    )


@pytest.fixture
def place(programme):
    """Priya Shah's place in the programme's pool, with the reviewer role it gives."""
    user = factories.UserFactory(full_name="Priya Shah", email="priya@example.org")
    factories.reviewer(programme=programme, user=user)
    return factories.PoolMembershipFactory(programme=programme, reviewer__user=user)


def reviewer_roles(place) -> list:
    return list(
        Membership.objects.filter(user=place.reviewer.user, role=Role.REVIEWER).values_list(
            "programme_id", flat=True
        )
    )


def session(programme, *, starts_in_days: int, capacity: int = 12):
    starts_on = TODAY() + datetime.timedelta(days=starts_in_days)
    return factories.TrainingSessionFactory(
        course__programme=programme,
        course__name=f"Peer reviewer training {starts_in_days}",
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=1),
        capacity=capacity,
    )


def book(session, reviewer, status=B.BOOKED) -> Booking:
    return Booking.objects.create(session=session, reviewer=reviewer, status=status)


def status_of(booking) -> str:
    booking.refresh_from_db()
    return booking.status


# --- The service -----------------------------------------------------------------------------


def test_person_leaving_loses_the_role_and_future_bookings_and_the_coordinators_are_told(
    programme, coordinator, place, mailoutbox, django_capture_on_commit_callbacks
):
    factories.coordinator(programme=programme, email="gone@example.org", is_active=False)
    elsewhere = factories.ProgrammeFactory()
    factories.reviewer(programme=elsewhere, user=place.reviewer.user)
    full = session(programme, starts_in_days=30, capacity=1)
    leaving_place = book(full, place.reviewer)
    first_waiting = book(
        full, factories.PoolMembershipFactory(programme=programme).reviewer, B.WAITING
    )
    second_waiting = book(
        full, factories.PoolMembershipFactory(programme=programme).reviewer, B.WAITING
    )
    started = book(session(programme, starts_in_days=0), place.reviewer)
    past = book(session(programme, starts_in_days=-60), place.reviewer, B.ATTENDED)
    other_programme = book(session(elsewhere, starts_in_days=30), place.reviewer)
    request = TrainingRequest.objects.create(
        reviewer=place.reviewer, course=factories.CourseFactory(programme=programme)
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.pool_leave(membership=place, by=place.reviewer.user, reason="  Moving abroad. ")

    place.refresh_from_db()
    assert (place.status, place.reason, place.decided_by) == (
        PoolStatus.LEFT,
        "Moving abroad.",
        place.reviewer.user,
    )
    assert place.decided_at is not None
    assert reviewer_roles(place) == [elsewhere.pk]
    assert status_of(leaving_place) == B.CANCELLED
    assert (status_of(first_waiting), status_of(second_waiting)) == (B.BOOKED, B.WAITING)
    assert (status_of(started), status_of(past), status_of(other_programme)) == (
        B.BOOKED,
        B.ATTENDED,
        B.BOOKED,
    )
    request.refresh_from_db()
    assert request.closed_at is not None
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["coordinator@example.org"], "Priya Shah has left the YJSIP reviewer pool")
    ]
    assert "Moving abroad." in mailoutbox[0].body
    assert str(full) in mailoutbox[0].body


def test_person_may_leave_without_a_reason(
    coordinator, place, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.pool_leave(membership=place, by=place.reviewer.user)

    place.refresh_from_db()
    assert (place.status, place.reason) == (PoolStatus.LEFT, "")
    assert "They did not give a reason." in mailoutbox[0].body


def test_coordinator_recording_it_must_give_a_reason_and_the_person_is_told(
    coordinator, place, mailoutbox, django_capture_on_commit_callbacks
):
    booking = book(session(place.programme, starts_in_days=10), place.reviewer)

    with pytest.raises(ValidationError) as refused:
        services.pool_leave(membership=place, by=coordinator, reason="  ")

    assert refused.value.message_dict == {"reason": ["Give the reason they are leaving the pool"]}
    place.refresh_from_db()
    assert place.status == PoolStatus.ACCEPTED
    assert reviewer_roles(place) == [place.programme_id]
    assert status_of(booking) == B.BOOKED

    with django_capture_on_commit_callbacks(execute=True):
        services.pool_leave(membership=place, by=coordinator, reason="Has retired.")

    place.refresh_from_db()
    assert (place.status, place.reason, place.decided_by) == (
        PoolStatus.LEFT,
        "Has retired.",
        coordinator,
    )
    assert reviewer_roles(place) == []
    assert status_of(booking) == B.CANCELLED
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["priya@example.org"], "You are no longer in the YJSIP reviewer pool")
    ]
    assert "Has retired." in mailoutbox[0].body
    assert "You can ask to join the pool again at any time." in mailoutbox[0].body


@pytest.mark.parametrize("status", [PoolStatus.REQUESTED, PoolStatus.DECLINED, PoolStatus.LEFT])
def test_leaving_a_pool_one_is_not_in_is_refused_and_changes_nothing(
    programme, coordinator, status, mailoutbox, django_capture_on_commit_callbacks
):
    place = factories.PoolMembershipFactory(programme=programme, status=status, reason="Before.")
    booking = book(session(programme, starts_in_days=10), place.reviewer, B.WAITING)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.ReviewerError) as refused,
    ):
        services.pool_leave(membership=place, by=coordinator, reason="Has retired.")

    label = PoolStatus(status).label.lower()
    assert str(refused.value) == f"This person is not in the pool (status: {label})."
    place.refresh_from_db()
    assert (place.status, place.reason, place.decided_by) == (status, "Before.", None)
    assert status_of(booking) == B.WAITING
    assert mailoutbox == []


def test_rejoining_after_leaving_works(programme, coordinator, place):
    reviewer = place.reviewer
    services.pool_leave(membership=place, by=reviewer.user, reason="A busy year.")

    again = services.reviewer_join(
        user=reviewer.user,
        programme=programme,
        organisation=reviewer.organisation,
        job_role=reviewer.job_role,
        needs_training=False,
    )

    assert again.pk == place.pk
    assert (again.status, again.reason, again.decided_by) == (PoolStatus.REQUESTED, "", None)
    services.pool_decide(membership=again, accept=True, reason="", by=coordinator)
    place.refresh_from_db()
    assert place.status == PoolStatus.ACCEPTED
    assert reviewer_roles(place) == [programme.pk]


# --- The pages -------------------------------------------------------------------------------


def leave_url(place) -> str:
    return reverse("reviewers:leave", args=[place.pk])


def test_person_sees_what_leaving_does_before_confirming(client, place):
    client.force_login(place.reviewer.user)

    response = client.get(leave_url(place))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Leave the Youth Justice Sector Improvement Partnership reviewer pool" in page
    assert "Why are you leaving the pool? (optional)" in page
    assert "The YJSIP coordinators are sent your reason by email" in page
    assert "govuk-warning-text" in page
    assert "Your reviewer role in YJSIP will end" in page
    assert "You can ask to join the pool again later." in page
    assert 'class="govuk-button govuk-button--warning"' in page
    assert f'href="{place.reviewer.get_absolute_url()}">Cancel</a>' in page
    place.refresh_from_db()
    assert place.status == PoolStatus.ACCEPTED


def test_coordinator_sees_the_page_to_record_it(client, coordinator, place):
    client.force_login(coordinator)

    response = client.get(leave_url(place))

    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Record that Priya Shah has left the Youth Justice Sector Improvement Partnership pool"
        in page
    )
    assert "Why are they leaving the pool?" in page
    assert "The person is sent your reason by email." in page
    assert "Their reviewer role in YJSIP will end" in page


def test_person_leaves_and_is_taken_back_to_their_record(
    client, coordinator, place, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(place.reviewer.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(leave_url(place), {"reason": ""})

    assert response["Location"] == place.reviewer.get_absolute_url()
    place.refresh_from_db()
    assert place.status == PoolStatus.LEFT
    assert reviewer_roles(place) == []
    assert [m.to for m in mailoutbox] == [["coordinator@example.org"]]
    followed = client.get(response["Location"])
    assert messages_of(followed) == ["You have left the YJSIP reviewer pool."]
    assert "Left the pool" in followed.content.decode()


def test_coordinator_records_it_and_is_taken_back_to_the_record(
    client, coordinator, place, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(leave_url(place), {"reason": "Has retired."}, follow=True)

    assert messages_of(response) == ["Priya Shah has been recorded as having left the YJSIP pool."]
    assert "Has retired." in response.content.decode()
    place.refresh_from_db()
    assert (place.status, place.reason) == (PoolStatus.LEFT, "Has retired.")
    assert [m.to for m in mailoutbox] == [["priya@example.org"]]


def test_coordinator_without_a_reason_is_told_to_give_one_and_nothing_changes(
    client, coordinator, place, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(leave_url(place), {"reason": "   "})

    assert errors_of(response) == ["Give the reason they are leaving the pool"]
    assert 'href="#id_reason"' in response.content.decode()
    assert response.context["form"]["reason"].value() == "   "
    place.refresh_from_db()
    assert place.status == PoolStatus.ACCEPTED
    assert reviewer_roles(place) == [place.programme_id]
    assert mailoutbox == []


def test_a_reason_too_long_is_refused_and_kept(client, place):
    client.force_login(place.reviewer.user)
    reason = "Too much to say. " * 200

    response = client.post(leave_url(place), {"reason": reason})

    assert errors_of(response) == [
        f"Ensure this value has at most 2000 characters (it has {len(reason.strip())})."
    ]
    assert response.context["form"]["reason"].value() == reason
    place.refresh_from_db()
    assert place.status == PoolStatus.ACCEPTED


@pytest.mark.parametrize("status", [PoolStatus.REQUESTED, PoolStatus.LEFT])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_place_not_in_the_pool_cannot_be_left(client, programme, status, method):
    place = factories.PoolMembershipFactory(programme=programme, status=status)
    client.force_login(place.reviewer.user)

    response = getattr(client, method)(leave_url(place), {"reason": "Moving on."}, follow=True)

    assert response.redirect_chain == [(place.reviewer.get_absolute_url(), 302)]
    label = PoolStatus(status).label.lower()
    assert messages_of(response) == [
        f"{place.reviewer} is not in the YJSIP pool (status: {label})."
    ]
    place.refresh_from_db()
    assert (place.status, place.reason) == (status, "")


def test_others_get_not_found_and_nothing_changes(client, programme, place):
    outsiders = [
        factories.PoolMembershipFactory(programme=programme).reviewer.user,
        factories.coordinator(),
        factories.board_member(programme=programme),
        factories.UserFactory(),
    ]
    for user in outsiders:
        client.force_login(user)
        assert client.get(leave_url(place)).status_code == 404, user
        assert client.post(leave_url(place), {"reason": "Gone."}).status_code == 404, user
    place.refresh_from_db()
    assert place.status == PoolStatus.ACCEPTED


def test_coordinator_of_another_of_their_pools_may_not_record_it(client, place):
    elsewhere = factories.ProgrammeFactory()
    factories.PoolMembershipFactory(programme=elsewhere, reviewer=place.reviewer)
    client.force_login(factories.coordinator(programme=elsewhere))

    assert client.get(place.reviewer.get_absolute_url()).status_code == 200
    assert client.post(leave_url(place), {"reason": "Gone."}).status_code == 403
    place.refresh_from_db()
    assert place.status == PoolStatus.ACCEPTED


def test_record_offers_the_link_only_to_those_allowed(client, programme, coordinator, place):
    elsewhere = factories.ProgrammeFactory(short_name="SEND")
    factories.PoolMembershipFactory(programme=elsewhere, reviewer=place.reviewer)
    factories.PoolMembershipFactory(
        programme=factories.ProgrammeFactory(), reviewer=place.reviewer, status=PoolStatus.LEFT
    )
    url = place.reviewer.get_absolute_url()
    person_link = 'Leave this pool<span class="govuk-visually-hidden"> (YJSIP)</span>'
    coordinator_link = 'Record that they have left<span class="govuk-visually-hidden"> (YJSIP)'

    def record_as(user) -> str:
        client.force_login(user)
        return client.get(url).content.decode()

    as_person = record_as(place.reviewer.user)
    assert person_link in as_person
    assert as_person.count("Leave this pool") == 2  # the two pools they are in
    assert "Record that they have left" not in as_person
    as_coordinator = record_as(coordinator)
    assert coordinator_link in as_coordinator
    assert as_coordinator.count("Record that they have left") == 1
    assert "Leave this pool" not in as_coordinator
    as_other_coordinator = record_as(factories.coordinator(programme=elsewhere))
    assert as_other_coordinator.count("Record that they have left") == 1  # their own pool
    assert coordinator_link not in as_other_coordinator
    assert record_as(factories.superuser()).count("Record that they have left") == 2
