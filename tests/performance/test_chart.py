"""The line chart's comparison series (core.charts.line_chart(comparisons=...)): each drawn
in its own dash pattern, named in a legend in words, each point titled, text escaped."""

from core.charts import line_chart


def test_comparison_series_are_named_and_titled():
    chart = str(
        line_chart(
            title="First-time entrants",
            description="Against the national figure.",
            points=[("Mar 2024", 120.0), ("Mar 2025", 100.0)],
            label="Testshire <YJS>",
            comparisons=[("England & Wales", [170.0, None]), ("South West", [160.0, 150.0])],
        )
    )
    assert "Testshire &lt;YJS&gt;" in chart
    assert "England &amp; Wales, Mar 2024: 170" in chart
    assert "South West, Mar 2025: 150" in chart
    assert chart.count("<polyline") == 2  # South West's line and the service's; one point alone
    assert 'stroke-dasharray="6 4"' in chart


def test_without_comparisons_the_chart_has_no_legend():
    chart = str(line_chart(title="t", description="d", points=[("a", 1.0), ("b", 2.0)]))
    assert "stroke-dasharray" not in chart
