"""The training pages through the test client: demand for each course, setting up a session,
inviting the people waiting, booking with a waiting list, cancelling, and attendance, which is
what makes a pool member trained. Bad input gets a GOV.UK error, keeps what was typed and
changes nothing; pages run a fixed number of queries."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from reviewers import selectors
from reviewers.enums import BookingStatus, CourseKind, JobRole, Qualification
from reviewers.models import Booking, TrainingRequest, TrainingSession
from tests import factories
from tests.pages import errors_of, fresh_form, messages_of
from tests.queries import queries_for_get

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

B = BookingStatus
TODAY = timezone.localdate


@pytest.fixture
def course(programme):
    return factories.CourseFactory(
        programme=programme, name="Core peer reviewer training", kind=CourseKind.CORE, days=2
    )


def member(programme, name: str = "", **fields):
    """An accepted pool member of `programme`."""
    user = factories.UserFactory(**({"full_name": name} if name else {}))
    return factories.PoolMembershipFactory(
        programme=programme, reviewer__user=user, **fields
    ).reviewer


def waiting_for(course, *names: str) -> list:
    """Pool members of the course's programme who asked for it, in this order."""
    reviewers = [member(course.programme, name) for name in names]
    for reviewer in reviewers:
        TrainingRequest.objects.create(reviewer=reviewer, course=course)
    return reviewers


def book(session, reviewer, status=B.BOOKED) -> Booking:
    return Booking.objects.create(session=session, reviewer=reviewer, status=status)


def date_fields(name: str, value: datetime.date | tuple) -> dict[str, str]:
    day, month, year = (
        (value.day, value.month, value.year) if isinstance(value, datetime.date) else value
    )
    return {f"{name}_0": str(day), f"{name}_1": str(month), f"{name}_2": str(year)}


def session_data(starts_on, ends_on, **overrides) -> dict[str, str]:
    data = {
        **date_fields("starts_on", starts_on),
        **date_fields("ends_on", ends_on),
        "is_virtual": "no",
        "venue": "Cedar Court, Leeds",
        "capacity": "12",
        **fresh_form(),
    }
    return data | overrides


def statuses(session) -> list[tuple[str, str]]:
    return [
        (str(booking.reviewer), booking.status)
        for booking in session.bookings.select_related("reviewer__user").order_by("created_at")
    ]


# --- Demand --------------------------------------------------------------------------------


def test_demand_view_shows_how_many_wait_for_each_course_of_their_programmes(
    coordinator_client, programme, course
):
    waiting_for(course, "Ada Lovelace", "Grace Hopper", "Alan Turing")
    [booked] = waiting_for(course, "Mary Somerville")
    TrainingRequest.objects.filter(reviewer=booked).update(closed_at=timezone.now())
    specialist = factories.CourseFactory(
        programme=programme, name="Mentoring and coaching", kind=CourseKind.SPECIALIST, days=1
    )
    session = factories.TrainingSessionFactory(course=course, capacity=12)
    book(session, booked)
    factories.CourseFactory(name="Another programme's course")

    response = coordinator_client.get(reverse("training:courses"))

    rows = [(row.course.name, row.course.waiting) for row in response.context["courses"]]
    assert rows == [("Core peer reviewer training", 3), ("Mentoring and coaching", 0)]
    page = response.content.decode()
    assert "1 of 12 places taken" in page
    assert "Cedar Court, Leeds" in page
    assert reverse("training:session_new", args=[course.pk]) in page
    assert reverse("training:session_new", args=[specialist.pk]) in page
    assert "Another programme&#x27;s course" not in page


def test_demand_view_without_courses_says_so(coordinator_client):
    page = coordinator_client.get(reverse("training:courses")).content.decode()

    assert "Your programmes have no training courses yet." in page
    # Coordinators add courses on the service's own page, not in the admin.
    assert f'href="{reverse("training:course_new")}"' in page
    assert "/admin/" not in page


def test_course_page_lists_the_people_waiting_in_order(coordinator_client, course):
    waiting_for(course, "Grace Hopper", "Ada Lovelace")
    past = factories.TrainingSessionFactory(
        course=course,
        starts_on=TODAY() - datetime.timedelta(days=60),
        ends_on=TODAY() - datetime.timedelta(days=59),
    )

    response = coordinator_client.get(reverse("training:course", args=[course.pk]))

    assert [str(r.reviewer) for r in response.context["waiting"]] == [
        "Grace Hopper",
        "Ada Lovelace",
    ]
    assert response.context["past"] == [past]
    assert response.context["upcoming"] == []


# --- Setting up and changing a session ------------------------------------------------------


def test_setting_up_a_session_saves_it_and_opens_it(coordinator_client, course):
    starts = TODAY() + datetime.timedelta(days=40)

    response = coordinator_client.post(
        reverse("training:session_new", args=[course.pk]),
        session_data(starts, starts + datetime.timedelta(days=1), capacity="16"),
        follow=True,
    )

    session = TrainingSession.objects.get()
    assert response.redirect_chain == [(session.get_absolute_url(), 302)]
    assert (session.course, session.starts_on, session.ends_on) == (
        course,
        starts,
        starts + datetime.timedelta(days=1),
    )
    assert (session.venue, session.is_virtual, session.capacity) == (
        "Cedar Court, Leeds",
        False,
        16,
    )
    assert messages_of(response) == ["The session has been set up."]


def test_a_virtual_session_needs_no_venue(coordinator_client, course):
    starts = TODAY() + datetime.timedelta(days=10)

    coordinator_client.post(
        reverse("training:session_new", args=[course.pk]),
        session_data(starts, starts, is_virtual="yes", venue=""),
    )

    assert TrainingSession.objects.get().is_virtual is True


def _in(days: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=days)


# The form data is made when the test runs, so that its dates are the pinned day's.
@pytest.mark.parametrize(
    ("data", "error", "typed"),
    [
        (
            lambda: session_data(_in(30), _in(29)),
            "The session must end on or after the day it starts",
            'value="{end.day}"',
        ),
        (
            lambda: session_data(_in(-1), _in(1)),
            "The session must start in the future",
            'value="{start.year}"',
        ),
        (
            lambda: session_data(_in(0), _in(0)),
            "The session must start in the future",
            'value="Cedar Court, Leeds"',
        ),
        (
            lambda: session_data(_in(30), _in(31), capacity="0"),
            "The session must have at least 1 place",
            'value="0"',
        ),
        (
            lambda: session_data(_in(30), _in(31), capacity="ten"),
            "The number of places must be a whole number, like 12",
            'value="ten"',
        ),
        (
            lambda: session_data(_in(30), _in(31), venue=" "),
            "Enter the venue, or say the session is virtual",
            'value="12"',
        ),
        (
            lambda: session_data((31, 2, 2030), _in(31)),
            "The start date must be a real date",
            'value="31"',
        ),
        (
            lambda: session_data(_in(30), _in(31), is_virtual=""),
            "Select whether the session is held online",
            'value="Cedar Court, Leeds"',
        ),
    ],
    ids=[
        "end before start",
        "start in the past",
        "start today",
        "no places",
        "places not a number",
        "no venue",
        "no such date",
        "virtual not answered",
    ],
)
def test_bad_session_details_are_refused_keeping_what_was_typed(
    coordinator_client, course, data, error, typed
):
    response = coordinator_client.post(reverse("training:session_new", args=[course.pk]), data())

    assert errors_of(response) == [error]
    assert typed.format(start=_in(-1), end=_in(29)) in response.content.decode()
    assert response.content.decode().startswith("<!DOCTYPE html>")
    assert "<title>Error: " in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_places_cannot_go_below_the_people_booked(coordinator_client, course):
    session = factories.TrainingSessionFactory(course=course, capacity=3)
    for reviewer in waiting_for(course, "A", "B", "C"):
        book(session, reviewer)

    response = coordinator_client.post(
        reverse("training:session_edit", args=[session.pk]),
        session_data(session.starts_on, session.ends_on, capacity="2"),
    )

    assert errors_of(response) == ["3 people are booked: the session needs at least 3 places"]
    assert 'value="2"' in response.content.decode()
    session.refresh_from_db()
    assert session.capacity == 3


def test_changing_a_session_keeps_its_bookings(coordinator_client, course):
    session = factories.TrainingSessionFactory(course=course, capacity=3)
    [reviewer] = waiting_for(course, "Ada Lovelace")
    book(session, reviewer)
    url = reverse("training:session_edit", args=[session.pk])

    form = coordinator_client.get(url).content.decode()
    response = coordinator_client.post(
        url, session_data(session.starts_on, session.ends_on, capacity="1", is_virtual="yes")
    )

    assert 'value="Cedar Court, Leeds"' in form
    assert response["Location"] == session.get_absolute_url()
    session.refresh_from_db()
    assert (session.capacity, session.is_virtual) == (1, True)
    assert statuses(session) == [("Ada Lovelace", B.BOOKED)]


# --- Inviting, booking and cancelling -------------------------------------------------------


def test_inviting_everyone_waiting_fills_the_places_then_the_waiting_list(
    coordinator_client, course
):
    session = factories.TrainingSessionFactory(course=course, capacity=2)
    waiting_for(course, "Ada Lovelace", "Grace Hopper", "Alan Turing")
    url = reverse("training:invite", args=[session.pk])

    confirm = coordinator_client.get(url)
    assert statuses(session) == []
    response = coordinator_client.post(url, follow=True)

    assert [str(r.reviewer) for r in confirm.context["waiting"]] == [
        "Ada Lovelace",
        "Grace Hopper",
        "Alan Turing",
    ]
    assert statuses(session) == [
        ("Ada Lovelace", B.BOOKED),
        ("Grace Hopper", B.BOOKED),
        ("Alan Turing", B.WAITING),
    ]
    assert not TrainingRequest.objects.filter(closed_at__isnull=True).exists()
    assert messages_of(response) == ["2 people booked, 1 on the waiting list"]
    page = response.content.decode()
    assert "2 of 2 places taken" in page
    assert [row.booking.reviewer.user.full_name for row in response.context["waiting_list"]] == [
        "Alan Turing"
    ]


def test_inviting_tells_each_person_by_email(
    coordinator_client, course, django_capture_on_commit_callbacks
):
    session = factories.TrainingSessionFactory(course=course, capacity=1)
    ada, grace = waiting_for(course, "Ada Lovelace", "Grace Hopper")

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("training:invite", args=[session.pk]))

    assert sorted((email.to, email.subject) for email in mail.outbox) == sorted(
        [
            ([ada.user.email], "You are booked on Core peer reviewer training"),
            ([grace.user.email], "You are on the waiting list for Core peer reviewer training"),
        ]
    )


def test_inviting_when_nobody_waits_books_nobody(coordinator_client, course):
    session = factories.TrainingSessionFactory(course=course)

    response = coordinator_client.post(reverse("training:invite", args=[session.pk]), follow=True)

    assert messages_of(response) == ["Nobody is waiting for this course."]
    assert statuses(session) == []


def test_booking_a_pool_member_gives_them_a_place(coordinator_client, programme, course):
    session = factories.TrainingSessionFactory(course=course, capacity=1)
    reviewer = member(programme, "Ada Lovelace")
    factories.PoolMembershipFactory(reviewer__user__full_name="Somebody Else")
    url = reverse("training:book", args=[session.pk])

    form = coordinator_client.get(url).content.decode()
    response = coordinator_client.post(url, {"reviewer": reviewer.pk, **fresh_form()}, follow=True)

    assert "Ada Lovelace" in form
    assert "Somebody Else" not in form
    assert statuses(session) == [("Ada Lovelace", B.BOOKED)]
    assert messages_of(response) == ["Ada Lovelace has a place on the session."]


def test_booking_someone_twice_is_refused(coordinator_client, programme, course):
    session = factories.TrainingSessionFactory(course=course)
    reviewer = member(programme, "Ada Lovelace")
    url = reverse("training:book", args=[session.pk])
    coordinator_client.post(url, {"reviewer": reviewer.pk, **fresh_form()})

    response = coordinator_client.post(url, {"reviewer": reviewer.pk, **fresh_form()})

    assert errors_of(response) == ["Ada Lovelace is already on this session (booked)"]
    assert statuses(session) == [("Ada Lovelace", B.BOOKED)]


def test_booking_someone_outside_the_pool_is_refused(coordinator_client, course):
    session = factories.TrainingSessionFactory(course=course)
    outsider = factories.PoolMembershipFactory().reviewer

    response = coordinator_client.post(
        reverse("training:book", args=[session.pk]), {"reviewer": outsider.pk, **fresh_form()}
    )

    assert errors_of(response) == ["Choose a person from the list"]
    assert statuses(session) == []


def test_booking_a_full_session_puts_them_on_the_waiting_list(
    coordinator_client, programme, course
):
    session = factories.TrainingSessionFactory(course=course, capacity=1)
    [first] = waiting_for(course, "Ada Lovelace")
    book(session, first)
    second = member(programme, "Grace Hopper")

    response = coordinator_client.post(
        reverse("training:book", args=[session.pk]),
        {"reviewer": second.pk, **fresh_form()},
        follow=True,
    )

    assert statuses(session) == [("Ada Lovelace", B.BOOKED), ("Grace Hopper", B.WAITING)]
    assert messages_of(response) == ["The session is full: Grace Hopper is on the waiting list."]


def test_cancelling_a_booking_gives_the_place_to_the_first_on_the_waiting_list(
    coordinator_client, course
):
    session = factories.TrainingSessionFactory(course=course, capacity=1)
    ada, grace, alan = waiting_for(course, "Ada Lovelace", "Grace Hopper", "Alan Turing")
    booking = book(session, ada)
    book(session, grace, B.WAITING)
    book(session, alan, B.WAITING)
    url = reverse("training:cancel", args=[session.pk, booking.pk])

    confirm = coordinator_client.get(url).content.decode()
    assert statuses(session)[0] == ("Ada Lovelace", B.BOOKED)
    response = coordinator_client.post(url, follow=True)

    assert "Grace Hopper, first on the waiting list, takes the place." in confirm
    assert statuses(session) == [
        ("Ada Lovelace", B.CANCELLED),
        ("Grace Hopper", B.BOOKED),
        ("Alan Turing", B.WAITING),
    ]
    assert messages_of(response) == ["Ada Lovelace's booking has been cancelled."]


def test_a_cancelled_booking_cannot_be_cancelled_again(coordinator_client, course):
    session = factories.TrainingSessionFactory(course=course)
    [ada] = waiting_for(course, "Ada Lovelace")
    booking = book(session, ada, B.CANCELLED)

    response = coordinator_client.post(
        reverse("training:cancel", args=[session.pk, booking.pk]), follow=True
    )

    assert messages_of(response) == [
        "Only a booking or a place on the waiting list can be cancelled."
    ]
    assert statuses(session) == [("Ada Lovelace", B.CANCELLED)]


# --- Attendance ----------------------------------------------------------------------------


def test_attendance_before_the_session_starts_is_refused(coordinator_client, course):
    session = factories.TrainingSessionFactory(course=course, starts_on=_in(1), ends_on=_in(2))
    [ada] = waiting_for(course, "Ada Lovelace")
    booking = book(session, ada)

    response = coordinator_client.post(
        reverse("training:attendance", args=[session.pk]),
        {f"booking_{booking.pk}": B.ATTENDED},
    )

    assert errors_of(response) == ["Attendance can be recorded once the session has started."]
    assert statuses(session) == [("Ada Lovelace", B.BOOKED)]


def test_attendance_asks_about_everyone_with_a_place(coordinator_client, course):
    session = factories.TrainingSessionFactory(course=course, starts_on=_in(-2), ends_on=_in(-1))
    ada, grace = waiting_for(course, "Ada Lovelace", "Grace Hopper")
    booking = book(session, ada)
    book(session, grace)

    response = coordinator_client.post(
        reverse("training:attendance", args=[session.pk]),
        {f"booking_{booking.pk}": B.ATTENDED},
    )

    assert errors_of(response) == ["Select whether Grace Hopper attended"]
    assert statuses(session) == [("Ada Lovelace", B.BOOKED), ("Grace Hopper", B.BOOKED)]


@pytest.mark.parametrize(
    ("outcome", "qualification"),
    [(B.ATTENDED, Qualification.TRAINED), (B.DID_NOT_ATTEND, Qualification.ELIGIBLE)],
)
def test_attendance_of_the_core_course_decides_who_is_trained(
    coordinator_client, programme, course, outcome, qualification
):
    session = factories.TrainingSessionFactory(course=course, starts_on=_in(-2), ends_on=_in(-1))
    reviewer = member(programme, "Ada Lovelace", reviewer__job_role=JobRole.HEAD_OF_SERVICE)
    booking = book(session, reviewer)
    assert selectors.record_for(reviewer=reviewer).pools[0].standing.qualification == (
        Qualification.ELIGIBLE
    )

    response = coordinator_client.post(
        reverse("training:attendance", args=[session.pk]),
        {f"booking_{booking.pk}": outcome},
        follow=True,
    )

    assert messages_of(response) == ["Attendance has been saved."]
    assert statuses(session) == [("Ada Lovelace", outcome)]
    standing = selectors.record_for(reviewer=reviewer).pools[0].standing
    assert standing.qualification == qualification


def test_attendance_form_shows_what_was_recorded(coordinator_client, course):
    session = factories.TrainingSessionFactory(course=course, starts_on=_in(-2), ends_on=_in(-1))
    [ada] = waiting_for(course, "<b>Ada</b>")
    booking = book(session, ada, B.DID_NOT_ATTEND)

    response = coordinator_client.get(reverse("training:attendance", args=[session.pk]))

    assert response.context["form"][f"booking_{booking.pk}"].value() == B.DID_NOT_ATTEND
    page = response.content.decode()
    assert "&lt;b&gt;Ada&lt;/b&gt;" in page
    assert "<b>Ada</b>" not in page


# --- Query counts --------------------------------------------------------------------------


def test_demand_view_query_count_does_not_grow(coordinator_client, programme, course):
    def add(course):
        factories.TrainingSessionFactory(course=course)
        waiting_for(course, "Someone waiting")

    add(course)
    one = queries_for_get(coordinator_client, reverse("training:courses"))
    for _ in range(29):
        add(factories.CourseFactory(programme=programme))

    assert queries_for_get(coordinator_client, reverse("training:courses")) == one


def test_course_page_query_count_does_not_grow(coordinator_client, course):
    def add():
        factories.TrainingSessionFactory(course=course)
        waiting_for(course, "Someone waiting")

    add()
    url = reverse("training:course", args=[course.pk])
    one = queries_for_get(coordinator_client, url)
    for _ in range(29):
        add()

    assert queries_for_get(coordinator_client, url) == one


def test_session_page_query_count_does_not_grow(coordinator_client, course):
    session = factories.TrainingSessionFactory(course=course, capacity=10)
    url = session.get_absolute_url()
    [first] = waiting_for(course, "Someone booked")
    book(session, first)
    one = queries_for_get(coordinator_client, url)
    for n, reviewer in enumerate(waiting_for(course, *(f"Person {n}" for n in range(29)))):
        book(session, reviewer, B.BOOKED if n < 9 else B.WAITING)

    assert session.bookings.count() == 30
    assert queries_for_get(coordinator_client, url) == one
