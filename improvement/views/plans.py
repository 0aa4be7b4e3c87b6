"""The plans a person may see, a plan's page with its items, actions and measures, and the plan
exported as CSV or an Excel workbook."""

from itertools import chain

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from core.http import csv_download, xlsx_download

from .. import exporting, item_selectors, selectors
from ..models import ImprovementPlan
from ..rules import CHANGE_PLAN

SERVICES_PER_PAGE = 25


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


# --- Export ----------------------------------------------------------------------------------


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
    content = exporting.plan_xlsx(plan)
    return _private(xlsx_download(content, filename=_export_filename(plan, "xlsx")))
