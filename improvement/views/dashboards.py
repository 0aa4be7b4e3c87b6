"""The dashboards: a plan's (RAG now and over its life, overdue, stale, exceptions, counts by
addressee, next review), the programme board's heat-map of plans by RAG grouped by service,
with filters, and a service's dashboard across its plans. Each runs a fixed number of queries
(see improvement/dashboards.py), and all count the same tracked items
(selectors.tracked_items). Plans are fetched through selectors scoped to the user."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.caching import cached_html
from core.http import require_permission
from documents.selectors import document_latest

from .. import dashboards, documents, selectors
from ..enums import PlanSource
from ..forms.dashboards import ProgrammeDashboardFilters, PublishedDates
from ..scope import plan_scope


@login_required
@require_http_methods(["GET"])
def plan_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for_user(user=request.user, pk=pk)
    today = timezone.localdate()
    dashboard = dashboards.plan_dashboard(plan=plan, today=today)
    labels = dashboards.rag_labels()
    chart = dashboards.history_chart(dashboard, for_screens=True)
    return render(
        request,
        "improvement/dashboards/plan.html",
        {
            "plan": plan,
            "today": today,
            "dashboard": dashboard,
            "now": [(rag, labels[rag], dashboard.now[str(rag)]) for rag in dashboards.RAG_ORDER],
            "headings": [labels[rag] for rag in dashboards.RAG_ORDER],
            "over_time": dashboards.history_rows(dashboard),
            "chart": chart,
            "by_addressee": [
                (addressee, [counts[str(rag)] for rag in dashboards.RAG_ORDER])
                for addressee, counts in dashboard.by_addressee
            ],
        },
    )


@login_required
@require_http_methods(["GET"])
def programme_dashboard(request: HttpRequest) -> HttpResponse:
    """The heat-map of plans by RAG, grouped by service, with its filters. Everything below
    the heading depends only on the user's programmes, the filters asked for, the language and
    the day (a next review date passes), so it is built once per change to the plans
    (dashboards.HEATMAP_GENERATION) and day and then served from the cache."""
    user = request.user
    require_permission(request, "improvement.view_programme_dashboard")
    today = timezone.localdate()
    asked = {
        key: request.GET[key]
        for key in ProgrammeDashboardFilters.query_keys()
        if request.GET.get(key)
    }
    dates = PublishedDates(asked or None)

    def build() -> str:
        programmes = selectors.overseen_programmes(user=user)
        form = ProgrammeDashboardFilters(asked or None, programmes=programmes)
        plans = dashboards.filter_plans(
            selectors.overseen_plans_for_user(user=user), **form.filters()
        )
        labels = dashboards.rag_labels()
        return render_to_string(
            "improvement/dashboards/_programme.html",
            {
                "form": form,
                "programme_choices": list(programmes),
                "region_choices": list(form.fields["region"].queryset),
                "source_choices": PlanSource.choices,
                "headings": [(rag, labels[rag]) for rag in dashboards.RAG_ORDER],
                # One reverse() for every plan link: the table can hold hundreds.
                "plan_url_prefix": reverse("dashboards:plan", args=[0]).removesuffix("0/"),
                "today": today,
                "groups": dashboards.plans_by_rag(plans),
            },
        )

    scope = plan_scope(user)
    # The cached copy is shared by everyone who oversees the same programmes: the key says
    # which, so nobody is ever shown a copy built for other programmes.
    key_scope = "all" if scope.everything else tuple(sorted(scope.programme_ids))
    return render(
        request,
        "improvement/dashboards/rag.html",
        {
            "dates_refused": dates.is_bound and not dates.is_valid(),
            "dashboard": cached_html(
                generation=dashboards.HEATMAP_GENERATION,
                key=(
                    "programme-dashboard",
                    key_scope,
                    today.isoformat(),
                    tuple(sorted(asked.items())),
                ),
                build=build,
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def board_pack(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's board pack as a PDF: the page says what it holds and offers the latest one;
    the button asks for a fresh one and goes to its page, which shows when it is ready."""
    plan = selectors.plan_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        return redirect(documents.board_pack_request(plan=plan, by=request.user))
    return render(
        request,
        "improvement/dashboards/board_pack.html",
        {
            "plan": plan,
            "latest": document_latest(
                kind=documents.BOARD_PACK, subject=plan, requested_by=request.user
            ),
        },
    )


@login_required
@require_http_methods(["GET"])
def service_dashboard(request: HttpRequest) -> HttpResponse:
    """The dashboard across the plans of the user's services, for their leads and improvement
    board members (every service's, for superusers): each plan's tracked items by RAG, its next
    review, how many items are overdue or stale and how many actions await sign-off. 403 for
    anyone without a service to follow."""
    if not dashboards.has_service_dashboard(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    labels = dashboards.rag_labels()
    return render(
        request,
        "improvement/dashboards/service.html",
        {
            "today": today,
            "headings": [labels[rag] for rag in dashboards.RAG_ORDER],
            "services": dashboards.service_dashboard(
                selectors.service_plans_for_user(user=request.user), today=today
            ),
        },
    )
