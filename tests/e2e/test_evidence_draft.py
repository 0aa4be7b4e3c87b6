"""An evidence note being typed is kept in the browser (static/js/evidence_draft.js) until the
server shows it saved: a page loaded again puts it back in the form and says so. Signing out
on purpose forgets every draft (static/js/application.js), so a shared computer keeps nothing
of the team's evidence. On the demo world's on-site challenge; every page passes axe-core."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from challenges.models import Activity

from .axe import axe_check, goto
from .pages import sign_out
from .test_report_journey import on_site_challenge, team

pytestmark = pytest.mark.dates

DRAFT = "Two case managers said the panel's decisions reach them within a day."
DRAFTS_KEPT = (
    "Object.keys(window.localStorage)"
    ".filter(key => key.startsWith('peerreview:evidence-draft:')).length"
)


def test_a_note_being_typed_is_kept_until_saved_and_forgotten_on_signing_out(
    page: Page, sign_in: Callable[..., None], demo_data: str
) -> None:
    challenge = on_site_challenge()
    _lead, reviewer = team(challenge)
    activity = Activity.objects.filter(challenge=challenge).order_by("day", "starts_at").first()
    sign_in(page, reviewer.email)

    # Typed, not sent: the browser keeps it.
    goto(page, activity.get_absolute_url())
    page.get_by_label("Evidence", exact=True).fill(DRAFT)
    assert page.evaluate(DRAFTS_KEPT) == 1

    # The page loaded again (a lost connection, a closed tab) puts it back and says so.
    goto(page, activity.get_absolute_url())
    expect(page.get_by_label("Evidence", exact=True)).to_have_value(DRAFT)
    expect(page.get_by_role("status")).to_contain_text("put back in the form from this browser")
    axe_check(page)

    # Signing out forgets it.
    sign_out(page)
    assert page.evaluate(DRAFTS_KEPT) == 0
