"""Reads for improvement plans, shaped for each page and scoped to the user: the plans a user
may see (filtered by the same scope the rules predicates test, scope.py), a plan or an action
for its page, the items RAG is tracked on and their counts (one definition for every page,
export, dashboard and board pack: tracked_actions, tracked_recommendations), the list of plans
with their RAG counts, a plan's recommendations with what needs attention, and progress
updates. An item's current RAG is kept on its row
(services.current_rag_refresh). Each runs a fixed number of queries, whatever the size."""

import datetime
from collections import Counter, defaultdict
from itertools import groupby

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.enums import Role
from accounts.models import Organisation, Programme, User

from .attention import Attention, Facts, attention
from .enums import NO_UPDATE, ActionEventKind, ActionStatus, ItemKind, PlanState, Rag
from .models import (
    LATEST_FIRST,
    Action,
    ActionEvent,
    ImprovementPlan,
    ProgressUpdate,
    Recommendation,
)
from .scope import overseen_by, plan_scope

# --- Which plans -----------------------------------------------------------------------------


def plans_for_user(*, user: User) -> QuerySet[ImprovementPlan]:
    """The service's own plans for its leads and improvement board; the plans from their
    programme's peer reviews for its coordinators and board; all for superusers."""
    return ImprovementPlan.objects.select_related("organisation", "programme").filter(
        plan_scope(user).readable()
    )


def plan_for_user(*, user: User, pk: int) -> ImprovementPlan:
    """One plan, or 404 for one the user may not see (so its existence is not told)."""
    plan = plans_for_user(user=user).select_related("owner").filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


def overseen_plans_for_user(*, user: User) -> QuerySet[ImprovementPlan]:
    """The plans on a programme board's dashboard: the peer-review plans of the user's
    programmes (as coordinator or board member); every plan for superusers."""
    return ImprovementPlan.objects.select_related("organisation__region", "programme").filter(
        plan_scope(user).overseen()
    )


def service_plans_for_user(*, user: User) -> QuerySet[ImprovementPlan]:
    """The plans on a service's dashboard: the plans of the services the user leads or sits
    on the improvement board of (every service's for superusers), archived plans left out,
    by service and newest first."""
    scope = plan_scope(user)
    plans = ImprovementPlan.objects.select_related("organisation").exclude(state=PlanState.ARCHIVED)
    if not scope.everything:
        plans = plans.filter(organisation_id__in=scope.service_ids)
    return plans.order_by("organisation__name", "organisation_id", "-published_on", "title", "pk")


def overseen_programmes(*, user: User) -> QuerySet[Programme]:
    """The programmes the user's programme dashboard can be filtered by."""
    scope = plan_scope(user)
    programmes = Programme.objects.order_by("name")
    return programmes if scope.everything else programmes.filter(pk__in=scope.programme_ids)


def plan_counts_by_service(*, organisation_ids: list[int]) -> dict[int, int]:
    """How many plans each of these services has (those with none are left out)."""
    return dict(
        ImprovementPlan.objects.filter(organisation_id__in=organisation_ids)
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "n")
    )


# --- What RAG is tracked on, and its counts --------------------------------------------------
#
# RAG is tracked where the plan tracks it: on the actions of an item that has actions, on the
# item itself where it has none. Only recommendations and areas for consideration count;
# strengths carry no RAG and never count. Every page, export, dashboard, heat-map and board
# pack counts these "tracked items" through the functions below, so they cannot disagree.

# The kinds of item that carry RAG (strengths do not).
TRACKED_KINDS = (ItemKind.RECOMMENDATION, ItemKind.AREA_FOR_CONSIDERATION)


def tracked_actions(*, plan_ids) -> QuerySet[Action]:
    """The tracked actions of these plans (a queryset or list of plan ids): every action of
    a recommendation or an area for consideration."""
    return Action.objects.filter(
        recommendation__plan__in=plan_ids, recommendation__kind__in=TRACKED_KINDS
    )


def tracked_recommendations(*, plan_ids) -> QuerySet[Recommendation]:
    """The items of these plans tracked on themselves: recommendations and areas for
    consideration that have no action."""
    return Recommendation.objects.filter(plan__in=plan_ids, kind__in=TRACKED_KINDS).filter(
        ~Exists(Action.objects.filter(recommendation=OuterRef("pk")))
    )


def rag_counts_for_plans(*, plan_ids) -> dict[int, Counter]:
    """Each plan's tracked items (see tracked_actions and tracked_recommendations) counted by
    current RAG, NO_UPDATE for those with no update yet; plans with none have an empty
    Counter. Counted by the database in two queries, whatever the number of plans or items."""
    counts: dict[int, Counter] = defaultdict(Counter)
    for rows in (
        tracked_actions(plan_ids=plan_ids)
        .values_list("recommendation__plan_id", "current_rag")
        .annotate(n=Count("pk"))
        .order_by(),
        tracked_recommendations(plan_ids=plan_ids)
        .values_list("plan_id", "current_rag")
        .annotate(n=Count("pk"))
        .order_by(),
    ):
        for plan_id, rag, number in rows:
            counts[plan_id][rag or NO_UPDATE] += number
    return counts


def tracked_items(*, plan_ids) -> list[Action | Recommendation]:
    """The tracked items of these plans themselves (actions, and recommendations without
    actions), in plan and item order, each with `plan_id`, `item` (its recommendation, or
    itself), `is_action`, `latest_narrative`, `added_on` (the local date it was added) and
    the `due_on` and `status` of an action (None and "" for a recommendation, which has
    neither): what the dashboards list and test for attention. Two queries."""
    actions = (
        tracked_actions(plan_ids=plan_ids)
        .select_related("recommendation")
        .annotate(latest_narrative=latest_narrative("action"))
    )
    recommendations = tracked_recommendations(plan_ids=plan_ids).annotate(
        latest_narrative=latest_narrative("recommendation")
    )
    items: list[Action | Recommendation] = []
    for action in actions:
        action.plan_id = action.recommendation.plan_id
        action.item = action.recommendation
        action.is_action = True
        items.append(action)
    for recommendation in recommendations:
        recommendation.item = recommendation
        recommendation.is_action = False
        recommendation.due_on = None
        recommendation.status = ""
        items.append(recommendation)
    for item in items:
        item.added_on = timezone.localdate(item.created_at)
    items.sort(
        key=lambda item: (
            item.plan_id,
            item.item.position,
            item.item.pk,
            item.position if item.is_action else -1,
            item.pk,
        )
    )
    return items


# --- The list of plans -----------------------------------------------------------------------


def services_with_plans_for_user(*, user: User) -> QuerySet[Organisation]:
    """The services with a plan the user may see, by name: the list of plans pages them."""
    return Organisation.objects.filter(
        pk__in=plans_for_user(user=user).values("organisation_id")
    ).order_by("name", "pk")


def plans_by_service(
    *, user: User, services: list[Organisation]
) -> list[tuple[Organisation, list[ImprovementPlan]]]:
    """The plans the user may see of these services, grouped by service, newest first; each
    plan with its tracked items (actions, or the item where it has none: rag_counts_for_plans)
    counted by RAG (`rag_counts`, green first) and `no_update_count`."""
    plans = list(
        plans_for_user(user=user)
        .filter(organisation__in=services)
        .order_by("organisation__name", "organisation_id", "-published_on", "title")
    )
    counts = rag_counts_for_plans(plan_ids=[plan.pk for plan in plans])
    for plan in plans:
        tally = counts[plan.pk]
        plan.rag_counts = [(rag, tally[rag]) for rag in (Rag.GREEN, Rag.AMBER, Rag.RED)]
        plan.no_update_count = tally[NO_UPDATE]
    return [
        (organisation, list(group))
        for organisation, group in groupby(plans, key=lambda plan: plan.organisation)
    ]


# --- A plan and its actions ------------------------------------------------------------------


def attention_of(
    item: Action | Recommendation, *, stale_after_days: int, today: datetime.date
) -> Attention:
    """Whether the action is overdue or stale today (see attention.py); or a recommendation
    tracked on itself (see tracked_items), by the same rules: it has no due date and no
    status, so it is never overdue or signed off, only stale."""
    is_action = isinstance(item, Action)
    return attention(
        Facts(
            status=item.status if is_action else "",
            due_on=item.due_on if is_action else None,
            last_update_on=item.last_update_on,
            added_on=timezone.localdate(item.created_at),
            stale_after_days=stale_after_days,
        ),
        today=today,
    )


def recommendations_for_plan_page(
    *, plan: ImprovementPlan, today: datetime.date
) -> list[Recommendation]:
    """The plan's recommendations in order with their outcomes, measures (each with its
    `latest` value) and actions (each with its `attention` today), in four queries. An item
    tracked on itself (no actions, not a strength: see tracked_items) has its own
    `attention`; the others have None."""
    recommendations = list(
        plan.recommendations.prefetch_related("outcomes", "measures__values", "actions")
    )
    for recommendation in recommendations:
        actions = recommendation.actions.all()
        for action in actions:
            action.attention = attention_of(
                action, stale_after_days=plan.stale_after_days, today=today
            )
        recommendation.attention = (
            attention_of(recommendation, stale_after_days=plan.stale_after_days, today=today)
            if not actions and not recommendation.is_strength
            else None
        )
        for measure in recommendation.measures.all():
            values = list(measure.values.all())
            measure.latest = values[-1] if values else None
    return recommendations


def action_in_plan(*, plan: ImprovementPlan, pk: int) -> Action:
    """One of the plan's actions, or 404 (an action of another plan is not found under
    this one)."""
    return get_object_or_404(
        Action.objects.select_related("recommendation"), pk=pk, recommendation__plan=plan
    )


def recommendation_in_plan(*, plan: ImprovementPlan, pk: int) -> Recommendation:
    return get_object_or_404(plan.recommendations.all(), pk=pk)


def recommendations_with_latest_narrative(*, plan: ImprovementPlan) -> list[Recommendation]:
    """The plan's recommendations in order, each with its own latest update's narrative (as
    `latest_narrative`) beside its RAG."""
    return list(
        plan.recommendations.annotate(latest_narrative=latest_narrative("recommendation")).order_by(
            "position", "pk"
        )
    )


# --- Progress updates ------------------------------------------------------------------------


def latest_updates(field: str) -> QuerySet[ProgressUpdate]:
    """The updates of the outer query's item (`field` is "action" or "recommendation"),
    latest first: slice the first for a subquery of the current one."""
    return ProgressUpdate.objects.filter(**{field: OuterRef("pk")}).order_by(*LATEST_FIRST)


def latest_narrative(field: str) -> Subquery:
    """The narrative of the item's current update, to annotate a queryset with."""
    return Subquery(latest_updates(field).values("narrative")[:1])


def history_of(*, item: Action | Recommendation) -> QuerySet[ProgressUpdate]:
    """Every progress update of the item, newest first, with its author."""
    return item.updates.select_related("author").order_by(*LATEST_FIRST)


# --- Status and sign-off ---------------------------------------------------------------------


def events_of(*, action: Action) -> QuerySet[ActionEvent]:
    """Every change of the action's status, newest first, with who made it."""
    return action.events.select_related("by")


def latest_proposal(*, action: Action) -> ActionEvent | None:
    """The service's latest marking of the action complete (what shows it), if any."""
    return (
        action.events.filter(kind=ActionEventKind.COMPLETION_PROPOSED).select_related("by").first()
    )


def _proposed_on() -> Subquery:
    return Subquery(
        ActionEvent.objects.filter(
            action=OuterRef("pk"), kind=ActionEventKind.COMPLETION_PROPOSED
        ).values("created_at")[:1]
    )


def awaiting_sign_off_for_user(*, user: User) -> QuerySet[Action]:
    """The actions awaiting the user's sign-off, by service, plan and position, each with its
    plan and service and when the service marked it complete (`proposed_at`, None when it was
    never recorded)."""
    scope = plan_scope(user)
    if not scope.signs_off_any:
        return Action.objects.none()
    return (
        Action.objects.filter(
            status=ActionStatus.AWAITING_SIGN_OFF,
            recommendation__plan__in=ImprovementPlan.objects.filter(scope.signs_off()),
        )
        .select_related("recommendation__plan__organisation")
        .annotate(proposed_at=_proposed_on())
        .order_by(
            "recommendation__plan__organisation__name",
            "recommendation__plan__title",
            "recommendation__plan_id",
            "recommendation__position",
            "recommendation_id",
            "position",
            "pk",
        )
    )


def _awaiting_counts(by: str, *conditions, **filters) -> dict[int, int]:
    return dict(
        Action.objects.filter(*conditions, status=ActionStatus.AWAITING_SIGN_OFF, **filters)
        .order_by()
        .values(by)
        .annotate(n=Count("pk"))
        .values_list(by, "n")
    )


def awaiting_sign_off_by_service(*, organisation_ids: list[int]) -> dict[int, int]:
    """How many actions await sign-off in the plans of each of these services (those with
    none are left out), in one query."""
    return _awaiting_counts(
        "recommendation__plan__organisation_id",
        recommendation__plan__organisation_id__in=organisation_ids,
    )


def awaiting_sign_off_by_plan(*, plan_ids: list[int]) -> dict[int, int]:
    """How many actions await sign-off in each of these plans (those with none are left
    out), in one query."""
    return _awaiting_counts("recommendation__plan_id", recommendation__plan_id__in=plan_ids)


def awaiting_sign_off_by_programme(*, programme_ids: list[int]) -> dict[int, int]:
    """How many actions await sign-off in the plans each of these programmes oversees (those
    with none are left out), in one query."""
    return _awaiting_counts(
        "recommendation__plan__programme_id",
        recommendation__plan__in=ImprovementPlan.objects.filter(overseen_by(programme_ids)),
    )


# --- Starting a plan and managing its details (views.plan_details, views.plan_state) ---------


def services_for_new_plan(*, user: User) -> QuerySet[Organisation]:
    """The services the user may start a plan for: their own as its lead; the member
    services of the programmes they coordinate; any for superusers. Empty for everyone else."""
    scope = plan_scope(user)
    services = Organisation.objects.order_by("name", "pk")
    if scope.everything:
        return services
    return services.filter(
        Q(pk__in=scope.led_service_ids)
        | Q(programme_links__programme_id__in=scope.coordinated_programme_ids)
    ).distinct()


def programmes_for_new_plan(*, user: User, organisation: Organisation) -> QuerySet[Programme]:
    """The programmes a plan of the service may name: those the service takes part in (for
    its lead, or a superuser); of those, the ones the user coordinates (for a coordinator who
    does not lead the service). A superuser may name any programme when the service takes
    part in none."""
    scope = plan_scope(user)
    programmes = Programme.objects.filter(member_links__organisation=organisation).order_by(
        "name", "pk"
    )
    if scope.everything:
        return programmes if programmes.exists() else Programme.objects.order_by("name", "pk")
    if organisation.pk in scope.led_service_ids:
        return programmes
    return programmes.filter(pk__in=scope.coordinated_programme_ids)


def plan_owner_choices(*, organisation: Organisation) -> QuerySet[User]:
    """The people who may own a plan of the service: those who may update it (its leads and
    its improvement board members), active, by name."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__role__in=[Role.SERVICE_LEAD, Role.IMPROVEMENT_BOARD],
        )
        .distinct()
        .order_by("full_name", "email")
    )


def services_with_listed_plans(*, user: User, show_archived: bool) -> QuerySet[Organisation]:
    """The services on the list of plans: those with a plan the user may see, leaving out
    those whose plans are all archived unless `show_archived`."""
    plans = plans_for_user(user=user)
    if not show_archived:
        plans = plans.exclude(state=PlanState.ARCHIVED)
    return Organisation.objects.filter(pk__in=plans.values("organisation_id")).order_by(
        "name", "pk"
    )


def listed_plans_by_service(
    *, user: User, services: list[Organisation], show_archived: bool
) -> list[tuple[Organisation, list[ImprovementPlan]]]:
    """plans_by_service, leaving out archived plans unless `show_archived`."""
    grouped = plans_by_service(user=user, services=services)
    if show_archived:
        return grouped
    kept = [
        (organisation, [plan for plan in plans if plan.state != PlanState.ARCHIVED])
        for organisation, plans in grouped
    ]
    return [(organisation, plans) for organisation, plans in kept if plans]
