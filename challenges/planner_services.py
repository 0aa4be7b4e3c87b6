"""The cycle planner's changes, one function per use case, each in a transaction, raising
`PlannerError` (or a ValidationError naming the field) with words a person can act on.

A coordinator proposes a plan for a cycle (`plan_propose`: who reviews whom, by month, from
`challenges.planner`), then accepts it (`plan_accept`: one challenge per planned review, through
`services.challenge_plan`) or discards it (`plan_discard`). A cycle has at most one proposal
waiting: proposing again discards the one before. The demo data calls the same functions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.rules import coordinates
from offers.models import Cycle, ReviewType

from . import planner
from .enums import Phase, PlanStatus
from .models import Challenge, CyclePlan, PlannedReview
from .planner_selectors import cycle_months, members_to_plan, month_window
from .services import challenge_plan


class PlannerError(Exception):
    """A plan the rules, or its state, do not allow; the message says why."""


def _may_plan(by: User, cycle: Cycle) -> None:
    if not coordinates(by, cycle.programme_id):
        raise PermissionDenied


def _names(organisations) -> str:
    return ", ".join(organisation.name for organisation in organisations)


@transaction.atomic
def plan_propose(
    *,
    cycle: Cycle,
    review_type: ReviewType,
    triads: bool,
    by: User,
    region: planner.RegionPreference | str = planner.RegionPreference.NONE,
    budget: float = planner.DEFAULT_BUDGET,
) -> CyclePlan:
    """Propose who reviews whom across `cycle`: every active member organisation of its
    programme without a challenge in the cycle delivers one review and receives one, with no
    reciprocal pair, in rings or triads, spread over the cycle's months. The plan is stored
    as proposed, with its rows; an earlier proposal for the cycle is discarded. The planner's
    seed is the new plan's id, so proposing again gives another plan, and each can be
    worked out again."""
    locked = Cycle.objects.select_for_update().select_related("programme").get(pk=cycle.pk)
    _may_plan(by, locked)
    if review_type.programme_id != locked.programme_id:
        raise ValidationError({"review_type": _("Select one of the programme's offers")})
    members = members_to_plan(cycle=locked).to_plan
    months = cycle_months(cycle=locked, days_on_site=review_type.days_on_site)
    if not months:
        raise PlannerError(
            _("The cycle has no month with %(days)d weekdays for the offer's days on site.")
            % {"days": review_type.days_on_site}
        )
    CyclePlan.objects.filter(cycle=locked, status=PlanStatus.PROPOSED).update(
        status=PlanStatus.DISCARDED, updated_at=timezone.now()
    )
    plan = CyclePlan.objects.create(
        cycle=locked, review_type=review_type, triads=triads, created_by=by
    )
    try:
        answer = planner.plan_cycle(
            [planner.Member(member.pk, member.region_id) for member in members],
            months,
            triads=triads,
            region=region,
            seed=plan.pk,
            budget=budget,
        )
    except planner.PlanError as error:
        # The transaction is rolled back: no plan, and the earlier proposal stands.
        raise PlannerError(
            _("%(reason)s The cycle has %(count)d organisations to plan for.")
            % {"reason": _plan_error_text(error, triads=triads), "count": len(members)}
        ) from error
    PlannedReview.objects.bulk_create(
        PlannedReview(
            plan=plan,
            reviewing_id=review.reviewing,
            reviewed_id=review.reviewed,
            month=review.month,
            group=review.group,
        )
        for review in answer.reviews
    )
    return plan


def _plan_error_text(error: planner.PlanError, *, triads: bool) -> str:
    """The planner's refusal in the words of the page (the planner's own are plain English
    with no Django; these are translatable)."""
    text = str(error)
    if "reciprocal pair" in text:
        return _(
            "Two organisations can only review each other, which is a reciprocal pair: a plan "
            "needs at least three organisations that have no challenge in the cycle."
        )
    if "at least three" in text:
        return _("A plan needs at least three organisations that have no challenge in the cycle.")
    if "must not review each other" in text:
        return _("No plan keeps apart every pair that must not review each other.")
    if "time allowed" in text:
        return _("No plan was found in the time allowed: propose again, or plan by hand.")
    return text


@transaction.atomic
def plan_accept(*, plan: CyclePlan, by: User) -> CyclePlan:
    """Accept a proposed plan: one challenge per planned review (`services.challenge_plan`,
    for the planned month, reviewed by the planned organisation's people), each linked from
    its row. The plan's row is locked, so accepting twice, or at the same moment, makes the
    challenges once. A plan discarded, or one whose organisation has had a challenge made in
    the cycle since it was proposed, is refused."""
    locked = (
        CyclePlan.objects.select_for_update(of=("self",))
        .select_related("cycle__programme", "review_type")
        .get(pk=plan.pk)
    )
    _may_plan(by, locked.cycle)
    if locked.status == PlanStatus.ACCEPTED:
        return locked
    if locked.status == PlanStatus.DISCARDED:
        raise PlannerError(
            _("This plan was discarded, so it cannot be accepted: propose a plan again.")
        )
    reviews = list(
        locked.reviews.select_related("reviewed", "reviewing").order_by("month", "group", "pk")
    )
    received = set(
        Challenge.objects.filter(
            cycle=locked.cycle, organisation_id__in=[review.reviewed_id for review in reviews]
        )
        .exclude(phase=Phase.CANCELLED)
        .values_list("organisation_id", flat=True)
    )
    taken = sorted(
        (review.reviewed for review in reviews if review.reviewed_id in received),
        key=lambda organisation: organisation.name,
    )
    if taken:
        raise PlannerError(
            ngettext(
                "%(names)s has had a challenge made in the cycle since the plan was proposed: "
                "propose a plan again.",
                "%(names)s have had challenges made in the cycle since the plan was proposed: "
                "propose a plan again.",
                len(taken),
            )
            % {"names": _names(taken)}
        )
    cycle = locked.cycle
    for review in reviews:
        starts, ends = month_window(cycle=cycle, month=review.month)
        review.challenge = challenge_plan(
            programme=cycle.programme,
            organisation=review.reviewed,
            review_type=locked.review_type,
            cycle=cycle,
            window_starts_on=starts,
            window_ends_on=ends,
            by=by,
            delivering_organisation=review.reviewing,
        )
        review.save(update_fields=["challenge"])
    locked.status = PlanStatus.ACCEPTED
    locked.accepted_by = by
    locked.accepted_at = timezone.now()
    locked.save(update_fields=["status", "accepted_by", "accepted_at", "updated_at"])
    return locked


@transaction.atomic
def plan_discard(*, plan: CyclePlan, by: User) -> CyclePlan:
    """Discard a proposed plan (nothing was made from it). Discarding it again changes
    nothing; an accepted plan stays, as its challenges exist."""
    locked = (
        CyclePlan.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=plan.pk)
    )
    _may_plan(by, locked.cycle)
    if locked.status == PlanStatus.ACCEPTED:
        raise PlannerError(
            _(
                "This plan was accepted and its challenges made: change or cancel the "
                "challenges themselves."
            )
        )
    if locked.status == PlanStatus.PROPOSED:
        locked.status = PlanStatus.DISCARDED
        locked.save(update_fields=["status", "updated_at"])
    return locked
