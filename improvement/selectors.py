"""Reads for improvement plans: what a user may see (filtered by the same scope the rules
predicates test, scope.py), and their progress updates. An item's current RAG is kept on its
row (services.current_rag_refresh)."""

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from accounts.models import Programme, User

from .models import LATEST_FIRST, Action, ImprovementPlan, ProgressUpdate, Recommendation
from .scope import plan_scope


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


def overseen_programmes(*, user: User) -> QuerySet[Programme]:
    """The programmes the user's programme dashboard can be filtered by."""
    scope = plan_scope(user)
    programmes = Programme.objects.order_by("name")
    return programmes if scope.everything else programmes.filter(pk__in=scope.programme_ids)


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
