"""Which improvement plans a user may see and which they may update, decided once from their
roles. The selectors filter by it (`readable()`, `overseen()`) and the rules predicates test
one plan against it (`may_read`, `may_update`), side by side here, so that a list and a
permission check cannot come to disagree.

A service's leads and its improvement board members see and update their service's plans; a
programme's coordinators and board members read (and see on the programme dashboard) the plans
the programme oversees: those that came from its peer reviews, and those from another source
(an inspection, say) marked as overseen by its board; superusers see and update everything;
nobody else sees any.

A plan's details (what it responds to, its dates, ratings, owner, next review, closing and
archiving) are managed by the service's leads and by the coordinators of the programme that
oversees it (`may_manage`); its items and progress by the service (`may_update`).

Signing off an action is never the service's own: the service's improvement board members,
and the coordinators of the programme that oversees the plan (not its board members), sign
off its plans' actions (`may_sign_off`, `signs_off()`); so do superusers."""

from dataclasses import dataclass

from django.db.models import Q

from accounts.enums import Role
from accounts.models import User
from accounts.roles import roles_for
from accounts.rules import is_superuser

from .enums import PlanSource


@dataclass(frozen=True)
class PlanScope:
    everything: bool
    # The services whose own plans the user follows and updates.
    service_ids: frozenset[int]
    # The programmes whose overseen plans the user reads.
    programme_ids: frozenset[int]
    # The services whose plans' actions the user signs off (as its improvement board).
    board_service_ids: frozenset[int]
    # The programmes whose overseen plans the user signs off and manages (as coordinator).
    coordinated_programme_ids: frozenset[int]
    # The services whose plans the user manages (as their lead): see may_manage.
    led_service_ids: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return self.everything or bool(self.service_ids or self.programme_ids)

    # --- As filters on ImprovementPlan, for the selectors ------------------------------------

    def readable(self) -> Q:
        if self.everything:
            return Q()
        return Q(organisation_id__in=self.service_ids) | self.overseen()

    def overseen(self) -> Q:
        """The plans on the user's programme dashboard: the plans their programmes oversee."""
        if self.everything:
            return Q()
        return overseen_by(self.programme_ids)

    def signs_off(self) -> Q:
        """The plans whose actions the user signs off."""
        if self.everything:
            return Q()
        return Q(organisation_id__in=self.board_service_ids) | overseen_by(
            self.coordinated_programme_ids
        )

    def manages(self) -> Q:
        """The plans whose details the user manages (see may_manage)."""
        if self.everything:
            return Q()
        return Q(organisation_id__in=self.led_service_ids) | overseen_by(
            self.coordinated_programme_ids
        )

    # --- For one plan, for the rules predicates ----------------------------------------------

    def may_read(self, plan) -> bool:
        return self.may_update(plan) or self.oversees(plan)

    def may_update(self, plan) -> bool:
        return self.everything or plan.organisation_id in self.service_ids

    def oversees(self, plan) -> bool:
        return self.everything or (is_overseen(plan) and plan.programme_id in self.programme_ids)

    def may_sign_off(self, plan) -> bool:
        return (
            self.everything
            or plan.organisation_id in self.board_service_ids
            or (is_overseen(plan) and plan.programme_id in self.coordinated_programme_ids)
        )

    def may_manage(self, plan) -> bool:
        """Change the plan's details, close, reopen or archive it: the service's leads and the
        coordinators of the programme that oversees it."""
        return (
            self.everything
            or plan.organisation_id in self.led_service_ids
            or (is_overseen(plan) and plan.programme_id in self.coordinated_programme_ids)
        )

    @property
    def signs_off_any(self) -> bool:
        """Whether the user signs off any plans' actions (and has a list of those awaiting)."""
        return self.everything or bool(self.board_service_ids or self.coordinated_programme_ids)

    @property
    def oversees_any(self) -> bool:
        """Whether the user has a programme dashboard to see."""
        return self.everything or bool(self.programme_ids)


def overseen_by(programme_ids) -> Q:
    """The plans these programmes' boards oversee: from their peer reviews, or marked as
    overseen by them."""
    return Q(programme_id__in=programme_ids) & (
        Q(source=PlanSource.PEER_REVIEW) | Q(overseen_by_programme=True)
    )


def is_overseen(plan) -> bool:
    """Whether the plan's programme (if it names one) oversees it: see overseen_by."""
    return plan.programme_id is not None and (
        plan.source == PlanSource.PEER_REVIEW or plan.overseen_by_programme
    )


def plan_scope(user: User) -> PlanScope:
    """The user's scope, from their roles (read once per request: accounts.roles)."""
    roles = roles_for(user)
    return PlanScope(
        everything=is_superuser(user),
        service_ids=frozenset(roles.organisation_ids(Role.SERVICE_LEAD, Role.IMPROVEMENT_BOARD)),
        programme_ids=frozenset(roles.programme_ids(Role.COORDINATOR, Role.BOARD_MEMBER)),
        board_service_ids=frozenset(roles.organisation_ids(Role.IMPROVEMENT_BOARD)),
        coordinated_programme_ids=frozenset(roles.programme_ids(Role.COORDINATOR)),
        led_service_ids=frozenset(roles.organisation_ids(Role.SERVICE_LEAD)),
    )
