"""Access cases for a programme's comparator families, a set-up section
(/programmes/<pk>/comparator-families/): merged into the main MATRIX.

Every page is for the programme's coordinators and technical staff: other signed-in people get
403 before anything is looked up. Another programme's pages, and another programme's family
under one's own programme, are 404 to a coordinator (OTHER_PROGRAMME_CASES); a POST to them is
refused the same way. Deleting asks first, so the delete URL is checked with a GET that
changes nothing."""

from types import SimpleNamespace

from .matrix import setup_section_cases

# URL name: the row it is about (None for the list and add pages).
PAGES = {
    "performance_families:families": None,
    "performance_families:family_new": None,
    "performance_families:family": "family",
    "performance_families:family_delete": "family",
}
# The forms: sent empty, they change nothing even for those who may send them.
FORMS = ["performance_families:family_new", "performance_families:family"]

CASES, OTHER_PROGRAMME_CASES = setup_section_cases(PAGES, FORMS, {"family": "setup_family"})


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
