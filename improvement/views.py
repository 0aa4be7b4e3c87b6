"""Pages for improvement plans: the plans a person may see, a plan with its recommendations
and actions, an action with its progress and status history, and the forms that add progress
updates, change an action (the service marks it complete), and sign it off or send it back
(the improvement board or the programme's coordinator); the actions awaiting the user's
sign-off. Views fetch through selectors scoped to the user, check permissions on the plan (404
when it may not be seen, 403 when it may be seen but not changed), and call one service per
change."""

from itertools import chain

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import csv_download, posted, require_permission, show_errors

from . import exporting, forms, item_selectors, selectors, services
from .enums import ActionStatus
from .models import Action, ImprovementPlan, Recommendation
from .rules import CHANGE_PLAN, SIGN_OFF_PLAN

SERVICES_PER_PAGE = 25
ACTIONS_PER_PAGE = 50


# --- The plans -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def plan_list(request: HttpRequest) -> HttpResponse:
    """The plans the user may see, by service, SERVICES_PER_PAGE services to a page (a
    programme's coordinators see every service with a plan from its reviews). Archived plans
    are left off unless "Show archived plans" is chosen; those who may start a plan find the
    button here (and, with no plan to see, an empty state that leads to it)."""
    show_archived = request.GET.get("archived") == "1"
    services_with_plans = selectors.services_with_listed_plans(
        user=request.user, show_archived=show_archived
    )
    page = Paginator(services_with_plans, SERVICES_PER_PAGE).get_page(request.GET.get("page"))
    services_plans = selectors.listed_plans_by_service(
        user=request.user, services=list(page.object_list), show_archived=show_archived
    )
    return render(
        request,
        "improvement/list.html",
        {
            "services_plans": services_plans,
            # With none to list: whether archived ones would be (the empty state says so).
            "has_archived": not services_plans
            and not show_archived
            and selectors.services_with_listed_plans(
                user=request.user, show_archived=True
            ).exists(),
            "page": page,
            "query": "archived=1" if show_archived else "",
            "show_archived": show_archived,
            "can_start": selectors.services_for_new_plan(user=request.user).exists(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET"])
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for_user(user=request.user, pk=pk)
    items = selectors.recommendations_for_plan_page(plan=plan, today=timezone.localdate())
    item_selectors.measure_charts(items)
    recommendations, strengths = item_selectors.items_and_strengths(items)
    return render(
        request,
        "improvement/plan.html",
        {
            "plan": plan,
            "recommendations": recommendations,
            "strengths": strengths,
            "can_update": request.user.has_perm(CHANGE_PLAN, plan),
        },
    )


# --- Progress updates ------------------------------------------------------------------------


def _progress_form(request: HttpRequest, item: Action | Recommendation, what: str):
    """The progress update form for `item`, and the response when it was saved (else None).
    A stale save is shown with the service's message, the typed text kept, and the version
    the person now sees, so they can save again once they have read the other update."""
    form = forms.ProgressUpdateForm(posted(request), seen_version=item.version)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.progress_update_add(
                item=item,
                seen_version=data["seen_version"],
                rag=data["rag"],
                narrative=data["narrative"],
                recorded_on=data["recorded_on"],
                by=request.user,
            )
        except ValidationError as error:
            show_errors(form, error)
        except services.StaleVersionError as error:
            fresh = request.POST.copy()
            fresh["seen_version"] = str(error.item.version)
            form = forms.ProgressUpdateForm(fresh, seen_version=error.item.version)
            form.is_valid()
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your progress update on %(what)s has been added.") % {"what": what},
            )
            return form, True
    return form, False


@login_required
@require_http_methods(["GET", "POST"])
def action_detail(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """An action, its progress history and, for those who may update the plan, the form to
    add a progress update. Those who only read it see no form, and may not post one."""
    plan = selectors.plan_for_user(user=request.user, pk=pk)
    action = selectors.action_in_plan(plan=plan, pk=action_pk)
    action.attention = selectors.attention_of(
        action, stale_after_days=plan.stale_after_days, today=timezone.localdate()
    )
    can_update = request.user.has_perm(CHANGE_PLAN, plan)
    can_sign_off = request.user.has_perm(SIGN_OFF_PLAN, plan)
    if request.method == "POST":
        require_permission(request, CHANGE_PLAN, plan)
    form = None
    if can_update:
        form, saved = _progress_form(
            request, action, _("action %(reference)s") % {"reference": action.reference}
        )
        if saved:
            return redirect("improvement:action", pk=plan.pk, action_pk=action.pk)
    return render(
        request,
        "improvement/action.html",
        {
            "plan": plan,
            "action": action,
            "recommendation": action.recommendation,
            "form": form,
            "can_update": can_update,
            "can_sign_off": can_sign_off,
            "updates": item_selectors.updates_with_corrections(item=action),
            "events": selectors.events_of(action=action),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_update(request: HttpRequest, pk: int, rec_pk: int) -> HttpResponse:
    """A progress update on a recommendation as a whole, with its history."""
    plan = selectors.plan_for_user(user=request.user, pk=pk)
    recommendation = selectors.recommendation_in_plan(plan=plan, pk=rec_pk)
    require_permission(request, CHANGE_PLAN, plan)
    form, saved = _progress_form(
        request,
        recommendation,
        _("recommendation %(reference)s") % {"reference": recommendation.reference},
    )
    if saved:
        return redirect(
            f"{reverse('improvement:plan', args=[plan.pk])}#recommendation-{recommendation.pk}"
        )
    return render(
        request,
        "improvement/recommendation_update.html",
        {
            "plan": plan,
            "recommendation": recommendation,
            "form": form,
            "can_update": True,
            "updates": item_selectors.updates_with_corrections(item=recommendation),
        },
    )


# --- Changing an action ----------------------------------------------------------------------


def _action_fields(action: Action) -> dict:
    return {
        "text": action.text,
        "lead_officer": action.lead_officer,
        "agency": action.agency,
        "due_on": action.due_on,
        "status": action.status,
    }


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """The service changes an action's details and status; marking it complete proposes it
    for sign-off (the form offers no sign-off, and the service refuses one)."""
    plan = selectors.plan_for_user(user=request.user, pk=pk)
    action = selectors.action_in_plan(plan=plan, pk=action_pk)
    require_permission(request, CHANGE_PLAN, plan)
    form = forms.ActionForm(
        posted(request),
        initial=_action_fields(action),
        seen_version=action.version,
        status=action.status,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_update(
                action=action,
                seen_version=data["seen_version"],
                text=data["text"],
                lead_officer=data["lead_officer"],
                agency=data["agency"],
                due_on=data["due_on"],
                # A signed-off action's status is not on the form: it stays as it is.
                status=data.get("status", action.status),
                note=data.get("note", ""),
                by=request.user,
            )
        except ValidationError as error:
            show_errors(form, error)
        except services.StaleVersionError as error:
            fresh = request.POST.copy()
            fresh["seen_version"] = str(error.item.version)
            form = forms.ActionForm(fresh, seen_version=error.item.version, status=action.status)
            form.is_valid()
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Action %(reference)s has been saved.") % {"reference": action.reference},
            )
            return redirect("improvement:action", pk=plan.pk, action_pk=action.pk)
    return render(
        request, "improvement/action_edit.html", {"plan": plan, "action": action, "form": form}
    )


# --- Signing off -----------------------------------------------------------------------------


def _decision_page(
    request: HttpRequest,
    pk: int,
    action_pk: int,
    *,
    statuses: tuple[str, ...],
    make_form,
    decide,
    done: str,
    template: str,
) -> HttpResponse:
    """A page on which the improvement board or the programme's coordinator decides on an
    action in one of `statuses`: `make_form(data, seen_version, action)` builds its form,
    `decide(action, seen_version, cleaned_data)` calls the service, `done` is the message."""
    plan = selectors.plan_for_user(user=request.user, pk=pk)
    action = selectors.action_in_plan(plan=plan, pk=action_pk)
    require_permission(request, SIGN_OFF_PLAN, plan)
    if action.status not in statuses:
        messages.error(
            request,
            _("Action %(reference)s is not awaiting sign-off.") % {"reference": action.reference},
        )
        return redirect("improvement:action", pk=plan.pk, action_pk=action.pk)
    form = make_form(posted(request), action.version, action)
    if request.method == "POST" and form.is_valid():
        try:
            decide(action, form.cleaned_data["seen_version"], form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        except services.StaleVersionError as error:
            fresh = request.POST.copy()
            fresh["seen_version"] = str(error.item.version)
            form = make_form(fresh, error.item.version, action)
            form.is_valid()
            form.add_error(None, str(error))
        else:
            messages.success(request, done % {"reference": action.reference})
            return redirect("improvement:action", pk=plan.pk, action_pk=action.pk)
    return render(
        request,
        template,
        {
            "plan": plan,
            "action": action,
            "recommendation": action.recommendation,
            "form": form,
            "proposal": selectors.latest_proposal(action=action),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_sign_off(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """Sign off an action the service has marked complete."""
    return _decision_page(
        request,
        pk,
        action_pk,
        statuses=(ActionStatus.AWAITING_SIGN_OFF,),
        make_form=lambda data, version, action: forms.SignOffForm(data, seen_version=version),
        decide=lambda action, version, data: services.action_sign_off(
            action=action, seen_version=version, note=data["note"], by=request.user
        ),
        done=_("Action %(reference)s has been signed off."),
        template="improvement/action_sign_off.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_send_back(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """Send back an action awaiting sign-off, or reopen one signed off, with the reason."""
    return _decision_page(
        request,
        pk,
        action_pk,
        statuses=(ActionStatus.AWAITING_SIGN_OFF, ActionStatus.SIGNED_OFF),
        make_form=lambda data, version, action: forms.SendBackForm(
            data, seen_version=version, reopening=action.is_signed_off
        ),
        decide=lambda action, version, data: services.action_send_back(
            action=action, seen_version=version, reason=data["reason"], by=request.user
        ),
        done=_("Action %(reference)s is in progress again; the service can see why."),
        template="improvement/action_send_back.html",
    )


@login_required
@require_http_methods(["GET"])
def awaiting_sign_off(request: HttpRequest) -> HttpResponse:
    """The actions awaiting the user's sign-off, by service and plan."""
    require_permission(request, "improvement.sign_off_actions")
    actions = selectors.awaiting_sign_off_for_user(user=request.user)
    page = Paginator(actions, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "improvement/awaiting_sign_off.html",
        {"actions": page.object_list, "page": page, "query": ""},
    )


# --- Export ----------------------------------------------------------------------------------

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export_filename(plan: ImprovementPlan, extension: str) -> str:
    slug = slugify(plan.title) or "improvement-plan"
    return f"{slug}-{timezone.localdate().isoformat()}.{extension}"


def _private(response: HttpResponseBase) -> HttpResponseBase:
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_http_methods(["GET"])
def export_csv(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The plan as CSV: a header, then a row per progress update (see exporting)."""
    plan = selectors.plan_for_user(user=request.user, pk=pk)
    rows = chain([exporting.headers()], exporting.plan_rows(plan))
    return _private(csv_download(rows, filename=_export_filename(plan, "csv")))


@login_required
@require_http_methods(["GET"])
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The plan as an Excel workbook, with the same rows as the CSV."""
    plan = selectors.plan_for_user(user=request.user, pk=pk)
    response = HttpResponse(exporting.plan_xlsx(plan), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_export_filename(plan, "xlsx")}"'
    return _private(response)
