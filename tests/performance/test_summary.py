"""`service_summary`: a service's latest official figures against its comparators, its rank
and quartile, the lag in words and a newer local figure."""

import datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from accounts.enums import OrganisationKind
from performance.enums import ComparatorKind, Provenance
from performance.selectors import service_summary
from tests.factories import OrganisationFactory, ProgrammeFactory, RegionFactory
from tests.factories.performance import (
    FIRST_TIME_ENTRANTS,
    ComparatorFactory,
    IndicatorValueFactory,
    indicator,
)

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 6, 1)
LATEST = {"period_start": datetime.date(2025, 4, 1), "period_end": datetime.date(2026, 3, 31)}
EARLIER = {
    "period_start": datetime.date(2024, 4, 1),
    "period_end": datetime.date(2025, 3, 31),
    "released_on": datetime.date(2025, 12, 18),
}


def _world(others: int):
    region = RegionFactory(name="North West")
    service = OrganisationFactory(name="Testshire Youth Justice Service", region=region)
    fte = indicator(FIRST_TIME_ENTRANTS)
    IndicatorValueFactory(organisation=service, indicator=fte, value=120, **EARLIER)
    IndicatorValueFactory(organisation=service, indicator=fte, value=100, **LATEST)
    for number in range(others):
        IndicatorValueFactory(indicator=fte, value=200 + number, **LATEST)
    national = ComparatorFactory()
    regional = ComparatorFactory(kind=ComparatorKind.REGION, region=region, name="North West")
    neighbours = ComparatorFactory(
        kind=ComparatorKind.STATISTICAL_NEIGHBOURS,
        organisation=service,
        name="Testshire's statistical neighbours",
    )
    programme = ProgrammeFactory()
    family = ComparatorFactory(kind=ComparatorKind.FAMILY, programme=programme, name="Family A")
    family.members.add(service)
    ComparatorFactory(kind=ComparatorKind.FAMILY, programme=programme, name="Not its family")
    for comparator, value in [(family, 170), (neighbours, 160), (regional, 190), (national, 180)]:
        IndicatorValueFactory(
            organisation=None, comparator=comparator, indicator=fte, value=value, **LATEST
        )
        IndicatorValueFactory(
            organisation=None, comparator=comparator, indicator=fte, value=1, **EARLIER
        )
    return service


def test_summary_of_a_service():
    service = _world(others=7)
    IndicatorValueFactory(
        organisation=service,
        indicator=indicator(FIRST_TIME_ENTRANTS),
        provenance=Provenance.LOCAL,
        source="Live tracker",
        value=95,
        period_start=datetime.date(2025, 7, 1),
        period_end=datetime.date(2026, 4, 30),
        released_on=None,
    )
    summary = service_summary(service, on=ON)
    assert [row.indicator.code for row in summary] == [
        "yj-first-time-entrants",
        "yj-reoffending-binary",
        "yj-reoffending-frequency",
        "yj-custody",
    ]
    fte = summary[0]
    assert fte.latest.value == 100
    assert fte.period == (LATEST["period_start"], LATEST["period_end"])
    assert [(c.name, v.value) for c, v in fte.comparators] == [
        ("England and Wales", 180),
        ("North West", 190),
        ("Testshire's statistical neighbours", 160),
        ("Family A", 170),
    ]
    assert (fte.rank, fte.out_of, fte.quartile) == (1, 8, 1)
    assert fte.standing_words == "Top 25 % for first-time entrants: 1st of 8"
    assert fte.lag_words == (
        "Official figures are released about 9 months after the period ends: "
        "the latest are for April 2025 to March 2026."
    )
    assert fte.local.value == 95
    custody = summary[3]  # use of custody: no figures
    assert custody.latest is None
    assert custody.rank is None
    assert custody.comparators == []
    assert custody.lag_words.endswith("there are none for this service yet.")

    html = render_to_string("performance/_summary.html", {"summary": summary})
    assert "Top 25 % for first-time entrants: 1st of 8" in html
    assert "Unofficial" in html
    assert "England and Wales: 180" in html


def test_local_figure_not_newer_is_left_out():
    service = _world(others=0)
    IndicatorValueFactory(
        organisation=service, provenance=Provenance.LOCAL, value=99, **LATEST, released_on=None
    )
    assert service_summary(service, on=ON)[0].local is None


def test_figures_released_after_the_day_asked_about_are_not_shown():
    service = _world(others=0)
    before_release = service_summary(service, on=datetime.date(2026, 1, 1))
    assert before_release[0].latest.value == 120
    assert before_release[0].comparators[0][1].value == 1


def test_an_organisation_without_indicators_has_an_empty_summary():
    other = OrganisationFactory(kind=OrganisationKind.NATIONAL_BODY)
    assert service_summary(other, on=ON) == []
    html = render_to_string("performance/_summary.html", {"summary": []})
    assert "no performance indicators" in html


def _queries(service) -> int:
    with CaptureQueriesContext(connection) as captured:
        service_summary(service, on=ON)
    return len(captured.captured_queries)


def test_constant_queries_whatever_the_number_of_services():
    few = _queries(_world(others=3))
    IndicatorValueFactory.create_batch(40, **LATEST)
    service = OrganisationFactory()
    IndicatorValueFactory(organisation=service, **LATEST)
    assert _queries(service) <= few
