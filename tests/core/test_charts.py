"""The SVG charts (core/charts.py) read on a phone: the charts meant for narrow screens are
drawn NARROW_WIDTH units wide with text LABEL_SIZE units high, so that on a 320-pixel-wide
phone (some 290 pixels for the chart) every label is at least 13 CSS pixels; and the plan
dashboard shows its chart both ways, the wide one for wide screens."""

import datetime
import re

from core.charts import (
    LABEL_SIZE,
    NARROW_WIDTH,
    Series,
    horizontal_stacked_bar_chart,
    line_chart,
    stacked_bar_chart,
)
from improvement.dashboards import PlanDashboard, history_chart

# The width a chart has on a 320-pixel-wide phone: the page's 15-pixel margins taken off.
PHONE_CHART_WIDTH = 290


def viewbox_width(svg: str) -> float:
    return float(re.search(r'viewBox="0 0 ([\d.]+) [\d.]+"', svg).group(1))


def smallest_text_on_a_phone(svg: str) -> float:
    """The smallest font size in the chart, in CSS pixels, once scaled to a phone's width."""
    sizes = [float(size) for size in re.findall(r'<text [^>]*font-size="([\d.]+)"', svg)]
    assert sizes, "The chart has no text"
    return min(sizes) * PHONE_CHART_WIDTH / viewbox_width(svg)


SERIES = [Series("Red", "#d4351c", [1, 0, 2]), Series("No update", "#505a5f", [3, 4, 0])]
MONTHS = ["May 2027", "Jun 2027", "Jul 2027"]


def test_the_horizontal_bar_chart_reads_at_13_pixels_on_a_phone():
    chart = str(
        horizontal_stacked_bar_chart(
            title="RAG ratings", description="Each month", categories=MONTHS, series=SERIES
        )
    )

    assert viewbox_width(chart) == NARROW_WIDTH
    assert smallest_text_on_a_phone(chart) >= 13
    assert 'class="app-chart app-chart--narrow"' in chart
    # Each month named, with its total, and each segment titled with its number and words.
    for month, total in zip(MONTHS, (4, 4, 2), strict=True):
        assert f">{month}</text>" in chart
        assert f">{total}</text>" in chart
    assert "<title>May 2027: 3 No update</title>" in chart
    assert "<title>Jun 2027: 0 Red</title>" not in chart
    assert f'font-size="{LABEL_SIZE}" fill="#0b0c0c">No update</text>' in chart


def test_the_line_chart_reads_at_13_pixels_on_a_phone():
    chart = str(
        line_chart(
            title="Reoffending",
            description="Each quarter",
            points=[("Q1 2027", 12.5), ("Q2 2027", 10.0)],
            baseline=14,
            target=8,
        )
    )

    assert viewbox_width(chart) == NARROW_WIDTH
    assert smallest_text_on_a_phone(chart) >= 13


def test_the_wide_chart_alone_would_be_unreadable_on_a_phone():
    """Why the narrow chart exists: the wide one's labels shrink below 5 pixels."""
    chart = str(stacked_bar_chart(title="t", description="d", categories=MONTHS, series=SERIES))

    assert smallest_text_on_a_phone(chart) < 5


def test_the_dashboard_page_gets_the_chart_both_ways_and_the_board_pack_the_wide_one():
    dashboard = PlanDashboard(
        now={},
        over_time=[
            (datetime.date(2027, 6, 30), {"red": 1, "amber": 0, "green": 2, "none": 0}),
            (datetime.date(2027, 7, 14), {"red": 0, "amber": 1, "green": 2, "none": 0}),
        ],
    )

    for_screens = str(history_chart(dashboard, for_screens=True))
    for_paper = str(history_chart(dashboard))

    assert for_screens.count("<svg ") == 2
    assert 'class="app-chart app-chart--wide"' in for_screens
    assert 'class="app-chart app-chart--narrow"' in for_screens
    assert for_paper.count("<svg ") == 1
    assert 'class="app-chart"' in for_paper
