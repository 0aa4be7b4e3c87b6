"""A service's figures and a programme's table as CSV and Excel downloads, through
`core.http.table_download` (the two files hold the same rows). Values keep their precision
(trailing zeros dropped); official and local figures are told apart in their own column."""

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Organisation, Programme
from core.http import table_download

from .models import Comparator, Indicator, IndicatorValue
from .selectors import IndicatorHistory, ProgrammeTable


def plain(value: Decimal | None) -> Decimal | None:
    """150.0000 as 150, 12.3400 as 12.34."""
    if value is None:
        return None
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Decimal(text)


@dataclass(frozen=True)
class FigureRow:
    indicator: Indicator
    whose: str
    comparator: Comparator | None
    value: IndicatorValue


def _figure_rows(organisation: Organisation, histories: list[IndicatorHistory]) -> Iterator:
    for history in histories:
        for row in history.rows:
            for own in (row.official, row.local):
                if own is not None:
                    yield FigureRow(history.indicator, organisation.name, None, own)
            for comparator, value in zip(history.comparators, row.comparator_values, strict=True):
                if value is not None:
                    yield FigureRow(history.indicator, comparator.name, comparator, value)


def service_download(
    kind: str, organisation: Organisation, histories: list[IndicatorHistory]
) -> HttpResponseBase:
    """Every figure on the service's page: one row per indicator, period and whose figure."""
    columns = [
        (_("Indicator"), lambda r: r.indicator.name),
        (_("Figure for"), lambda r: r.whose),
        (_("Comparator"), lambda r: r.comparator.get_kind_display() if r.comparator else ""),
        (_("Period starts"), lambda r: r.value.period_start),
        (_("Period ends"), lambda r: r.value.period_end),
        (_("Value"), lambda r: plain(r.value.value)),
        (_("Numerator"), lambda r: plain(r.value.numerator)),
        (_("Denominator"), lambda r: plain(r.value.denominator)),
        (_("Official or local"), lambda r: r.value.get_provenance_display()),
        (_("Source"), lambda r: r.value.source),
        (_("Released on"), lambda r: r.value.released_on),
    ]
    return table_download(
        kind,
        _figure_rows(organisation, histories),
        columns,
        name=f"performance-{slugify(organisation.name)}-{timezone.localdate().isoformat()}",
        title=_("Performance"),
    )


def programme_download(kind: str, programme: Programme, table: ProgrammeTable) -> HttpResponseBase:
    """The programme's table: one row per member service, then one per comparator; for each
    indicator its period, value, rank, out of and quartile, and any newer local figure."""
    columns: list = [
        (_("Service or comparator"), lambda r: r[0]),
        (_("Region"), lambda r: r[1]),
    ]
    for index, indicator in enumerate(table.indicators):
        name = indicator.short_name
        columns += [
            (f"{name}: {_('period ends')}", lambda r, i=index: r[2][i][0]),
            (f"{name}: {_('official value')}", lambda r, i=index: r[2][i][1]),
            (f"{name}: {_('rank')}", lambda r, i=index: r[2][i][2]),
            (f"{name}: {_('out of')}", lambda r, i=index: r[2][i][3]),
            (f"{name}: {_('quartile')}", lambda r, i=index: r[2][i][4]),
            (f"{name}: {_('newer local value')}", lambda r, i=index: r[2][i][5]),
        ]

    def rows():
        for service in table.services:
            cells = []
            for cell in service.cells:
                standing = cell.standing
                cells.append(
                    (
                        cell.value.period_end if cell.value else None,
                        plain(cell.value.value) if cell.value else None,
                        standing.rank if standing else None,
                        standing.out_of if standing else None,
                        standing.quartile if standing else None,
                        plain(cell.local.value) if cell.local else None,
                    )
                )
            yield (service.organisation.name, service.organisation.region.name, cells)
        for comparator in table.comparators:
            cells = [
                (
                    value.period_end if value else None,
                    plain(value.value) if value else None,
                    None,
                    None,
                    None,
                    None,
                )
                for value in comparator.cells
            ]
            yield (comparator.comparator.name, comparator.comparator.get_kind_display(), cells)

    return table_download(
        kind,
        rows(),
        columns,
        name=f"performance-{programme.slug}-{timezone.localdate().isoformat()}",
        title=_("Performance"),
    )
