"""Reads for the cycle planner's pages and services: the cycles a coordinator may plan, the
organisations a plan is for and those left out, a plan's rows, and the months a cycle holds."""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Organisation, Programme, User
from accounts.selectors import programmes_coordinated
from offers.models import Cycle, ReviewType

from .enums import Phase, PlanStatus
from .models import Challenge, CyclePlan, MatchingWeights, PlannedReview
from .planner import RegionPreference


def cycles_to_plan(*, programme: Programme) -> QuerySet[Cycle]:
    """The programme's cycles, latest first, each with whether a plan waits for an answer
    (`has_proposal`) and whether one was accepted (`has_accepted_plan`), in one query."""
    plans = CyclePlan.objects.filter(cycle=OuterRef("pk"))
    return (
        Cycle.objects.filter(programme=programme)
        .annotate(
            has_proposal=Exists(plans.filter(status=PlanStatus.PROPOSED)),
            has_accepted_plan=Exists(plans.filter(status=PlanStatus.ACCEPTED)),
        )
        .order_by("-starts_on", "-pk")
    )


def cycle_to_plan(*, user: User, pk: int) -> Cycle:
    """A cycle of a programme this user coordinates; 404 for any other, so a coordinator of
    another programme cannot tell whether it exists."""
    return get_object_or_404(
        Cycle.objects.select_related("programme").filter(
            programme__in=programmes_coordinated(user=user)
        ),
        pk=pk,
    )


def plan_of_cycle(*, cycle: Cycle, pk: int) -> CyclePlan:
    return get_object_or_404(
        CyclePlan.objects.select_related("review_type", "created_by", "accepted_by"),
        cycle=cycle,
        pk=pk,
    )


def current_plan(*, cycle: Cycle) -> CyclePlan | None:
    """The plan the cycle's page shows: the proposal waiting for an answer, or else the last
    plan accepted."""
    plans = CyclePlan.objects.filter(cycle=cycle).select_related(
        "review_type", "created_by", "accepted_by"
    )
    return (
        plans.filter(status=PlanStatus.PROPOSED).first()
        or plans.filter(status=PlanStatus.ACCEPTED).first()
    )


def plan_reviews(*, plan: CyclePlan) -> list[PlannedReview]:
    """The plan's rows by month, each with both organisations (and their regions) and the
    challenge made from it, in one query."""
    return list(
        plan.reviews.select_related("reviewed__region", "reviewing__region", "challenge").order_by(
            "month", "group", "reviewed__name"
        )
    )


def offers_to_plan_with(*, cycle: Cycle) -> QuerySet[ReviewType]:
    return ReviewType.objects.filter(programme_id=cycle.programme_id, is_active=True).order_by(
        "position", "name"
    )


def preferred_region(*, programme: Programme) -> RegionPreference:
    """The programme's matching weights say whether it prefers reviewers from the same
    region (above 0) or from elsewhere (below 0); the planner starts from the same wish."""
    weights = MatchingWeights.objects.filter(programme=programme).first()
    if weights is None or weights.region == 0:
        return RegionPreference.NONE
    return RegionPreference.SAME if weights.region > 0 else RegionPreference.ELSEWHERE


@dataclass(frozen=True)
class Members:
    """The programme's active member organisations split: those a plan is for, and those left
    out because they already have a challenge in the cycle (not cancelled)."""

    to_plan: list[Organisation]
    left_out: list[Organisation]


def members_to_plan(*, cycle: Cycle) -> Members:
    members = list(
        Organisation.objects.filter(
            programme_links__programme_id=cycle.programme_id, is_active=True
        )
        .select_related("region")
        .order_by("name", "pk")
    )
    received = set(
        Challenge.objects.filter(cycle=cycle)
        .exclude(phase=Phase.CANCELLED)
        .values_list("organisation_id", flat=True)
    )
    return Members(
        to_plan=[member for member in members if member.pk not in received],
        left_out=[member for member in members if member.pk in received],
    )


def weekdays_between(first: datetime.date, last: datetime.date) -> int:
    days = (last - first).days + 1
    return sum(1 for k in range(days) if (first + datetime.timedelta(days=k)).weekday() < 5)


def month_window(*, cycle: Cycle, month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The days of `month` (its first day) inside the cycle: a planned review's window."""
    last_day = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    return max(month, cycle.starts_on), min(last_day, cycle.ends_on)


def cycle_months(*, cycle: Cycle, days_on_site: int) -> list[datetime.date]:
    """The first days of the months a review can be held in: each calendar month of the
    cycle with at least `days_on_site` weekdays inside it (a cycle starting on the 30th
    does not plan a visit for its first two days)."""
    months = []
    month = cycle.starts_on.replace(day=1)
    while month <= cycle.ends_on:
        first, last = month_window(cycle=cycle, month=month)
        if weekdays_between(first, last) >= days_on_site:
            months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months
