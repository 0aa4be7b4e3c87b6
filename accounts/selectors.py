"""Reads for people, organisations, programmes and memberships."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .enums import Role, Scope
from .models import MemberOrganisation, Membership, Organisation, Programme, User
from .rules import coordinated_programme_ids, is_superuser


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


@dataclass(frozen=True)
class OwnRequest:
    """Something a person has asked for that others answer (to join a reviewer pool), shown on
    their start page with where it stands: `status` in a GOV.UK tag of `colour`."""

    label: str
    url: str
    hint: str
    status: str
    colour: str


# The parts of the service where a person asks for something register a provider, which takes
# the user and returns their requests, asking the database the same number of times however
# many there are. Apps register theirs in AppConfig.ready().
RequestProvider = Callable[[User], list[OwnRequest]]
REQUEST_PROVIDERS: list[RequestProvider] = []


def register_requests(provider: RequestProvider) -> None:
    if provider not in REQUEST_PROVIDERS:
        REQUEST_PROVIDERS.append(provider)


def start_requests_for(*, user: User) -> list[OwnRequest]:
    """The requests of the start page: what the user has asked for, from every provider."""
    return [request for provider in REQUEST_PROVIDERS for request in provider(user)]


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


def start_sections_for(*, user: User) -> list[RoleSection]:
    """The task list of the start page: a section for each role the user holds, and one for
    technical staff.

    Each later part of the service (applications, reviews, plans) adds its tasks to the role
    that does them; until there is something to do, a section says so in words.
    """
    sections = []
    # Technical staff (the `accounts.use_admin` rule, asked without the permission backends'
    # queries) look after the whole service.
    if is_superuser(user):
        sections.append(
            RoleSection(
                role=_("Technical staff"),
                where=str(Scope.SERVICE.label),
                tasks=[
                    Task(
                        _("Admin"),
                        reverse("admin:index"),
                        _(
                            "The records behind the service, with their history: people and "
                            "their roles, organisations, programmes, offers, cycles and courses."
                        ),
                    ),
                ],
            )
        )
    memberships = list(memberships_for_user(user=user))
    added: dict[int, list[Task]] = {}
    for role, providers in TASK_PROVIDERS.items():
        held = [membership for membership in memberships if membership.role == role]
        if held:
            for provider in providers:
                for pk, tasks in provider(user, held).items():
                    added.setdefault(pk, []).extend(tasks)
    for membership in memberships:
        where = str(membership.scope_object or _("England and Wales"))
        role = Role(membership.role)
        if role == Role.NATIONAL_COORDINATOR:
            sections.append(
                RoleSection(
                    role=role.label,
                    where=where,
                    tasks=[
                        Task(
                            _("Start a programme"),
                            reverse("programmes:programme_new"),
                            _("You become its first coordinator, to add its people and offers."),
                        )
                    ],
                )
            )
        elif role == Role.COORDINATOR:
            programme = membership.programme
            sections.append(
                RoleSection(
                    role=role.label,
                    where=where,
                    tasks=[
                        Task(
                            _("Set up %(programme)s") % {"programme": programme.short_name},
                            reverse("programmes:programme", args=[programme.pk]),
                            _(
                                "Its details, people and roles, member organisations, offers, "
                                "lines of enquiry, cycles, eligibility rules and courses."
                            ),
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


# --- The programme set-up pages ----------------------------------------------------------------


def programme_team(*, programme: Programme) -> QuerySet[Membership]:
    """The programme's coordinators and board members (reviewers are the pool's), with the
    person, by role and name."""
    return (
        Membership.objects.filter(
            programme=programme, role__in=[Role.COORDINATOR, Role.BOARD_MEMBER]
        )
        .select_related("user")
        .order_by("role", "user__full_name", "pk")
    )


def reviewer_count(*, programme: Programme) -> int:
    return Membership.objects.filter(programme=programme, role=Role.REVIEWER).count()


def person_in_programme(*, programme: Programme, pk: int) -> User:
    """Someone holding a role in the programme; 404 for anyone else."""
    return get_object_or_404(
        User.objects.filter(memberships__programme=programme).distinct(), pk=pk
    )


def member_organisations(*, programme: Programme) -> QuerySet[MemberOrganisation]:
    """The programme's member organisations with their region and how many service roles
    each has, by name."""
    return (
        MemberOrganisation.objects.filter(programme=programme)
        .select_related("organisation__region")
        .annotate(
            people=Count(
                "organisation__memberships",
                filter=Q(organisation__memberships__role__in=Role.organisation_roles()),
            )
        )
        .order_by("organisation__name", "pk")
    )


def member_organisation(*, programme: Programme, organisation_pk: int) -> MemberOrganisation:
    """One member of the programme; 404 for an organisation that is not one."""
    return get_object_or_404(
        MemberOrganisation.objects.select_related("organisation__region", "added_by"),
        programme=programme,
        organisation_id=organisation_pk,
    )


def organisations_to_add(*, programme: Programme) -> QuerySet[Organisation]:
    """Active organisations that are not yet members of the programme."""
    return (
        Organisation.objects.filter(is_active=True)
        .exclude(programme_links__programme=programme)
        .order_by("name")
    )


def organisation_people(*, organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__full_name", "pk")
    )


def last_change(*, record) -> object | None:
    """The latest entry of a record's history, with who made it (None if it has none): the
    set-up pages' "Last changed by", for any model with simple-history."""
    return record.history.select_related("history_user").order_by("-history_date").first()
