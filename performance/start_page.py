"""What the performance pages add to the start page: a service's figures against its
comparators, for its leads; the member services' table, for a
programme's coordinators and board members."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import Membership, User
from accounts.selectors import Task, register_tasks

from .selectors import sector_of


def service_tasks(user: User, memberships: list[Membership]) -> dict[int, list[Task]]:
    return {
        membership.pk: [
            Task(
                _("Your service's performance"),
                reverse("performance:service", args=[membership.organisation_id]),
                _("Its indicators against the national, regional and comparator figures."),
            )
        ]
        if sector_of(membership.organisation)
        else []
        for membership in memberships
    }


def programme_tasks(user: User, memberships: list[Membership]) -> dict[int, list[Task]]:
    return {
        membership.pk: [
            Task(
                _("Member services' performance"),
                reverse("performance:programme", args=[membership.programme_id]),
                _("Every member service's latest figures, rank and quartile, sortable."),
            )
        ]
        for membership in memberships
    }


def register() -> None:
    # Improvement board members reach it from their service's dashboard, whose start-page
    # section says when the service has no plans yet.
    register_tasks(Role.SERVICE_LEAD, service_tasks)
    register_tasks(Role.COORDINATOR, programme_tasks)
    register_tasks(Role.BOARD_MEMBER, programme_tasks)
