"""Whose performance figures a user may see, decided once from their roles, read by the rules
predicates and by the pages that link to them.

A service's page is for its service leads and improvement board members, the coordinators and
board members of a programme it is a member of, national coordinators and technical staff
(superusers). A programme's table is for that programme's coordinators and board members,
national coordinators and technical staff. Nobody else sees either."""

from dataclasses import dataclass

from accounts.enums import Role
from accounts.models import MemberOrganisation, User
from accounts.roles import roles_for
from accounts.rules import is_superuser


@dataclass(frozen=True)
class PerformanceScope:
    everything: bool
    # The services the user leads or sits on the improvement board of.
    service_ids: frozenset[int]
    # The programmes whose member services and table the user sees.
    programme_ids: frozenset[int]

    def __bool__(self) -> bool:
        return self.everything or bool(self.service_ids or self.programme_ids)

    def may_view_programme(self, programme_id: int) -> bool:
        return self.everything or programme_id in self.programme_ids

    def may_view_service(self, organisation_id: int) -> bool:
        """One query at most: whether the service is a member of one of the user's
        programmes."""
        if self.everything or organisation_id in self.service_ids:
            return True
        if not self.programme_ids:
            return False
        return MemberOrganisation.objects.filter(
            organisation_id=organisation_id, programme_id__in=self.programme_ids
        ).exists()


def performance_scope(user: User) -> PerformanceScope:
    """The user's scope, from their roles (read once per request: accounts.roles)."""
    roles = roles_for(user)
    return PerformanceScope(
        everything=is_superuser(user) or roles.has(Role.NATIONAL_COORDINATOR),
        service_ids=frozenset(roles.organisation_ids(Role.SERVICE_LEAD, Role.IMPROVEMENT_BOARD)),
        programme_ids=frozenset(roles.programme_ids(Role.COORDINATOR, Role.BOARD_MEMBER)),
    )
