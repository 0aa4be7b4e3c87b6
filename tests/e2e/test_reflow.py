"""Phone widths (WCAG 1.4.10 Reflow): every page a browser test visits is checked 320 CSS
pixels wide by tests/e2e/axe.py (reflow_check, run by goto and click_and_check). These tests
make sure the check itself finds what it should, and visit the pages the issue measured
wider than a phone (the plan, a meeting, capacity, reviewers, applications, the programme
dashboard, training) in the demo world, where their tables are wide: each table scrolls in
its own labelled region while the page itself stays within the screen."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Organisation, Programme
from applications.models import BoardMeeting
from improvement.models import ImprovementPlan
from reviewers.models import Course, TrainingSession

from .axe import REFLOW_WIDTH, axe_check, goto, reflow_check

pytestmark = pytest.mark.dates

COORDINATOR = "coordinator@example.org"
BOARD_MEMBER = "improvement@example.org"
PLAN = "Improvement plan after the HM Inspectorate of Probation inspection"

# The wide parts of each page: at 320 px each scrolls sideways inside its region.
_REGION_SCROLLS = """
(region) => region.scrollWidth > region.clientWidth
"""


def test_the_check_names_what_makes_a_page_too_wide_and_restores_the_viewport(
    page: Page,
) -> None:
    page.set_content(
        '<main><p>Fits</p><div class="wide" style="width: 600px">A wide box</div></main>'
    )

    with pytest.raises(pytest.fail.Exception) as failure:
        reflow_check(page)

    message = str(failure.value)
    assert "is wider than the viewport at 320 px" in message
    assert "the document is 608 px" in message
    assert "main > div.wide: 600 px wide, right edge at 608 px ('A wide box')" in message
    assert page.viewport_size == {"width": 1280, "height": 900}


def test_a_table_scrolling_in_its_own_region_passes(page: Page) -> None:
    page.set_content(
        '<div style="overflow-x: auto" role="region" aria-label="Wide" tabindex="0">'
        '<table style="width: 900px"><caption>Wide</caption><tr><td>1</td></tr></table></div>'
    )

    reflow_check(page)

    assert page.viewport_size == {"width": 1280, "height": 900}


def _wide_tables_scroll_in_their_regions(page: Page, url: str) -> None:
    """Load `url` (goto checks it with axe and at 320 px), then look at it 320 px wide: its
    tables are in labelled, focusable regions and at least one of them is wide enough to
    scroll there, so the page's width was really put to the test."""
    goto(page, url)
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 900})
    tables = page.locator("table.govuk-table")
    expect(tables.first).to_be_attached()
    regions = page.locator(".app-table-container[role=region][tabindex='0']")
    assert regions.count() == tables.count(), f"A table on {url} is not in its own region"
    assert any(region.evaluate(_REGION_SCROLLS) for region in regions.all()), (
        f"No table on {url} is wider than the screen at {REFLOW_WIDTH} px: the test proves nothing"
    )
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_coordinators_table_pages_fit_a_phone(page: Page, sign_in: Callable[..., None]) -> None:
    sign_in(page, COORDINATOR)
    meeting = BoardMeeting.objects.order_by("pk").first()
    course = Course.objects.order_by("pk").first()
    session = TrainingSession.objects.order_by("pk").first()
    assert meeting is not None
    assert course is not None
    assert session is not None

    for url in (
        "/applications/",
        "/reviewers/",
        f"/board/meetings/{meeting.pk}/",
        "/board/capacity/",
        "/training/",
        f"/training/courses/{course.pk}/",
        f"/training/sessions/{session.pk}/",
        "/dashboards/rag/",
    ):
        _wide_tables_scroll_in_their_regions(page, url)


# The rendered size, in CSS pixels, of the smallest text in a chart: its font size in SVG
# units scaled by the chart's rendered width over its viewBox's.
_SMALLEST_TEXT = """
(svg) => Math.min(...[...svg.querySelectorAll("text")].map(
  (text) => parseFloat(text.getAttribute("font-size"))
    * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width
))
"""


def test_a_plan_and_its_dashboard_fit_a_phone(page: Page, sign_in: Callable[..., None]) -> None:
    sign_in(page, BOARD_MEMBER)
    plan = ImprovementPlan.objects.get(title=PLAN)

    for url in (f"/plans/{plan.pk}/", f"/dashboards/plans/{plan.pk}/"):
        _wide_tables_scroll_in_their_regions(page, url)

    # The dashboard's chart, on a phone: the horizontal bars, with labels of 13 pixels or more.
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 900})
    expect(page.locator("svg.app-chart").filter(visible=True)).to_have_count(1)
    narrow = page.locator("svg.app-chart--narrow")
    expect(narrow).to_be_visible()
    assert narrow.evaluate(_SMALLEST_TEXT) >= 13
    # On a desktop, the wide one.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator("svg.app-chart--wide")).to_be_visible()
    expect(narrow).to_be_hidden()


def test_a_services_performance_and_the_programme_table_fit_a_phone(
    page: Page, sign_in: Callable[..., None]
) -> None:
    """The performance pages at full width: each indicator's chart (wide on a desktop, narrow
    on a phone) above its figures, every period folded away and, opened, still within the
    screen and axe-clean; the programme's table of every member service scrolls in its own
    region."""
    sign_in(page, COORDINATOR)
    service = Organisation.objects.get(name="Northdale Youth Justice Service")
    programme = Programme.objects.get(short_name="YJSIP")

    goto(page, f"/performance/services/{service.pk}/")
    wide = page.locator("svg.app-chart--wide")
    expect(wide.first).to_be_visible()
    expect(page.locator("svg.app-chart--narrow").first).to_be_hidden()
    every_period = page.locator("details.govuk-details")
    expect(every_period.first).to_be_visible()
    for details in every_period.all():
        details.locator("summary").click()
        expect(details.locator("table.govuk-table")).to_be_visible()
    axe_check(page)
    reflow_check(page)
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 900})
    expect(page.locator("svg.app-chart--narrow").first).to_be_visible()
    expect(wide.first).to_be_hidden()
    page.set_viewport_size({"width": 1280, "height": 900})

    _wide_tables_scroll_in_their_regions(page, f"/performance/programmes/{programme.pk}/")
