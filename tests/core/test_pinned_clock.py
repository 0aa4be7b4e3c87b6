"""The test harness's pinned clock (tests/dates.py, tests/conftest.py): a test marked `dates`,
or asking for the pinned_clock fixture, runs on the pinned day from 10:00 London time with the
clock running, and can travel further itself; every other test runs on the real clock;
PEERREVIEW_TEST_TODAY chooses the day."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from tests.dates import DEFAULT_TODAY, LONDON, TODAY_VARIABLE, pinned_moment, pinned_today


@pytest.mark.dates
def test_a_test_marked_dates_runs_on_the_pinned_day_in_london():
    now = timezone.localtime()

    assert time_machine.escape_hatch.is_travelling()
    # Django's clock and the standard library's (which the live server's thread reads too).
    assert now.date() == timezone.localdate() == pinned_today()
    assert datetime.datetime.now(tz=LONDON).date() == pinned_today()
    assert now >= pinned_moment(pinned_today())


@pytest.mark.dates
def test_a_marked_test_may_travel_further_and_comes_back_to_the_pinned_day():
    with time_machine.travel(pinned_moment(datetime.date(2030, 1, 1)), tick=False):
        assert timezone.localdate() == datetime.date(2030, 1, 1)

    assert timezone.localdate() == pinned_today()


def test_an_unmarked_test_runs_on_the_real_clock():
    assert not time_machine.escape_hatch.is_travelling()


@pytest.mark.usefixtures("pinned_clock")
def test_an_unmarked_test_asking_for_the_pinned_clock_runs_on_the_pinned_day():
    assert timezone.localdate() == pinned_today()


def test_the_pinned_day_comes_from_the_environment(monkeypatch):
    monkeypatch.delenv(TODAY_VARIABLE, raising=False)
    assert pinned_today() == DEFAULT_TODAY

    monkeypatch.setenv(TODAY_VARIABLE, "2028-02-29")
    assert pinned_today() == datetime.date(2028, 2, 29)

    monkeypatch.setenv(TODAY_VARIABLE, "29/02/2028")
    with pytest.raises(ValueError, match=f"{TODAY_VARIABLE}='29/02/2028' is not a date"):
        pinned_today()


@pytest.mark.parametrize(
    ("day", "utc_offset_hours"),
    [
        (datetime.date(2027, 3, 27), 0),  # the last day of GMT
        (datetime.date(2027, 3, 28), 1),  # the clocks went forward at 01:00
        (datetime.date(2027, 10, 31), 0),  # and back at 02:00
    ],
)
def test_the_pinned_moment_is_ten_oclock_london_time_either_side_of_a_clock_change(
    day, utc_offset_hours
):
    moment = pinned_moment(day)

    assert (moment.date(), moment.hour, moment.minute) == (day, 10, 0)
    assert moment.utcoffset() == datetime.timedelta(hours=utc_offset_hours)
