"""Reads of the performance figures, shaped for pages, exports and documents.

Rank and quartile are worked out in one place, `ranks_for`: among all services with an
official value for an indicator and period, competition ranking ("1, 2, 2, 4": services with
equal values share the best rank, and the next rank skips as many as shared it), best first
by the indicator's direction. The quartile is `ceil(4 * rank / out_of)`: a service is in the
top 25 % (quartile 1) when its rank is at most a quarter of the services ranked, which is
what "ranking in the top 25 %" says. Fewer than four services ranked have no quartiles.
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Case, Count, DecimalField, F, Q, When, Window
from django.db.models.functions import Rank
from django.utils import timezone

from accounts.enums import OrganisationKind
from accounts.models import Organisation

from .enums import ComparatorKind, Provenance, Sector
from .models import Comparator, Indicator, IndicatorValue

SECTOR_OF_KIND = {
    OrganisationKind.YOUTH_JUSTICE_SERVICE: Sector.YOUTH_JUSTICE,
    OrganisationKind.CHILDRENS_SERVICES: Sector.CHILDRENS_SERVICES,
}

# National first, then the region, the service's statistical neighbours and any families.
COMPARATOR_ORDER = {
    ComparatorKind.NATIONAL: 0,
    ComparatorKind.REGION: 1,
    ComparatorKind.STATISTICAL_NEIGHBOURS: 2,
    ComparatorKind.FAMILY: 3,
}

Period = tuple[datetime.date, datetime.date]
PartitionKey = tuple[int, datetime.date, datetime.date]


@dataclass(frozen=True)
class Standing:
    """A service's rank among `out_of` services for one indicator and period."""

    rank: int
    out_of: int

    @property
    def quartile(self) -> int | None:
        return quartile(self.rank, self.out_of)


def quartile(rank: int, out_of: int) -> int | None:
    """1 for the best 25 % (rank ≤ out_of / 4), up to 4; None when fewer than four are ranked."""
    if out_of < 4 or rank < 1:
        return None
    return min(4, math.ceil(4 * rank / out_of))


def competition_ranks(values: dict[int, object], *, lower_is_better: bool) -> dict[int, int]:
    """The competition rank ("1, 2, 2, 4") of each key by its value: the plain-Python statement
    of the rule the database's RANK() applies in `ranks_for`, for checking it by hand."""
    ordered = sorted(values.values(), reverse=not lower_is_better)
    return {key: ordered.index(value) + 1 for key, value in values.items()}


def ranks_for(
    indicators: Iterable[Indicator], periods: Iterable[PartitionKey]
) -> dict[PartitionKey, dict[int, Standing]]:
    """For each (indicator id, period start, period end): every service with an official value
    then, with its `Standing`. One query, whatever the number of services and periods."""
    by_id = {indicator.pk: indicator for indicator in indicators}
    keys = {key for key in periods if key[0] in by_id}
    result: dict[PartitionKey, dict[int, Standing]] = defaultdict(dict)
    if not keys:
        return result
    wanted = Q()
    for indicator_id, start, end in keys:
        wanted |= Q(indicator_id=indicator_id, period_start=start, period_end=end)
    partition = [F("indicator_id"), F("period_start"), F("period_end")]
    # Best first: the value itself where lower is better, its negative where higher is.
    best_first = Case(
        When(indicator__lower_is_better=True, then=F("value")),
        default=-F("value"),
        output_field=DecimalField(max_digits=14, decimal_places=4),
    )
    query = (
        IndicatorValue.objects.filter(wanted)
        .filter(provenance=Provenance.OFFICIAL, organisation__isnull=False)
        .annotate(
            rank=Window(Rank(), partition_by=partition, order_by=best_first.asc()),
            out_of=Window(Count("id"), partition_by=partition),
        )
        .values_list(
            "indicator_id", "period_start", "period_end", "organisation_id", "rank", "out_of"
        )
        .order_by()
    )
    for indicator_id, start, end, organisation_id, rank, out_of in query:
        result[(indicator_id, start, end)][organisation_id] = Standing(rank, out_of)
    return result


@dataclass(frozen=True)
class IndicatorSummary:
    """One indicator for one service: its latest official figure, the comparators' figures for
    the same period, its standing among all services, the lag in words, and its own local
    figure when that is newer."""

    indicator: Indicator
    latest: IndicatorValue | None
    comparators: list[tuple[Comparator, IndicatorValue]] = field(default_factory=list)
    rank: int | None = None
    out_of: int | None = None
    quartile: int | None = None
    lag_words: str = ""
    local: IndicatorValue | None = None

    @property
    def period(self) -> Period | None:
        if self.latest is None:
            return None
        return (self.latest.period_start, self.latest.period_end)

    @property
    def period_words(self) -> str:
        return period_words(self.latest) if self.latest else ""

    @property
    def standing_words(self) -> str:
        """'Top 25 % for first-time entrants: 12th of 154', or '' with no rank."""
        if self.rank is None:
            return ""
        place = f"{ordinal(self.rank)} of {self.out_of}"
        name = self.indicator.short_name
        if self.quartile is None:
            return f"{name}: {place}"
        return f"{QUARTILE_WORDS[self.quartile]} for {name[:1].lower()}{name[1:]}: {place}"


QUARTILE_WORDS = {
    1: "Top 25 %",
    2: "Second quarter",
    3: "Third quarter",
    4: "Bottom 25 %",
}


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def period_words(value: IndicatorValue) -> str:
    """'April 2025 to March 2026', or 'April to June 2024' within one year."""
    start, end = value.period_start, value.period_end
    if (start.year, start.month) == (end.year, end.month):
        return f"{end:%B %Y}"
    if start.year == end.year:
        return f"{start:%B} to {end:%B %Y}"
    return f"{start:%B %Y} to {end:%B %Y}"


def lag_words(indicator: Indicator, latest: IndicatorValue | None) -> str:
    months = indicator.lag_months
    released = (
        f"Official figures are released about {months} month{'s' if months != 1 else ''} "
        "after the period ends"
    )
    if latest is None:
        return f"{released}: there are none for this service yet."
    return f"{released}: the latest are for {period_words(latest)}."


def sector_of(organisation: Organisation) -> str | None:
    return SECTOR_OF_KIND.get(organisation.kind)


def indicators_for(sector: str | None) -> list[Indicator]:
    if sector is None:
        return []
    return list(Indicator.objects.filter(sector=sector).order_by("order", "name"))


def comparators_for(organisation: Organisation) -> list[Comparator]:
    """The national comparator, the service's region's, its statistical neighbours and every
    comparator family it is in, in that order."""
    families = Comparator.members.through.objects.filter(organisation_id=organisation.pk).values(
        "comparator_id"
    )
    found = Comparator.objects.filter(
        Q(kind=ComparatorKind.NATIONAL)
        | Q(kind=ComparatorKind.REGION, region_id=organisation.region_id)
        | Q(kind=ComparatorKind.STATISTICAL_NEIGHBOURS, organisation_id=organisation.pk)
        | Q(kind=ComparatorKind.FAMILY, pk__in=families)
    )
    return sorted(found, key=lambda c: (COMPARATOR_ORDER[c.kind], c.name))


def _visible(values, on: datetime.date):
    """Figures as they stood on `on`: periods ended by then and released by then."""
    return values.filter(period_end__lte=on).filter(
        Q(released_on__isnull=True) | Q(released_on__lte=on)
    )


def service_values(
    organisation: Organisation, indicators: Sequence[Indicator], *, on: datetime.date | None = None
) -> list[IndicatorValue]:
    """Every figure of the service for these indicators, official and local, oldest first."""
    on = on or timezone.localdate()
    return list(
        _visible(
            IndicatorValue.objects.filter(organisation=organisation, indicator__in=indicators), on
        ).order_by("indicator_id", "period_end", "period_start")
    )


def comparator_values(
    comparators: Sequence[Comparator],
    indicators: Sequence[Indicator],
    *,
    on: datetime.date | None = None,
    periods: Iterable[PartitionKey] | None = None,
) -> list[IndicatorValue]:
    """The official figures of these comparators (for these indicator periods, if given)."""
    on = on or timezone.localdate()
    values = _visible(
        IndicatorValue.objects.filter(
            comparator__in=comparators, indicator__in=indicators, provenance=Provenance.OFFICIAL
        ),
        on,
    )
    if periods is not None:
        wanted = Q()
        for indicator_id, start, end in periods:
            wanted |= Q(indicator_id=indicator_id, period_start=start, period_end=end)
        if not wanted:
            return []
        values = values.filter(wanted)
    return list(values.order_by("indicator_id", "period_end", "period_start"))


def _latest(values: Iterable[IndicatorValue]) -> IndicatorValue | None:
    latest = None
    for value in values:
        if latest is None or (value.period_end, value.period_start) > (
            latest.period_end,
            latest.period_start,
        ):
            latest = value
    return latest


def summaries_from(
    indicators: Sequence[Indicator],
    values: Iterable[IndicatorValue],
    comparators: Sequence[Comparator],
    comparator_rows: Iterable[IndicatorValue],
    standings: dict[PartitionKey, dict[int, Standing]],
    organisation_id: int,
) -> list[IndicatorSummary]:
    """Put one service's summaries together from figures already read."""
    official: dict[int, list[IndicatorValue]] = defaultdict(list)
    local: dict[int, list[IndicatorValue]] = defaultdict(list)
    for value in values:
        (official if value.provenance == Provenance.OFFICIAL else local)[value.indicator_id].append(
            value
        )
    comparator_by_key: dict[PartitionKey, dict[int, IndicatorValue]] = defaultdict(dict)
    for row in comparator_rows:
        key = (row.indicator_id, row.period_start, row.period_end)
        comparator_by_key[key][row.comparator_id] = row
    summaries = []
    for indicator in indicators:
        latest = _latest(official[indicator.pk])
        newest_local = _latest(local[indicator.pk])
        if newest_local and latest and newest_local.period_end <= latest.period_end:
            newest_local = None
        compared: list[tuple[Comparator, IndicatorValue]] = []
        standing = None
        if latest is not None:
            key = (indicator.pk, latest.period_start, latest.period_end)
            rows = comparator_by_key.get(key, {})
            compared = [(c, rows[c.pk]) for c in comparators if c.pk in rows]
            standing = standings.get(key, {}).get(organisation_id)
        summaries.append(
            IndicatorSummary(
                indicator=indicator,
                latest=latest,
                comparators=compared,
                rank=standing.rank if standing else None,
                out_of=standing.out_of if standing else None,
                quartile=standing.quartile if standing else None,
                lag_words=lag_words(indicator, latest),
                local=newest_local,
            )
        )
    return summaries


def service_summary(
    organisation: Organisation, *, on: datetime.date | None = None
) -> list[IndicatorSummary]:
    """For each indicator of the service's sector, in order: its latest official figure with
    the comparators' for the same period, its rank and quartile among all services, the lag in
    words and its newer local figure, if any. A constant number of queries (five at most)."""
    on = on or timezone.localdate()
    indicators = indicators_for(sector_of(organisation))
    if not indicators:
        return []
    values = service_values(organisation, indicators, on=on)
    latest_keys = set()
    for indicator in indicators:
        mine = [v for v in values if v.indicator_id == indicator.pk]
        latest = _latest(v for v in mine if v.provenance == Provenance.OFFICIAL)
        if latest is not None:
            latest_keys.add((indicator.pk, latest.period_start, latest.period_end))
    comparators = comparators_for(organisation)
    comparator_rows = (
        comparator_values(comparators, indicators, on=on, periods=latest_keys)
        if comparators and latest_keys
        else []
    )
    standings = ranks_for(indicators, latest_keys)
    return summaries_from(
        indicators, values, comparators, comparator_rows, standings, organisation.pk
    )
