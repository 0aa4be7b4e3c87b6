"""Measures of an item: name, unit, baseline and target, and dated actual values (one a date),
entered on their pages and shown on the plan page as a small chart with its table; the chart
itself (core.charts.line_chart) says what it shows in words."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core.charts import line_chart
from improvement.models import Measure, MeasureValue
from tests import factories
from tests.queries import queries_for_get

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

TODAY = timezone.localdate


def date_fields(name: str, value: datetime.date) -> dict:
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


def url(name: str, *args) -> str:
    return reverse(f"improvement:{name}", args=args)


def days_ago(days: int) -> datetime.date:
    return TODAY() - datetime.timedelta(days=days)


@pytest.fixture
def measure(plan):
    item = factories.RecommendationFactory(plan=plan, reference="1")
    return Measure.objects.create(
        recommendation=item,
        name="Cases audited",
        unit="%",
        baseline=Decimal(20),
        target=Decimal(80),
    )


def test_a_measure_is_added_changed_and_deleted_with_its_values(client, plan, lead):
    item = factories.RecommendationFactory(plan=plan)

    response = client.post(
        url("measure_add", plan.pk, item.pk),
        {"name": "Cases audited", "unit": "%", "baseline": "20", "target": "80.5"},
    )
    assert response.status_code == 302
    measure = Measure.objects.get(recommendation=item)
    assert (measure.name, measure.unit, measure.baseline, measure.target) == (
        "Cases audited",
        "%",
        Decimal(20),
        Decimal("80.5"),
    )
    assert measure.history.get().history_user == lead

    response = client.post(
        url("measure_edit", plan.pk, measure.pk),
        {"name": "Cases audited each quarter", "unit": "%", "baseline": "", "target": "90"},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.name, measure.baseline, measure.target) == (
        "Cases audited each quarter",
        None,
        Decimal(90),
    )

    MeasureValue.objects.create(measure=measure, recorded_on=days_ago(5), value=30)
    response = client.get(url("measure_delete", plan.pk, measure.pk))
    assert response.context["goes_with"] == ["1 value"]
    assert client.post(url("measure_delete", plan.pk, measure.pk)).status_code == 302
    assert (Measure.objects.count(), MeasureValue.objects.count()) == (0, 0)


def test_a_measure_needs_a_name_and_numbers(client, plan, lead):
    item = factories.RecommendationFactory(plan=plan)

    response = client.post(
        url("measure_add", plan.pk, item.pk), {"name": "", "baseline": "twenty", "target": ""}
    )

    assert response.context["form"].errors == {
        "name": ["Enter the name of the measure"],
        "baseline": ["Enter a number, like 45 or 45.5"],
    }


def test_values_are_added_changed_and_deleted(client, plan, lead, measure):
    response = client.post(
        url("measure_value_add", plan.pk, measure.pk),
        {"value": "35.5", **date_fields("recorded_on", days_ago(30))},
    )
    assert response.status_code == 302
    value = measure.values.get()
    assert (value.recorded_on, value.value) == (days_ago(30), Decimal("35.5"))

    response = client.post(
        url("measure_value_edit", plan.pk, value.pk),
        {"value": "36", **date_fields("recorded_on", days_ago(29))},
    )
    assert response.status_code == 302
    value.refresh_from_db()
    assert (value.recorded_on, value.value) == (days_ago(29), Decimal(36))

    assert client.post(url("measure_value_delete", plan.pk, value.pk)).status_code == 302
    assert not measure.values.exists()
    assert [r.history_type for r in MeasureValue.history.order_by("history_date")] == [
        "+",
        "~",
        "-",
    ]


def test_a_second_value_on_the_same_date_is_refused_clearly(client, plan, lead, measure):
    MeasureValue.objects.create(measure=measure, recorded_on=days_ago(10), value=30)
    other = MeasureValue.objects.create(measure=measure, recorded_on=days_ago(5), value=40)
    when = days_ago(10)
    expected = {
        "recorded_on": [
            f"The measure already has a value as at {when.day} {when:%B} {when.year}: "
            "change that one instead"
        ]
    }

    response = client.post(
        url("measure_value_add", plan.pk, measure.pk),
        {"value": "50", **date_fields("recorded_on", when)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == expected

    response = client.post(
        url("measure_value_edit", plan.pk, other.pk),
        {"value": "40", **date_fields("recorded_on", when)},
    )
    assert response.context["form"].errors == expected
    assert measure.values.count() == 2


def test_a_value_in_the_future_is_refused(client, plan, lead, measure):
    response = client.post(
        url("measure_value_add", plan.pk, measure.pk),
        {"value": "50", **date_fields("recorded_on", TODAY() + datetime.timedelta(days=1))},
    )

    assert response.context["form"].errors == {
        "recorded_on": ["The date of the value must be today or in the past"]
    }


def test_the_plan_page_shows_each_measure_as_a_chart_and_a_table(client, plan, lead, measure):
    for days, value in ((60, 25), (30, 40), (0, 55)):
        MeasureValue.objects.create(measure=measure, recorded_on=days_ago(days), value=value)

    response = client.get(url("plan", plan.pk))

    shown = response.context["recommendations"][0].measures.all()[0]
    assert [value.value for value in shown.points] == [25, 40, 55]
    page = response.content.decode()
    chart = str(shown.chart)
    assert chart in page
    assert "<title" in chart
    assert "Cases audited over time" in chart
    assert "3 values from" in chart
    assert "Baseline 20" in chart
    assert "Target 80" in chart
    assert chart.count("<circle") == 3
    assert "Values of Cases audited" in page
    assert url("measure_value_add", plan.pk, measure.pk) in page


def test_a_measure_without_values_has_no_chart(client, plan, lead, measure):
    response = client.get(url("plan", plan.pk))

    assert response.context["recommendations"][0].measures.all()[0].chart is None
    assert "No values yet." in response.content.decode()


def test_the_line_chart_marks_baseline_and_target_and_titles_every_point():
    chart = str(
        line_chart(
            title="Cases audited over time",
            description="Two values.",
            points=[("1 Jan 2026", 10.0), ("1 Feb 2026", 30.5)],
            baseline=5.0,
            target=50.0,
        )
    )

    assert chart.startswith('<svg xmlns="http://www.w3.org/2000/svg" role="img"')
    assert "<title id=" in chart
    assert "<desc id=" in chart
    assert "<title>1 Jan 2026: 10</title>" in chart
    assert "<title>1 Feb 2026: 30.5</title>" in chart
    assert "Baseline 5" in chart
    assert "Target 50" in chart
    assert "<polyline" in chart


def test_the_line_chart_escapes_what_it_is_given():
    chart = str(line_chart(title="<script>", description="&", points=[("<b>", 1.0)], baseline=None))

    assert "<script>" not in chart
    assert "&lt;script&gt;" in chart
    assert "<b>" not in chart


def test_the_plan_runs_the_same_queries_for_one_measure_and_three(client, plan, lead, measure):
    MeasureValue.objects.create(measure=measure, recorded_on=days_ago(1), value=30)
    page = url("plan", plan.pk)
    one = queries_for_get(client, page)

    for number in range(2):
        item = factories.RecommendationFactory(plan=plan, reference=str(number + 2))
        more = Measure.objects.create(recommendation=item, name=f"Measure {number}")
        for days in (1, 2, 3):
            MeasureValue.objects.create(measure=more, recorded_on=days_ago(days), value=days)

    assert queries_for_get(client, page) == one
