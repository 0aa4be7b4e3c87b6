"""The demo's performance figures: every demo youth justice service and its comparators have
six years of official quarterly figures for the four indicators, ending at the latest period
released by today; Northdale has local figures for the quarters since; seeding again adds
nothing; the figures are worked out from the name and period, the same every run."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.enums import OrganisationKind
from accounts.models import Organisation
from performance import demo
from performance.enums import ComparatorKind, Provenance
from performance.models import Comparator, Indicator, IndicatorValue, ReleaseImport

pytestmark = pytest.mark.django_db


@pytest.mark.dates
def test_demo_figures_end_at_the_latest_release_and_reseed_idempotently(demo_world):
    today = timezone.localdate()
    indicators = list(Indicator.objects.all())
    services = Organisation.objects.filter(kind=OrganisationKind.YOUTH_JUSTICE_SERVICE)
    comparators = Comparator.objects.all()
    assert comparators.filter(kind=ComparatorKind.NATIONAL).count() == 1
    assert comparators.filter(kind=ComparatorKind.STATISTICAL_NEIGHBOURS).count() == len(services)
    assert set(comparators.filter(kind=ComparatorKind.REGION).values_list("region", flat=True)) == (
        set(services.values_list("region", flat=True))
    )
    official = IndicatorValue.objects.filter(provenance=Provenance.OFFICIAL)
    assert official.count() == len(indicators) * (len(services) + comparators.count()) * 24
    for indicator in indicators:
        latest = demo.latest_released(indicator, today)
        assert latest <= today
        ends = official.filter(indicator=indicator).values_list("period_end", flat=True)
        assert max(ends) == latest
        assert min(ends) == demo._add_months(latest, -3 * 23)
        for service in services:
            assert official.filter(indicator=indicator, organisation=service).count() == 24
    local = IndicatorValue.objects.filter(provenance=Provenance.LOCAL)
    assert set(local.values_list("organisation__name", flat=True)) == {demo.LOCAL_SERVICE}
    assert local.exists()
    for value in local.select_related("indicator"):
        assert value.period_end > demo.latest_released(value.indicator, today)
        assert value.period_end <= today
    assert ReleaseImport.objects.count() == 2
    counts = (IndicatorValue.objects.count(), Comparator.objects.count())
    demo.seed(password="x")
    assert (IndicatorValue.objects.count(), Comparator.objects.count()) == counts
    assert ReleaseImport.objects.count() == 2


def test_a_figure_is_worked_out_from_the_name_and_period():
    fte = Indicator.objects.get(code="yj-first-time-entrants")
    end = datetime.date(2023, 3, 31)
    first = demo.figure(fte, "Northdale Youth Justice Service", end)
    assert first == demo.figure(fte, "Northdale Youth Justice Service", end)
    assert first != demo.figure(fte, "Westmere Youth Justice Service", end)
    # A rate per 100,000 of the population, from its numerator and denominator.
    expected = first["numerator"] * 100_000 / first["denominator"]
    assert first["value"] == expected.quantize(Decimal("0.0001"))
    assert 80 < first["value"] < 300


@pytest.mark.parametrize(
    ("day", "end"),
    [
        (datetime.date(2026, 12, 3), datetime.date(2026, 9, 30)),
        (datetime.date(2026, 9, 30), datetime.date(2026, 9, 30)),
        (datetime.date(2026, 1, 15), datetime.date(2025, 12, 31)),
    ],
)
def test_the_quarter_ending_by_a_day(day, end):
    assert demo.quarter_end_on_or_before(day) == end
