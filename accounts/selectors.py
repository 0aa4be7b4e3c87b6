"""Reads for people, organisations, programmes and memberships."""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .enums import Role
from .models import Membership, Programme, User
from .rules import coordinated_programme_ids


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


# What a role's section says while later parts of the service have given it no tasks.
EMPTY = {
    Role.IMPROVEMENT_BOARD: gettext_lazy(
        "There are no improvement plans for this service yet. When the service publishes one, "
        "its progress will be listed here."
    ),
}


# Tasks that other parts of the service add to a role's sections of the start page. A provider
# takes the user and all their memberships in that role, and returns the tasks of each
# membership by its pk, asking the database the same number of times however many there are.
# Apps register theirs in AppConfig.ready().
TaskProvider = Callable[[User, list[Membership]], dict[int, list[Task]]]
TASK_PROVIDERS: dict[Role, list[TaskProvider]] = {}


def register_tasks(role: Role, provider: TaskProvider) -> None:
    if provider not in TASK_PROVIDERS.setdefault(role, []):
        TASK_PROVIDERS[role].append(provider)


def memberships_for_user(*, user: User) -> QuerySet[Membership]:
    """The user's memberships, with the programme or organisation they are held in."""
    return (
        Membership.objects.filter(user=user)
        .select_related("programme", "organisation")
        .order_by("role", "programme__name", "organisation__name")
    )


def programmes_coordinated(*, user: User) -> QuerySet[Programme]:
    """The programmes this user coordinates: every programme for a superuser."""
    ids = coordinated_programme_ids(user)
    programmes = Programme.objects.all()
    return programmes if ids is None else programmes.filter(pk__in=ids)


def programme_to_set_up(*, user: User, pk: int) -> Programme:
    """A programme this user coordinates, for its set-up pages; 404 for any other, so that a
    coordinator of another programme cannot tell whether it exists. (The view first asks for
    `accounts.set_up_programmes`, so that people who coordinate nothing get 403.)"""
    return get_object_or_404(programmes_coordinated(user=user), pk=pk)


def coordinator_emails(*, programme_id: int) -> list[str]:
    """The addresses of the programme's coordinators who can sign in, each once, in order."""
    return sorted(
        set(
            User.objects.filter(
                memberships__role=Role.COORDINATOR,
                memberships__programme_id=programme_id,
                is_active=True,
            ).values_list("email", flat=True)
        )
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
    memberships = list(memberships_for_user(user=user))
    added: dict[int, list[Task]] = {}
    for role, providers in TASK_PROVIDERS.items():
        held = [membership for membership in memberships if membership.role == role]
        if held:
            for provider in providers:
                for pk, tasks in provider(user, held).items():
                    added.setdefault(pk, []).extend(tasks)
    for membership in memberships:
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
                        *added.get(membership.pk, []),
                    ],
                )
            )
        else:
            sections.append(
                RoleSection(
                    role=role.label,
                    where=where,
                    tasks=added.get(membership.pk, []),
                    empty=str(EMPTY.get(role, "")),
                )
            )
    return sections
