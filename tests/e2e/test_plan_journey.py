"""An improvement board member's journey through a plan in a real browser (the demo world):
from the plan's dashboard they drill into a red action, add a progress update turning it
amber, see both in its history, see the dashboard's counts change (one red fewer, one amber
more) and download the board pack. Every page passes axe-core (see conftest.py); Celery runs
eagerly in the live server, so the board pack is ready as soon as it is asked for."""

import re
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from improvement import services
from improvement.enums import ActionStatus, Rag
from improvement.models import Action, ImprovementPlan

from .axe import axe_check, click_and_check

pytestmark = pytest.mark.dates

BOARD_MEMBER = "improvement@example.org"
PLAN = "Improvement plan after the HM Inspectorate of Probation inspection"
SERVICE = "Northdale Youth Justice Service"
RED_NARRATIVE = "The new case management system has slipped a quarter: the supplier went bust."
AMBER_NARRATIVE = "A new supplier is in place; go-live planned for the end of next month."


def make_one_action_red() -> Action:
    """The issue's journey starts from a red action, and the demo's inspection plan may have
    none today (its recommendations are six green and two amber): make one of its actions that
    is not red and not signed off (so it is on the dashboard's exceptions list) red with a
    fresh update, so the dashboard's counts before and after are known exactly."""
    plan = ImprovementPlan.objects.get(organisation__name=SERVICE, title=PLAN)
    action = (
        Action.objects.filter(recommendation__plan=plan)
        .exclude(status=ActionStatus.SIGNED_OFF)
        .exclude(current_rag=Rag.RED)
        .order_by("recommendation__position", "position")
        .first()
    )
    assert action is not None, "The demo's inspection plan has no action to make red"
    services.progress_update_add(
        item=action,
        seen_version=action.version,
        rag=Rag.RED,
        narrative=RED_NARRATIVE,
        by=User.objects.get(email=BOARD_MEMBER),
        recorded_on=timezone.localdate(),
    )
    return action


def rag_now(page: Page) -> dict[str, int]:
    """The dashboard's "RAG ratings now" numbers, by RAG."""
    counts = {}
    for rag in ("red", "amber", "green", "none"):
        counts[rag] = int(page.locator(f'#rag-now [data-rag="{rag}"]').inner_text())
    return counts


def open_dashboard_from_plan(page: Page) -> None:
    click_and_check(page.get_by_role("link", name=re.compile(r"^View the plan's dashboard")))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dashboard: {PLAN}")


def test_a_board_member_turns_a_red_action_amber_and_downloads_the_board_pack(
    page: Page, sign_in: Callable[..., None]
) -> None:
    action = make_one_action_red()

    # 1. Through the navigation to the plan and its dashboard.
    sign_in(page, BOARD_MEMBER)
    click_and_check(
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Plans", exact=True)
    )
    click_and_check(page.get_by_role("link", name=PLAN, exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text(PLAN)
    open_dashboard_from_plan(page)
    before = rag_now(page)
    assert before["red"] >= 1

    # 2. Drill into the red action from the exceptions list.
    row = page.locator("#exceptions tbody tr").filter(has_text=RED_NARRATIVE)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Red")
    click_and_check(row.get_by_role("link", name=action.reference, exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Action {action.reference}")

    # 3. A progress update turning it amber; the history shows both.
    page.get_by_role("radio", name="Amber", exact=True).check()
    page.get_by_label("Progress", exact=True).fill(AMBER_NARRATIVE)
    click_and_check(page.get_by_role("button", name="Add the update"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your progress update"
    )
    history = page.get_by_role("region", name="Progress history").locator(".app-timeline")
    expect(history.locator(".app-timeline__item").first).to_contain_text("Amber")
    expect(history.locator(".app-timeline__item").first).to_contain_text(AMBER_NARRATIVE)
    expect(history.locator(".app-timeline__item").nth(1)).to_contain_text("Red")
    expect(history.locator(".app-timeline__item").nth(1)).to_contain_text(RED_NARRATIVE)

    # 4. Back on the dashboard: one red fewer, one amber more.
    click_and_check(page.get_by_role("link", name="Back to the plan"))
    open_dashboard_from_plan(page)
    after = rag_now(page)
    assert after == {
        **before,
        "red": before["red"] - 1,
        "amber": before["amber"] + 1,
    }
    row = page.locator("#exceptions tbody tr").filter(has_text=AMBER_NARRATIVE)
    expect(row).to_contain_text("Amber")

    # 5. The board pack: asked for, ready at once, downloaded as a PDF.
    click_and_check(page.get_by_role("button", name="Download the board pack (PDF)"))
    expect(page.get_by_role("heading", name="Your document is ready")).to_be_visible()
    download = page.get_by_role(
        "link", name=re.compile(r"Download Improvement plan board pack \(PDF")
    )
    expect(download).to_be_visible()
    axe_check(page)
    with page.expect_download() as downloading:
        download.click()
    path = downloading.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_a_programme_board_member_filters_the_heat_map_and_drills_into_a_plan(
    page: Page, sign_in: Callable[..., None]
) -> None:
    """The programme board's heat-map (cached, shaded by rating) passes axe-core, its filter
    narrows it to a region, and a plan's link leads to that plan's dashboard."""
    sign_in(page, "board@example.org")
    click_and_check(page.get_by_role("navigation", name="Menu").get_by_role("link", name="Plans"))
    click_and_check(page.get_by_role("link", name=re.compile(r"^Programme dashboard")))
    heat_map = page.get_by_role(
        "table", name="Each plan's actions and items by current RAG rating, by service"
    )
    # One row per plan, under its service's heading.
    services = heat_map.locator("th[data-service]")
    expect(services).to_have_count(2)

    page.get_by_label("Region").select_option(label="North West")
    click_and_check(page.get_by_role("button", name="Apply filters"))
    expect(services).to_have_count(1)
    expect(services).to_contain_text("Westmere Youth Justice Service")
    expect(page.get_by_label("Region").locator("option:checked")).to_have_text("North West")

    # The publication dates are GOV.UK date inputs: a date that cannot be is named in the
    # error summary, which leads to it; the region chosen still applies.
    published_from = page.get_by_role("group", name="Plans published from")
    published_from.get_by_label("Day").fill("31")
    published_from.get_by_label("Month").fill("2")
    published_from.get_by_label("Year").fill("2025")
    click_and_check(page.get_by_role("button", name="Apply filters"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The first date plans were published must be a real date")
    expect(services).to_have_count(1)
    expect(page.get_by_label("Region").locator("option:checked")).to_have_text("North West")
    summary.get_by_role("link").click()
    expect(published_from.get_by_label("Day")).to_be_focused()
    published_from.get_by_label("Day").fill("1")
    click_and_check(page.get_by_role("button", name="Apply filters"))
    expect(summary).to_have_count(0)

    plan = "Improvement plan after the YJSIP peer review"
    click_and_check(heat_map.get_by_role("link", name=plan))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dashboard: {plan}")
    expect(page.get_by_role("main")).to_contain_text("Westmere Youth Justice Service")
