"""The dashboards: a plan's (RAG now and over time, overdue, stale, exceptions, next review)
and the programme board's heat-map of services by RAG, with filters. Both run a fixed number
of queries (see dashboards.py). Plans are fetched through selectors scoped to the user."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.caching import cached_html
from core.http import require_permission
from documents.selectors import document_latest

from . import dashboards, documents, selectors
from .enums import PlanSource
from .forms import ProgrammeDashboardFilters
from .scope import plan_scope


@login_required
@require_http_methods(["GET"])
def plan_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for_user(user=request.user, pk=pk)
    today = timezone.localdate()
    dashboard = dashboards.plan_dashboard(plan=plan, today=today)
    labels = dashboards.rag_labels()
    chart = dashboards.history_chart(dashboard)
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
        },
    )


@login_required
@require_http_methods(["GET"])
def programme_dashboard(request: HttpRequest) -> HttpResponse:
    """The heat-map of services by RAG with its filters. Everything below the heading depends
    only on the user's programmes, the filters asked for and the language, so it is built once
    per change to the plans (dashboards.HEATMAP_GENERATION) and then served from the cache."""
    user = request.user
    require_permission(request, "improvement.view_programme_dashboard")
    asked = {
        name: request.GET[name]
        for name in ProgrammeDashboardFilters.base_fields
        if request.GET.get(name)
    }

    def build() -> str:
        programmes = selectors.overseen_programmes(user=user)
        form = ProgrammeDashboardFilters(asked or None, programmes=programmes)
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        plans = dashboards.filter_plans(selectors.overseen_plans_for_user(user=user), **filters)
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
                "rows": [
                    (row, [(rag, row.counts[str(rag)]) for rag in dashboards.RAG_ORDER])
                    for row in dashboards.services_by_rag(plans)
                ],
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
            "dashboard": cached_html(
                generation=dashboards.HEATMAP_GENERATION,
                key=("programme-dashboard", key_scope, tuple(sorted(asked.items()))),
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
