"""Who may import performance figures: technical staff, the national coordinator and
programme coordinators import official releases and comparators' figures; a service lead
imports local figures for its own services only (checking refuses rows for any other). A
comparator family's figures are imported under its name by its programme's coordinators, and by
national coordinators and technical staff."""

import rules

from accounts.enums import Role
from accounts.roles import roles_for
from accounts.rules import (
    is_coordinator,
    is_national_coordinator,
    is_service_lead,
    is_superuser,
)

IMPORT_FIGURES = "performance.import_figures"
IMPORT_OFFICIAL = "performance.import_official"

may_import_official = is_superuser | is_national_coordinator | is_coordinator

rules.add_perm(IMPORT_OFFICIAL, may_import_official)
rules.add_perm(IMPORT_FIGURES, may_import_official | is_service_lead)


def own_services(user) -> set[int] | None:
    """The services the user may import figures for: None for any (and comparators), else
    those it is the service lead of."""
    if may_import_official(user):
        return None
    return roles_for(user).organisation_ids(Role.SERVICE_LEAD)


def own_families(user) -> list[tuple[int, str, str]]:
    """The comparator families whose figures the user may import, as (pk, name, programme's
    name): every programme's for national coordinators and technical staff, those of the
    programmes they coordinate for coordinators, none for anyone else."""
    from accounts.selectors import programmes_coordinated

    from .enums import ComparatorKind
    from .models import Comparator

    if not may_import_official(user):
        return []
    families = Comparator.objects.filter(kind=ComparatorKind.FAMILY)
    if not (is_superuser(user) or is_national_coordinator(user)):
        families = families.filter(programme__in=programmes_coordinated(user=user))
    return list(families.values_list("pk", "name", "programme__name"))
