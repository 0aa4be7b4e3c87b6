"""Factories for performance figures: comparators and values (the indicators are seeded by
migration 0002; `indicator(code)` fetches one)."""

import datetime

import factory
from factory.django import DjangoModelFactory

from performance.enums import ComparatorKind, Provenance
from performance.indicators import youth_justice_indicators_ensure
from performance.models import Comparator, Indicator, IndicatorValue

FIRST_TIME_ENTRANTS = "yj-first-time-entrants"
REOFFENDING_BINARY = "yj-reoffending-binary"
REOFFENDING_FREQUENCY = "yj-reoffending-frequency"
CUSTODY = "yj-custody"


def indicator(code: str = FIRST_TIME_ENTRANTS) -> Indicator:
    """A seeded indicator; seeded again first when a transactional test's flush removed what
    the migration wrote."""
    found = Indicator.objects.filter(code=code).first()
    if found is None:
        youth_justice_indicators_ensure()
        found = Indicator.objects.get(code=code)
    return found


class ComparatorFactory(DjangoModelFactory):
    """The national comparator by default (there is one at most: get it or make it)."""

    class Meta:
        model = Comparator
        django_get_or_create = ["kind", "region", "organisation", "programme", "name"]

    kind = ComparatorKind.NATIONAL
    name = "England and Wales"
    region = None
    organisation = None
    programme = None


class IndicatorValueFactory(DjangoModelFactory):
    """An official first-time entrants figure for a service, April 2024 to March 2025."""

    class Meta:
        model = IndicatorValue

    indicator = factory.LazyFunction(indicator)
    organisation = factory.SubFactory("tests.factories.OrganisationFactory")
    comparator = None
    period_start = datetime.date(2024, 4, 1)
    period_end = datetime.date(2025, 3, 31)
    value = 150
    provenance = Provenance.OFFICIAL
    source = "Youth justice statistics"
    released_on = datetime.date(2026, 1, 29)
