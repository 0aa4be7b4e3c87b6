"""Rank and quartile (`performance.selectors.ranks_for`), against examples worked by hand.

Ties take competition ranking ("1, 2, 2, 4"); the quartile is ceil(4 * rank / out of), so
quartile 1, "the top 25 %", is rank ≤ out of / 4; fewer than four ranked have no quartile."""

import datetime
from decimal import Decimal

import pytest

from performance.enums import Provenance
from performance.models import Indicator
from performance.selectors import competition_ranks, quartile, ranks_for
from tests.factories import OrganisationFactory
from tests.factories.performance import (
    FIRST_TIME_ENTRANTS,
    ComparatorFactory,
    IndicatorValueFactory,
    indicator,
)

START, END = datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)


@pytest.mark.parametrize(
    ("rank", "out_of", "expected"),
    [
        (1, 8, 1),
        (2, 8, 1),  # 2 of 8 is exactly the top 25 %
        (3, 8, 2),
        (4, 8, 2),
        (5, 8, 3),
        (7, 8, 4),
        (8, 8, 4),
        (38, 154, 1),  # 38 / 154 = 24.7 %
        (39, 154, 2),  # 25.3 %
        (12, 154, 1),
        (154, 154, 4),
        (1, 4, 1),
        (1, 3, None),  # fewer than four: no quartiles
    ],
)
def test_quartile_rule(rank, out_of, expected):
    assert quartile(rank, out_of) == expected


def test_competition_ranks_by_hand():
    values = {"a": 10, "b": 20, "c": 20, "d": 30}
    assert competition_ranks(values, lower_is_better=True) == {"a": 1, "b": 2, "c": 2, "d": 4}
    assert competition_ranks(values, lower_is_better=False) == {"d": 1, "b": 2, "c": 2, "a": 4}


def _values(the_indicator: Indicator, figures: list[str]) -> list[int]:
    services = []
    for figure in figures:
        service = OrganisationFactory()
        IndicatorValueFactory(
            organisation=service,
            indicator=the_indicator,
            value=Decimal(figure),
            period_start=START,
            period_end=END,
        )
        services.append(service.pk)
    return services


@pytest.mark.django_db
def test_lower_is_better_with_ties():
    fte = indicator(FIRST_TIME_ENTRANTS)
    ids = _values(fte, ["150", "120.5", "200", "120.5", "90", "300", "250", "175"])
    # Sorted: 90 (1), 120.5 (2), 120.5 (2), 150 (4), 175 (5), 200 (6), 250 (7), 300 (8).
    expected_ranks = [4, 2, 6, 2, 1, 8, 7, 5]
    standings = ranks_for([fte], [(fte.pk, START, END)])[(fte.pk, START, END)]
    assert [standings[pk].rank for pk in ids] == expected_ranks
    assert {standings[pk].out_of for pk in ids} == {8}
    # Quartiles of 8: ranks 1-2 first, 3-4 second, 5-6 third, 7-8 fourth.
    assert [standings[pk].quartile for pk in ids] == [2, 1, 3, 1, 1, 4, 4, 3]


@pytest.mark.django_db
def test_higher_is_better_with_ties():
    higher = Indicator.objects.create(
        code="test-higher",
        name="Children in education, training or employment at the end of their order",
        short_name="Education, training or employment",
        sector="youth_justice",
        unit="percentage",
        lower_is_better=False,
        period_kind="twelve_months",
        lag_months=9,
    )
    ids = _values(higher, ["60", "75", "75", "40", "90"])
    # Best first: 90 (1), 75 (2), 75 (2), 60 (4), 40 (5).
    standings = ranks_for([higher], [(higher.pk, START, END)])[(higher.pk, START, END)]
    assert [standings[pk].rank for pk in ids] == [4, 2, 2, 5, 1]
    # Quartiles of 5: ceil(4 * rank / 5): 1 -> 1, 2 -> 2, 4 -> 4, 5 -> 4.
    assert [standings[pk].quartile for pk in ids] == [4, 2, 2, 4, 1]


@pytest.mark.django_db
def test_only_official_service_figures_of_the_same_period_are_ranked():
    fte = indicator(FIRST_TIME_ENTRANTS)
    ids = _values(fte, ["100", "200"])
    IndicatorValueFactory(indicator=fte, value=1, provenance=Provenance.LOCAL)  # local
    IndicatorValueFactory(  # another period
        indicator=fte,
        value=1,
        period_start=datetime.date(2024, 4, 1),
        period_end=datetime.date(2025, 3, 31),
    )
    IndicatorValueFactory(  # a comparator
        indicator=fte,
        organisation=None,
        comparator=ComparatorFactory(),
        value=1,
        period_start=START,
        period_end=END,
    )
    standings = ranks_for([fte], [(fte.pk, START, END)])[(fte.pk, START, END)]
    assert set(standings) == set(ids)
    assert [standings[pk].rank for pk in ids] == [1, 2]
    assert standings[ids[0]].quartile is None  # two services: no quartiles
