"""Pages for improvement plans: the plans a person may see, a plan with its recommendations
and actions, an action with its progress history, and the forms that add progress updates and
change an action. Views fetch through selectors scoped to the user, check permissions on the
plan (404 when it may not be seen, 403 when it may be seen but not changed), and call one
service per change."""

import datetime
from collections import Counter, defaultdict
from itertools import chain, groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Organisation
from core.http import csv_download, posted, require_permission, show_errors

from . import exporting, forms, selectors, services
from .dashboards import NO_UPDATE
from .enums import ActionStatus, Rag
from .models import Action, ImprovementPlan, Recommendation

VIEW = "improvement.view_improvementplan"
CHANGE = "improvement.change_improvementplan"
SERVICES_PER_PAGE = 25


# --- Looking things up -----------------------------------------------------------------------


def _plan(request: HttpRequest, pk: int) -> ImprovementPlan:
    """The plan, or 404 for someone who may not see it (which does not say it exists)."""
    plan = get_object_or_404(
        ImprovementPlan.objects.select_related("organisation", "programme", "owner"), pk=pk
    )
    if not request.user.has_perm(VIEW, plan):
        raise Http404
    return plan


def _action(plan: ImprovementPlan, action_pk: int) -> Action:
    return get_object_or_404(
        Action.objects.select_related("recommendation"),
        pk=action_pk,
        recommendation__plan=plan,
    )


def _describe(action: Action, plan: ImprovementPlan, today: datetime.date) -> Action:
    """Mark an action for display: whether it is overdue, and how many days since its last
    update when that makes it stale."""
    action.is_overdue = bool(
        action.due_on and action.due_on < today and action.status != ActionStatus.SIGNED_OFF
    )
    action.is_awaiting_sign_off = action.status == ActionStatus.AWAITING_SIGN_OFF
    days = (today - action.last_update_on).days if action.last_update_on else None
    action.stale_days = days if days is not None and days > plan.stale_after_days else None
    return action


# --- The plans -------------------------------------------------------------------------------


def _rag_counts(plans: list[ImprovementPlan]) -> dict[int, Counter]:
    """Each plan's actions counted by current RAG (NO_UPDATE for none yet), counted by the
    database in one query."""
    counts: dict[int, Counter] = defaultdict(Counter)
    rows = (
        Action.objects.filter(recommendation__plan__in=[plan.pk for plan in plans])
        .values_list("recommendation__plan_id", "current_rag")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for plan_id, rag, number in rows:
        counts[plan_id][rag or NO_UPDATE] += number
    return counts


@login_required
@require_http_methods(["GET"])
def plan_list(request: HttpRequest) -> HttpResponse:
    """The plans the user may see, by service, SERVICES_PER_PAGE services to a page (a
    programme's coordinators see every service with a plan from its reviews)."""
    visible = selectors.plans_for_user(user=request.user)
    services_with_plans = Organisation.objects.filter(
        pk__in=visible.values("organisation_id")
    ).order_by("name", "pk")
    page = Paginator(services_with_plans, SERVICES_PER_PAGE).get_page(request.GET.get("page"))
    plans = list(
        visible.filter(organisation__in=list(page.object_list)).order_by(
            "organisation__name", "organisation_id", "-published_on", "title"
        )
    )
    counts = _rag_counts(plans)
    for plan in plans:
        tally = counts[plan.pk]
        plan.rag_counts = [
            (Rag.GREEN, tally[Rag.GREEN]),
            (Rag.AMBER, tally[Rag.AMBER]),
            (Rag.RED, tally[Rag.RED]),
        ]
        plan.no_update_count = tally[NO_UPDATE]
    services_plans = [
        (organisation, list(group))
        for organisation, group in groupby(plans, key=lambda plan: plan.organisation)
    ]
    return render(
        request,
        "improvement/list.html",
        {"services_plans": services_plans, "page": page, "query": ""},
    )


@login_required
@require_http_methods(["GET"])
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    today = timezone.localdate()
    recommendations = list(
        plan.recommendations.prefetch_related("outcomes", "measures__values", "actions")
    )
    for recommendation in recommendations:
        for action in recommendation.actions.all():
            _describe(action, plan, today)
        for measure in recommendation.measures.all():
            values = list(measure.values.all())
            measure.latest = values[-1] if values else None
    return render(
        request,
        "improvement/plan.html",
        {
            "plan": plan,
            "recommendations": recommendations,
            "can_update": request.user.has_perm(CHANGE, plan),
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
    plan = _plan(request, pk)
    action = _describe(_action(plan, action_pk), plan, timezone.localdate())
    can_update = request.user.has_perm(CHANGE, plan)
    if request.method == "POST":
        require_permission(request, CHANGE, plan)
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
            "updates": selectors.history_of(item=action),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_update(request: HttpRequest, pk: int, rec_pk: int) -> HttpResponse:
    """A progress update on a recommendation as a whole, with its history."""
    plan = _plan(request, pk)
    recommendation = get_object_or_404(plan.recommendations.all(), pk=rec_pk)
    require_permission(request, CHANGE, plan)
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
            "updates": selectors.history_of(item=recommendation),
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
    plan = _plan(request, pk)
    action = _action(plan, action_pk)
    require_permission(request, CHANGE, plan)
    form = forms.ActionForm(
        posted(request), initial=_action_fields(action), seen_version=action.version
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        seen_version = data.pop("seen_version")
        try:
            services.action_update(action=action, seen_version=seen_version, **data)
        except ValidationError as error:
            show_errors(form, error)
        except services.StaleVersionError as error:
            fresh = request.POST.copy()
            fresh["seen_version"] = str(error.item.version)
            form = forms.ActionForm(fresh, seen_version=error.item.version)
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
    plan = _plan(request, pk)
    rows = chain([exporting.headers()], exporting.plan_rows(plan))
    return _private(csv_download(rows, filename=_export_filename(plan, "csv")))


@login_required
@require_http_methods(["GET"])
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The plan as an Excel workbook, with the same rows as the CSV."""
    plan = _plan(request, pk)
    response = HttpResponse(exporting.plan_xlsx(plan), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_export_filename(plan, "xlsx")}"'
    return _private(response)
