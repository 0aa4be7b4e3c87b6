"""Who may see which applications, meetings and cycles, written once and read two ways: as
a filter for the selectors' querysets (`q`) and as a test of one row for the `rules`
predicates (`allows`). A test holds the two readings to the same answer on every row.

It imports no model, so that `rules` (which the models name in their Meta) can use it."""

from dataclasses import dataclass

from django.db.models import Q

from accounts.enums import Role
from accounts.roles import roles_for
from accounts.rules import is_superuser

from .enums import ApplicationState


@dataclass(frozen=True)
class ApplicationScope:
    """A service sees its own applications in every state; a programme's coordinators and
    board see the programme's once submitted (a draft is the service's work in progress)."""

    everything: bool
    organisation_ids: frozenset[int]
    programme_ids: frozenset[int]

    def q(self) -> Q:
        if self.everything:
            return Q()
        return Q(organisation_id__in=self.organisation_ids) | (
            Q(programme_id__in=self.programme_ids) & ~Q(state=ApplicationState.DRAFT)
        )

    def allows(self, application) -> bool:
        return (
            self.everything
            or application.organisation_id in self.organisation_ids
            or (
                application.programme_id in self.programme_ids
                and application.state != ApplicationState.DRAFT
            )
        )


@dataclass(frozen=True)
class BoardScope:
    """Meetings and cycles of the programmes whose board a user sits on or coordinates."""

    everything: bool
    programme_ids: frozenset[int]

    def q(self) -> Q:
        return Q() if self.everything else Q(programme_id__in=self.programme_ids)

    def allows(self, row) -> bool:
        return self.everything or row.programme_id in self.programme_ids


def application_scope(user) -> ApplicationScope:
    roles = roles_for(user)
    return ApplicationScope(
        everything=is_superuser(user),
        organisation_ids=frozenset(roles.organisation_ids(Role.SERVICE_LEAD)),
        programme_ids=frozenset(roles.programme_ids(Role.COORDINATOR, Role.BOARD_MEMBER)),
    )


def board_scope(user) -> BoardScope:
    return BoardScope(
        everything=is_superuser(user),
        programme_ids=frozenset(roles_for(user).programme_ids(Role.COORDINATOR, Role.BOARD_MEMBER)),
    )
