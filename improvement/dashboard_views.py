"""The dashboards: a plan's (RAG now and over time, overdue, stale, exceptions, next review)
and the programme board's heat-map of services by RAG, with filters. Both run a fixed number
of queries (see dashboards.py)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.enums import Role
from accounts.models import Programme, Region
from accounts.roles import roles_for
from core.caching import cached_html
from documents.selectors import document_latest

from . import dashboards, documents
from .enums import PlanSource
from .models import ImprovementPlan

VIEW = "improvement.view_improvementplan"


@login_required
@require_http_methods(["GET"])
def plan_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(
        ImprovementPlan.objects.select_related("organisation", "programme"), pk=pk
    )
    if not request.user.has_perm(VIEW, plan):
        raise Http404
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


class ProgrammeDashboardFilters(forms.Form):
    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme"), queryset=Programme.objects.none(), required=False
    )
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"), queryset=Region.objects.all(), required=False
    )
    source = forms.ChoiceField(
        label=gettext_lazy("Plan source"),
        choices=[("", gettext_lazy("Any")), *PlanSource.choices],
        required=False,
    )
    published_from = forms.DateField(label=gettext_lazy("Published from"), required=False)
    published_to = forms.DateField(label=gettext_lazy("Published to"), required=False)

    def __init__(self, *args, programmes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes


@login_required
@require_http_methods(["GET"])
def programme_dashboard(request: HttpRequest) -> HttpResponse:
    """The heat-map of services by RAG with its filters. Everything below the heading depends
    only on the user's programmes, the filters asked for and the language, so it is built once
    per change to the plans (dashboards.HEATMAP_GENERATION) and then served from the cache."""
    user = request.user
    if not dashboards.may_see_programme_dashboard(user):
        raise PermissionDenied
    programme_ids = roles_for(user).programme_ids(Role.COORDINATOR, Role.BOARD_MEMBER)
    asked = {
        name: request.GET[name]
        for name in ProgrammeDashboardFilters.base_fields
        if request.GET.get(name)
    }

    def build() -> str:
        programmes = Programme.objects.order_by("name")
        if not user.is_superuser:
            programmes = programmes.filter(pk__in=programme_ids)
        form = ProgrammeDashboardFilters(asked or None, programmes=programmes)
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        plans = dashboards.filter_plans(dashboards.programme_plans(user=user), **filters)
        labels = dashboards.rag_labels()
        return render_to_string(
            "improvement/dashboards/_programme.html",
            {
                "form": form,
                "programme_choices": list(programmes),
                "region_choices": list(Region.objects.order_by("name")),
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

    scope = "all" if user.is_superuser else tuple(sorted(programme_ids))
    return render(
        request,
        "improvement/dashboards/rag.html",
        {
            "dashboard": cached_html(
                generation=dashboards.HEATMAP_GENERATION,
                key=("programme-dashboard", scope, tuple(sorted(asked.items()))),
                build=build,
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def board_pack(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's board pack as a PDF: the page says what it holds and offers the latest one;
    the button asks for a fresh one and goes to its page, which shows when it is ready."""
    plan = get_object_or_404(
        ImprovementPlan.objects.select_related("organisation", "programme"), pk=pk
    )
    if not request.user.has_perm(VIEW, plan):
        raise Http404
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
