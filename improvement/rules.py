"""Who may see and update improvement plans: the predicates test one plan against the user's
plan scope (scope.py), the same scope the selectors filter by.

The service's leads and its improvement board members see and update their plans; the
programme's coordinators and board members read the plans that came from their programme's
peer reviews; nobody else sees them. Signing off an action is not the service's own: the
service's improvement board members and the programme's coordinators sign off (scope.py)."""

import rules

from .scope import plan_scope

# The permissions Meta.rules_permissions gives ImprovementPlan, checked on a plan.
VIEW_PLAN = "improvement.view_improvementplan"
CHANGE_PLAN = "improvement.change_improvementplan"
SIGN_OFF_PLAN = "improvement.sign_off_improvementplan"
MANAGE_PLAN = "improvement.manage_improvementplan"


@rules.predicate
def can_view_plan(user, plan) -> bool:
    return plan is not None and plan_scope(user).may_read(plan)


@rules.predicate
def can_update_plan(user, plan) -> bool:
    return plan is not None and plan_scope(user).may_update(plan)


@rules.predicate
def can_manage_plan(user, plan) -> bool:
    """Change the plan's details (what it responds to, dates, ratings, owner, next review),
    close, reopen or archive it."""
    return plan is not None and plan_scope(user).may_manage(plan)


@rules.predicate
def can_sign_off_plan(user, plan) -> bool:
    """Sign off the plan's actions, send them back, or reopen one signed off."""
    return plan is not None and plan_scope(user).may_sign_off(plan)


# Whether the user has any plans to follow (the navigation's "Improvement plans").
rules.add_perm(
    "improvement.view_plans",
    rules.predicate(lambda user: bool(plan_scope(user)), name="has_plans_to_follow"),
)
# The list of actions awaiting the user's sign-off.
rules.add_perm(
    "improvement.sign_off_actions",
    rules.predicate(lambda user: plan_scope(user).signs_off_any, name="signs_off_actions"),
)
# The programme board's dashboard: the peer-review plans of the user's programmes.
rules.add_perm(
    "improvement.view_programme_dashboard",
    rules.predicate(lambda user: plan_scope(user).oversees_any, name="oversees_plans"),
)
