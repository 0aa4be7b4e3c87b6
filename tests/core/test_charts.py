"""The SVG charts (core/charts.py) read on a phone: the charts meant for narrow screens are
drawn NARROW_WIDTH units wide with text LABEL_SIZE units high, so that on a 320-pixel-wide
phone (some 290 pixels for the chart) every label is at least 13 CSS pixels; and the plan
dashboard shows its chart both ways, the wide one for wide screens. A line chart given the
full width of a page is drawn both ways too, and no word of it reaches past its edge."""

import datetime
import re
from itertools import pairwise

from core.charts import (
    LABEL_SIZE,
    NARROW_WIDTH,
    WIDE_WIDTH,
    Series,
    horizontal_stacked_bar_chart,
    line_chart,
    line_chart_for_screens,
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


# Wider than Arial draws most text (its widest digits and letters aside): an estimate that
# errs on the side of room.
CHARACTER_WIDTH = 0.6


def texts(svg: str) -> list[tuple[float, str, str]]:
    """Each text of the chart: where it is anchored, how (start, middle, end) and its words."""
    found = []
    for x, attributes, words in re.findall(r'<text x="([\d.]+)"([^>]*)>([^<]*)</text>', svg):
        anchor = re.search(r'text-anchor="(\w+)"', attributes)
        found.append((float(x), anchor.group(1) if anchor else "start", words))
    return found


def extent(x: float, anchor: str, words: str) -> tuple[float, float]:
    """From where to where a text reaches, left to right."""
    size = len(words) * CHARACTER_WIDTH * LABEL_SIZE
    start = {"start": x, "middle": x - size / 2, "end": x - size}[anchor]
    return start, start + size


def assert_every_word_inside(svg: str) -> None:
    width = viewbox_width(svg)
    for x, anchor, words in texts(svg):
        start, end = extent(x, anchor, words)
        assert start >= 0, f"{words!r} reaches past the left edge"
        assert end <= width, f"{words!r} reaches past the right edge"


def assert_apart(svg: str, labels: list[str]) -> None:
    """The points named under the axis do not touch one another."""
    named = [extent(*text) for text in texts(svg) if text[2] in labels]
    assert named, "No point is named"
    for (_start, end), (start, _end) in pairwise(named):
        assert end < start, "Two of the axis's labels touch"


LONG_NAME = "Statistical neighbours of Northdale Youth Justice Service"
QUARTERS = [f"{month} {year}" for year in range(2020, 2026) for month in ("Mar", "Jun", "Sep")]


def test_a_line_charts_legend_goes_on_more_lines_rather_than_past_the_edge():
    chart = str(
        line_chart(
            title="First-time entrants",
            description="Against the comparators",
            points=[(quarter, 150.0 + index) for index, quarter in enumerate(QUARTERS)],
            label="Northdale Youth Justice Service",
            comparisons=[("England and Wales", [190.0] * len(QUARTERS)), (LONG_NAME, [170.0])],
        )
    )

    assert_every_word_inside(chart)
    assert_apart(chart, QUARTERS)
    legend = [words for x, _anchor, words in texts(chart) if x == 48]
    assert " ".join(legend).endswith(f"England and Wales {LONG_NAME}")
    assert len(legend) > 3  # the long names on more than one line each


def test_a_line_chart_for_the_full_width_is_drawn_wide_and_narrow():
    both = str(
        line_chart_for_screens(
            title="Reoffending",
            description="Each quarter",
            points=[(quarter, 192.4 - index) for index, quarter in enumerate(QUARTERS)],
            label="Testshire",
            comparisons=[(LONG_NAME, [100.0] * len(QUARTERS))],
        )
    )
    wide, narrow = (f"<svg {svg}" for svg in both.split("<svg ")[1:])

    assert 'class="app-chart app-chart--wide"' in wide
    assert 'class="app-chart app-chart--narrow"' in narrow
    assert viewbox_width(wide) == WIDE_WIDTH
    assert viewbox_width(narrow) == NARROW_WIDTH
    assert smallest_text_on_a_phone(narrow) >= 13
    for chart in (wide, narrow):
        assert_every_word_inside(chart)
        assert_apart(chart, QUARTERS)
        assert LONG_NAME in " ".join(words for _x, _anchor, words in texts(chart))
    # The scale in round numbers; the wide chart names more of the quarters, the first
    # and the last always.
    scale = [words for _x, anchor, words in texts(wide) if anchor == "end" and words.isdigit()]
    assert scale == ["0", "50", "100", "150", "200"]
    named = [words for _x, anchor, words in texts(wide) if words in QUARTERS]
    assert named[0] == QUARTERS[0]
    assert named[-1] == QUARTERS[-1]
    assert len(named) > len([words for _x, _a, words in texts(narrow) if words in QUARTERS])


def test_a_small_line_charts_dates_and_marks_stay_inside_and_apart():
    """A measure's chart on an improvement plan: a few dated values, the baseline and the
    target named on the right."""
    dates = ["26 Jan 2026", "20 Apr 2026", "20 Jul 2026", "23 Oct 2026"]
    chart = str(
        line_chart(
            title="Cases audited",
            description="Four values",
            points=[(date, 56.0 + 5 * index) for index, date in enumerate(dates)],
            baseline=54,
            target=75,
        )
    )

    assert_every_word_inside(chart)
    assert_apart(chart, dates)
    assert ">Baseline 54</text>" in chart
    assert ">Target 75</text>" in chart
