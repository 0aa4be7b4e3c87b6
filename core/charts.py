"""Server-side SVG charts: no JavaScript, nothing inline that the Content Security Policy
would refuse (colours are SVG presentation attributes, not style attributes).

Every chart is an <svg role="img"> with a <title> and <desc>, a legend in words beside the
colours, and is meant to be shown next to a table with the same numbers.

An SVG scales with the width it is given, its text with it: on a phone (320 CSS pixels wide,
some 290 for the chart) a 720-unit-wide chart would shrink 11-unit labels to 4 pixels. So the
web pages show a stacked bar chart twice: the wide one from tablet width up, and below that
the same numbers as horizontal bars (horizontal_stacked_bar_chart), drawn NARROW_WIDTH units
wide with text of at least LABEL_SIZE units, which a phone shows at nearly the same size.
The line chart is drawn that narrow to begin with. PDFs, printed on A4, use the wide one."""

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

_ids = count(1)
# The most categories a chart names under their bars (see stacked_bar_chart).
MAX_LABELS = 12
# The width, in SVG units, of the charts meant for narrow screens, and the smallest text in
# them: about 13.5 CSS pixels on a 320-pixel-wide phone.
NARROW_WIDTH = 300
LABEL_SIZE = 14
# A line chart's own line, and its comparison lines (colour, dash pattern), told apart by
# their dashes as well as their colours; and the height of a row of its legend.
MAIN_LINE = ("#1d70b8", "none")
COMPARISON_LINES = [
    ("#0b0c0c", "6 4"),
    ("#505a5f", "2 3"),
    ("#912b88", "10 3 2 3"),
    ("#d53880", "12 6"),
    ("#00703c", "3 6"),
]
LEGEND_ROW = 20


@dataclass(frozen=True)
class Series:
    """One layer of a stacked bar chart: its name (shown in the legend), colour and values,
    one per category."""

    label: str
    colour: str
    values: list[int]


def stacked_bar_chart(
    *,
    title: str,
    description: str,
    categories: list[str],
    series: list[Series],
    width: int = 720,
    height: int = 300,
    css_class: str = "app-chart",
) -> SafeString:
    """A vertical stacked bar chart, one bar per category, the series stacked bottom up.
    Beyond MAX_LABELS categories, only every so many is named under its bar (always the
    last), so that the names do not overlap; each bar's segments still name theirs.
    `css_class` is the <svg>'s class: a page showing horizontal_stacked_bar_chart on narrow
    screens gives "app-chart app-chart--wide"."""
    chart_id = f"chart-{next(_ids)}"
    left, right, top, bottom = 40, 10, 10, 70
    plot_width, plot_height = width - left - right, height - top - bottom
    totals = [sum(s.values[index] for s in series) for index in range(len(categories))]
    highest = max(totals, default=0) or 1
    slot = plot_width / max(len(categories), 1)
    bar = slot * 0.7
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {} {}" '
            'width="100%" class="{}" aria-labelledby="{}-title {}-desc">'
            '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
            width,
            height,
            css_class,
            chart_id,
            chart_id,
            chart_id,
            title,
            chart_id,
            description,
        ),
        # Axes and the highest value, for scale.
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#0b0c0c" stroke-width="1"/>'
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#0b0c0c" stroke-width="1"/>'
            '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="#0b0c0c">{}</text>'
            '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="#0b0c0c">0</text>',
            left,
            top,
            left,
            top + plot_height,
            left,
            top + plot_height,
            left + plot_width,
            top + plot_height,
            left - 4,
            top + 12,
            highest,
            left - 4,
            top + plot_height,
        ),
    ]
    every = -(-len(categories) // MAX_LABELS)  # the ceiling of the division
    for index, category in enumerate(categories):
        x = left + slot * index + (slot - bar) / 2
        y = top + plot_height
        for layer in series:
            value = layer.values[index]
            if not value:
                continue
            size = plot_height * value / highest
            y -= size
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#ffffff" '
                    'stroke-width="1"><title>{}: {} {}</title></rect>',
                    f"{x:.1f}",
                    f"{y:.1f}",
                    f"{bar:.1f}",
                    f"{size:.1f}",
                    layer.colour,
                    category,
                    value,
                    layer.label,
                )
            )
        if (len(categories) - 1 - index) % every:
            continue
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#0b0c0c">{}</text>',
                f"{x + bar / 2:.1f}",
                top + plot_height + 16,
                category,
            )
        )
    # The legend: each colour with its word.
    legend_y = height - 24
    for index, layer in enumerate(series):
        legend_x = left + index * 150
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="14" height="14" fill="{}" stroke="#0b0c0c" '
                'stroke-width="1"/>'
                '<text x="{}" y="{}" font-size="13" fill="#0b0c0c">{}</text>',
                legend_x,
                legend_y,
                layer.colour,
                legend_x + 20,
                legend_y + 12,
                layer.label,
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - every part escaped


def horizontal_stacked_bar_chart(
    *, title: str, description: str, categories: list[str], series: list[Series]
) -> SafeString:
    """The same chart as stacked_bar_chart, for narrow screens: one horizontal bar per
    category, top down, named on its left and its total on its right, the series stacked
    left to right and the legend below, one series a line. NARROW_WIDTH units wide, as tall
    as its categories need, every text LABEL_SIZE units high. Its <svg> has the class
    "app-chart app-chart--narrow", for the page to show it only where the wide one would
    be too small to read."""
    chart_id = f"chart-{next(_ids)}"
    width, row, bar, gap = NARROW_WIDTH, 26, 18, 8
    left, right, top = 78, 34, 4
    plot_width = width - left - right
    totals = [sum(s.values[index] for s in series) for index in range(len(categories))]
    highest = max(totals, default=0) or 1
    legend_top = top + row * len(categories) + gap * 2
    height = legend_top + (LABEL_SIZE + gap) * len(series)
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {} {}" '
            'width="100%" class="app-chart app-chart--narrow" aria-labelledby="{}-title {}-desc">'
            '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#0b0c0c" stroke-width="1"/>',
            width,
            height,
            chart_id,
            chart_id,
            chart_id,
            title,
            chart_id,
            description,
            left,
            top,
            left,
            top + row * len(categories),
        )
    ]
    for index, category in enumerate(categories):
        y = top + row * index + (row - bar) / 2
        x = left
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="{}" text-anchor="end" fill="#0b0c0c">{}</text>',
                left - 6,
                f"{y + bar - 4:.1f}",
                LABEL_SIZE,
                category,
            )
        )
        for layer in series:
            value = layer.values[index]
            if not value:
                continue
            size = plot_width * value / highest
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#ffffff" '
                    'stroke-width="1"><title>{}: {} {}</title></rect>',
                    f"{x:.1f}",
                    f"{y:.1f}",
                    f"{size:.1f}",
                    bar,
                    layer.colour,
                    category,
                    value,
                    layer.label,
                )
            )
            x += size
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="{}" fill="#0b0c0c">{}</text>',
                f"{x + 4:.1f}",
                f"{y + bar - 4:.1f}",
                LABEL_SIZE,
                totals[index],
            )
        )
    for index, layer in enumerate(series):
        legend_y = legend_top + (LABEL_SIZE + gap) * index
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="14" height="14" fill="{}" stroke="#0b0c0c" '
                'stroke-width="1"/>'
                '<text x="{}" y="{}" font-size="{}" fill="#0b0c0c">{}</text>',
                left,
                legend_y,
                layer.colour,
                left + 20,
                legend_y + 12,
                LABEL_SIZE,
                layer.label,
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - every part escaped


def line_chart(
    *,
    title: str,
    description: str,
    points: list[tuple[str, float]],
    baseline: float | None = None,
    target: float | None = None,
    baseline_label: str = "Baseline",
    target_label: str = "Target",
    width: int = NARROW_WIDTH,
    height: int = 200,
    label: str = "",
    comparisons: Sequence[tuple[str, Sequence[float | None]]] = (),
) -> SafeString:
    """A small line chart of dated values (`points`, each its label and value, in order), with
    the baseline and the target as labelled dashed lines across it. Each point has its own
    title (its label and value) and the lines their words, so nothing is told by colour
    alone. Narrow, with text LABEL_SIZE units high, so that it reads on a phone; the page
    keeps it from growing wider than twice that (.app-chart--small).

    `comparisons` are other series over the same labels (a value per point, None where there
    is none), each drawn in its own dash pattern and named, with `label` for the main line, in
    a legend below the chart."""
    chart_id = f"chart-{next(_ids)}"
    legend = [(label, *MAIN_LINE)] if comparisons else []
    legend += [
        (name, *COMPARISON_LINES[index % len(COMPARISON_LINES)])
        for index, (name, _values) in enumerate(comparisons)
    ]
    legend_height = LEGEND_ROW * len(legend)
    height += legend_height
    left, right, top, bottom = 48, 96, 12, 36 + legend_height
    plot_width, plot_height = width - left - right, height - top - bottom
    numbers = (
        [value for _label, value in points]
        + [value for value in (baseline, target) if value is not None]
        + [value for _name, values in comparisons for value in values if value is not None]
    )
    lowest = min([0.0, *numbers])
    highest = max(numbers, default=0.0)
    if highest <= lowest:
        highest = lowest + 1

    def y_of(value: float) -> float:
        return top + plot_height - plot_height * (value - lowest) / (highest - lowest)

    def x_of(index: int) -> float:
        if len(points) == 1:
            return left + plot_width / 2
        return left + plot_width * index / (len(points) - 1)

    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {} {}" '
            'width="100%" class="app-chart app-chart--small" aria-labelledby="{}-title {}-desc">'
            '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
            width,
            height,
            chart_id,
            chart_id,
            chart_id,
            title,
            chart_id,
            description,
        ),
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#0b0c0c" stroke-width="1"/>'
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#0b0c0c" stroke-width="1"/>'
            '<text x="{}" y="{}" font-size="{}" text-anchor="end" fill="#0b0c0c">{}</text>'
            '<text x="{}" y="{}" font-size="{}" text-anchor="end" fill="#0b0c0c">{}</text>',
            left,
            top,
            left,
            top + plot_height,
            left,
            top + plot_height,
            left + plot_width,
            top + plot_height,
            left - 4,
            top + LABEL_SIZE,
            LABEL_SIZE,
            _number(highest),
            left - 4,
            top + plot_height,
            LABEL_SIZE,
            _number(lowest),
        ),
    ]
    marks = ((baseline, baseline_label, "#505a5f"), (target, target_label, "#00703c"))
    for value, word, colour in marks:
        if value is None:
            continue
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2" '
                'stroke-dasharray="6 4"/>'
                '<text x="{}" y="{}" font-size="{}" fill="{}">{} {}</text>',
                left,
                f"{y_of(value):.1f}",
                left + plot_width,
                f"{y_of(value):.1f}",
                colour,
                left + plot_width + 4,
                f"{y_of(value) + 4:.1f}",
                LABEL_SIZE,
                colour,
                word,
                _number(value),
            )
        )
    for (name, values), (_name, colour, dashes) in zip(comparisons, legend[1:], strict=True):
        drawn = [(index, value) for index, value in enumerate(values) if value is not None]
        if len(drawn) > 1:
            parts.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="2" '
                    'stroke-dasharray="{}"/>',
                    " ".join(f"{x_of(index):.1f},{y_of(value):.1f}" for index, value in drawn),
                    colour,
                    dashes,
                )
            )
        for index, value in drawn:
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="6" height="6" fill="{}">'
                    "<title>{}, {}: {}</title></rect>",
                    f"{x_of(index) - 3:.1f}",
                    f"{y_of(value) - 3:.1f}",
                    colour,
                    name,
                    points[index][0] if index < len(points) else "",
                    _number(value),
                )
            )
    if len(points) > 1:
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="#1d70b8" stroke-width="3"/>',
                " ".join(
                    f"{x_of(index):.1f},{y_of(value):.1f}"
                    for index, (_label, value) in enumerate(points)
                ),
            )
        )
    for index, (label, value) in enumerate(points):
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="4" fill="#1d70b8"><title>{}: {}</title></circle>',
                f"{x_of(index):.1f}",
                f"{y_of(value):.1f}",
                label,
                _number(value),
            )
        )
    if points:
        for index in sorted({0, len(points) - 1}):
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="{}" text-anchor="middle" '
                    'fill="#0b0c0c">{}</text>',
                    f"{x_of(index):.1f}",
                    top + plot_height + 18,
                    LABEL_SIZE,
                    points[index][0],
                )
            )
    for row, (name, colour, dashes) in enumerate(legend):
        y = top + plot_height + 36 + LABEL_SIZE + row * LEGEND_ROW
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3" '
                'stroke-dasharray="{}"/>'
                '<text x="{}" y="{}" font-size="{}" fill="#0b0c0c">{}</text>',
                8,
                y - 4,
                40,
                y - 4,
                colour,
                dashes,
                48,
                y,
                LABEL_SIZE,
                name,
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - every part escaped


def _number(value: float) -> str:
    """A value as people write it: no trailing zeros after the point."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


__all__ = [
    "LABEL_SIZE",
    "NARROW_WIDTH",
    "Series",
    "horizontal_stacked_bar_chart",
    "line_chart",
    "stacked_bar_chart",
]
