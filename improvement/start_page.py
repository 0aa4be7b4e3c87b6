"""What improvement plans add to the start page: each service's plans, for its leads and its
improvement board members."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.enums import Role
from accounts.models import Membership, User
from accounts.selectors import Task, register_tasks

from . import selectors


def service_tasks(user: User, memberships: list[Membership]) -> dict[int, list[Task]]:
    counts = selectors.plan_counts_by_service(
        organisation_ids=[membership.organisation_id for membership in memberships]
    )
    result = {}
    for membership in memberships:
        count = counts.get(membership.organisation_id, 0)
        result[membership.pk] = (
            [
                Task(
                    ngettext(
                        "Your service's improvement plan",
                        "Your service's %(count)d improvement plans",
                        count,
                    )
                    % {"count": count},
                    reverse("improvement:plans"),
                    _("Progress updates, RAG ratings and what is overdue."),
                )
            ]
            if count
            else []
        )
    return result


def register() -> None:
    register_tasks(Role.SERVICE_LEAD, service_tasks)
    register_tasks(Role.IMPROVEMENT_BOARD, service_tasks)
