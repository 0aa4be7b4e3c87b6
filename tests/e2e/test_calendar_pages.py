"""The calendars in a real browser, every page checked by axe-core (see conftest.py): a
coordinator reads their calendar by month and as a list, the programme's calendar with its
clashes, makes their feed address, which parses with icalendar, and replaces it, after which
the old address is not found."""

import datetime
import re
from urllib.parse import urlsplit

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from challenges.calendar_selectors import Month
from challenges.enums import MilestoneKind, Owner
from tests import factories
from tests.factories.challenges_calendar import (
    CalendarChallengeFactory,
    CalendarMilestoneFactory,
    CalendarTeamMemberFactory,
)

from .axe import click_and_check, goto
from .pages import navigation, success_banner

pytestmark = pytest.mark.dates

DAY = datetime.timedelta(days=1)


def test_calendar_pages_and_the_feed(page: Page, transactional_db) -> None:
    today = timezone.localdate()
    programme = factories.ProgrammeFactory(name="Youth justice peer review")
    coordinator = factories.coordinator(programme=programme, email="coordinator@example.org")
    review_type = factories.ReviewTypeFactory(programme=programme, name="Full peer review")
    first = CalendarChallengeFactory(programme=programme, review_type=review_type)
    second = CalendarChallengeFactory(
        programme=programme,
        review_type=review_type,
        starts_on=first.starts_on + DAY,
        ends_on=first.ends_on + DAY,
    )
    shared = factories.ReviewerFactory()
    for challenge in (first, second):
        CalendarTeamMemberFactory(challenge=challenge, reviewer=shared)
    CalendarMilestoneFactory(
        challenge=first,
        kind=MilestoneKind.DATA_PACK_REQUESTED,
        owner_party=Owner.COORDINATOR,
        due_on=today - 3 * DAY,
    )

    goto(page, "/accounts/login/")
    page.get_by_label("Email address").fill(coordinator.email)
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    click_and_check(page.get_by_role("button", name="Sign in"))

    # Their calendar, this month and the on-site month; then as a list, overdue first.
    click_and_check(navigation(page).get_by_role("link", name="Challenges"))
    click_and_check(page.get_by_role("link", name=re.compile(r"^Your calendar")))
    expect(page.get_by_role("heading", level=1)).to_have_text(Month.of(today).label)
    goto(page, f"/calendar/?month={Month.of(first.starts_on).param}")
    expect(page.get_by_role("row").filter(has_text=first.reference)).to_have_count(1)
    click_and_check(page.get_by_role("link", name="Your calendar as a list of what is to come"))
    expect(page.get_by_role("row").nth(1)).to_contain_text("Overdue")

    # A month that is not one is said so.
    goto(page, "/calendar/?month=2027-13")
    expect(page.get_by_role("alert")).to_contain_text("Enter a month as its year and number")

    # The programme's calendar names the clash.
    goto(page, f"/calendar/programme/{programme.pk}/?month={Month.of(second.starts_on).param}")
    expect(page.locator(f"#challenge-{second.pk}")).to_contain_text(
        f"is also on the team of {first.reference}"
    )

    # The feed: made, read by a calendar library, replaced.
    goto(page, "/calendar/")
    click_and_check(page.get_by_role("link", name="Add your calendar to Outlook"))
    click_and_check(page.get_by_role("button", name="Make my calendar address"))
    expect(success_banner(page)).to_contain_text("Your calendar address is ready.")
    old = urlsplit(page.get_by_label("Your calendar address").input_value()).path
    feed = page.request.get(old)
    assert feed.status == 200
    events = icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")
    assert sorted(str(event["SUMMARY"]).split()[0] for event in events) == sorted(
        [first.reference, first.reference, second.reference]
    )

    click_and_check(page.get_by_role("link", name="Replace the address"))
    click_and_check(page.get_by_role("button", name="Replace the address"))
    expect(success_banner(page)).to_contain_text("The old address no longer works.")
    new = urlsplit(page.get_by_label("Your calendar address").input_value()).path
    assert new != old
    assert page.request.get(old).status == 404
    assert page.request.get(new).status == 200
