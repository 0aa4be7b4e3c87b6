"""Writes of an item's measures of progress and their dated values, added, changed and
deleted; every change is kept in the rows' history, which the plan's "Changes" page reads. A
strength carries no measures: they are refused on it."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User

from .item_services import strength_refusal
from .models import Measure, MeasureValue, Recommendation


@transaction.atomic
def measure_add(
    *,
    item: Recommendation,
    name: str,
    unit: str = "",
    baseline: Decimal | None = None,
    target: Decimal | None = None,
    by: User,
) -> Measure:
    """Add a measure of progress to an item (not to a strength)."""
    if item.is_strength:
        raise ValidationError(strength_refusal(_("measures")))
    if not name.strip():
        raise ValidationError({"name": _("Enter the name of the measure")})
    return Measure.objects.create(
        recommendation=item, name=name.strip(), unit=unit.strip(), baseline=baseline, target=target
    )


@transaction.atomic
def measure_update(
    *,
    measure: Measure,
    name: str,
    unit: str = "",
    baseline: Decimal | None = None,
    target: Decimal | None = None,
    by: User,
) -> Measure:
    if not name.strip():
        raise ValidationError({"name": _("Enter the name of the measure")})
    measure.name, measure.unit = name.strip(), unit.strip()
    measure.baseline, measure.target = baseline, target
    measure.save()
    return measure


@transaction.atomic
def measure_delete(*, measure: Measure, by: User) -> None:
    """Delete a measure with its values (their history is kept)."""
    measure.delete()


def _value_errors(*, measure: Measure, recorded_on, pk: int | None) -> dict:
    if recorded_on is None:
        return {"recorded_on": _("Enter the date of the value")}
    if recorded_on > timezone.localdate():
        return {"recorded_on": _("The date of the value must be today or in the past")}
    if measure.values.filter(recorded_on=recorded_on).exclude(pk=pk).exists():
        return {
            "recorded_on": _(
                "The measure already has a value as at %(date)s: change that one instead"
            )
            % {"date": date_format(recorded_on, "j F Y")}
        }
    return {}


@transaction.atomic
def measure_value_add(
    *, measure: Measure, recorded_on: datetime.date, value: Decimal, by: User
) -> MeasureValue:
    """Add the measure's actual value as at a date (one a date)."""
    Measure.objects.select_for_update().get(pk=measure.pk)
    errors = _value_errors(measure=measure, recorded_on=recorded_on, pk=None)
    if errors:
        raise ValidationError(errors)
    return MeasureValue.objects.create(measure=measure, recorded_on=recorded_on, value=value)


@transaction.atomic
def measure_value_update(
    *, value: MeasureValue, recorded_on: datetime.date, actual: Decimal, by: User
) -> MeasureValue:
    Measure.objects.select_for_update().get(pk=value.measure_id)
    errors = _value_errors(measure=value.measure, recorded_on=recorded_on, pk=value.pk)
    if errors:
        raise ValidationError(errors)
    value.recorded_on, value.value = recorded_on, actual
    value.save()
    return value


@transaction.atomic
def measure_value_delete(*, value: MeasureValue, by: User) -> None:
    value.delete()
