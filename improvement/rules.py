"""Who may see and update improvement plans.

The service's leads and its improvement board members see and update their plans; the
programme's coordinators and board members read the plans that came from their programme's
peer reviews; nobody else sees them."""

import rules

from accounts.enums import Role
from accounts.roles import roles_for
from accounts.rules import is_superuser

from .enums import PlanSource


@rules.predicate
def belongs_to_the_service(user, plan) -> bool:
    return plan is not None and plan.organisation_id in roles_for(user).organisation_ids(
        Role.SERVICE_LEAD, Role.IMPROVEMENT_BOARD
    )


@rules.predicate
def oversees_its_peer_review(user, plan) -> bool:
    return (
        plan is not None
        and plan.source == PlanSource.PEER_REVIEW
        and plan.programme_id in roles_for(user).programme_ids(Role.COORDINATOR, Role.BOARD_MEMBER)
    )


can_view_plan = is_superuser | belongs_to_the_service | oversees_its_peer_review
can_update_plan = is_superuser | belongs_to_the_service

rules.add_perm(
    "improvement.view_plans",
    is_superuser
    | rules.predicate(
        lambda user: bool(
            roles_for(user).organisation_ids(Role.SERVICE_LEAD, Role.IMPROVEMENT_BOARD)
            or roles_for(user).programme_ids(Role.COORDINATOR, Role.BOARD_MEMBER)
        ),
        name="has_plans_to_follow",
    ),
)
