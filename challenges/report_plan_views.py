"""The confirmation page that makes the service's improvement plan from its report
(/challenges/<pk>/report/plan/): what the plan will start with, and one button. Once made, the
page links to the plan instead.

404 for whoever may not see the challenge (or a challenge without a report); 403 for those
who see it but may not make the plan (the team, technical staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import selectors
from .models import Report
from .report_plan import (
    PLAN_FROM,
    ReportPlanError,
    may_create_plan,
    plan_recommendations,
    report_plan_create,
)


@login_required
@require_http_methods(["GET", "POST"])
def report_plan(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = selectors.challenge_for_user(user=request.user, pk=pk)
    report = Report.objects.select_related("improvement_plan").filter(challenge=challenge).first()
    if report is None:
        raise Http404
    if not may_create_plan(request.user, challenge):
        raise PermissionDenied
    report.challenge = challenge
    if request.method == "POST":
        try:
            plan = report_plan_create(report=report, by=request.user)
        except ReportPlanError as error:
            messages.error(request, str(error))
            return redirect("challenges:report_plan", pk=challenge.pk)
        messages.success(request, _("The improvement plan has been made from the report."))
        return redirect(plan)
    ready = report.state in PLAN_FROM and report.improvement_plan_id is None
    return render(
        request,
        "challenges/report_plan.html",
        {
            "challenge": challenge,
            "report": report,
            "plan": report.improvement_plan,
            "ready": ready,
            "recommendations": plan_recommendations(report) if ready else [],
        },
    )
