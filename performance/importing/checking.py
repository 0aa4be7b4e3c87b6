"""Checking a release's rows into a Preview: the figures they give, which are new, changed
or unchanged, and the file's problems, nothing written."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.tabular import Problem, RowProblem, parse_date
from performance.enums import ComparatorKind
from performance.models import Comparator, Indicator, IndicatorValue

from .fields import FIELD_KEYS
from .matching import Area, Areas, Unmatched, name_key
from .periods import parse_period
from .problems import Problems

# What releases write for a figure they do not give (suppressed or not applicable).
SUPPRESSED = {"*", "**", "..", ".", ":", "-", "\u2013", "x", "c", "z", "[c]", "[x]", "[z]", "[u]"}
SUPPRESSED_WORDS = {"n/a", "na", "not available", "suppressed"}
_FOUR_PLACES = Decimal("0.0001")
_TOO_LARGE = Decimal(10) ** 10

ADDED, CHANGED, UNCHANGED = "added", "changed", "unchanged"


@dataclass
class Figure:
    """One value the file gives, and what importing it does."""

    row: str
    indicator_id: int
    area: Area
    period_start: datetime.date
    period_end: datetime.date
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    status: str = ADDED
    existing_pk: int | None = None
    # What the value said before, for a changed one.
    was: tuple | None = None

    def key(self) -> tuple:
        return (self.indicator_id, area_key(self.area), self.period_start, self.period_end)

    def numbers(self) -> tuple:
        return (self.value, self.numerator, self.denominator)


def area_key(area: Area) -> tuple:
    if area.is_service:
        return ("service", area.organisation_id)
    return (area.kind, area.region_id or area.neighbours_of or area.family_id or 0)


@dataclass
class Preview:
    figures: list[Figure]
    errors: list[Problem]
    problem_rows: list[RowProblem] = field(default_factory=list)
    reading_notes: list[str] = field(default_factory=list)
    rows_read: int = 0

    def count(self, status: str) -> int:
        return sum(figure.status == status for figure in self.figures)

    @property
    def added(self) -> int:
        return self.count(ADDED)

    @property
    def changed(self) -> int:
        return self.count(CHANGED)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def changes(self) -> list[Figure]:
        return [figure for figure in self.figures if figure.status == CHANGED]

    @property
    def adds_nothing(self) -> bool:
        return not (self.added or self.changed)

    def success_message(self) -> str:
        return _(
            "Imported %(rows)s: %(added)s added, %(changed)s changed, %(unchanged)s unchanged."
        ) % {
            "rows": ngettext("%(count)s row", "%(count)s rows", self.rows_read)
            % {"count": f"{self.rows_read:,}"},
            "added": f"{self.added:,}",
            "changed": f"{self.changed:,}",
            "unchanged": f"{self.unchanged:,}",
        }


def parse_figure(text: str) -> Decimal | None:
    """A figure as releases write them: 12.5, 1,200, -3 or 45% (read as 45), kept to four
    decimal places. None for anything else."""
    word = "".join(text.split()).removesuffix("%").replace(",", "")
    try:
        value = Decimal(word)
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) >= _TOO_LARGE:
        return None
    return value.quantize(_FOUR_PLACES)


def is_suppressed(text: str) -> bool:
    word = text.strip().casefold()
    return word in SUPPRESSED or word in SUPPRESSED_WORDS


def indicator_names() -> dict[str, Indicator]:
    """The indicators by each way a file may name them: code, name and short name."""
    names = {}
    for indicator in Indicator.objects.all():
        for name in (indicator.code, indicator.name, indicator.short_name):
            names.setdefault(name_key(name), indicator)
    return names


def existing_comparators() -> dict[tuple, int]:
    """The comparators already kept, by area_key (a comparator family's has its own pk)."""
    found = {}
    for pk, kind, region_id, organisation_id in Comparator.objects.values_list(
        "pk", "kind", "region_id", "organisation_id"
    ):
        if kind == ComparatorKind.FAMILY:
            found[(kind, pk)] = pk
        else:
            found[(kind, region_id or organisation_id or 0)] = pk
    return found


def check(
    *,
    rows: list[list[str]],
    mapping: dict[str, str],
    provenance: str,
    indicator: Indicator | None = None,
    own_services: set[int] | None = None,
    families: Iterable[tuple[int, str, str]] = (),
) -> Preview:
    """The figures the rows give (each added, changed or unchanged against the figures of the
    same provenance already kept), and the file's problems grouped by cause. `indicator`: the
    file's one indicator when no column names it; `own_services`: the services the person
    may import figures for (None: any service, and comparators); `families`: the comparator
    families a row may name ((pk, name, programme's name) of each, import_rules.own_families)."""
    today = timezone.localdate()
    columns = {
        key: int(index)
        for key, index in mapping.items()
        if key in FIELD_KEYS and index not in ("", None)
    }
    indicators = indicator_names()
    problems_ = _problems(indicators)
    areas = Areas(families)
    figures: dict[tuple, Figure] = {}
    suppressed: list[str] = []
    for row in rows:
        number, cells = row[0], row[1:]
        values = {
            key: cells[index].strip() if index < len(cells) else ""
            for key, index in columns.items()
        }
        figure = _read_row(
            number, values, indicator, indicators, areas, own_services, today, problems_
        )
        if figure is None:
            continue
        if figure == "suppressed":
            suppressed.append(number)
            continue
        earlier = figures.get(figure.key())
        if earlier is not None:
            if earlier.numbers() != figure.numbers():
                problems_.add("twice", number, _describe(figure))
            continue
        figures[figure.key()] = figure
    preview = Preview(
        figures=list(figures.values()),
        errors=problems_.problems(),
        problem_rows=problems_.rows(rows),
        rows_read=len(rows),
    )
    if suppressed:
        preview.reading_notes.append(
            ngettext(
                "%(count)s row has a suppressed or missing value (such as * or [c]) and is "
                "left out",
                "%(count)s rows have a suppressed or missing value (such as * or [c]) and are "
                "left out",
                len(suppressed),
            )
            % {"count": len(suppressed)}
        )
    if not preview.errors:
        _compare(preview.figures, provenance)
    return preview


def _problems(indicators: dict[str, Indicator]) -> Problems:
    return Problems(sorted({indicator.short_name for indicator in indicators.values()}))


def _describe(figure: Figure) -> str:
    return f"{figure.area.name}, {figure.period_start:%b %Y} to {figure.period_end:%b %Y}"


def _read_row(number, values, indicator, indicators, areas, own_services, today, problems):
    """The row's Figure, "suppressed", or None when it has problems (added to `problems`)."""
    ok = True
    # The service or comparator.
    name = values.get("area", "")
    area = None
    if not name:
        problems.add("no_area", number)
        ok = False
    else:
        found = areas.match(name)
        if isinstance(found, Unmatched):
            if found.candidates:
                problems.ambiguous(number, name, found.candidates)
            else:
                problems.add("unknown_area", number, name)
            ok = False
        elif own_services is not None and not found.is_service:
            problems.add("comparator", number, name)
            ok = False
        elif own_services is not None and found.organisation_id not in own_services:
            problems.add("not_yours", number, found.name)
            ok = False
        else:
            area = found
    # The indicator.
    if "indicator" in values:
        text = values["indicator"]
        row_indicator = indicators.get(name_key(text)) if text else None
        if not text and indicator is None:
            problems.add("no_indicator", number)
            ok = False
        elif text and row_indicator is None:
            problems.add("unknown_indicator", number, text)
            ok = False
        row_indicator = row_indicator or indicator
    else:
        row_indicator = indicator
    # The period.
    period = _read_period(number, values, problems)
    if period is None:
        ok = False
    elif period[1] > today:
        problems.add("future", number, values.get("period") or values.get("period_end", ""))
        ok = False
    # The numbers.
    text = values.get("value", "")
    value = None
    if not text:
        problems.add("no_value", number)
        ok = False
    elif is_suppressed(text):
        return "suppressed" if ok else None
    else:
        value = parse_figure(text)
        if value is None:
            problems.add("bad_number", number, text)
            ok = False
    counts = []
    for key in ("numerator", "denominator"):
        text = values.get(key, "")
        if not text or is_suppressed(text):
            counts.append(None)
            continue
        parsed = parse_figure(text)
        if parsed is None:
            problems.add("bad_number", number, text)
            ok = False
        counts.append(parsed)
    if not ok or row_indicator is None:
        return None
    return Figure(number, row_indicator.pk, area, *period, value, *counts)


def _read_period(number, values, problems):
    if values.get("period"):
        period = parse_period(values["period"])
        if period is None:
            problems.add("bad_period", number, values["period"])
        return period
    start_text, end_text = values.get("period_start", ""), values.get("period_end", "")
    if not (start_text and end_text):
        problems.add("no_period", number)
        return None
    start, end = parse_date(start_text), parse_date(end_text)
    bad = [text for text, date in ((start_text, start), (end_text, end)) if date is None]
    for text in bad:
        problems.add("bad_date", number, text)
    if bad:
        return None
    if end < start:
        problems.add("period_order", number)
        return None
    return start, end


def _compare(figures: list[Figure], provenance: str) -> None:
    """Mark each figure added, changed or unchanged against those kept."""
    if not figures:
        return
    comparators = existing_comparators()
    by_comparator = {pk: key for key, pk in comparators.items()}
    kept = IndicatorValue.objects.filter(
        indicator_id__in={figure.indicator_id for figure in figures},
        provenance=provenance,
        period_end__gte=min(figure.period_end for figure in figures),
        period_end__lte=max(figure.period_end for figure in figures),
    ).values_list(
        "pk",
        "indicator_id",
        "organisation_id",
        "comparator_id",
        "period_start",
        "period_end",
        "value",
        "numerator",
        "denominator",
    )
    existing = {}
    for pk, indicator_id, organisation_id, comparator_id, start, end, *numbers in kept:
        area = ("service", organisation_id) if organisation_id else by_comparator[comparator_id]
        existing[(indicator_id, area, start, end)] = (pk, tuple(numbers))
    for figure in figures:
        found = existing.get(figure.key())
        if found is None:
            continue
        figure.existing_pk, numbers = found
        if numbers == figure.numbers():
            figure.status = UNCHANGED
        else:
            figure.status = CHANGED
            figure.was = numbers
