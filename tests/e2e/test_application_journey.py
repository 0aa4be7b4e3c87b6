"""An application's whole journey in a real browser: the service lead drafts it, leaves and
comes back, submits it; the coordinator asks for more information; the lead answers and
submits again; the coordinator plans today's board meeting, records who was there and puts
the application on its agenda; a board member approves it; the lead sees the decision.
Every page on the way passes axe-core (see conftest.py), and the emails each step sends are
in the outbox (the live server runs in this process, with the locmem mail backend and
Celery eager)."""

import datetime
import re
from collections.abc import Callable

import pytest
from django.core.mail import EmailMessage
from django.utils import timezone
from playwright.sync_api import Page, expect

from offers.models import Cycle

from .axe import click_and_check
from .pages import fill_date, navigation, sign_out, success_banner

pytestmark = pytest.mark.dates

LEAD = "lead@example.org"
COORDINATOR = "coordinator@example.org"
BOARD = "board@example.org"
SERVICE = "Northdale Youth Justice Service"
OFFER = "Full peer review"
REFERENCE = re.compile(r"APP-\d{5}")
# Page titles join their parts with an en dash.
EN_DASH = "\N{EN DASH}"

CONTEXT = "We are a mid-sized service with a new management board chair since the summer."
REASONS = "We want an outside view of governance before our three-year plan is written."
QUESTION = "Please send the management board's terms of reference."
ANSWER = "The terms of reference are attached to the self-assessment, in its annex B."
OVERRIDE = "The board agreed this review is a priority for the region."
# Board members at today's meeting: the demo board's quorum is three.
PRESENT = ["Tom Hughes", "Ruth Adeyemi", "Alun Morris"]

# The smallest real PDF: one empty page. The upload is recognised by its content.
PDF = (
    b"%PDF-1.7\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n"
    b"%%EOF\n"
)


def preferred_window() -> tuple[datetime.date, datetime.date]:
    """About 120 days ahead and lasting three days, inside one of YJSIP's open cycles (the
    demo's cycles are worked out from today, so the date is too)."""
    cycles = list(
        Cycle.objects.filter(programme__short_name="YJSIP", is_open=True).order_by("starts_on")
    )
    starts = timezone.localdate() + datetime.timedelta(days=120)
    for cycle in cycles:
        starts = max(starts, cycle.starts_on)
        if starts + datetime.timedelta(days=3) <= cycle.ends_on:
            return starts, starts + datetime.timedelta(days=3)
    raise AssertionError(f"No open YJSIP cycle holds a window from {starts}: {cycles}")


def expect_question(page: Page, title: str) -> None:
    """On the question page `title` (by the page's title: on some question pages the
    legend is a second <h1>)."""
    expect(page).to_have_title(re.compile(f"^{re.escape(title)} {EN_DASH} "))


def long_date(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def open_own_application(page: Page, reference: str) -> None:
    """From the lead's start page, through their service's applications, to this one."""
    click_and_check(page.get_by_role("link", name="Your service's applications"))
    expect(page.get_by_role("heading", level=1, name="Applications")).to_be_visible()
    click_and_check(page.get_by_role("link", name=reference, exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)


def emails_about(outbox: list[EmailMessage], reference: str) -> list[EmailMessage]:
    # The demo world's own history sent emails too when it was built: keep this one's.
    return [message for message in outbox if message.subject.startswith(f"{reference}:")]


def test_a_service_applies_is_asked_for_more_and_the_board_approves(
    page: Page, sign_in: Callable[..., None], mailoutbox: list[EmailMessage]
) -> None:
    starts_on, ends_on = preferred_window()

    # 1. The service lead starts an application and saves it as a draft part way through.
    sign_in(page, LEAD)
    click_and_check(page.get_by_role("link", name="Apply for a peer review"))
    expect(page.get_by_role("heading", level=1, name="Apply for a peer review")).to_be_visible()
    page.get_by_role("radio", name=OFFER, exact=True).check()
    click_and_check(page.get_by_role("button", name="Start the application"))

    expect_question(page, "Key lines of enquiry")
    caption = page.locator(".govuk-caption-l").first.inner_text()
    match = REFERENCE.search(caption)
    assert match, f"No reference in the caption {caption!r}"
    reference = match.group()
    page.get_by_role("checkbox", name="Governance and leadership").check()
    page.get_by_role("checkbox", name="Partnership working").check()
    click_and_check(page.get_by_role("button", name="Save and continue"))

    expect_question(page, "Context and reasons")
    page.get_by_label("Describe your service and its context").fill(CONTEXT)
    click_and_check(page.get_by_role("button", name="Save as draft"))

    expect(success_banner(page)).to_contain_text("Your answers have been saved.")
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    expect(page.locator(".govuk-tag").filter(has_text="Draft")).to_be_visible()

    # 2. The lead leaves, comes back to the draft, answers the rest and submits it.
    sign_out(page)
    sign_in(page, LEAD)
    open_own_application(page, reference)
    expect(page.get_by_text("Still to answer:")).to_be_visible()
    click_and_check(page.get_by_role("link", name="Say why you are applying"))

    expect(page.get_by_label("Describe your service and its context")).to_have_value(CONTEXT)
    page.get_by_label("Why are you applying now?").fill(REASONS)
    click_and_check(page.get_by_role("button", name="Save and continue"))

    expect_question(page, "Preferred window")
    fill_date(page, "Earliest start", starts_on)
    fill_date(page, "Latest end", ends_on)
    click_and_check(page.get_by_role("button", name="Save and continue"))

    expect_question(page, "Publication of the report")
    page.get_by_role("radio", name="Yes, publish the final report").check()
    click_and_check(page.get_by_role("button", name="Save and continue"))

    expect_question(page, "Named contact")
    expect(page.get_by_label("Email address")).to_have_value(LEAD)
    click_and_check(page.get_by_role("button", name="Save and continue"))

    expect(page.get_by_role("heading", level=1, name="Supporting documents")).to_be_visible()
    page.get_by_role("radio", name="Self-assessment").check()
    page.get_by_label("Upload a file").set_input_files(
        {"name": "self-assessment.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    click_and_check(page.get_by_role("button", name="Upload file"))
    expect(success_banner(page)).to_contain_text("self-assessment.pdf has been uploaded.")
    expect(page.get_by_role("link", name="self-assessment.pdf", exact=True)).to_be_visible()
    click_and_check(page.get_by_role("link", name="Continue to check your answers"))

    expect(
        page.get_by_role(
            "heading", level=1, name="Check your answers before submitting your application"
        )
    ).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text(REASONS)
    expect(main).to_contain_text(f"{long_date(starts_on)} to {long_date(ends_on)}")
    expect(page.get_by_text("Some questions are not answered yet")).to_have_count(0)
    click_and_check(page.get_by_role("button", name="Submit application"))

    panel = page.locator(".govuk-panel--confirmation")
    expect(panel.get_by_role("heading", level=1, name="Application submitted")).to_be_visible()
    expect(panel).to_contain_text(reference)

    # 3. The coordinator asks the service for more information.
    sign_out(page)
    sign_in(page, COORDINATOR)
    click_and_check(page.get_by_role("link", name=re.compile(r"^Check \d+ submitted application")))
    expect(page.get_by_label("Status")).to_have_value("submitted")
    click_and_check(page.get_by_role("link", name=reference, exact=True))
    expect(page.locator(".govuk-tag").filter(has_text="Submitted")).to_be_visible()
    click_and_check(page.get_by_role("link", name="Ask the service for more information"))
    page.get_by_label("What information do you need from the service?").fill(QUESTION)
    click_and_check(page.get_by_role("button", name="Send the request"))

    expect(success_banner(page)).to_contain_text("Asked for more information")
    expect(page.locator(".govuk-tag").filter(has_text="More information requested")).to_be_visible()

    # 4. The lead reads the request, answers it and submits again.
    sign_out(page)
    sign_in(page, LEAD)
    open_own_application(page, reference)
    expect(
        page.get_by_text("The programme coordinator has asked for more information.")
    ).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(QUESTION)
    click_and_check(page.get_by_role("link", name="Check your answers and submit"))

    expect(page.get_by_role("main")).to_contain_text(QUESTION)
    page.get_by_label("Your answer to the coordinator").fill(ANSWER)
    click_and_check(page.get_by_role("button", name="Submit again"))
    expect(page.get_by_role("heading", level=1, name="Application submitted")).to_be_visible()

    # 5. The next YJSIP meeting is weeks away, and a meeting decides nothing until it has
    #    been held: the board meets today. The coordinator plans today's meeting, records
    #    who was there (a quorum) and puts the application on its agenda.
    sign_out(page)
    sign_in(page, COORDINATOR)
    click_and_check(navigation(page).get_by_role("link", name="Board", exact=True))
    expect(page.get_by_role("heading", level=1, name="Board meetings")).to_be_visible()
    upcoming = page.get_by_role("table", name="Meetings coming up")
    yjsip_row = upcoming.get_by_role("row").filter(
        has=page.get_by_role("cell", name="YJSIP", exact=True)
    )
    click_and_check(yjsip_row.first.get_by_role("link"))
    expect(page.get_by_role("main")).to_contain_text(
        "decisions are recorded once it has been held."
    )
    click_and_check(page.get_by_role("link", name="All meetings"))
    click_and_check(page.get_by_role("link", name="Plan a meeting"))

    expect(page.get_by_role("heading", level=1)).to_contain_text("Plan a board meeting")
    fill_date(page, "Date of the meeting", timezone.localdate())
    page.get_by_label("Where (optional)").fill("Online")
    expect(page.get_by_label("Quorum")).to_have_value("3")
    click_and_check(page.get_by_role("button", name="Save meeting"))
    expect(success_banner(page)).to_contain_text("The meeting has been saved.")
    meeting_heading = page.get_by_role("heading", level=1, name=re.compile("^Board meeting, "))
    expect(meeting_heading).to_have_text(f"Board meeting, {long_date(timezone.localdate())}")
    meeting_title = meeting_heading.inner_text()
    expect(page.locator(".govuk-tag").filter(has_text="Not quorate")).to_be_visible()

    click_and_check(page.get_by_role("link", name="Change attendance and minutes"))
    for member in PRESENT:
        page.get_by_role("checkbox", name=member, exact=True).check()
    click_and_check(page.get_by_role("button", name="Save attendance and minutes"))
    expect(success_banner(page)).to_contain_text("Attendance and minutes have been saved.")
    expect(page.get_by_role("main")).to_contain_text("3 present; the quorum is 3.")
    click_and_check(page.get_by_role("link", name="Add applications to the agenda"))

    page.get_by_role("checkbox", name=re.compile(f"^{reference}, {SERVICE}: {OFFER}$")).check()
    click_and_check(page.get_by_role("button", name="Add to the agenda"))
    expect(success_banner(page)).to_contain_text("1 application added to the agenda.")
    agenda = page.get_by_role("table", name="Applications on the agenda, in order")
    expect(agenda.get_by_role("link", name=reference, exact=True)).to_be_visible()

    # 6. A board member records the decision: approved, with the resource asked for.
    sign_out(page)
    sign_in(page, BOARD)
    click_and_check(page.get_by_role("link", name=re.compile("^Next board meeting: ")))
    expect(page.get_by_role("heading", level=1)).to_have_text(meeting_title)
    click_and_check(page.get_by_role("link", name=f"Record decision for {reference}", exact=True))

    expect(page.get_by_role("heading", level=1)).to_contain_text("Record the board's decision")
    # The allocation is asked for only on approval: revealed when "Approve" is chosen.
    expect(page.get_by_label("Reviewer-days allocated")).to_be_hidden()
    page.get_by_role("radio", name="Approve", exact=True).check()
    expect(page.get_by_label("Reviewer-days allocated")).to_have_value("30")
    expect(
        page.get_by_role("group", name="Agreed window starts").get_by_label("Day")
    ).to_have_value(str(starts_on.day))
    page.get_by_role("radio", name="Fully funded by the programme").check()
    # Ignored while the cycle has room; needed only to approve beyond its capacity.
    page.get_by_label("If this goes beyond the cycle's capacity, why approve it anyway?").fill(
        OVERRIDE
    )
    click_and_check(page.get_by_role("button", name="Record the decision"))

    expect(success_banner(page)).to_contain_text(f"Decision recorded for {reference}.")
    expect(page.get_by_role("heading", level=1)).to_have_text(meeting_title)
    agenda_row = page.get_by_role("row").filter(
        has=page.get_by_role("link", name=reference, exact=True)
    )
    expect(agenda_row).to_contain_text("Approve")
    expect(agenda_row.get_by_role("link", name=re.compile("^Record decision"))).to_have_count(0)

    # 7. The lead sees the application approved, with what the board allocated.
    sign_out(page)
    sign_in(page, LEAD)
    open_own_application(page, reference)
    expect(page.locator(".govuk-tag").filter(has_text="Approved")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Decision")).to_be_visible()
    decision = page.locator(".govuk-summary-card").filter(
        has=page.get_by_role("heading", level=3, name=re.compile("^Approve"))
    )
    expect(decision).to_contain_text("30 reviewer-days")
    expect(decision).to_contain_text("Fully funded by the programme")
    expect(decision).to_contain_text(f"{long_date(starts_on)} to {long_date(ends_on)}")
    expect(page.get_by_role("link", name="Check your answers and submit")).to_have_count(0)

    # 8. Each step told the people who needed to know.
    emails = emails_about(mailoutbox, reference)
    subjects = [message.subject for message in emails]
    submitted = [m for m in emails if m.subject == f"{reference}: new application from {SERVICE}"]
    assert len(submitted) == 1, subjects
    assert COORDINATOR in submitted[0].to
    asked = [m for m in emails if "needs more information" in m.subject]
    assert len(asked) == 1, subjects
    assert LEAD in asked[0].to
    assert QUESTION in asked[0].body
    resubmitted = [m for m in emails if "has answered and submitted again" in m.subject]
    assert len(resubmitted) == 1, subjects
    assert COORDINATOR in resubmitted[0].to
    decided = [m for m in emails if "approved" in m.subject]
    assert len(decided) == 1, subjects
    assert decided[0].subject == f"{reference}: your application has been approved"
    assert LEAD in decided[0].to
    assert "30 reviewer-days" in decided[0].body
    assert len(emails) == 4, subjects
