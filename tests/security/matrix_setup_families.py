"""Access cases for a programme's comparator families, a set-up section
(/programmes/<pk>/comparator-families/): merged into the main MATRIX.

Every page is for the programme's coordinators and technical staff: other signed-in people get
403 before anything is looked up. Another programme's pages, and another programme's family
under one's own programme, are 404 to a coordinator (OTHER_PROGRAMME_CASES); a POST to them is
refused the same way. Deleting asks first, so the delete URL is checked with a GET that
changes nothing."""

from types import SimpleNamespace

from .matrix import COORDINATORS, LOGIN, Case, answers


def _own(row: bool):
    if not row:
        return lambda w: [w.programme.pk]
    return lambda w: [w.programme.pk, w.setup_family.pk]


def _theirs(row: bool):
    if not row:
        return lambda w: [w.other_programme.pk]
    return lambda w: [w.other_programme.pk, w.other_setup_family.pk]


def _theirs_under_own():
    return lambda w: [w.programme.pk, w.other_setup_family.pk]


# URL name: whether it is about one family (False for the list and add pages).
PAGES = {
    "performance_families:families": False,
    "performance_families:family_new": False,
    "performance_families:family": True,
    "performance_families:family_delete": True,
}
# The forms: sent empty, they change nothing even for those who may send them.
FORMS = ["performance_families:family_new", "performance_families:family"]

CASES: dict[str, Case] = {name: Case(COORDINATORS, args=_own(row)) for name, row in PAGES.items()}

NOT_THEIRS = answers(403, anonymous=LOGIN, coordinator=404, superuser=200)
# Another programme's family asked for under this programme: it is not there, for anyone.
NOT_HERE = answers(403, anonymous=LOGIN, coordinator=404, superuser=404)
OTHER_PROGRAMME_CASES: dict[str, Case] = {
    **{f"{name}#other": Case(NOT_THEIRS, args=_theirs(row)) for name, row in PAGES.items()},
    **{
        f"{name}#other-post": Case(NOT_THEIRS, args=_theirs(PAGES[name]), method="post")
        for name in FORMS
    },
    **{
        f"{name}#other-row": Case(NOT_HERE, args=_theirs_under_own())
        for name, row in PAGES.items()
        if row
    },
}


def world(base: SimpleNamespace) -> dict:
    """A comparator family of the programme, and one of the other programme."""
    from performance.enums import ComparatorKind
    from performance.models import Comparator

    def family(programme, prefix: str) -> dict:
        return {
            f"{prefix}setup_family": Comparator.objects.create(
                kind=ComparatorKind.FAMILY, programme=programme, name="Northern services"
            )
        }

    return family(base.programme, "") | family(base.other_programme, "other_")
