"""Access cases for a programme's set-up pages of offers, key lines of enquiry and golden
threads, and cycles (/programmes/<pk>/offers/): merged into the main MATRIX.

Every page is for the programme's coordinators and technical staff: other signed-in people get
403 before anything is looked up. Another programme's pages, and another programme's rows
under one's own programme, are 404 to a coordinator (OTHER_PROGRAMME_CASES); a POST to them
is refused the same way. Deleting asks first, so each delete URL is checked with a GET that
changes nothing."""

from types import SimpleNamespace

from .matrix import setup_section_cases

ROWS = {"offer": "setup_offer", "line": "setup_line", "cycle": "setup_cycle"}


# URL name: the row it is about (None for the programme's list and add pages).
PAGES = {
    "offers:offers": None,
    "offers:offer_new": None,
    "offers:offer": "offer",
    "offers:offer_delete": "offer",
    "offers:lines": None,
    "offers:line_new": None,
    "offers:line": "line",
    "offers:line_delete": "line",
    "offers:cycles": None,
    "offers:cycle_new": None,
    "offers:cycle": "cycle",
    "offers:cycle_delete": "cycle",
}
# The forms: sent empty, they change nothing even for those who may send them.
FORMS = ["offers:offer_new", "offers:offer", "offers:line_new", "offers:line"]
FORMS += ["offers:cycle_new", "offers:cycle"]

CASES, OTHER_PROGRAMME_CASES = setup_section_cases(PAGES, FORMS, ROWS)


def world(base: SimpleNamespace) -> dict:
    """An offer, a key line of enquiry and a cycle of the programme, and the same in the other
    programme."""
    from offers.enums import EnquiryKind
    from offers.models import LineOfEnquiry
    from tests import factories

    def rows(programme, prefix: str) -> dict:
        return {
            f"{prefix}setup_offer": factories.ReviewTypeFactory(programme=programme),
            f"{prefix}setup_line": LineOfEnquiry.objects.create(
                programme=programme, kind=EnquiryKind.KEY_LINE, name="Partnership working"
            ),
            f"{prefix}setup_cycle": factories.CycleFactory(programme=programme),
        }

    return rows(base.programme, "") | rows(base.other_programme, "other_")
