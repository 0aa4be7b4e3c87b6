"""The demo's performance figures: every demo youth justice service and its comparators have
six years of official quarterly figures for the four indicators, and every children's services
organisation and its comparators six yearly figures (to 31 March) for the demo's two
children's services indicators, each ending at the latest period released by today; Northdale
has local figures for the quarters since; seeding again adds nothing; the figures are worked
out from the name and period, the same every run."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.enums import OrganisationKind
from accounts.models import Organisation, Programme
from performance import demo, selectors
from performance.enums import ComparatorKind, PeriodKind, Provenance
from performance.models import Comparator, Indicator, IndicatorValue, ReleaseImport
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.dates
def test_demo_figures_end_at_the_latest_release_and_reseed_idempotently(demo_world):
    today = timezone.localdate()
    comparators = Comparator.objects.all()
    official = IndicatorValue.objects.filter(provenance=Provenance.OFFICIAL)
    assert comparators.filter(kind=ComparatorKind.NATIONAL).count() == 1
    for sector in demo.SECTORS:
        indicators = list(Indicator.objects.filter(sector=sector.sector))
        services = Organisation.objects.filter(kind=sector.kind)
        assert indicators
        assert services.exists()
        mine = comparators.filter(
            Q(kind=ComparatorKind.NATIONAL)
            | Q(kind=ComparatorKind.REGION, region__in=services.values("region"))
            | Q(kind=ComparatorKind.STATISTICAL_NEIGHBOURS, organisation__in=services)
        )
        assert mine.filter(kind=ComparatorKind.STATISTICAL_NEIGHBOURS).count() == len(services)
        for indicator in indicators:
            periods = 6 if indicator.period_kind == PeriodKind.YEAR else 24
            latest = demo.latest_released(indicator, today)
            assert latest <= today
            values = official.filter(indicator=indicator)
            assert values.count() == (len(services) + mine.count()) * periods
            assert set(values.values_list("source", flat=True)) == {sector.source}
            ends = values.values_list("period_end", flat=True)
            assert max(ends) == latest
            assert min(ends) == demo._add_months(
                latest, -demo.step_months(indicator) * (periods - 1)
            )
            for service in services:
                assert values.filter(organisation=service).count() == periods
    local = IndicatorValue.objects.filter(provenance=Provenance.LOCAL)
    assert set(local.values_list("organisation__name", flat=True)) == {demo.LOCAL_SERVICE}
    assert local.exists()
    for value in local.select_related("indicator"):
        assert value.period_end > demo.latest_released(value.indicator, today)
        assert value.period_end <= today
    # One official release per sector and Northdale's live tracker.
    assert ReleaseImport.objects.count() == 3
    assert ReleaseImport.objects.filter(source=demo.CHILDRENS_SERVICES_SOURCE).count() == 1
    counts = (IndicatorValue.objects.count(), Comparator.objects.count(), Indicator.objects.count())
    demo.seed(password="x")
    assert (
        IndicatorValue.objects.count(),
        Comparator.objects.count(),
        Indicator.objects.count(),
    ) == counts
    assert ReleaseImport.objects.count() == 3


@pytest.mark.dates
def test_a_childrens_services_organisation_has_yearly_figures_ranked_best_first(demo_world, client):
    """Care leavers in education, employment or training: higher is better, so the highest
    figure ranks first, on the summary and on the organisation's page."""
    today = timezone.localdate()
    eet = Indicator.objects.get(code="cs-care-leavers-eet")
    assert not eet.lower_is_better
    organisations = list(Organisation.objects.filter(kind=OrganisationKind.CHILDRENS_SERVICES))
    latest = {}
    for organisation in organisations:
        summary = {row.indicator.code: row for row in selectors.service_summary(organisation)}
        assert set(summary) == {"cs-re-referrals", "cs-care-leavers-eet"}
        row = summary["cs-care-leavers-eet"]
        assert row.latest.period_end == demo.latest_released(eet, today)
        assert row.latest.period_end.month == 3
        assert row.latest.period_start == datetime.date(row.latest.period_end.year - 1, 4, 1)
        assert {comparator.kind for comparator, _value in row.comparators} == {
            ComparatorKind.NATIONAL,
            ComparatorKind.REGION,
            ComparatorKind.STATISTICAL_NEIGHBOURS,
        }
        latest[organisation] = row
    best = max(latest, key=lambda organisation: latest[organisation].latest.value)
    worst = min(latest, key=lambda organisation: latest[organisation].latest.value)
    assert (latest[best].rank, latest[best].out_of) == (1, len(organisations))
    assert latest[worst].rank == len(organisations)
    client.force_login(factories.service_lead(organisation=best))
    response = client.get(reverse("performance:service", args=[best.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert eet.name in html
    assert latest[best].standing_words.endswith(f"1st of {len(organisations)}")
    assert latest[best].standing_words in html


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


@pytest.mark.dates
def test_yjsips_comparator_family_is_on_the_programme_table_worked_out(demo_world):
    """The demo's family of three northern services: its figures are worked out from its
    members' and shown beside the national figure on YJSIP's table and Northdale's summary."""
    programme = Programme.objects.get(short_name=demo.FAMILY_PROGRAMME)
    family = Comparator.objects.get(kind=ComparatorKind.FAMILY, programme=programme)
    assert family.name == demo.FAMILY_NAME
    assert sorted(family.members.values_list("name", flat=True)) == sorted(demo.FAMILY_MEMBERS)
    table = selectors.programme_table(programme)
    [row] = [row for row in table.comparators if row.comparator == family]
    assert all(cell is not None and cell.worked_out_from == 3 for cell in row.cells)
    northdale = Organisation.objects.get(name=demo.LOCAL_SERVICE)
    for summary in selectors.service_summary(northdale):
        assert demo.FAMILY_NAME in [comparator.name for comparator, _value in summary.comparators]
    demo.seed(password="x")
    assert Comparator.objects.filter(kind=ComparatorKind.FAMILY).count() == 1


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


@pytest.mark.parametrize(
    ("day", "end"),
    [
        (datetime.date(2026, 12, 3), datetime.date(2026, 3, 31)),
        (datetime.date(2026, 3, 31), datetime.date(2026, 3, 31)),
        (datetime.date(2026, 3, 30), datetime.date(2025, 3, 31)),
    ],
)
def test_the_year_to_31_march_ending_by_a_day(day, end):
    year = Indicator(code="x", period_kind=PeriodKind.YEAR)
    assert demo.period_end_on_or_before(year, day) == end
    assert demo._start(year, end) == datetime.date(end.year - 1, 4, 1)
