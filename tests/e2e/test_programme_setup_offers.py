"""A coordinator sets up their programme's offers and cycles on the service's own pages, in a
real browser with every page checked by axe-core (see conftest.py): they add a place to an
offer's team without JavaScript's help ("Add another place" sends the page back with a blank
place), and add a cycle, first with its end before its start (a GOV.UK error that keeps
what was typed), then correctly, and delete it again."""

import datetime
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Programme

from .axe import click_and_check, goto
from .pages import fill_date, success_banner

pytestmark = pytest.mark.dates

COORDINATOR = "coordinator@example.org"


def test_a_coordinator_changes_an_offers_team_and_adds_a_cycle(
    page: Page, sign_in: Callable[..., None]
) -> None:
    sign_in(page, COORDINATOR)
    yjsip = Programme.objects.get(short_name="YJSIP").pk

    # The offers, with the demo's, and an offer's team grown by one place.
    goto(page, f"/programmes/{yjsip}/offers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Offers")
    offers = page.get_by_role("table")
    expect(offers.get_by_role("row", name=re.compile("^Full peer review"))).to_contain_text(
        "6 people"
    )
    click_and_check(page.get_by_role("link", name="Full peer review"))
    expect(page.get_by_role("group", name="Place 3")).to_be_visible()
    click_and_check(page.get_by_role("button", name="Add another place"))
    expect(page.get_by_role("alert")).to_have_count(0)
    place = page.get_by_role("group", name="Place 4")
    place.get_by_label("Role on the team").select_option(label="Shadowing trainee")
    place.get_by_label("How many people").fill("1")
    click_and_check(page.get_by_role("button", name="Save changes"))
    expect(success_banner(page)).to_contain_text("Full peer review has been saved.")
    expect(
        page.get_by_role("table").get_by_role("row", name=re.compile("^Full peer review"))
    ).to_contain_text("7 people")

    # Lines of enquiry and golden threads, by kind.
    goto(page, f"/programmes/{yjsip}/offers/lines/")
    expect(page.get_by_role("heading", level=2, name="Golden threads")).to_be_visible()
    expect(page.get_by_role("link", name="Voice of the child")).to_be_visible()

    # A cycle: its end before its start first, then right.
    goto(page, f"/programmes/{yjsip}/offers/cycles/")
    click_and_check(page.get_by_role("link", name="Add a cycle"))
    page.get_by_label("Name").fill("2030 to 2031")
    fill_date(page, "Start date", datetime.date(2030, 4, 1))
    fill_date(page, "End date", datetime.date(2030, 3, 31))
    page.get_by_label("Funding available (£)").fill("55000")
    page.get_by_label("Reviewer-days available").fill("220")
    page.get_by_label("Yes, services can ask for a review window in it").check()
    click_and_check(page.get_by_role("button", name="Add the cycle"))
    expect(page.get_by_role("alert")).to_contain_text("The cycle must end after it starts.")
    expect(page.get_by_label("Name")).to_have_value("2030 to 2031")

    fill_date(page, "End date", datetime.date(2031, 3, 31))
    click_and_check(page.get_by_role("button", name="Add the cycle"))
    expect(success_banner(page)).to_contain_text("2030 to 2031 has been added to the cycles.")
    expect(page.get_by_role("row", name=re.compile("^2030 to 2031"))).to_contain_text(
        "1 April 2030 to 31 March 2031"
    )

    # A cycle nothing uses yet can be deleted, after asking.
    click_and_check(page.get_by_role("link", name="2030 to 2031"))
    click_and_check(page.get_by_role("link", name="Delete this cycle"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete 2030 to 2031?")
    click_and_check(page.get_by_role("button", name="Delete the cycle"))
    expect(success_banner(page)).to_contain_text("2030 to 2031 has been deleted.")
