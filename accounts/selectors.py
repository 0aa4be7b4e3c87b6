"""Reads for people, organisations, programmes and memberships."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .enums import Role
from .models import Membership, Programme, User


@dataclass(frozen=True)
class Task:
    label: str
    url: str
    hint: str = ""


@dataclass(frozen=True)
class RoleSection:
    """One of a signed-in person's roles on the start page, with what they can do in it."""

    role: str
    where: str
    tasks: list[Task] = field(default_factory=list)
    empty: str = ""


# What each role's section says until later parts of the service give it tasks.
EMPTY = {
    Role.BOARD_MEMBER: gettext_lazy(
        "There is nothing for the programme board to decide. Applications placed on a board "
        "meeting's agenda will be listed here."
    ),
    Role.REVIEWER: gettext_lazy(
        "You have no peer reviews or training booked. When a coordinator invites you to a "
        "review team or a training session, it will be listed here."
    ),
    Role.SERVICE_LEAD: gettext_lazy(
        "Your service has no applications for a peer review and no improvement plans yet. "
        "They will be listed here."
    ),
    Role.IMPROVEMENT_BOARD: gettext_lazy(
        "There are no improvement plans for this service yet. When the service publishes one, "
        "its progress will be listed here."
    ),
}


def memberships_for_user(*, user: User) -> QuerySet[Membership]:
    """The user's memberships, with the programme or organisation they are held in."""
    return (
        Membership.objects.filter(user=user)
        .select_related("programme", "organisation")
        .order_by("role", "programme__name", "organisation__name")
    )


def programmes_published() -> QuerySet[Programme]:
    return Programme.objects.filter(is_active=True).select_related("region").order_by("name")


def _admin_list(model_name: str, **filters: object) -> str:
    url = reverse(f"admin:accounts_{model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def start_sections_for(*, user: User) -> list[RoleSection]:
    """The task list of the start page: a section for each role the user holds.

    Each later part of the service (applications, reviews, plans) adds its tasks to the role
    that does them; until there is something to do, a section says so in words.
    """
    sections = []
    for membership in memberships_for_user(user=user):
        where = str(membership.scope_object)
        role = Role(membership.role)
        if role == Role.COORDINATOR:
            programme = membership.programme
            sections.append(
                RoleSection(
                    role=role.label,
                    where=where,
                    tasks=[
                        Task(
                            _("Manage who has a role in %(programme)s")
                            % {"programme": programme.short_name},
                            _admin_list("membership", programme__id__exact=programme.pk),
                            _("Add coordinators, board members and peer reviewers."),
                        ),
                        Task(
                            _("Manage organisations"),
                            _admin_list("organisation"),
                            _("Youth justice services, local authorities and other bodies."),
                        ),
                        Task(
                            _("Edit the programme's details"),
                            reverse("admin:accounts_programme_change", args=[programme.pk]),
                        ),
                    ],
                )
            )
        else:
            sections.append(RoleSection(role=role.label, where=where, empty=str(EMPTY[role])))
    return sections
