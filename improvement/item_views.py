"""Pages that correct a plan: add, change and delete its items, desired outcomes, actions,
progress updates, measures and measure values (each delete asks first, saying what goes with
it), and the plan's changes, read from the history of everything in it. Those who may update
the plan use them; its other readers get 403 (and may read the changes), everyone else 404.
Views fetch through scoped selectors and call one item_services function per change."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from core.http import posted, require_permission, show_errors

from . import item_forms, item_selectors, item_services, selectors
from .models import ImprovementPlan, ProgressUpdate, Recommendation
from .rules import CHANGE_PLAN
from .services import StaleVersionError

CHANGES_PER_PAGE = 50


def _plan_to_change(request: HttpRequest, pk: int) -> ImprovementPlan:
    """The plan, or 404 for one the user may not see, or 403 for one they may only read."""
    plan = selectors.plan_for_user(user=request.user, pk=pk)
    require_permission(request, CHANGE_PLAN, plan)
    return plan


def _saved(form, save) -> bool:
    """Whether `save()` went through; if not, its refusal is shown on the form, nothing typed
    is lost, and after a stale version the form carries the version now current (saving
    again is the person's choice, once they have seen the other change)."""
    try:
        save()
    except ValidationError as error:
        show_errors(form, error)
    except StaleVersionError as error:
        form.data = form.data.copy()
        form.data["seen_version"] = str(error.item.version)
        form.add_error(None, str(error))
    else:
        return True
    return False


def _item_url(plan: ImprovementPlan, item: Recommendation) -> str:
    return f"{reverse('improvement:plan', args=[plan.pk])}#recommendation-{item.pk}"


def _item_name(item: Recommendation) -> str:
    return _("%(kind)s %(reference)s") % {
        "kind": item.get_kind_display(),
        "reference": item.reference,
    }


def _form_page(
    request: HttpRequest,
    *,
    plan: ImprovementPlan,
    form,
    save,
    done: str,
    next_url: str,
    title: str,
    lede: str = "",
) -> HttpResponse:
    """A question page whose form, once valid, is saved by `save(cleaned_data)`; then the
    message `done` and back to `next_url` (also the back link)."""
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(form, lambda: save(form.cleaned_data))
    ):
        messages.success(request, done)
        return redirect(next_url)
    return render(
        request,
        "improvement/items/form.html",
        {"plan": plan, "form": form, "title": title, "lede": lede, "back_url": next_url},
    )


def _delete_page(
    request: HttpRequest,
    *,
    plan: ImprovementPlan,
    delete,
    seen_version: int | None = None,
    what: str,
    goes_with: list[str] = (),
    done: str,
    next_url: str,
    back_url: str | None = None,
) -> HttpResponse:
    """Ask before deleting `what` (GET), saying what goes with it; delete it (POST) with
    `delete(cleaned_data)`."""
    form = item_forms.DeleteForm(
        posted(request),
        seen_version=seen_version,
        button=_("Delete %(what)s") % {"what": what},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(form, lambda: delete(form.cleaned_data))
    ):
        messages.success(request, done)
        return redirect(next_url)
    return render(
        request,
        "improvement/items/delete.html",
        {
            "plan": plan,
            "form": form,
            "what": what,
            "goes_with": [text for text in goes_with if text],
            "back_url": back_url or next_url,
        },
    )


# --- Items -----------------------------------------------------------------------------------


def _item_fields(item: Recommendation) -> dict:
    return {
        "kind": item.kind,
        "reference": item.reference,
        "text": item.text,
        "addressee": item.addressee,
        "domain": item.domain,
    }


@login_required
@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an item to the plan; the reference offered is the next free number."""
    plan = _plan_to_change(request, pk)
    form = item_forms.ItemForm(
        posted(request),
        # No kind chosen for them: GOV.UK radios are not pre-selected.
        initial={"reference": item_services.item_reference_next(plan=plan)},
    )

    return _form_page(
        request,
        plan=plan,
        form=form,
        save=lambda data: item_services.item_add(
            plan=plan, by=request.user, **_fields(data, "item")
        ),
        done=_("The item has been added."),
        next_url=reverse("improvement:plan", args=[plan.pk]),
        title=_("Add an item to the plan"),
        lede=_(
            "An item is a recommendation, an area for consideration or a strength, as the "
            "report gives it. Strengths are kept and shown, with no actions or RAG rating."
        ),
    )


def _fields(data: dict, what: str) -> dict:
    names = {
        "item": ["kind", "reference", "text", "addressee", "domain"],
        "action": ["reference", "text", "lead_officer", "agency", "due_on"],
        "measure": ["name", "unit", "baseline", "target"],
    }[what]
    return {name: data[name] for name in names}


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    plan = _plan_to_change(request, pk)
    item = selectors.recommendation_in_plan(plan=plan, pk=item_pk)
    form = item_forms.ItemForm(
        posted(request), initial=_item_fields(item), seen_version=item.version
    )
    return _form_page(
        request,
        plan=plan,
        form=form,
        save=lambda data: item_services.item_update(
            item=item,
            seen_version=data["seen_version"],
            by=request.user,
            **_fields(data, "item"),
        ),
        done=_("%(item)s has been saved.") % {"item": _item_name(item)},
        next_url=_item_url(plan, item),
        title=_("Change %(item)s") % {"item": _item_name(item).lower()},
    )


def _count(template: str, plural: str, number: int) -> str:
    """ "3 actions", or nothing where there are none."""
    return ngettext(template, plural, number) % {"count": number} if number else ""


@login_required
@require_http_methods(["GET", "POST"])
def item_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    plan = _plan_to_change(request, pk)
    item = selectors.recommendation_in_plan(plan=plan, pk=item_pk)
    counts = item_selectors.item_dependents(item=item)
    return _delete_page(
        request,
        plan=plan,
        delete=lambda data: item_services.item_delete(
            item=item, seen_version=data["seen_version"], by=request.user
        ),
        seen_version=item.version,
        what=_item_name(item).lower(),
        goes_with=[
            _count("%(count)s action", "%(count)s actions", counts["actions"]),
            _count("%(count)s progress update", "%(count)s progress updates", counts["updates"]),
            _count("%(count)s desired outcome", "%(count)s desired outcomes", counts["outcomes"]),
            _count(
                "%(count)s measure, with its values",
                "%(count)s measures, with their values",
                counts["measures"],
            ),
        ],
        done=_("%(item)s has been deleted.") % {"item": _item_name(item)},
        next_url=reverse("improvement:plan", args=[plan.pk]),
        back_url=_item_url(plan, item),
    )


# --- Desired outcomes ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def outcome_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    plan = _plan_to_change(request, pk)
    item = selectors.recommendation_in_plan(plan=plan, pk=item_pk)
    return _form_page(
        request,
        plan=plan,
        form=item_forms.OutcomeForm(posted(request), adding=True),
        save=lambda data: item_services.outcome_add(item=item, text=data["text"], by=request.user),
        done=_("The desired outcome has been added."),
        next_url=_item_url(plan, item),
        title=_("Add a desired outcome to %(item)s") % {"item": _item_name(item).lower()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome_edit(request: HttpRequest, pk: int, outcome_pk: int) -> HttpResponse:
    plan = _plan_to_change(request, pk)
    outcome = item_selectors.outcome_in_plan(plan=plan, pk=outcome_pk)
    return _form_page(
        request,
        plan=plan,
        form=item_forms.OutcomeForm(posted(request), initial={"text": outcome.text}, adding=False),
        save=lambda data: item_services.outcome_update(
            outcome=outcome, text=data["text"], by=request.user
        ),
        done=_("The desired outcome has been saved."),
        next_url=_item_url(plan, outcome.recommendation),
        title=_("Change a desired outcome of %(item)s")
        % {"item": _item_name(outcome.recommendation).lower()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome_delete(request: HttpRequest, pk: int, outcome_pk: int) -> HttpResponse:
    plan = _plan_to_change(request, pk)
    outcome = item_selectors.outcome_in_plan(plan=plan, pk=outcome_pk)
    return _delete_page(
        request,
        plan=plan,
        delete=lambda data: item_services.outcome_delete(outcome=outcome, by=request.user),
        what=_("the desired outcome “%(text)s”") % {"text": outcome.text[:80]},
        done=_("The desired outcome has been deleted."),
        next_url=_item_url(plan, outcome.recommendation),
    )


# --- Actions ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Add an action to an item; the reference offered follows the item's (1a, 1b ...)."""
    plan = _plan_to_change(request, pk)
    item = selectors.recommendation_in_plan(plan=plan, pk=item_pk)
    form = item_forms.NewActionForm(
        posted(request),
        initial={"reference": item_services.action_reference_next(item=item)},
    )
    return _form_page(
        request,
        plan=plan,
        form=form,
        save=lambda data: item_services.action_add(
            item=item, by=request.user, **_fields(data, "action")
        ),
        done=_("The action has been added."),
        next_url=_item_url(plan, item),
        title=_("Add an action to %(item)s") % {"item": _item_name(item).lower()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_delete(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    plan = _plan_to_change(request, pk)
    action = selectors.action_in_plan(plan=plan, pk=action_pk)
    updates = action.updates.count()
    return _delete_page(
        request,
        plan=plan,
        delete=lambda data: item_services.action_delete(
            action=action, seen_version=data["seen_version"], by=request.user
        ),
        seen_version=action.version,
        what=_("action %(reference)s") % {"reference": action.reference},
        goes_with=[
            _count("%(count)s progress update", "%(count)s progress updates", updates),
            _("its status history") if action.events.exists() else "",
        ],
        done=_("Action %(reference)s has been deleted.") % {"reference": action.reference},
        next_url=_item_url(plan, action.recommendation),
        back_url=reverse("improvement:action", args=[plan.pk, action.pk]),
    )


# --- Progress updates ------------------------------------------------------------------------


def _update_page(plan: ImprovementPlan, update: ProgressUpdate) -> str:
    """Where the update is shown: its action's page, or its item's progress page."""
    if update.action_id:
        return reverse("improvement:action", args=[plan.pk, update.action_id])
    return reverse("improvement:recommendation_update", args=[plan.pk, update.recommendation_id])


def _update_item(update: ProgressUpdate):
    return update.action if update.action_id else update.recommendation


@login_required
@require_http_methods(["GET", "POST"])
def update_edit(request: HttpRequest, pk: int, update_pk: int) -> HttpResponse:
    """Correct a progress update; the earlier wording stays in its history, shown with it."""
    plan = _plan_to_change(request, pk)
    update = item_selectors.update_in_plan(plan=plan, pk=update_pk)
    item = _update_item(update)
    form = item_forms.ProgressUpdateChangeForm(
        posted(request),
        initial={
            "rag": update.rag,
            "narrative": update.narrative,
            "recorded_on": update.recorded_on,
        },
        seen_version=item.version,
    )
    return _form_page(
        request,
        plan=plan,
        form=form,
        save=lambda data: item_services.progress_update_change(
            update=update,
            seen_version=data["seen_version"],
            rag=data["rag"],
            narrative=data["narrative"],
            recorded_on=data["recorded_on"],
            by=request.user,
        ),
        done=_("The progress update has been corrected; what it said before is in its history."),
        next_url=_update_page(plan, update),
        title=_("Correct the progress update on %(thing)s")
        % {
            "thing": (
                _("action %(reference)s") % {"reference": item.reference}
                if update.action_id
                else _item_name(item).lower()
            )
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def update_delete(request: HttpRequest, pk: int, update_pk: int) -> HttpResponse:
    plan = _plan_to_change(request, pk)
    update = item_selectors.update_in_plan(plan=plan, pk=update_pk)
    item = _update_item(update)
    return _delete_page(
        request,
        plan=plan,
        delete=lambda data: item_services.progress_update_delete(
            update=update, seen_version=data["seen_version"], by=request.user
        ),
        seen_version=item.version,
        what=_("the progress update as at %(date)s")
        % {"date": date_format(update.recorded_on, "j F Y")},
        done=_("The progress update has been deleted."),
        next_url=_update_page(plan, update),
    )


# --- Measures --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def measure_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    plan = _plan_to_change(request, pk)
    item = selectors.recommendation_in_plan(plan=plan, pk=item_pk)
    return _form_page(
        request,
        plan=plan,
        form=item_forms.MeasureForm(posted(request), adding=True),
        save=lambda data: item_services.measure_add(
            item=item, by=request.user, **_fields(data, "measure")
        ),
        done=_("The measure has been added."),
        next_url=_item_url(plan, item),
        title=_("Add a measure to %(item)s") % {"item": _item_name(item).lower()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    plan = _plan_to_change(request, pk)
    measure = item_selectors.measure_in_plan(plan=plan, pk=measure_pk)
    return _form_page(
        request,
        plan=plan,
        form=item_forms.MeasureForm(
            posted(request),
            initial={
                "name": measure.name,
                "unit": measure.unit,
                "baseline": measure.baseline,
                "target": measure.target,
            },
            adding=False,
        ),
        save=lambda data: item_services.measure_update(
            measure=measure, by=request.user, **_fields(data, "measure")
        ),
        done=_("The measure has been saved."),
        next_url=_item_url(plan, measure.recommendation),
        title=_("Change the measure %(name)s") % {"name": measure.name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_delete(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    plan = _plan_to_change(request, pk)
    measure = item_selectors.measure_in_plan(plan=plan, pk=measure_pk)
    values = measure.values.count()
    return _delete_page(
        request,
        plan=plan,
        delete=lambda data: item_services.measure_delete(measure=measure, by=request.user),
        what=_("the measure %(name)s") % {"name": measure.name},
        goes_with=[_count("%(count)s value", "%(count)s values", values)],
        done=_("The measure has been deleted."),
        next_url=_item_url(plan, measure.recommendation),
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_value_add(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    plan = _plan_to_change(request, pk)
    measure = item_selectors.measure_in_plan(plan=plan, pk=measure_pk)
    return _form_page(
        request,
        plan=plan,
        form=item_forms.MeasureValueForm(posted(request), adding=True),
        save=lambda data: item_services.measure_value_add(
            measure=measure, recorded_on=data["recorded_on"], value=data["value"], by=request.user
        ),
        done=_("The value has been added."),
        next_url=_item_url(plan, measure.recommendation),
        title=_("Add a value of %(name)s") % {"name": measure.name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_value_edit(request: HttpRequest, pk: int, value_pk: int) -> HttpResponse:
    plan = _plan_to_change(request, pk)
    value = item_selectors.measure_value_in_plan(plan=plan, pk=value_pk)
    return _form_page(
        request,
        plan=plan,
        form=item_forms.MeasureValueForm(
            posted(request),
            initial={"recorded_on": value.recorded_on, "value": value.value},
            adding=False,
        ),
        save=lambda data: item_services.measure_value_update(
            value=value, recorded_on=data["recorded_on"], actual=data["value"], by=request.user
        ),
        done=_("The value has been saved."),
        next_url=_item_url(plan, value.measure.recommendation),
        title=_("Change a value of %(name)s") % {"name": value.measure.name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_value_delete(request: HttpRequest, pk: int, value_pk: int) -> HttpResponse:
    plan = _plan_to_change(request, pk)
    value = item_selectors.measure_value_in_plan(plan=plan, pk=value_pk)
    return _delete_page(
        request,
        plan=plan,
        delete=lambda data: item_services.measure_value_delete(value=value, by=request.user),
        what=_("the value of %(name)s as at %(date)s")
        % {"name": value.measure.name, "date": date_format(value.recorded_on, "j F Y")},
        done=_("The value has been deleted."),
        next_url=_item_url(plan, value.measure.recommendation),
    )


# --- The plan's changes ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def plan_changes(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change to the plan and what is in it, newest first: who, when, and what."""
    plan = selectors.plan_for_user(user=request.user, pk=pk)
    page = Paginator(item_selectors.plan_changes(plan=plan), CHANGES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "improvement/items/changes.html",
        {
            "plan": plan,
            "page": page,
            "changes": item_selectors.changes_for_page(plan=plan, rows=list(page.object_list)),
            "query": "",
        },
    )
