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
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, Max, Q, QuerySet, When, Window
from django.db.models.functions import Rank
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import ngettext

from accounts.enums import OrganisationKind
from accounts.models import Organisation

from .enums import ComparatorKind, Provenance, Sector, Unit
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

_FOUR_PLACES = Decimal("0.0001")

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
    2: "Upper middle 25 %",
    3: "Lower middle 25 %",
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
    return dates_words(value.period_start, value.period_end)


def dates_words(start: datetime.date, end: datetime.date) -> str:
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


def _in_periods(values, periods: Iterable[PartitionKey] | None):
    """`values` narrowed to these indicator periods (None: all of them; none: nothing)."""
    if periods is None:
        return values
    wanted = Q()
    for indicator_id, start, end in periods:
        wanted |= Q(indicator_id=indicator_id, period_start=start, period_end=end)
    if not wanted:
        return values.none()
    return values.filter(wanted)


def comparator_values(
    comparators: Sequence[Comparator],
    indicators: Sequence[Indicator],
    *,
    on: datetime.date | None = None,
    periods: Iterable[PartitionKey] | None = None,
) -> list[IndicatorValue]:
    """The official figures of these comparators (for these indicator periods, if given). A
    comparator family's figure for a period it has none imported for is worked out from its
    members' (`family_figures`). Two queries, and two more with families."""
    on = on or timezone.localdate()
    periods = list(periods) if periods is not None else None
    values = _in_periods(
        _visible(
            IndicatorValue.objects.filter(
                comparator__in=comparators,
                indicator__in=indicators,
                provenance=Provenance.OFFICIAL,
            ),
            on,
        ),
        periods,
    )
    found = list(values.order_by("indicator_id", "period_end", "period_start"))
    families = [c for c in comparators if c.kind == ComparatorKind.FAMILY]
    if not families:
        return found
    imported = {(v.comparator_id, v.indicator_id, v.period_start, v.period_end) for v in found}
    worked_out = [
        value
        for value in family_figures(families, indicators, on=on, periods=periods)
        if (value.comparator_id, value.indicator_id, value.period_start, value.period_end)
        not in imported
    ]
    return sorted(found + worked_out, key=lambda v: (v.indicator_id, v.period_end, v.period_start))


def worked_out_source(count: int) -> str:
    return ngettext(
        "Worked out from the family's %(count)s service's figures",
        "Worked out from the family's %(count)s services' figures",
        count,
    ) % {"count": count}


def family_value(indicator: Indicator, members: Sequence[IndicatorValue]) -> Decimal:
    """A comparator family's figure from its members' for one period: the sum of their
    numerators over the sum of their denominators (times the indicator's rate base, or 100 for
    a percentage) when every member's figure has both, else the mean of their values."""
    numerators = [m.numerator for m in members]
    denominators = [m.denominator for m in members]
    if all(n is not None for n in numerators) and all(d is not None for d in denominators):
        total = sum(denominators, Decimal(0))
        if total > 0:
            scale = {Unit.RATE: indicator.rate_base or 1, Unit.PERCENTAGE: 100}.get(
                indicator.unit, 1
            )
            return (sum(numerators, Decimal(0)) / total * scale).quantize(_FOUR_PLACES)
    return (sum((m.value for m in members), Decimal(0)) / len(members)).quantize(_FOUR_PLACES)


def family_figures(
    families: Sequence[Comparator],
    indicators: Sequence[Indicator],
    *,
    on: datetime.date | None = None,
    periods: Iterable[PartitionKey] | None = None,
) -> list[IndicatorValue]:
    """The comparator families' figures worked out from their members' official ones (for
    these indicator periods, if given): one for each indicator and period at least one member
    has a figure for (`family_value`), not saved, with `worked_out_from` the number of members
    it is worked out from and its source saying so. Two queries, whatever the number of
    families, members and periods."""
    on = on or timezone.localdate()
    through = Comparator.members.through.objects.filter(
        comparator_id__in=[family.pk for family in families]
    ).values_list("comparator_id", "organisation_id")
    families_of: dict[int, list[int]] = defaultdict(list)
    for comparator_id, organisation_id in through:
        families_of[organisation_id].append(comparator_id)
    if not families_of:
        return []
    member_values = _in_periods(
        _visible(
            IndicatorValue.objects.filter(
                organisation_id__in=families_of,
                indicator__in=indicators,
                provenance=Provenance.OFFICIAL,
            ),
            on,
        ),
        periods,
    ).only(
        "indicator_id",
        "organisation_id",
        "period_start",
        "period_end",
        "value",
        "numerator",
        "denominator",
        "released_on",
    )
    grouped: dict[tuple[int, int, datetime.date, datetime.date], list[IndicatorValue]] = (
        defaultdict(list)
    )
    for value in member_values:
        for comparator_id in families_of[value.organisation_id]:
            grouped[
                (comparator_id, value.indicator_id, value.period_start, value.period_end)
            ].append(value)
    by_id = {indicator.pk: indicator for indicator in indicators}
    family_by_id = {family.pk: family for family in families}
    figures = []
    for (comparator_id, indicator_id, start, end), members in grouped.items():
        released = [m.released_on for m in members if m.released_on is not None]
        figure = IndicatorValue(
            indicator=by_id[indicator_id],
            comparator=family_by_id[comparator_id],
            period_start=start,
            period_end=end,
            value=family_value(by_id[indicator_id], members),
            provenance=Provenance.OFFICIAL,
            source=worked_out_source(len(members)),
            released_on=max(released) if released else None,
        )
        figure.worked_out_from = len(members)
        figures.append(figure)
    return sorted(figures, key=lambda v: (v.indicator_id, v.period_end, v.period_start))


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
    words and its newer local figure, if any. A constant number of queries (five at most, and
    two more with comparator families)."""
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


# --- A service's page: every figure over time --------------------------------------------------


@dataclass(frozen=True)
class PeriodRow:
    """One period of an indicator on a service's page: the service's official and local
    figures and each comparator's (None where there is none), in the comparators' order."""

    period_start: datetime.date
    period_end: datetime.date
    official: IndicatorValue | None
    local: IndicatorValue | None
    comparator_values: list[IndicatorValue | None]

    @property
    def words(self) -> str:
        value = self.official or self.local
        return period_words(value) if value else ""


@dataclass(frozen=True)
class IndicatorHistory:
    summary: IndicatorSummary
    comparators: list[Comparator]
    rows: list[PeriodRow]  # oldest first

    @property
    def indicator(self) -> Indicator:
        return self.summary.indicator


def service_performance(
    organisation: Organisation, *, on: datetime.date | None = None
) -> list[IndicatorHistory]:
    """The service's summary (as `service_summary`) with every period of each indicator: its
    official and local figures beside the comparators' official ones. Five queries (and two
    more with comparator families)."""
    on = on or timezone.localdate()
    indicators = indicators_for(sector_of(organisation))
    if not indicators:
        return []
    values = service_values(organisation, indicators, on=on)
    comparators = comparators_for(organisation)
    comparator_rows = comparator_values(comparators, indicators, on=on) if comparators else []
    latest_keys = set()
    for indicator in indicators:
        latest = _latest(
            v
            for v in values
            if v.indicator_id == indicator.pk and v.provenance == Provenance.OFFICIAL
        )
        if latest is not None:
            latest_keys.add((indicator.pk, latest.period_start, latest.period_end))
    standings = ranks_for(indicators, latest_keys)
    summaries = summaries_from(
        indicators, values, comparators, comparator_rows, standings, organisation.pk
    )
    own: dict[PartitionKey, dict[str, IndicatorValue]] = defaultdict(dict)
    for value in values:
        own[(value.indicator_id, value.period_start, value.period_end)][value.provenance] = value
    theirs: dict[PartitionKey, dict[int, IndicatorValue]] = defaultdict(dict)
    for row in comparator_rows:
        theirs[(row.indicator_id, row.period_start, row.period_end)][row.comparator_id] = row
    histories = []
    for summary in summaries:
        indicator = summary.indicator
        keys = sorted(
            {key for key in own if key[0] == indicator.pk}
            | {key for key in theirs if key[0] == indicator.pk},
            key=lambda key: (key[2], key[1]),
        )
        shown = [c for c in comparators if any(c.pk in theirs[key] for key in keys)]
        rows = [
            PeriodRow(
                period_start=key[1],
                period_end=key[2],
                official=own[key].get(Provenance.OFFICIAL),
                local=own[key].get(Provenance.LOCAL),
                comparator_values=[theirs[key].get(c.pk) for c in shown],
            )
            for key in keys
        ]
        histories.append(IndicatorHistory(summary=summary, comparators=shown, rows=rows))
    return histories


# --- A programme's table: every member service --------------------------------------------------


@dataclass(frozen=True)
class Cell:
    indicator: Indicator
    value: IndicatorValue | None
    standing: Standing | None = None
    local: IndicatorValue | None = None
    # Whether the value is for an earlier period than its column's.
    older: bool = False


@dataclass(frozen=True)
class ServiceRow:
    organisation: Organisation
    cells: list[Cell]  # in the table's indicators' order


@dataclass(frozen=True)
class ComparatorRow:
    comparator: Comparator
    cells: list[IndicatorValue | None]


@dataclass(frozen=True)
class ProgrammeTable:
    indicators: list[Indicator]
    # The period each indicator's column is for: the latest any member has official figures for.
    periods: list[PartitionKey | None]
    services: list[ServiceRow]
    comparators: list[ComparatorRow]
    sort: str = ""

    @property
    def period_words(self) -> list[tuple[Indicator, str]]:
        """Each column's period in words ('April 2025 to March 2026'), for columns with one."""
        return [
            (indicator, _key_words(key))
            for indicator, key in zip(self.indicators, self.periods, strict=True)
            if key is not None
        ]


def _key_words(key: PartitionKey) -> str:
    return dates_words(key[1], key[2])


def _newest(values) -> dict[tuple[int, int], IndicatorValue]:
    """The newest of `values` per (service, indicator), in two queries: each pair's latest
    period end (an aggregate, which needs no sort of every figure, unlike a window), then the
    figures ending on one of those days, of which each pair keeps its own."""
    latest = {
        (organisation_id, indicator_id): end
        for organisation_id, indicator_id, end in values.order_by()
        .values("organisation_id", "indicator_id")
        .annotate(end=Max("period_end"))
        .values_list("organisation_id", "indicator_id", "end")
    }
    newest: dict[tuple[int, int], IndicatorValue] = {}
    for value in values.filter(period_end__in=set(latest.values())).order_by("period_start"):
        key = (value.organisation_id, value.indicator_id)
        if latest[key] == value.period_end:
            newest[key] = value  # the latest start wins a tie of ends
    return newest


def programme_table(
    programme, *, on: datetime.date | None = None, sort: str = ""
) -> ProgrammeTable:
    """Every member service of the programme with its latest official figure of each indicator
    (of the members' sectors), its rank and quartile among all services and any newer local
    figure; the comparators (national, the members' regions, the programme's families) as
    rows for each column's period. Sorted by service name, or by `sort` (an indicator's code:
    best first, services without a figure last). Nine queries (and two more with comparator
    families) whatever the number of services."""
    on = on or timezone.localdate()
    members = list(
        Organisation.objects.filter(programme_links__programme=programme)
        .select_related("region")
        .order_by("name")
        .distinct()
    )
    sectors = {sector_of(member) for member in members} - {None}
    indicators = list(
        Indicator.objects.filter(sector__in=sectors).order_by("sector", "order", "name")
    )
    visible = _visible(
        IndicatorValue.objects.filter(organisation__in=members, indicator__in=indicators), on
    )
    official = _newest(visible.filter(provenance=Provenance.OFFICIAL))
    local = _newest(visible.filter(provenance=Provenance.LOCAL))
    periods: list[PartitionKey | None] = []
    for indicator in indicators:
        ends = [
            (value.period_end, value.period_start)
            for (_org, indicator_id), value in official.items()
            if indicator_id == indicator.pk
        ]
        if ends:
            end, start = max(ends)
            periods.append((indicator.pk, start, end))
        else:
            periods.append(None)
    column_key = dict(zip([i.pk for i in indicators], periods, strict=True))
    keys = {(v.indicator_id, v.period_start, v.period_end) for v in official.values()}
    standings = ranks_for(indicators, keys)
    services = []
    for member in members:
        cells = []
        for indicator in indicators:
            value = official.get((member.pk, indicator.pk))
            newer = local.get((member.pk, indicator.pk))
            if newer and value and newer.period_end <= value.period_end:
                newer = None
            standing = None
            if value is not None:
                key = (indicator.pk, value.period_start, value.period_end)
                standing = standings.get(key, {}).get(member.pk)
            older = value is not None and (
                (indicator.pk, value.period_start, value.period_end) != column_key[indicator.pk]
            )
            cells.append(Cell(indicator, value=value, standing=standing, local=newer, older=older))
        services.append(ServiceRow(organisation=member, cells=cells))
    codes = [indicator.code for indicator in indicators]
    if sort in codes:
        column = codes.index(sort)
        services.sort(
            key=lambda row: (
                row.cells[column].standing is None,
                row.cells[column].standing.rank if row.cells[column].standing else 0,
                row.organisation.name,
            )
        )
    else:
        sort = ""
    comparators = list(
        Comparator.objects.filter(
            Q(kind=ComparatorKind.NATIONAL)
            | Q(kind=ComparatorKind.REGION, region_id__in={m.region_id for m in members})
            | Q(kind=ComparatorKind.FAMILY, programme=programme)
        )
    )
    comparators.sort(key=lambda c: (COMPARATOR_ORDER[c.kind], c.name))
    wanted = [key for key in periods if key is not None]
    rows = comparator_values(comparators, indicators, on=on, periods=wanted) if wanted else []
    by_id = {indicator.pk: indicator for indicator in indicators}
    for row in rows:
        row.indicator = by_id[row.indicator_id]  # already read: no query per cell
    by_key = {(r.comparator_id, r.indicator_id, r.period_start, r.period_end): r for r in rows}
    comparator_rows = [
        ComparatorRow(
            comparator=comparator,
            cells=[
                by_key.get((comparator.pk, *key)) if key is not None else None for key in periods
            ],
        )
        for comparator in comparators
    ]
    return ProgrammeTable(
        indicators=indicators,
        periods=periods,
        services=services,
        comparators=[row for row in comparator_rows if any(row.cells)],
        sort=sort,
    )


# --- A programme's comparator families, to set up ------------------------------------------------


def families_of(programme) -> QuerySet[Comparator]:
    """The programme's comparator families by name, each with `member_count`."""
    return (
        Comparator.objects.filter(kind=ComparatorKind.FAMILY, programme=programme)
        .annotate(member_count=Count("members"))
        .order_by("name")
    )


def family_to_set_up(*, programme, pk: int) -> Comparator:
    """One of the programme's comparator families: 404 for any other comparator."""
    return get_object_or_404(
        Comparator.objects.filter(kind=ComparatorKind.FAMILY, programme=programme), pk=pk
    )


def family_member_choices(programme, family: Comparator | None = None) -> QuerySet[Organisation]:
    """The services a family of the programme may have: its member organisations, and the
    family's own services that have left the programme since (so that saving it keeps them
    unless they are unticked)."""
    chosen = Q(programme_links__programme=programme)
    if family is not None and family.pk:
        chosen |= Q(comparator_families=family)
    return Organisation.objects.filter(chosen).order_by("name").distinct()


def family_imported_count(family: Comparator) -> int:
    """How many figures were imported under the family's name (deleting it deletes them)."""
    return IndicatorValue.objects.filter(comparator=family).count()
