"""Reads for improvement plans: what a user may see, and each item's current RAG (its latest
progress update's), annotated in the query rather than worked out in templates."""

from django.db.models import OuterRef, Q, QuerySet, Subquery

from accounts.enums import Role
from accounts.models import User
from accounts.roles import roles_for

from .enums import PlanSource
from .models import Action, ImprovementPlan, ProgressUpdate, Recommendation


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


def _latest(field: str) -> QuerySet[ProgressUpdate]:
    return ProgressUpdate.objects.filter(**{field: OuterRef("pk")}).order_by(
        "-recorded_on", "-created_at", "-pk"
    )


def actions_with_rag(queryset: QuerySet[Action] | None = None) -> QuerySet[Action]:
    """Actions with `current_rag` and `last_update_on` from their latest progress update."""
    queryset = Action.objects.all() if queryset is None else queryset
    latest = _latest("action")
    return queryset.annotate(
        current_rag=Subquery(latest.values("rag")[:1]),
        last_update_on=Subquery(latest.values("recorded_on")[:1]),
    )


def recommendations_with_rag(
    queryset: QuerySet[Recommendation] | None = None,
) -> QuerySet[Recommendation]:
    """Recommendations with the RAG of their own latest update (on the recommendation as a
    whole), as `current_rag` and `last_update_on`."""
    queryset = Recommendation.objects.all() if queryset is None else queryset
    latest = _latest("recommendation")
    return queryset.annotate(
        current_rag=Subquery(latest.values("rag")[:1]),
        last_update_on=Subquery(latest.values("recorded_on")[:1]),
    )


def history_of(*, item: Action | Recommendation) -> QuerySet[ProgressUpdate]:
    """Every progress update of the item, newest first, with its author."""
    return item.updates.select_related("author").order_by("-recorded_on", "-created_at", "-pk")
