"""Changing a plan's details, a question page at a time, each saving through a service that
refuses a save based on an older version of the plan; and closing, reopening and archiving it,
each asking "Are you sure" first. A plan's details are managed by MANAGE_PLAN (its readers get
403, everyone else 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import error_elsewhere
from core.http import posted, require_permission, show_errors

from .. import plan_services, selectors
from ..forms.plan_details import ConfirmForm, RatingsForm
from ..models import ImprovementPlan
from ..rules import MANAGE_PLAN
from ..services import StaleVersionError
from .plan_details import EDIT_STEPS, FORMS, detail_rows, plan_values, rating_rows, resolved

# --- Changing a plan's details ---------------------------------------------------------------


def _managed_plan(request: HttpRequest, pk: int) -> ImprovementPlan:
    """The plan, 404 when the user may not see it, 403 when they may not manage it."""
    plan = selectors.plan_for_user(user=request.user, pk=pk)
    require_permission(request, MANAGE_PLAN, plan)
    return plan


def _details_url(plan: ImprovementPlan) -> str:
    return f"{plan.get_absolute_url()}#plan-details"


def _stale_message() -> str:
    return _(
        "The plan's details have been changed by someone else since you opened this page. "
        "Your answers are below, with the details as they are now: check them, then save "
        "yours again if they still apply."
    )


def _current_rows(plan: ImprovementPlan, step: str) -> list[dict]:
    """What the page's questions answer on the plan as it is now, without "Change" links."""
    return [
        row
        for row in detail_rows(plan_values(plan), change=lambda step: None)
        if row["step"] == step
    ]


@login_required
@require_http_methods(["GET", "POST"])
def plan_details_edit(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One of the question pages, changing the plan's details: saved through a service, with
    the plan's version the page was opened at. A save based on an older version is refused:
    the page is shown again with the person's answers, the details as they are now, and the
    version now current, so that saving again is their choice once they have seen the other
    change."""
    if step not in EDIT_STEPS:
        raise Http404
    plan = _managed_plan(request, pk)
    values = plan_values(plan)
    today = timezone.localdate()
    form_class = FORMS[step]
    kwargs = {
        "user": request.user,
        "organisation": plan.organisation,
        "answers": values,
        "today": today,
        "button": _("Save changes"),
        "seen_version": plan.version,
    }
    if form_class is RatingsForm:
        kwargs["rows"] = rating_rows(request, values)
    form = form_class(posted(request), initial=form_class.initial_from(values), **kwargs)
    current = None
    if request.method == "POST" and form.is_valid():
        changed = form.values()
        if RatingsForm.ADD_ANOTHER in request.POST:
            return redirect(
                f"{reverse('improvement:plan_details_edit', args=[plan.pk, step])}"
                f"?rows={form.rows + 1}"
            )
        try:
            if step == "ratings":
                plan_services.plan_ratings_change(
                    plan=plan,
                    seen_version=form.cleaned_data["seen_version"],
                    overall_rating=changed["overall_rating"],
                    ratings=changed["ratings"],
                    by=request.user,
                )
            else:
                programmes = selectors.programmes_for_new_plan(
                    user=request.user, organisation=plan.organisation
                )
                details = resolved(changed, programmes=programmes)
                if step == "source":
                    details = plan_services.source_fields(
                        by=request.user,
                        organisation=plan.organisation,
                        source=details["source"],
                        programme=details["programme"],
                        inspectorate=details["inspectorate"],
                        current=plan,
                    )
                plan_services.plan_details_change(
                    plan=plan,
                    seen_version=form.cleaned_data["seen_version"],
                    changes=details,
                    by=request.user,
                    today=today,
                )
        except ValidationError as error:
            show_errors(form, error)
        except StaleVersionError as error:
            fresh = request.POST.copy()
            fresh["seen_version"] = str(error.item.version)
            form = form_class(
                fresh,
                initial=form_class.initial_from(values),
                **(kwargs | {"seen_version": error.item.version}),
            )
            form.is_valid()
            form.add_error(None, error_elsewhere(_stale_message(), "#current-details"))
            current = _current_rows(error.item, step)
        else:
            messages.success(request, _("The plan's details have been saved."))
            return redirect(_details_url(plan))
    return render(
        request,
        "improvement/plan_question.html",
        {
            "form": form,
            "back": _details_url(plan),
            "caption": plan.title,
            "plan": plan,
            "current": current,
        },
    )


# --- Closing, reopening, archiving -----------------------------------------------------------

STATE_PAGES = {
    "close": {
        "heading": _("Are you sure you want to close this plan?"),
        "means": _(
            "Closing says the plan is finished. It stays on the list of plans, marked closed, "
            "with everything in it; its next review no longer shows as overdue. You can reopen "
            "it."
        ),
        "button": _("Close the plan"),
        "done": _("The plan has been closed."),
    },
    "reopen": {
        "heading": _("Are you sure you want to reopen this plan?"),
        "means": _(
            "Reopening says the plan is being worked on again. It shows on the list of plans "
            "and the dashboards as an open plan."
        ),
        "button": _("Reopen the plan"),
        "done": _("The plan has been reopened."),
    },
    "archive": {
        "heading": _("Are you sure you want to archive this plan?"),
        "means": _(
            "Archiving closes the plan, if it is open, and leaves it off the list of plans "
            "unless \u201cShow archived plans\u201d is chosen. Nothing in it is deleted. You "
            "can reopen it."
        ),
        "button": _("Archive the plan"),
        "done": _("The plan has been archived."),
    },
}


def _state_page(request: HttpRequest, pk: int, change: str) -> HttpResponse:
    """The "Are you sure" page of a change of the plan's state (plan_services.STATE_CHANGES),
    saying what it means; sent, it makes the change. A change the plan's state does not allow
    (closing a closed plan) leads back to the plan, saying why."""
    plan = _managed_plan(request, pk)
    page = STATE_PAGES[change]
    if plan.state not in plan_services.STATE_CHANGES[change].sources:
        messages.error(
            request,
            _("You cannot do this: the plan is %(state)s.")
            % {"state": plan.get_state_display().lower()},
        )
        return redirect(_details_url(plan))
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.plan_state_change(
                plan=plan, change=change, by=request.user, today=timezone.localdate()
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, page["done"])
            return redirect(plan)
    return render(
        request, "improvement/plan_state.html", {"plan": plan, "page": page, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_page(request, pk, "close")


@login_required
@require_http_methods(["GET", "POST"])
def plan_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_page(request, pk, "reopen")


@login_required
@require_http_methods(["GET", "POST"])
def plan_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_page(request, pk, "archive")
