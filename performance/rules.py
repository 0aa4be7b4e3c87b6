"""Who may see performance figures: the predicates test one service or programme against the
user's performance scope (scope.py)."""

import rules

from .scope import performance_scope

VIEW_SERVICE = "performance.view_service"
VIEW_PROGRAMME = "performance.view_programme"


@rules.predicate
def can_view_service(user, organisation) -> bool:
    return organisation is not None and performance_scope(user).may_view_service(organisation.pk)


@rules.predicate
def can_view_programme(user, programme) -> bool:
    return programme is not None and performance_scope(user).may_view_programme(programme.pk)


rules.add_perm(VIEW_SERVICE, can_view_service)
rules.add_perm(VIEW_PROGRAMME, can_view_programme)
