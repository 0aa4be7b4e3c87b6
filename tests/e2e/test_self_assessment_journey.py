"""The annual self-assessment scrutinised by peers, then the data pack, in a real browser (the
demo world, issue 16): the YJSIP coordinator sets a round and confirms its triads, putting
Northdale and Harrowgate Vale together; Northdale's lead completes and submits its
self-assessment; Harrowgate Vale's lead scrutinises it with Northdale's performance against
its comparators beside it and asks a challenge question; Northdale's lead answers; the
coordinator produces the data pack for Northdale's coming peer challenge. Every page passes
axe-core (see conftest.py)."""

import datetime
import re
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from challenges.datapack import DATA_PACK
from documents.models import GeneratedDocument
from selfassessment.enums import NoteKind
from selfassessment.models import Round, ScrutinyNote, SelfAssessment

from .axe import click_and_check
from .pages import fill_date, navigation, sign_out

pytestmark = pytest.mark.dates

COORDINATOR = "coordinator@example.org"
NORTHDALE_LEAD = "lead@example.org"
HARROWGATE_LEAD = "harrowgate@example.org"
NORTHDALE = "Northdale Youth Justice Service"
HARROWGATE = "Harrowgate Vale Youth Justice Service"
TITLE = "Annual self-assessment 2027"
QUESTION = "What does the audit of out-of-court disposals show about re-offending?"
ANSWER = "The March audit found 9 of 12 disposals well matched; the rest are being reviewed."


def set_the_round(page: Page) -> Round:
    """From the navigation's set-up pages, a round opening today for eight weeks."""
    today = timezone.localdate()
    click_and_check(navigation(page).get_by_role("link", name="Set up"))
    click_and_check(page.get_by_role("link", name=re.compile("Youth Justice Sector")))
    click_and_check(page.get_by_role("link", name="Self-assessment rounds"))
    click_and_check(page.get_by_role("link", name="Set a round"))
    page.get_by_label("Title").fill(TITLE)
    fill_date(page, "Opening date", today)
    fill_date(page, "Deadline", today + datetime.timedelta(days=56))
    click_and_check(page.get_by_role("button", name="Set the round"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    return Round.objects.get(title=TITLE)


def confirm_triads_with_northdale_and_harrowgate(page: Page, round: Round) -> None:
    click_and_check(page.get_by_role("link", name="Propose and confirm the triads"))
    click_and_check(page.get_by_role("button", name="Propose triads"))
    groups = page.locator("#groups")
    expect(groups).to_contain_text(NORTHDALE)
    northdale_group = round.triads.get(members__organisation__name=NORTHDALE)
    if not northdale_group.members.filter(organisation__name=HARROWGATE).exists():
        page.get_by_label("Authority").select_option(label=HARROWGATE)
        page.get_by_label("Move to").select_option(label=f"Group {northdale_group.number}")
        click_and_check(page.get_by_role("button", name="Move"))
    click_and_check(page.get_by_role("link", name="Continue to confirm"))
    click_and_check(page.get_by_role("button", name="Confirm the triads"))
    round.refresh_from_db()
    assert round.triads_confirmed
    assert set(
        round.triads.get(members__organisation__name=NORTHDALE).members.values_list(
            "organisation__name", flat=True
        )
    ) >= {NORTHDALE, HARROWGATE}


def task_of_this_round(page: Page, name: str) -> None:
    """Follow the start page's task `name` for this round (the demo's earlier round has
    tasks of the same name)."""
    task = page.locator("li, .govuk-task-list__item, .govuk-summary-list__row").filter(
        has_text=TITLE
    )
    click_and_check(task.get_by_role("link", name=name).first)


def complete_and_submit(page: Page, assessment: SelfAssessment) -> None:
    task_of_this_round(page, "Complete your self-assessment")
    sections = list(assessment.round.sections.order_by("position"))
    click_and_check(page.get_by_role("link", name=sections[0].title).first)
    for number, section in enumerate(sections):
        expect(page.get_by_role("heading", level=1)).to_contain_text(section.title)
        page.get_by_role("radio", name="Good" if number else "Requires improvement").check()
        page.get_by_label("Evidence you rely on").fill(
            f"Audit and performance data for {section.title.lower()}."
        )
        click_and_check(page.get_by_role("button", name="Save and continue"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check")
    click_and_check(page.get_by_role("button", name="Submit"))
    assessment.refresh_from_db()
    assert assessment.submitted_at is not None


def test_a_round_is_set_completed_scrutinised_and_answered_and_the_data_pack_made(
    page: Page, sign_in: Callable[..., None]
) -> None:
    # 1. The coordinator sets the round and confirms the triads.
    sign_in(page, COORDINATOR)
    round = set_the_round(page)
    confirm_triads_with_northdale_and_harrowgate(page, round)
    sign_out(page)

    # 2. Northdale's lead completes and submits its self-assessment.
    northdale = SelfAssessment.objects.get(round=round, organisation__name=NORTHDALE)
    sign_in(page, NORTHDALE_LEAD)
    complete_and_submit(page, northdale)
    sign_out(page)

    # 3. Harrowgate Vale's lead scrutinises it, its performance against comparators beside it.
    sign_in(page, HARROWGATE_LEAD)
    task_of_this_round(page, f"Scrutinise {NORTHDALE}'s self-assessment")
    main = page.get_by_role("main")
    expect(main).to_contain_text("First-time entrants")
    expect(main).to_contain_text("England and Wales")
    expect(main).to_contain_text(re.compile(r"\d+(st|nd|rd|th) of \d+"))
    first = northdale.round.sections.order_by("position").first()
    click_and_check(
        page.get_by_role("link", name=f"Add a comment or challenge question on {first.title}")
    )
    page.get_by_role("radio", name=re.compile("Challenge question")).check()
    page.get_by_label("Your comment or question").fill(QUESTION)
    click_and_check(page.get_by_role("button", name="Add to the scrutiny"))
    question = ScrutinyNote.objects.get(text=QUESTION)
    assert question.kind == NoteKind.QUESTION
    sign_out(page)

    # 4. Northdale's lead answers the question.
    sign_in(page, NORTHDALE_LEAD)
    task_of_this_round(page, "Answer the challenge questions")
    click_and_check(page.get_by_role("link", name=f"Answer the question on {first.title}").first)
    page.get_by_label("Your answer").fill(ANSWER)
    click_and_check(page.get_by_role("button", name="Save the answer"))
    question.refresh_from_db()
    assert question.answer == ANSWER
    sign_out(page)

    # 5. The coordinator produces the data pack for Northdale's coming challenge.
    challenge = GeneratedDocument.objects.get(kind=DATA_PACK).subject
    assert challenge.organisation.name == NORTHDALE
    assert challenge.starts_on > timezone.localdate()
    sign_in(page, COORDINATOR)
    click_and_check(navigation(page).get_by_role("link", name="Challenges"))
    click_and_check(page.get_by_role("link", name=re.compile(challenge.reference)).first)
    click_and_check(page.get_by_role("button", name="Produce a new version of the data pack"))
    download = page.get_by_role("link", name="Download the data pack (PDF)")
    expect(download).to_be_visible()
    with page.expect_download() as downloading:
        download.click()
    # The words as read, with table cells wrapped over lines put back together.
    pages = PdfReader(downloading.value.path()).pages
    text = " ".join(" ".join(page_.extract_text() for page_ in pages).split())
    assert "First-time entrants" in text
    assert "local, unofficial" in text
    assert QUESTION not in text
