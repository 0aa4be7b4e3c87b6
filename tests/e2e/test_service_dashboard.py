"""An improvement board member finds their service's dashboard from the list of plans, in a
real browser (the demo world): each plan with its RAG counts, and a way to each plan's own
dashboard. Every page passes axe-core (see conftest.py)."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from .axe import click_and_check

pytestmark = pytest.mark.dates

BOARD_MEMBER = "improvement@example.org"
PLAN = "Improvement plan after the HM Inspectorate of Probation inspection"
SERVICE = "Northdale Youth Justice Service"


def test_a_board_member_goes_from_the_list_to_the_service_dashboard_and_a_plan(
    page: Page, sign_in: Callable[..., None]
) -> None:
    sign_in(page, BOARD_MEMBER)
    click_and_check(
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Plans", exact=True)
    )
    click_and_check(page.get_by_role("link", name="Your service's dashboard"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Your service's improvement plans")
    expect(page.get_by_role("heading", level=2, name=SERVICE)).to_be_visible()
    table = page.get_by_role("table", name=f"Improvement plans of {SERVICE}")
    for heading in ("Red", "Amber", "Green", "No update", "Overdue", "Stale", "Awaiting sign-off"):
        expect(table.get_by_role("columnheader", name=heading, exact=True)).to_be_visible()

    click_and_check(table.get_by_role("link", name=PLAN, exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dashboard: {PLAN}")
