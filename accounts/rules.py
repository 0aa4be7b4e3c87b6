"""Permission predicates for people, organisations, programmes and memberships.

Rights come from memberships (accounts.roles). Superusers are technical staff and may do
everything; coordinators do the day-to-day housekeeping for their own programmes."""

import rules

from .enums import Role, Scope
from .roles import roles_for


@rules.predicate
def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) and user.is_active


def _has_role(role: Role):
    @rules.predicate(name=f"has_role_{role.value}")
    def predicate(user) -> bool:
        return roles_for(user).has(role)

    return predicate


is_coordinator = _has_role(Role.COORDINATOR)
is_board_member = _has_role(Role.BOARD_MEMBER)
is_reviewer = _has_role(Role.REVIEWER)
is_service_lead = _has_role(Role.SERVICE_LEAD)
is_improvement_board_member = _has_role(Role.IMPROVEMENT_BOARD)
is_national_coordinator = _has_role(Role.NATIONAL_COORDINATOR)

is_any_coordinator = is_superuser | is_coordinator
# Starting a programme is for technical staff and national coordinators.
may_start_programmes = is_superuser | is_national_coordinator
has_any_role = rules.is_authenticated & (
    is_superuser
    | is_coordinator
    | is_board_member
    | is_reviewer
    | is_service_lead
    | is_improvement_board_member
)


def coordinated_programme_ids(user) -> set[int] | None:
    """The programmes this user coordinates, by id; None for a superuser, who acts in all.
    Every "coordinates this programme" check and every "programmes this user coordinates"
    list is built on this one function."""
    if is_superuser(user):
        return None
    return roles_for(user).programme_ids(Role.COORDINATOR)


def coordinates(user, programme_id: int | None) -> bool:
    """Whether the user coordinates this programme (any programme, when it is None: the
    admin's list pages ask that first)."""
    coordinated = coordinated_programme_ids(user)
    if coordinated is None:
        return True
    return bool(coordinated) if programme_id is None else programme_id in coordinated


@rules.predicate
def coordinates_programme(user, programme) -> bool:
    """Superusers, and coordinators of this programme (or of any, when no object is given)."""
    return coordinates(user, programme.pk if programme is not None else None)


@rules.predicate
def coordinates_its_programme(user, obj) -> bool:
    """Superusers, and coordinators of the programme the object belongs to (its
    `programme_id`), or of any programme when no object is given."""
    return coordinates(user, obj.programme_id if obj is not None else None)


def _in_a_coordinated_programme(user, organisation_id: int) -> bool:
    coordinated = coordinated_programme_ids(user)
    if coordinated is None:
        return True
    from .models import MemberOrganisation  # the models name these predicates

    return MemberOrganisation.objects.filter(
        organisation_id=organisation_id, programme_id__in=coordinated
    ).exists()


@rules.predicate
def coordinates_a_programme_of(user, organisation) -> bool:
    """Superusers, and coordinators of a programme the organisation is a member of (of any
    programme, when no organisation is given)."""
    if organisation is None:
        return coordinates(user, None)
    return _in_a_coordinated_programme(user, organisation.pk)


@rules.predicate
def can_manage_membership(user, membership) -> bool:
    """Coordinators give and take the roles of their own programmes, and the service roles of
    the organisations that are members of them; nobody but technical staff gives or takes
    their own roles or the national coordinator's."""
    if is_superuser(user):
        return True
    roles = roles_for(user)
    if not roles.has(Role.COORDINATOR):
        return False
    if membership is None:
        return True
    if membership.user_id == user.pk:
        return False
    scope = Role(membership.role).scope
    if scope == Scope.PROGRAMME:
        return membership.programme_id in roles.programme_ids(Role.COORDINATOR)
    if scope == Scope.ORGANISATION:
        return _in_a_coordinated_programme(user, membership.organisation_id)
    return False


# The Django admin is for technical staff only; coordinators set up and run their programmes
# on the service's own pages (/programmes/), which ask for `set_up_programmes` and then
# fetch only the programmes the person coordinates.
rules.add_perm("accounts.use_admin", is_superuser)
rules.add_perm("accounts.set_up_programmes", is_any_coordinator | is_national_coordinator)


@rules.predicate
def is_privileged_person(user, person) -> bool:
    """Technical staff and superusers: only a superuser may change their details, since
    whoever controls an account's email address controls the account."""
    return person is not None and (person.is_superuser or person.is_staff)


# People: coordinators add people, view them and correct their details; granting staff or
# superuser status, and anything about privileged accounts, is kept to superusers.
rules.add_perm("accounts.view_user", is_any_coordinator)
rules.add_perm("accounts.add_user", is_any_coordinator)


@rules.predicate
def looks_after_person(user, person) -> bool:
    """People whose every role is in a programme this user coordinates, or who hold no role
    yet (someone the coordinator has just added): a coordinator looks after the people of
    their own programmes, never those of another programme or a service's own leads."""
    if person is None:
        return True
    coordinated = coordinated_programme_ids(user)
    if coordinated is None:
        return True
    return all(
        programme_id in coordinated
        for programme_id in person.memberships.values_list("programme_id", flat=True)
    )


# A person's sign-in address is theirs: a coordinator changes only the name, job title,
# telephone and active state of people in their own programmes (the admin shows the address
# read-only), since whoever controls an account's email address controls the account.
rules.add_perm(
    "accounts.change_user",
    is_superuser | (is_coordinator & ~is_privileged_person & looks_after_person),
)
rules.add_perm("accounts.delete_user", is_superuser)
