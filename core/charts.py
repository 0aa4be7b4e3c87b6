"""Server-side SVG charts: no JavaScript, nothing inline that the Content Security Policy
would refuse (colours are SVG presentation attributes, not style attributes).

Every chart is an <svg role="img"> with a <title> and <desc>, a legend in words beside the
colours, and is meant to be shown next to a table with the same numbers.

An SVG scales with the width it is given, its text with it: on a phone (320 CSS pixels wide,
some 290 for the chart) a 720-unit-wide chart would shrink 11-unit labels to 4 pixels. So the
web pages show a stacked bar chart twice: the wide one from tablet width up, and below that
the same numbers as horizontal bars (horizontal_stacked_bar_chart), drawn NARROW_WIDTH units
wide with text of at least LABEL_SIZE units, which a phone shows at nearly the same size.
The line chart is drawn that narrow to begin with; a page that gives it the full width shows
it twice too (line_chart_for_screens), WIDE_WIDTH units wide from desktop width up. PDFs,
printed on A4, use the wide stacked bar chart."""

import math
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
# Where a line chart's legend puts its words; and about how wide a character is, as a share
# of the text's height (Arial's widest digits and most letters are narrower), to keep words
# inside the chart.
LEGEND_TEXT_X = 48
CHARACTER_WIDTH = 0.6
# The width, in SVG units, of a line chart drawn for the full width of a desktop page
# (line_chart_for_screens): some 960 CSS pixels, so its text is about 18 pixels high.
WIDE_WIDTH = 720


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
    label: str = "",
    comparisons: Sequence[tuple[str, Sequence[float | None]]] = (),
    size: str = "small",
) -> SafeString:
    """A line chart of dated values (`points`, each its label and value, in order), with
    the baseline and the target as labelled dashed lines across it. Each point has its own
    title (its label and value) and the lines their words, so nothing is told by colour
    alone.

    `comparisons` are other series over the same labels (a value per point, None where there
    is none), each drawn in its own dash pattern and named, with `label` for the main line, in
    a legend below the chart; a name too long for one line goes on as many as it needs.

    `size` is "small" (the default): NARROW_WIDTH units wide, with text LABEL_SIZE units
    high, so that it reads on a phone; the page keeps it from growing wider than 1.5 times
    that (.app-chart--small). A page wide enough for more shows the chart twice
    (line_chart_for_screens): "wide", WIDE_WIDTH units wide and taller, from desktop width
    up, and "narrow", the small drawing, below it."""
    chart_id = f"chart-{next(_ids)}"
    width, height = (WIDE_WIDTH, 300) if size == "wide" else (NARROW_WIDTH, 200)
    legend = [(label, *MAIN_LINE)] if comparisons else []
    legend += [
        (name, *COMPARISON_LINES[index % len(COMPARISON_LINES)])
        for index, (name, _values) in enumerate(comparisons)
    ]
    # The legend's words start at LEGEND_TEXT_X and stop short of the right edge.
    legend_lines = [
        _lines(name, (width - LEGEND_TEXT_X - 8) / (CHARACTER_WIDTH * LABEL_SIZE))
        for name, _colour, _dashes in legend
    ]
    legend_height = LEGEND_ROW * sum(len(lines) for lines in legend_lines)
    height += legend_height
    numbers = (
        [value for _label, value in points]
        + [value for value in (baseline, target) if value is not None]
        + [value for _name, values in comparisons for value in values if value is not None]
    )
    lowest, highest = min([0.0, *numbers]), max(numbers, default=0.0)
    scale = _scale(lowest, max(highest, lowest + 1), 5 if size == "wide" else 3)
    lowest, highest = scale[0], scale[-1]
    marks = [
        (value, f"{word} {_number(value)}", colour)
        for value, word, colour in (
            (baseline, baseline_label, "#505a5f"),
            (target, target_label, "#00703c"),
        )
        if value is not None
    ]
    # Room on the left for the scale's numbers, on the right for the marks' words.
    left = max(48, max(_text_width(_number(value)) for value in scale) + 8)
    right = max([16, *(_text_width(words) + 8 for _value, words, _colour in marks)])
    top, bottom = 12, 36 + legend_height
    plot_width, plot_height = width - left - right, height - top - bottom

    def y_of(value: float) -> float:
        return top + plot_height - plot_height * (value - lowest) / (highest - lowest)

    def x_of(index: int) -> float:
        if len(points) == 1:
            return left + plot_width / 2
        return left + plot_width * index / (len(points) - 1)

    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {} {}" '
            'width="100%" class="app-chart app-chart--{}" aria-labelledby="{}-title {}-desc">'
            '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
            width,
            height,
            size,
            chart_id,
            chart_id,
            chart_id,
            title,
            chart_id,
            description,
        ),
    ]
    # The scale: each of its round numbers named, with a faint line across the plot.
    for value in scale:
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#b1b4b6" stroke-width="1"/>'
                '<text x="{}" y="{}" font-size="{}" text-anchor="end" fill="#0b0c0c">{}</text>',
                f"{left:.1f}",
                f"{y_of(value):.1f}",
                f"{left + plot_width:.1f}",
                f"{y_of(value):.1f}",
                f"{left - 4:.1f}",
                f"{y_of(value) + 5:.1f}",
                LABEL_SIZE,
                _number(value),
            )
        )
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#0b0c0c" stroke-width="1"/>'
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#0b0c0c" stroke-width="1"/>',
            f"{left:.1f}",
            top,
            f"{left:.1f}",
            top + plot_height,
            f"{left:.1f}",
            top + plot_height,
            f"{left + plot_width:.1f}",
            top + plot_height,
        )
    )
    for value, words, colour in marks:
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2" '
                'stroke-dasharray="6 4"/>'
                '<text x="{}" y="{}" font-size="{}" fill="{}">{}</text>',
                f"{left:.1f}",
                f"{y_of(value):.1f}",
                f"{left + plot_width:.1f}",
                f"{y_of(value):.1f}",
                colour,
                f"{left + plot_width + 4:.1f}",
                f"{y_of(value) + 4:.1f}",
                LABEL_SIZE,
                colour,
                words,
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
    for index, anchor in _axis_labels([label for label, _value in points], left, plot_width, right):
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="{}" text-anchor="{}" fill="#0b0c0c">{}</text>',
                f"{x_of(index):.1f}",
                top + plot_height + 18,
                LABEL_SIZE,
                anchor,
                points[index][0],
            )
        )
    y = top + plot_height + 36 + LABEL_SIZE
    for lines, (_name, colour, dashes) in zip(legend_lines, legend, strict=True):
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3" '
                'stroke-dasharray="{}"/>',
                8,
                y - 4,
                40,
                y - 4,
                colour,
                dashes,
            )
        )
        for line in lines:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="{}" fill="#0b0c0c">{}</text>',
                    LEGEND_TEXT_X,
                    y,
                    LABEL_SIZE,
                    line,
                )
            )
            y += LEGEND_ROW
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 - every part escaped


def line_chart_for_screens(**chart) -> SafeString:
    """The line chart for a page that gives it the full width: drawn wide for desktop
    screens and narrow for smaller ones (line_chart's `size`); the page's stylesheet shows
    one or the other by the screen's width, as it does the stacked bar charts."""
    return mark_safe(  # noqa: S308 - two charts, each escaped
        str(line_chart(**chart, size="wide")) + str(line_chart(**chart, size="narrow"))
    )


def _scale(lowest: float, highest: float, steps: int) -> list[float]:
    """Round numbers from at most `lowest` to at least `highest`, about `steps` apart: each
    step 1, 2 or 5 times a power of ten, and never less than 0.01 (the numbers are shown to
    two decimal places at most)."""
    rough = max(highest - lowest, 0.01) / steps
    power = 10 ** math.floor(math.log10(rough))
    step = max(next(m * power for m in (1, 2, 5, 10) if m * power >= rough), 0.01)
    first, last = math.floor(lowest / step + 1e-9), math.ceil(highest / step - 1e-9)
    if last <= first:
        last = first + 1
    return [round(index * step, 10) for index in range(first, last + 1)]


def _text_width(text: str) -> float:
    """About how wide a text LABEL_SIZE units high is drawn, in SVG units (generously)."""
    return len(text) * CHARACTER_WIDTH * LABEL_SIZE


def _lines(text: str, characters: float) -> list[str]:
    """The text broken between words into lines of at most `characters` characters (a word
    longer than that has a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= characters:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def _axis_labels(
    labels: list[str], left: float, plot_width: float, right: float
) -> list[tuple[int, str]]:
    """Which points to name under the axis, each with its text-anchor: the first and the last
    always, and every so many back from the last, as many as fit side by side. Each is
    centred on its point, but the first and the last are drawn inwards from theirs where the
    margin beside them (`left`, `right`) is too narrow, so that no label reaches past the
    chart's edge; and if the two alone would touch, only the last is named."""
    if not labels:
        return []
    if len(labels) == 1:
        return [(0, "middle")]
    widths = [_text_width(label) for label in labels]
    # A label in the middle reaches half its width each side; one at an end, its whole
    # width inwards: so labels a width and a half apart, and a little more, never touch.
    room = 1.5 * max(widths) + 16
    fit = max(2, int(plot_width // room))
    step = -(-(len(labels) - 1) // (fit - 1))  # the ceiling of the division
    chosen = sorted({0, *range(len(labels) - 1, 0, -step)})
    # The first point is named too: the label after it goes if it would touch.
    if len(chosen) > 2 and chosen[1] * plot_width / (len(labels) - 1) < room:
        del chosen[1]
    last = len(labels) - 1
    first_anchor = "middle" if left >= widths[0] / 2 else "start"
    last_anchor = "middle" if right >= widths[last] / 2 else "end"
    if len(chosen) == 2:
        first_reach = widths[0] / 2 if first_anchor == "middle" else widths[0]
        last_reach = widths[last] / 2 if last_anchor == "middle" else widths[last]
        if first_reach + last_reach + 8 > plot_width:
            return [(last, last_anchor)]
    anchors = {0: first_anchor, last: last_anchor}
    return [(index, anchors.get(index, "middle")) for index in chosen]


def _number(value: float) -> str:
    """A value as people write it: no trailing zeros after the point."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


__all__ = [
    "LABEL_SIZE",
    "NARROW_WIDTH",
    "WIDE_WIDTH",
    "Series",
    "horizontal_stacked_bar_chart",
    "line_chart",
    "line_chart_for_screens",
    "stacked_bar_chart",
]
