"""The day the date-sensitive tests run on.

Tests whose outcome depends on today (the demo data, dashboards, overdue and stale items,
cycles and capacity, training sessions to come, conflicts counted in years, the browser
journeys through the demo world) are marked `dates`. tests/conftest.py runs each of them with
the clock at 10:00, London time, on `pinned_today()`, and the clock running (tick), because the
live server, sessions and timeouts need time to pass. A test that builds the demo world asks
for the same clock (the pinned_clock fixture). Every other test runs on the real clock.

`PEERREVIEW_TEST_TODAY` (an ISO date) chooses the day; `make test-dates` runs the marked tests
on each of the days in its list, the edges the code has to get right. The demo world keeps
fixed history up to the end of 2025 (past reviews, previous employers), so it cannot be built,
and the tests that use it fail, on a day before 2026.
"""

import datetime
import os
import zoneinfo

TODAY_VARIABLE = "PEERREVIEW_TEST_TODAY"

# A Wednesday in mid-July, away from every edge: a clock change, a month's first or last day,
# the financial year's last six weeks (when the demo's windows move to the next YJSIP cycle),
# the Christmas weeks (when the demo's training sessions move to January), 2 December to
# 17 February (when the application journey's window, 120 days ahead, is in the next cycle
# while the demo's agenda is in this one), a cycle starting (1 April, 1 September, a Yorkshire
# and the Humber round) and the day the demo first shows a programme's next cycle. It is also
# later than every date the tests write as history.
DEFAULT_TODAY = datetime.date(2027, 7, 14)

# The time of day on the pinned date, in the service's time zone (settings.TIME_ZONE).
PINNED_TIME = datetime.time(10, 0)
LONDON = zoneinfo.ZoneInfo("Europe/London")


def pinned_today() -> datetime.date:
    """The day marked tests run on: PEERREVIEW_TEST_TODAY when it is set, else DEFAULT_TODAY.
    Raises ValueError, naming the variable, when it is set to something that is not a date."""
    value = os.environ.get(TODAY_VARIABLE, "").strip()
    if not value:
        return DEFAULT_TODAY
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{TODAY_VARIABLE}={value!r} is not a date: write it as YYYY-MM-DD"
        ) from None


def pinned_moment(day: datetime.date) -> datetime.datetime:
    """The moment a marked test starts at on `day`: PINNED_TIME in London."""
    return datetime.datetime.combine(day, PINNED_TIME, tzinfo=LONDON)
