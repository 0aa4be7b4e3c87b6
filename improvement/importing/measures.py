"""Measures by import: a row naming a measure gives it to the row's item (once per item and
name), with a unit, baseline and target, and an actual value as at a date. The value's date
is its own column's, else the row's update date, else the one date given for the whole file.

A measure the item already has in the plan is reused, and its unit, baseline and target in
the file are not applied (the plan is the record, as for items). Each measure has one value a
date: a value the plan already has for the date is skipped, a different one is an error; so
is a second, different value for the same date in the file."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .fields import MEASURE_FIELDS
from .in_plan import _PlanItems
from .preview import NewMeasure, NewRecommendation
from .values import measure_key, parse_number, parse_when


@dataclass(frozen=True)
class MeasureRow:
    """What one row says about a measure."""

    name: str
    unit: str = ""
    baseline: Decimal | None = None
    target: Decimal | None = None
    # The row's numbers were written as percentages ("45%"): the unit, when none is given.
    percent: bool = False
    value: Decimal | None = None
    recorded_on: datetime.date | None = None


def read_measure(
    values: dict[str, str],
    *,
    update_on: datetime.date | None,
    as_at: datetime.date | None,
    today: datetime.date,
    dated: bool,
    month_only: list[str],
    problem: Callable[..., None],
) -> MeasureRow | None:
    """The measure the row names, or None when it names none (its problems told through
    `problem`). `update_on`: the row's update date as read (None when blank or not a date);
    `as_at`: the date for the whole file; `dated`: whether a column holds the values' dates
    (when none does, and no date is given for the file, the file's error says so once).
    Months alone are added to `month_only`."""
    if not any(values[key] for key in MEASURE_FIELDS):
        return None
    if not values["measure"]:
        problem("no_measure")
        return None
    numbers: dict[str, Decimal | None] = {}
    percent = False
    for key in ("baseline", "target", "actual"):
        numbers[key] = None
        if values[key]:
            parsed = parse_number(values[key])
            if parsed is None:
                problem("bad_number", values[key])
            else:
                numbers[key], percent = parsed.value, percent or parsed.percent
    recorded_on = None
    if values["actual_on"]:
        parsed_on = parse_when(values["actual_on"])
        if parsed_on is None:
            problem("bad_value_date", values["actual_on"])
        elif parsed_on.date > today:
            problem("future_value", values["actual_on"])
        else:
            recorded_on = parsed_on.date
            if parsed_on.month_only and values["actual_on"] not in month_only:
                month_only.append(values["actual_on"])
        if not values["actual"]:
            problem("no_actual")
    elif values["actual"]:
        # The update date's own problems are told with the update's.
        recorded_on = update_on if values["update_on"] else as_at
        if not values["update_on"] and as_at is None and dated:
            problem("no_value_date")
    return MeasureRow(
        name=values["measure"],
        unit=values["measure_unit"],
        baseline=numbers["baseline"],
        target=numbers["target"],
        percent=percent,
        value=numbers["actual"],
        recorded_on=recorded_on,
    )


def _named(row: MeasureRow, recorded_on: datetime.date | None = None) -> str:
    if recorded_on is None:
        return row.name
    return _("%(measure)s as at %(date)s") % {
        "measure": row.name,
        "date": date_format(recorded_on, "j F Y"),
    }


def add_measure(
    recommendation: NewRecommendation,
    row: MeasureRow,
    *,
    in_plan: _PlanItems,
    row_number: str,
    notes: list[str],
    problem: Callable[..., None],
) -> bool:
    """Add what `row` says to the item's measures: the measure (new, or the item's in the
    plan: a note says its details in the file are not applied) and its value. Whether the row
    adds anything new (a measure or a value)."""
    key = measure_key(row.name)
    measure = recommendation.measures.get(key)
    added = False
    if measure is None:
        existing = (
            in_plan.measures.get((recommendation.existing_pk, key))
            if recommendation.in_plan
            else None
        )
        if existing is not None:
            measure = NewMeasure(
                name=existing.name,
                unit=existing.unit,
                baseline=existing.baseline,
                target=existing.target,
                existing_pk=existing.pk,
            )
            notes.append(
                _(
                    "Measure '%(measure)s' of recommendation %(reference)s is already in the "
                    "plan: only new values are added, not its unit, baseline or target in the "
                    "file"
                )
                % {"measure": existing.name, "reference": recommendation.reference}
            )
        else:
            measure = NewMeasure(
                name=row.name,
                unit=row.unit or ("%" if row.percent else ""),
                baseline=row.baseline,
                target=row.target,
            )
            added = True
        recommendation.measures[key] = measure
    elif not measure.in_plan:
        # The first row to give each of them stands; another row may not contradict it.
        for attribute in ("unit", "baseline", "target"):
            given = getattr(row, attribute)
            if given in ("", None):
                continue
            if getattr(measure, attribute) in ("", None):
                setattr(measure, attribute, given)
            elif getattr(measure, attribute) != given:
                problem("measure_differs", _named(row))
    measure.rows.append(row_number)
    if row.value is None or row.recorded_on is None:
        return added
    earlier = measure.values.get(row.recorded_on)
    if earlier is not None:
        if earlier != row.value:
            problem("value_twice", _named(row, row.recorded_on))
        return added
    if measure.in_plan:
        kept = in_plan.measure_values.get(measure.existing_pk, {}).get(row.recorded_on)
        if kept is not None:
            if kept != row.value:
                problem("value_in_plan", _named(row, row.recorded_on))
            return added
    measure.values[row.recorded_on] = row.value
    return True
