"""The demo's reviewer pools show every step of qualification and every booking state, EM SEND's
demand waiting for a session, and the demo reviewer's record; seeding twice changes nothing."""

import io
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from reviewers import selectors
from reviewers.enums import BookingStatus, ChangeStatus, CourseKind, PoolStatus, Qualification
from reviewers.models import (
    Booking,
    CompletedReview,
    ConflictOfInterest,
    Course,
    EligibilityRule,
    PoolMembership,
    PreviousEmployment,
    Reviewer,
    ReviewerChange,
    TrainingRequest,
    TrainingSession,
    Unavailability,
)

pytestmark = pytest.mark.dates

PASSWORD = "x-demo-password-123"
POOLS = ("YJSIP", "YH peer challenge", "EM SEND")


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", password=PASSWORD, stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    models = [
        Reviewer,
        PoolMembership,
        Booking,
        TrainingRequest,
        TrainingSession,
        Course,
        EligibilityRule,
        CompletedReview,
        Unavailability,
        ConflictOfInterest,
        PreviousEmployment,
        ReviewerChange,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_seed_demo_shows_every_step_of_the_pools_and_their_training(demo_world):
    today = timezone.localdate()
    admin = User.objects.get(email="admin@example.org")

    entries = selectors.pool_entries(user=admin, statuses=tuple(PoolStatus))

    # Every qualification, in each pool where it can be reached: only YJSIP runs the
    # specialist course that makes a mentor.
    assert Reviewer.objects.filter(pools__programme__short_name__in=POOLS).distinct().count() >= 60
    assert {entry.standing.qualification for entry in entries} == set(Qualification)
    by_pool = defaultdict(set)
    for entry in entries:
        by_pool[entry.membership.programme.short_name].add(entry.standing.qualification)
    assert by_pool == {
        "YJSIP": set(Qualification),
        "YH peer challenge": set(Qualification) - {Qualification.MENTOR},
        "EM SEND": set(Qualification) - {Qualification.MENTOR},
    }
    assert set(PoolMembership.objects.values_list("status", flat=True)) == set(PoolStatus)
    declined = PoolMembership.objects.filter(status=PoolStatus.DECLINED)
    assert all(declined.values_list("reason", flat=True))
    assert set(Booking.objects.values_list("status", flat=True)) == set(BookingStatus)

    # Changes of details: confirmed, not confirmed, and one waiting for YJSIP's coordinator.
    assert set(ReviewerChange.objects.values_list("status", flat=True)) == {
        ChangeStatus.PENDING,
        ChangeStatus.CONFIRMED,
        ChangeStatus.REJECTED,
    }
    coordinator = User.objects.get(email="coordinator@example.org")
    assert [
        change.reviewer.user.full_name for change in selectors.changes_to_confirm(user=coordinator)
    ] == ["Tunde Bakare"]

    # YJSIP: a coming session with places left, and a full one with a waiting list.
    yjsip = Course.objects.get(programme__short_name="YJSIP", kind=CourseKind.CORE)
    coming = [
        (s, selectors.places_taken(session=s)) for s in yjsip.sessions.filter(starts_on__gt=today)
    ]
    assert any(0 < taken < session.capacity for session, taken in coming)
    full = [session for session, taken in coming if taken == session.capacity]
    assert full
    assert full[0].bookings.filter(status=BookingStatus.WAITING).exists()

    # EM SEND: people waiting for training, and no session arranged for them yet.
    em_send = Course.objects.get(programme__short_name="EM SEND", kind=CourseKind.CORE)
    assert em_send.requests.filter(closed_at__isnull=True).count() >= 5
    assert not em_send.sessions.filter(starts_on__gt=today).exists()

    # The demo reviewer is trained and has yet to complete a review.
    record = selectors.record_for(reviewer=Reviewer.objects.get(user__email="reviewer@example.org"))
    assert [entry.membership.programme.short_name for entry in record.pools] == ["YJSIP"]
    standing = record.pools[0].standing
    assert standing.qualification == Qualification.TRAINED
    assert standing.next_step.startswith("Needs to complete a peer review")
    assert record.completed_reviews == []

    # The pools' people sign in with the demo password, but are not listed as demo sign-ins.
    assert User.objects.get(email="bernadette.quinn@example.org").check_password(PASSWORD)


def test_seed_demo_twice_changes_no_reviewer_counts(demo_world):
    counts = _counts()

    output = _seed()

    assert _counts() == counts
    # The pools' people are not listed among the demo sign-ins the command prints.
    assert "@example.org" in output
    assert "bernadette.quinn@example.org" not in output
