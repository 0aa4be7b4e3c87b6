"""An action's page, with its progress and status history and the form that adds a progress
update; changing an action (the service marks it complete), adding and deleting one; signing
it off or sending it back (the improvement board or the programme's coordinator); and the
actions awaiting the user's sign-off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import posted, require_permission, show_errors

from .. import item_selectors, item_services, selectors, services
from ..enums import ActionStatus
from ..forms.actions import ActionForm, NewActionForm, SendBackForm, SignOffForm
from ..models import Action
from ..rules import CHANGE_PLAN, SIGN_OFF_PLAN
from .correcting import (
    count_text,
    delete_page,
    fields_for,
    form_page,
    item_name,
    item_url,
    plan_to_change,
)
from .updates import progress_form

ACTIONS_PER_PAGE = 50


# --- An action's page ------------------------------------------------------------------------


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
        form, saved = progress_form(
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
    form = ActionForm(
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
            form = ActionForm(fresh, seen_version=error.item.version, status=action.status)
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


# --- Adding and deleting an action -----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Add an action to an item; the reference offered follows the item's (1a, 1b ...)."""
    plan = plan_to_change(request, pk)
    item = selectors.recommendation_in_plan(plan=plan, pk=item_pk)
    form = NewActionForm(
        posted(request),
        initial={"reference": item_services.action_reference_next(item=item)},
    )
    return form_page(
        request,
        plan=plan,
        form=form,
        save=lambda data: item_services.action_add(
            item=item, by=request.user, **fields_for(data, "action")
        ),
        done=_("The action has been added."),
        next_url=item_url(plan, item),
        title=_("Add an action to %(item)s") % {"item": item_name(item).lower()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_delete(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    plan = plan_to_change(request, pk)
    action = selectors.action_in_plan(plan=plan, pk=action_pk)
    updates = action.updates.count()
    return delete_page(
        request,
        plan=plan,
        delete=lambda data: item_services.action_delete(
            action=action, seen_version=data["seen_version"], by=request.user
        ),
        seen_version=action.version,
        what=_("action %(reference)s") % {"reference": action.reference},
        goes_with=[
            count_text("%(count)s progress update", "%(count)s progress updates", updates),
            _("its status history") if action.events.exists() else "",
        ],
        done=_("Action %(reference)s has been deleted.") % {"reference": action.reference},
        next_url=item_url(plan, action.recommendation),
        back_url=reverse("improvement:action", args=[plan.pk, action.pk]),
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
        make_form=lambda data, version, action: SignOffForm(data, seen_version=version),
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
        make_form=lambda data, version, action: SendBackForm(
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
