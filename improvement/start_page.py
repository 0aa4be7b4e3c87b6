"""What improvement plans add to the start page: each service's plans, for its leads and its
improvement board members (and, for its leads, a way to start one while it has none); and the
actions awaiting sign-off, for those who sign them off (the service's improvement board
members, and the coordinators of the programme whose peer review a plan follows)."""

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
                ),
                Task(
                    _("Your service's dashboard"),
                    reverse("dashboards:service"),
                    _("Each plan's RAG ratings, overdue and stale items, and sign-offs due."),
                ),
            ]
            if count
            else _start_task(membership)
        )
    return result


def _start_task(membership: Membership) -> list[Task]:
    """For a service's lead, when the service has no plan yet: the way to start one."""
    if membership.role != Role.SERVICE_LEAD:
        return []
    return [
        Task(
            _("Start an improvement plan"),
            reverse("improvement:plan_new"),
            _("Your service has no improvement plan yet: start one, then import its tracker."),
        )
    ]


def _awaiting_task(count: int) -> list[Task]:
    if not count:
        return []
    return [
        Task(
            ngettext(
                "%(count)d action awaiting sign-off",
                "%(count)d actions awaiting sign-off",
                count,
            )
            % {"count": count},
            reverse("improvement:awaiting_sign_off"),
            _("Marked complete by the service: sign them off, or send them back."),
        )
    ]


def board_sign_off_tasks(user: User, memberships: list[Membership]) -> dict[int, list[Task]]:
    counts = selectors.awaiting_sign_off_by_service(
        organisation_ids=[membership.organisation_id for membership in memberships]
    )
    return {
        membership.pk: _awaiting_task(counts.get(membership.organisation_id, 0))
        for membership in memberships
    }


def coordinator_sign_off_tasks(user: User, memberships: list[Membership]) -> dict[int, list[Task]]:
    counts = selectors.awaiting_sign_off_by_programme(
        programme_ids=[membership.programme_id for membership in memberships]
    )
    return {
        membership.pk: _awaiting_task(counts.get(membership.programme_id, 0))
        for membership in memberships
    }


def register() -> None:
    register_tasks(Role.SERVICE_LEAD, service_tasks)
    register_tasks(Role.IMPROVEMENT_BOARD, service_tasks)
    register_tasks(Role.IMPROVEMENT_BOARD, board_sign_off_tasks)
    register_tasks(Role.COORDINATOR, coordinator_sign_off_tasks)
