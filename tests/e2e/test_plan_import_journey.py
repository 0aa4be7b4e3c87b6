"""A service starts its improvement plan and fills it from its own tracker, in a real browser
(the demo world): Ashburn's lead, whose service has no plan, starts one from the start page on
the question pages, imports a tracker with sub-actions and no update dates (one "as at" date
for the file), corrects an item, undoes the import and imports it again, and marks an action
complete; Ashburn's improvement board chair signs it off. Every page passes axe-core (see
conftest.py)."""

import datetime
import re
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from improvement.enums import ActionStatus, PlanSource, Rag
from improvement.models import Action, ImportBatch, ImprovementPlan

from .axe import click_and_check
from .pages import fill_date, navigation, sign_out, success_banner

pytestmark = pytest.mark.dates

LEAD = "ashburn@example.org"
BOARD_CHAIR = "board.ashburn@example.org"
SERVICE = "Ashburn Youth Justice Service"
TITLE = "Post-inspection improvement plan"
CORRECTED = "Strengthen the management board's oversight of practice and performance."
EVIDENCE = "Every new board member has had the induction; the attendance log shows it."
SIGN_OFF_NOTE = "Agreed at the board's meeting."

# The service's own tracker, as kept in a spreadsheet: no date on the updates, sub-actions
# numbered under their recommendation, a lead officer for each, and a RAG column.
TRACKER = """Ref,Recommendation / action,Lead officer,Target date,RAG,Latest progress
1,Strengthen the board's oversight of practice.,,,,
1a,Agree a performance data set.,Head of service,31/03/2026,Green,Data set agreed.
1b,Induct new board members.,Chair,30 Sept 2026,Amber,Induction pack drafted.
2,Improve education outcomes.,,,,
2a,Review education provision.,Education lead,31.12.26,Red,Review not yet begun.
"""


def start_the_plan(page: Page) -> ImprovementPlan:
    """Through the question pages, from the start page's task, to the new plan's page."""
    today = timezone.localdate()
    click_and_check(page.get_by_role("link", name=re.compile("Start an improvement plan")))
    page.get_by_role("radio", name="Inspection").check()
    page.get_by_label("Which inspectorate?").select_option(label="HM Inspectorate of Probation")
    click_and_check(page.get_by_role("button", name="Continue"))
    page.get_by_label("What is the plan called?").fill(TITLE)
    click_and_check(page.get_by_role("button", name="Continue"))
    page.get_by_role("radio", name="I know only the month").check()
    month = page.get_by_role("group", name="Month", exact=True)
    inspected = today.replace(day=1) - datetime.timedelta(days=120)
    month.get_by_label("Month").fill(str(inspected.month))
    month.get_by_label("Year").fill(str(inspected.year))
    click_and_check(page.get_by_role("button", name="Continue"))
    page.get_by_label("Overall rating (optional)").select_option(label="Requires improvement")
    click_and_check(page.get_by_role("button", name="Continue"))
    fill_date(
        page, "When is the plan next reviewed? (optional)", today + datetime.timedelta(days=90)
    )
    click_and_check(page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before creating the plan"
    )
    click_and_check(page.get_by_role("button", name="Create the plan"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    plan = ImprovementPlan.objects.get(organisation__name=SERVICE)
    assert plan.source == PlanSource.INSPECTION
    assert plan.inspected_month_only
    return plan


def test_a_service_starts_a_plan_imports_its_tracker_and_the_board_signs_off(
    page: Page, sign_in: Callable[..., None], tmp_path
) -> None:
    assert not ImprovementPlan.objects.filter(organisation__name=SERVICE).exists()
    sign_in(page, LEAD)
    plan = start_the_plan(page)
    assert plan.recommendations.count() == 0

    # 2. The tracker, unchanged, with one "as at" date for its updates.
    tracker = tmp_path / "ashburn-tracker.csv"
    tracker.write_text(TRACKER, encoding="utf-8")
    import_the_tracker(page, tracker)
    item = plan.recommendations.get(reference="1")
    assert sorted(item.actions.values_list("reference", flat=True)) == ["1a", "1b"]

    # 3. An item corrected on its own page.
    section = page.locator(f"#recommendation-{item.pk}")
    click_and_check(section.get_by_role("link", name="Change the item"))
    page.get_by_label("Text").fill(CORRECTED)
    click_and_check(page.get_by_role("button", name="Save the item"))
    expect(page.locator(f"#recommendation-{item.pk}")).to_contain_text(CORRECTED)

    # 4. The import undone as a whole (the correction goes with it), then done again.
    batch = ImportBatch.objects.get(plan=plan)
    click_and_check(page.get_by_role("link", name=re.compile("Undo this import")))
    click_and_check(page.get_by_role("button", name="Yes, undo this import"))
    expect(page.locator("[data-imports]")).to_contain_text("Undone")
    assert plan.recommendations.count() == 0
    batch.refresh_from_db()
    assert batch.undone_at is not None
    import_the_tracker(page, tracker)
    assert plan.recommendations.count() == 2

    # 5. The service marks an action complete, saying what shows it.
    action = Action.objects.get(recommendation__plan=plan, reference="1b")
    assert (action.status, action.current_rag) == (ActionStatus.NOT_STARTED, Rag.AMBER)
    click_and_check(page.get_by_role("link", name=re.compile(r"^1b\W")))
    click_and_check(page.get_by_role("link", name="Change the action or its status"))
    expect(page.get_by_role("radio", name="Signed off")).to_have_count(0)
    page.get_by_role("radio", name="Complete, awaiting sign-off").check()
    page.get_by_label("If you mark it complete: what has been done, and what shows it").fill(
        EVIDENCE
    )
    click_and_check(page.get_by_role("button", name="Save changes"))
    expect(success_banner(page)).to_contain_text("Action 1b has been saved.")
    sign_out(page)

    # 6. The improvement board's chair finds it awaiting sign-off and signs it off.
    sign_in(page, BOARD_CHAIR)
    click_and_check(navigation(page).get_by_role("link", name="Plans", exact=True))
    click_and_check(page.get_by_role("link", name=TITLE, exact=True))
    click_and_check(page.get_by_role("link", name=re.compile(r"^1b\W")))
    click_and_check(page.get_by_role("button", name="Sign off", exact=True))
    expect(page.locator("main")).to_contain_text(EVIDENCE)
    page.get_by_label("Note for the record (optional)").fill(SIGN_OFF_NOTE)
    click_and_check(page.get_by_role("button", name="Sign off the action"))
    expect(success_banner(page)).to_contain_text("Action 1b has been signed off.")
    action.refresh_from_db()
    assert action.status == ActionStatus.SIGNED_OFF


def import_the_tracker(page: Page, tracker) -> None:
    """From the plan page: upload the file, give the date of its updates, preview, import."""
    today = timezone.localdate()
    click_and_check(
        page.get_by_role("link", name=re.compile("^Import items, actions and progress"))
    )
    page.get_by_label("Upload a file").set_input_files(str(tracker))
    click_and_check(page.get_by_role("button", name="Continue"))
    fill_date(page, "Date of the updates (if no column holds it)", today)
    click_and_check(page.get_by_role("button", name="Preview the import"))
    expect(page.locator('[data-count="recommendations"]')).to_have_text("2")
    expect(page.locator('[data-count="actions"]')).to_have_text("3")
    expect(page.locator('[data-count="updates"]')).to_have_text("3")
    click_and_check(page.get_by_role("button", name="Import", exact=True))
    expect(success_banner(page)).to_contain_text(
        "Imported 2 recommendations, 3 actions and 3 progress updates."
    )
