"""The performance pages: a service's figures over time against its comparators
(`/performance/services/<pk>/`), a programme's table of every member service
(`/performance/programmes/<pk>/`), and both as CSV and Excel downloads. Each makes the same
number of queries whatever the number of services (selectors.py)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.models import Organisation, Programme
from core.charts import line_chart_for_screens

from . import exporting, selectors
from .rules import VIEW_PROGRAMME, VIEW_SERVICE
from .scope import performance_scope
from .templatetags.performance import format_indicator_value


def service_for_user(request: HttpRequest, pk: int) -> Organisation:
    """The service, or 404 for one that does not exist or that the user may not see."""
    organisation = get_object_or_404(Organisation.objects.select_related("region"), pk=pk)
    if not request.user.has_perm(VIEW_SERVICE, organisation):
        raise Http404
    return organisation


def programme_for_user(request: HttpRequest, pk: int) -> Programme:
    """The programme, for its coordinators and board members, national coordinators and
    technical staff: 403 for people who see no programme's table, 404 for another's."""
    scope = performance_scope(request.user)
    if not (scope.everything or scope.programme_ids):
        raise PermissionDenied
    programme = get_object_or_404(Programme, pk=pk)
    if not request.user.has_perm(VIEW_PROGRAMME, programme):
        raise Http404
    return programme


def _chart(history: selectors.IndicatorHistory, organisation: Organisation):
    rows = [row for row in history.rows if row.official is not None]
    if not rows:
        return None
    indicator = history.indicator
    points = [(f"{row.period_end:%b %Y}", float(row.official.value)) for row in rows]
    comparisons = [
        (
            comparator.name,
            [
                float(row.comparator_values[index].value)
                if row.comparator_values[index] is not None
                else None
                for row in rows
            ],
        )
        for index, comparator in enumerate(history.comparators)
    ]
    latest = history.summary.latest
    return line_chart_for_screens(
        title=f"{indicator.name}: {organisation.name} against its comparators",
        description=(
            f"Official figures from {selectors.period_words(rows[0].official)} to "
            f"{selectors.period_words(rows[-1].official)}; the latest "
            f"{format_indicator_value(latest.value, indicator)}. The table gives every figure."
        ),
        points=points,
        label=organisation.name,
        comparisons=comparisons,
    )


@login_required
@require_http_methods(["GET"])
def service_page(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = service_for_user(request, pk)
    histories = selectors.service_performance(organisation, on=timezone.localdate())
    return render(
        request,
        "performance/service.html",
        {
            "organisation": organisation,
            "histories": [(history, _chart(history, organisation)) for history in histories],
            "summary": [history.summary for history in histories],
        },
    )


@login_required
@require_http_methods(["GET"])
def service_export(request: HttpRequest, pk: int, kind: str) -> HttpResponseBase:
    organisation = service_for_user(request, pk)
    histories = selectors.service_performance(organisation, on=timezone.localdate())
    return exporting.service_download(kind, organisation, histories)


@login_required
@require_http_methods(["GET"])
def programme_page(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_for_user(request, pk)
    table = selectors.programme_table(
        programme, on=timezone.localdate(), sort=request.GET.get("sort", "")
    )
    return render(request, "performance/programme.html", {"programme": programme, "table": table})


@login_required
@require_http_methods(["GET"])
def programme_export(request: HttpRequest, pk: int, kind: str) -> HttpResponseBase:
    programme = programme_for_user(request, pk)
    table = selectors.programme_table(
        programme, on=timezone.localdate(), sort=request.GET.get("sort", "")
    )
    return exporting.programme_download(kind, programme, table)
