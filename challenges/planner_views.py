"""The cycle planner's pages, for a programme's coordinators (and technical staff): people who
coordinate nothing get 403; a cycle, or a plan, of a programme the person does not coordinate
404. Reads through `planner_selectors`, changes through `planner_services`."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts.selectors import programme_to_set_up
from core.http import posted, require_permission, show_errors
from offers.models import Cycle

from . import planner_selectors as selectors
from . import planner_services as services
from .enums import PlanStatus
from .models import CyclePlan
from .planner import RegionPreference
from .planner_forms import PlanForm


def _cycle(request: HttpRequest, cycle_pk: int) -> Cycle:
    require_permission(request, "challenges.coordinate")
    return selectors.cycle_to_plan(user=request.user, pk=cycle_pk)


def _crumbs(cycle: Cycle, *trail: tuple[str, str]) -> list[tuple[str, str]]:
    programme = cycle.programme
    return [
        (programme.name, reverse("programmes:programme", args=[programme.pk])),
        (_("Cycle planner"), reverse("challenges:plans", args=[programme.pk])),
        *trail,
    ]


def _plan_url(cycle: Cycle) -> str:
    return reverse("challenges:plan", args=[cycle.pk])


@login_required
@require_http_methods(["GET"])
def plan_list(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """The programme's cycles, each with its plan's status and a link to plan it (a set-up
    section of the programme)."""
    require_permission(request, "accounts.set_up_programmes")
    programme = programme_to_set_up(user=request.user, pk=programme_pk)
    cycles = list(selectors.cycles_to_plan(programme=programme))
    return render(
        request,
        "challenges/planner/list.html",
        {
            "programme": programme,
            "cycles": cycles,
            "crumbs": [
                (programme.name, reverse("programmes:programme", args=[programme.pk])),
                (_("Cycle planner"), ""),
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_cycle(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    """The cycle's plan, by month, with what to do with it; and the form that proposes one
    (again)."""
    cycle = _cycle(request, cycle_pk)
    plan = selectors.current_plan(cycle=cycle)
    offers = list(selectors.offers_to_plan_with(cycle=cycle))
    initial = {"region": selectors.preferred_region(programme=cycle.programme).value}
    if plan is not None:
        initial |= {
            "review_type": str(plan.review_type_id),
            "triads": "yes" if plan.triads else "no",
        }
    elif len(offers) == 1:
        initial["review_type"] = str(offers[0].pk)
    form = PlanForm(
        # With no offer to plan with, the page says so and shows no form to send.
        posted(request) if offers else None,
        offers=offers,
        initial=initial,
        submit_label=_("Propose again") if plan else _("Propose a plan"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposed = services.plan_propose(
                cycle=cycle,
                review_type=form.cleaned_data["review_type"],
                triads=form.cleaned_data["triads"],
                region=RegionPreference(form.cleaned_data["region"]),
                by=request.user,
            )
        except ValidationError as error:
            show_errors(form, error)
        except services.PlannerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "A plan of %(count)d review has been proposed. Check it, then accept it.",
                    "A plan of %(count)d reviews has been proposed. Check it, then accept it.",
                    proposed.reviews.count(),
                )
                % {"count": proposed.reviews.count()},
            )
            return redirect(_plan_url(cycle))
    members = selectors.members_to_plan(cycle=cycle)
    reviews = selectors.plan_reviews(plan=plan) if plan else []
    return render(
        request,
        "challenges/planner/plan.html",
        {
            "cycle": cycle,
            "programme": cycle.programme,
            "plan": plan,
            "proposed": plan is not None and plan.status == PlanStatus.PROPOSED,
            "months": [(month, list(rows)) for month, rows in groupby(reviews, lambda r: r.month)],
            "review_count": len(reviews),
            "groups": len({review.group for review in reviews}),
            "members": members,
            "offers": offers,
            "form": form,
            "crumbs": _crumbs(cycle, (cycle.name, "")),
        },
    )


def _plan(request: HttpRequest, cycle_pk: int, plan_pk: int) -> tuple[Cycle, CyclePlan]:
    cycle = _cycle(request, cycle_pk)
    return cycle, selectors.plan_of_cycle(cycle=cycle, pk=plan_pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_accept(request: HttpRequest, cycle_pk: int, plan_pk: int) -> HttpResponse:
    """Ask before accepting (GET); accept (POST): one challenge per planned review. A plan
    already accepted makes nothing more."""
    cycle, plan = _plan(request, cycle_pk, plan_pk)
    if plan.status == PlanStatus.ACCEPTED:
        messages.info(request, _("This plan has already been accepted: its challenges exist."))
        return redirect(_plan_url(cycle))
    if request.method == "POST":
        try:
            accepted = services.plan_accept(plan=plan, by=request.user)
        except services.PlannerError as error:
            messages.error(request, str(error))
            return redirect(_plan_url(cycle))
        made = accepted.reviews.filter(challenge__isnull=False).count()
        messages.success(
            request,
            ngettext(
                "The plan has been accepted: %(count)d challenge has been made.",
                "The plan has been accepted: %(count)d challenges have been made.",
                made,
            )
            % {"count": made},
        )
        return redirect(_plan_url(cycle))
    if plan.status == PlanStatus.DISCARDED:
        messages.error(request, _("This plan was discarded, so it cannot be accepted."))
        return redirect(_plan_url(cycle))
    return render(
        request,
        "challenges/planner/accept.html",
        {
            "cycle": cycle,
            "plan": plan,
            "review_count": plan.reviews.count(),
            "crumbs": _crumbs(cycle, (cycle.name, _plan_url(cycle)), (_("Accept the plan"), "")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_discard(request: HttpRequest, cycle_pk: int, plan_pk: int) -> HttpResponse:
    """Ask before discarding (GET); discard (POST). Nothing was made from a proposed plan."""
    cycle, plan = _plan(request, cycle_pk, plan_pk)
    if plan.status != PlanStatus.PROPOSED:
        messages.info(
            request,
            _("This plan has been accepted: change or cancel its challenges instead.")
            if plan.status == PlanStatus.ACCEPTED
            else _("This plan has already been discarded."),
        )
        return redirect(_plan_url(cycle))
    if request.method == "POST":
        try:
            services.plan_discard(plan=plan, by=request.user)
        except services.PlannerError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The plan has been discarded."))
        return redirect(_plan_url(cycle))
    return render(
        request,
        "challenges/planner/discard.html",
        {
            "cycle": cycle,
            "plan": plan,
            "crumbs": _crumbs(cycle, (cycle.name, _plan_url(cycle)), (_("Discard the plan"), "")),
        },
    )
