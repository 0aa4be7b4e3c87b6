"""Adding, changing and deleting an item's measures and their dated values."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import posted

from .. import item_selectors, measure_services, selectors
from ..forms.measures import MeasureForm, MeasureValueForm
from .correcting import (
    count_text,
    delete_page,
    fields_for,
    form_page,
    item_name,
    item_url,
    plan_to_change,
)

# --- Measures --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def measure_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    plan = plan_to_change(request, pk)
    item = selectors.recommendation_in_plan(plan=plan, pk=item_pk)
    return form_page(
        request,
        plan=plan,
        form=MeasureForm(posted(request), adding=True),
        save=lambda data: measure_services.measure_add(
            item=item, by=request.user, **fields_for(data, "measure")
        ),
        done=_("The measure has been added."),
        next_url=item_url(plan, item),
        title=_("Add a measure to %(item)s") % {"item": item_name(item).lower()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    plan = plan_to_change(request, pk)
    measure = item_selectors.measure_in_plan(plan=plan, pk=measure_pk)
    return form_page(
        request,
        plan=plan,
        form=MeasureForm(
            posted(request),
            initial={
                "name": measure.name,
                "unit": measure.unit,
                "baseline": measure.baseline,
                "target": measure.target,
            },
            adding=False,
        ),
        save=lambda data: measure_services.measure_update(
            measure=measure, by=request.user, **fields_for(data, "measure")
        ),
        done=_("The measure has been saved."),
        next_url=item_url(plan, measure.recommendation),
        title=_("Change the measure %(name)s") % {"name": measure.name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_delete(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    plan = plan_to_change(request, pk)
    measure = item_selectors.measure_in_plan(plan=plan, pk=measure_pk)
    values = measure.values.count()
    return delete_page(
        request,
        plan=plan,
        delete=lambda data: measure_services.measure_delete(measure=measure, by=request.user),
        what=_("the measure %(name)s") % {"name": measure.name},
        goes_with=[count_text("%(count)s value", "%(count)s values", values)],
        done=_("The measure has been deleted."),
        next_url=item_url(plan, measure.recommendation),
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_value_add(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    plan = plan_to_change(request, pk)
    measure = item_selectors.measure_in_plan(plan=plan, pk=measure_pk)
    return form_page(
        request,
        plan=plan,
        form=MeasureValueForm(posted(request), adding=True),
        save=lambda data: measure_services.measure_value_add(
            measure=measure, recorded_on=data["recorded_on"], value=data["value"], by=request.user
        ),
        done=_("The value has been added."),
        next_url=item_url(plan, measure.recommendation),
        title=_("Add a value of %(name)s") % {"name": measure.name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_value_edit(request: HttpRequest, pk: int, value_pk: int) -> HttpResponse:
    plan = plan_to_change(request, pk)
    value = item_selectors.measure_value_in_plan(plan=plan, pk=value_pk)
    return form_page(
        request,
        plan=plan,
        form=MeasureValueForm(
            posted(request),
            initial={"recorded_on": value.recorded_on, "value": value.value},
            adding=False,
        ),
        save=lambda data: measure_services.measure_value_update(
            value=value, recorded_on=data["recorded_on"], actual=data["value"], by=request.user
        ),
        done=_("The value has been saved."),
        next_url=item_url(plan, value.measure.recommendation),
        title=_("Change a value of %(name)s") % {"name": value.measure.name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_value_delete(request: HttpRequest, pk: int, value_pk: int) -> HttpResponse:
    plan = plan_to_change(request, pk)
    value = item_selectors.measure_value_in_plan(plan=plan, pk=value_pk)
    return delete_page(
        request,
        plan=plan,
        delete=lambda data: measure_services.measure_value_delete(value=value, by=request.user),
        what=_("the value of %(name)s as at %(date)s")
        % {"name": value.measure.name, "date": date_format(value.recorded_on, "j F Y")},
        done=_("The value has been deleted."),
        next_url=item_url(plan, value.measure.recommendation),
    )
