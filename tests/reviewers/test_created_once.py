"""Forms that create something create it once (issue 11: twenty identical "dates away" sent at
once made twenty rows). Each form carries a creation token (core.once): the same form sent
twenty times makes one row and answers each time as it did the first, with the same page and
message; a fresh form (a new token) makes a new row."""

import datetime
import re
import threading
import uuid
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from offers.enums import TeamRole
from reviewers import services
from reviewers.enums import BookingStatus
from reviewers.models import (
    Booking,
    CompletedReview,
    ConflictOfInterest,
    PreviousEmployment,
    TrainingSession,
    Unavailability,
)
from tests import factories
from tests.pages import errors_of, messages_of

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

SENT = 20


def date_fields(name: str, value: datetime.date) -> dict[str, str]:
    return {
        f"{name}_0": str(value.day),
        f"{name}_1": str(value.month),
        f"{name}_2": str(value.year),
    }


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def world(programme):
    member = factories.PoolMembershipFactory(
        programme=programme, reviewer__user__full_name="Priya Shah"
    ).reviewer
    other = factories.PoolMembershipFactory(
        programme=programme, reviewer__user__full_name="Sam Okafor"
    ).reviewer
    course = factories.CourseFactory(programme=programme, name="Core peer reviewer training")
    return SimpleNamespace(
        programme=programme,
        member=member,
        other=other,
        course=course,
        session=factories.TrainingSessionFactory(course=course, capacity=10),
        wakefield=factories.OrganisationFactory(name="Wakefield Youth Justice Service"),
        leeds=factories.OrganisationFactory(name="Leeds Youth Justice Service"),
    )


@dataclass
class Create:
    """A create form: where it is, what it is called on its page (and the prefix of its
    fields), what is typed into it, and what it makes."""

    url: callable
    data: callable  # (world, first: bool) -> the answers; a fresh form sends other answers
    rows: callable  # (world) -> the queryset of what it makes
    message: callable  # (world) -> the success message of the first answers
    lands_on: callable  # (world) -> the page the person is sent to
    form: str = "form"
    prefix: str = ""


CREATES = {
    "dates away": Create(
        url=lambda w: reverse("reviewers:away", args=[w.member.pk]),
        data=lambda w, first: {
            **date_fields("starts_on", datetime.date(2031, 7, 14 if first else 21)),
            **date_fields("ends_on", datetime.date(2031, 7, 20 if first else 25)),
            "reason": "Annual leave",
        },
        rows=lambda w: Unavailability.objects.filter(reviewer=w.member),
        message=lambda w: "Dates away added: 14 July 2031 to 20 July 2031.",
        lands_on=lambda w: reverse("reviewers:away", args=[w.member.pk]),
    ),
    "conflict of interest": Create(
        url=lambda w: reverse("reviewers:conflicts", args=[w.member.pk]),
        data=lambda w, first: {
            "conflict-organisation": str((w.wakefield if first else w.leeds).pk),
            "conflict-reason": "My sister is its head of service.",
            "declare": "",
        },
        rows=lambda w: ConflictOfInterest.objects.filter(reviewer=w.member),
        message=lambda w: (
            "The conflict of interest with Wakefield Youth Justice Service has been declared."
        ),
        lands_on=lambda w: reverse("reviewers:conflicts", args=[w.member.pk]),
        form="conflict_form",
        prefix="conflict",
    ),
    "previous employer": Create(
        url=lambda w: reverse("reviewers:conflicts", args=[w.member.pk]),
        data=lambda w, first: {
            "employer-organisation": str((w.wakefield if first else w.leeds).pk),
            **date_fields("employer-left_on", datetime.date(2024, 3, 31)),
            "add_employer": "",
        },
        rows=lambda w: PreviousEmployment.objects.filter(reviewer=w.member),
        message=lambda w: "Wakefield Youth Justice Service has been added as a previous employer.",
        lands_on=lambda w: reverse("reviewers:conflicts", args=[w.member.pk]),
        form="employer_form",
        prefix="employer",
    ),
    "completed review": Create(
        url=lambda w: reverse("reviewers:past_reviews", args=[w.member.pk]),
        data=lambda w, first: {
            "programme": str(w.programme.pk),
            "organisation": str((w.wakefield if first else w.leeds).pk),
            **date_fields("completed_on", datetime.date(2023, 11, 20)),
            "role": TeamRole.REVIEWER,
        },
        rows=lambda w: CompletedReview.objects.filter(reviewer=w.member),
        message=lambda w: "The review of Wakefield Youth Justice Service has been recorded.",
        lands_on=lambda w: w.member.get_absolute_url(),
    ),
    "training session": Create(
        url=lambda w: reverse("training:session_new", args=[w.course.pk]),
        data=lambda w, first: {
            **date_fields(
                "starts_on", timezone.localdate() + datetime.timedelta(40 if first else 60)
            ),
            **date_fields(
                "ends_on", timezone.localdate() + datetime.timedelta(41 if first else 61)
            ),
            "is_virtual": "no",
            "venue": "Cedar Court, Leeds",
            "capacity": "16",
        },
        rows=lambda w: TrainingSession.objects.filter(course=w.course).exclude(pk=w.session.pk),
        message=lambda w: "The session has been set up.",
        lands_on=lambda w: (
            TrainingSession.objects.exclude(pk=w.session.pk).earliest("pk").get_absolute_url()
        ),
    ),
    "booking": Create(
        url=lambda w: reverse("training:book", args=[w.session.pk]),
        data=lambda w, first: {"reviewer": str((w.member if first else w.other).pk)},
        rows=lambda w: Booking.objects.filter(session=w.session),
        message=lambda w: "Priya Shah has a place on the session.",
        lands_on=lambda w: w.session.get_absolute_url(),
    ),
}


def token_field(create: Create) -> str:
    return f"{create.prefix}-token" if create.prefix else "token"


def token_on(response, create: Create) -> dict[str, str]:
    """What a browser sends of the form's hidden token, read from the page as a browser reads
    it; nothing when the page has none."""
    field = token_field(create)
    found = re.search(
        rf'<input type="hidden" name="{field}" value="([^"]*)"', response.content.decode()
    )
    return {field: found.group(1)} if found else {}


def blank_form_token(client, create: Create, world) -> dict[str, str]:
    """The token of the blank form (a fresh one each time the page is shown)."""
    return token_on(client.get(create.url(world)), create)


@pytest.mark.parametrize("name", CREATES)
def test_the_same_form_sent_twenty_times_makes_one_row_and_answers_each_time_alike(
    coordinator_client, world, name
):
    create = CREATES[name]
    data = create.data(world, True) | blank_form_token(coordinator_client, create, world)

    answers = [coordinator_client.post(create.url(world), data, follow=True) for _ in range(SENT)]

    assert create.rows(world).count() == 1
    assert [(a.redirect_chain, messages_of(a)) for a in answers] == [
        ([(create.lands_on(world), 302)], [create.message(world)])
    ] * SENT


@pytest.mark.parametrize("name", CREATES)
def test_a_fresh_form_makes_a_new_row(coordinator_client, world, name):
    create = CREATES[name]
    first = blank_form_token(coordinator_client, create, world)
    coordinator_client.post(create.url(world), create.data(world, True) | first)

    fresh = blank_form_token(coordinator_client, create, world)
    coordinator_client.post(create.url(world), create.data(world, False) | fresh)

    assert fresh != first
    assert create.rows(world).count() == 2


@pytest.mark.parametrize("name", CREATES)
def test_a_form_sent_without_its_token_is_shown_again_with_a_fresh_one(
    coordinator_client, world, name
):
    """A page opened before its form carried a token: nothing is made, the answers are kept,
    and the form shown again can be sent."""
    create = CREATES[name]
    data = create.data(world, True)

    refused = coordinator_client.post(create.url(world), data)

    assert errors_of(refused, create.form) == [
        "The form could not be sent. Check your answers and send it again."
    ]
    assert create.rows(world).count() == 0
    token = token_on(refused, create)
    assert uuid.UUID(token[token_field(create)])
    again = coordinator_client.post(create.url(world), data | token)
    assert again.status_code == 302
    assert create.rows(world).count() == 1


def test_the_same_dates_away_from_a_fresh_form_are_refused(coordinator_client, world):
    """Two rows of the same dates away would mean nothing: the database keeps one per person."""
    create = CREATES["dates away"]
    for _ in range(2):
        token = blank_form_token(coordinator_client, create, world)
        answer = coordinator_client.post(create.url(world), create.data(world, True) | token)

    assert errors_of(answer) == ["These dates away have already been added"]
    assert create.rows(world).count() == 1


def test_a_token_copied_to_another_persons_record_is_refused(coordinator_client, world):
    create = CREATES["dates away"]
    data = create.data(world, True) | blank_form_token(coordinator_client, create, world)
    coordinator_client.post(create.url(world), data)

    copied = coordinator_client.post(reverse("reviewers:away", args=[world.other.pk]), data)

    assert copied.status_code == 403
    assert list(Unavailability.objects.values_list("reviewer", flat=True)) == [world.member.pk]


def test_booking_the_same_person_again_from_a_fresh_form_is_refused(coordinator_client, world):
    """A person has one booking per session (a unique constraint backs it): a second form
    booking them says so."""
    create = CREATES["booking"]
    for _ in range(2):
        token = blank_form_token(coordinator_client, create, world)
        answer = coordinator_client.post(create.url(world), create.data(world, True) | token)

    assert errors_of(answer) == ["Priya Shah is already on this session (booked)"]
    assert list(Booking.objects.values_list("reviewer", "status")) == [
        (world.member.pk, BookingStatus.BOOKED)
    ]


@pytest.mark.django_db(transaction=True)
def test_twenty_requests_at_once_with_the_same_token_make_one_row(world):
    """Twenty requests with one token, started together, each in its own connection: whatever
    the order they reach the database in, one row is made and every request gets it back. (On
    PostgreSQL the losers meet the unique token and take the winner's row; SQLite takes one
    writer at a time, so they find it.)"""
    token = uuid.uuid4()
    barrier = threading.Barrier(SENT, timeout=30)
    made: list[int] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            barrier.wait()
            away = services.unavailability_add(
                reviewer=world.member,
                starts_on=datetime.date(2031, 7, 14),
                ends_on=datetime.date(2031, 7, 20),
                token=token,
            )
            made.append(away.pk)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(SENT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    row = Unavailability.objects.get(reviewer=world.member)
    assert made == [row.pk] * SENT
