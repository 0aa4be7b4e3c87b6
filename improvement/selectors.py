"""Reads for improvement plans: what a user may see, and their progress updates. An item's
current RAG is kept on its row (services.current_rag_refresh)."""

from django.db.models import OuterRef, Q, QuerySet, Subquery

from accounts.enums import Role
from accounts.models import User
from accounts.roles import roles_for

from .enums import PlanSource
from .models import LATEST_FIRST, Action, ImprovementPlan, ProgressUpdate, Recommendation


def plans_for_user(*, user: User) -> QuerySet[ImprovementPlan]:
    """The service's own plans for its leads and improvement board; the plans from their
    programme's peer reviews for its coordinators and board; all for superusers."""
    queryset = ImprovementPlan.objects.select_related("organisation", "programme")
    if user.is_superuser:
        return queryset
    roles = roles_for(user)
    return queryset.filter(
        Q(organisation_id__in=roles.organisation_ids(Role.SERVICE_LEAD, Role.IMPROVEMENT_BOARD))
        | Q(
            source=PlanSource.PEER_REVIEW,
            programme_id__in=roles.programme_ids(Role.COORDINATOR, Role.BOARD_MEMBER),
        )
    )


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
