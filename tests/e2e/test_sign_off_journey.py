"""Signing off an action in a real browser (the demo world): the service's lead marks an
action complete, saying what shows it; the
improvement board's chair finds it from the start page among the actions awaiting sign-off,
reads the evidence and signs it off; the action's status history shows both, by name. Every
page passes axe-core (see conftest.py)."""

import re
from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from improvement.enums import ActionStatus
from improvement.models import Action

from .axe import click_and_check, goto
from .pages import sign_out, success_banner

pytestmark = pytest.mark.dates

LEAD = "lead@example.org"
BOARD_CHAIR = "improvement@example.org"
SERVICE = "Northdale Youth Justice Service"
EVIDENCE = "The revised protocol was agreed by all partners; the March audit shows it in use."
SIGN_OFF_NOTE = "Agreed at the April management board."


def in_progress_action() -> Action:
    action = (
        Action.objects.filter(
            recommendation__plan__organisation__name=SERVICE, status=ActionStatus.IN_PROGRESS
        )
        .select_related("recommendation")
        .order_by("recommendation__plan_id", "recommendation__position", "position")
        .first()
    )
    assert action is not None, "The demo has no action in progress at Northdale"
    return action


def test_the_service_marks_an_action_complete_and_the_board_signs_it_off(
    page: Page, sign_in: Callable[..., None]
) -> None:
    action = in_progress_action()
    plan_id = action.recommendation.plan_id
    action_url = reverse("improvement:action", args=[plan_id, action.pk])
    sign_off_url = reverse("improvement:action_sign_off", args=[plan_id, action.pk])

    # 1. The service marks it complete, saying what shows it; it cannot sign it off.
    sign_in(page, LEAD)
    goto(page, action_url)
    click_and_check(page.get_by_role("link", name="Change the action or its status"))
    expect(page.get_by_role("radio", name="Signed off")).to_have_count(0)
    page.get_by_role("radio", name="Complete, awaiting sign-off").check()
    page.get_by_label("If you mark it complete: what has been done, and what shows it").fill(
        EVIDENCE
    )
    click_and_check(page.get_by_role("button", name="Save changes"))
    expect(success_banner(page)).to_contain_text(f"Action {action.reference} has been saved.")
    history = page.get_by_role("region", name="Status history")
    expect(history.locator(".app-timeline__item").first).to_contain_text(
        "Marked complete, for sign-off"
    )
    expect(history.locator(".app-timeline__item").first).to_contain_text(EVIDENCE)
    expect(page.get_by_role("button", name="Sign off")).to_have_count(0)
    sign_out(page)

    # 2. The board's chair finds it from the start page and signs it off.
    sign_in(page, BOARD_CHAIR)
    click_and_check(page.get_by_role("link", name=re.compile(r"awaiting sign-off$")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Actions awaiting sign-off")
    click_and_check(page.locator(f'a[href="{sign_off_url}"]'))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Sign off action {action.reference}"
    )
    expect(page.get_by_role("main")).to_contain_text(EVIDENCE)
    page.get_by_label("Note for the record (optional)").fill(SIGN_OFF_NOTE)
    click_and_check(page.get_by_role("button", name="Sign off the action"))

    expect(success_banner(page)).to_contain_text(f"Action {action.reference} has been signed off.")
    history = page.get_by_role("region", name="Status history")
    latest = history.locator(".app-timeline__item").first
    expect(latest).to_contain_text("Signed off")
    expect(latest).to_contain_text("Helen Clarke")
    expect(latest).to_contain_text(SIGN_OFF_NOTE)
    action.refresh_from_db()
    assert action.status == ActionStatus.SIGNED_OFF
