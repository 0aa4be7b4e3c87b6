"""Server-side SVG charts: no JavaScript, nothing inline that the Content Security Policy
would refuse (colours are SVG presentation attributes, not style attributes).

Every chart is an <svg role="img"> with a <title> and <desc>, a legend in words beside the
colours, and is meant to be shown next to a table with the same numbers."""

from dataclasses import dataclass
from itertools import count

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

_ids = count(1)
# The most categories a chart names under their bars (see stacked_bar_chart).
MAX_LABELS = 12


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
) -> SafeString:
    """A vertical stacked bar chart, one bar per category, the series stacked bottom up.
    Beyond MAX_LABELS categories, only every so many is named under its bar (always the
    last), so that the names do not overlap; each bar's segments still name theirs."""
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
            'width="100%" class="app-chart" aria-labelledby="{}-title {}-desc">'
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


__all__ = ["Series", "stacked_bar_chart"]
