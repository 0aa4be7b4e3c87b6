"""Session capacity holds under concurrent booking: two bookings for the last place, one wins,
one joins the waiting list. services.booking_create locks the session row before counting the
places taken, so the second booking counts after the first has committed.

The concurrent test needs two database connections holding real row locks, which SQLite does
not have: it runs on PostgreSQL, as CI does. The deterministic one runs everywhere."""

import threading

import pytest
from django.conf import settings
from django.db import connections

from reviewers import services
from reviewers.enums import BookingStatus
from reviewers.models import Booking
from tests import factories

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def last_place_and_two_people():
    session = factories.TrainingSessionFactory(capacity=1)
    first, second = (
        factories.PoolMembershipFactory(programme=session.course.programme).reviewer
        for _ in range(2)
    )
    return session, first, second


@pytest.mark.django_db
def test_booking_a_full_session_joins_the_waiting_list():
    session, first, second = last_place_and_two_people()

    booked = services.booking_create(session=session, reviewer=first)
    waiting = services.booking_create(session=session, reviewer=second)

    assert (booked.status, waiting.status) == (BookingStatus.BOOKED, BookingStatus.WAITING)


@pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="needs two real connections with row locks: runs on PostgreSQL, as CI does",
)
@pytest.mark.django_db(transaction=True)
def test_two_bookings_for_the_last_place_one_wins_one_waits():
    session, first, second = last_place_and_two_people()
    # Both threads start booking together: without the lock, both would count 0 places taken.
    barrier = threading.Barrier(2, timeout=10)
    errors: list[BaseException] = []

    def book(reviewer) -> None:
        try:
            barrier.wait()
            services.booking_create(session=session, reviewer=reviewer)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            # Each thread has its own connection: close it, or the test database cannot be
            # flushed at the end.
            connections.close_all()

    threads = [threading.Thread(target=book, args=[reviewer]) for reviewer in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors
    assert sorted(Booking.objects.filter(session=session).values_list("status", flat=True)) == [
        BookingStatus.BOOKED,
        BookingStatus.WAITING,
    ]
