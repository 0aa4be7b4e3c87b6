"""A new person's way into the YJSIP reviewer pool, in a real browser with every page checked
by axe-core (see conftest.py): they create an account and ask to join; the coordinator
accepts them, sets up a session of the core course and books everyone waiting; after the
session, the coordinator records that they attended, and their record shows them trained.
The live server runs in this process, so the emails are in `mailoutbox` (locmem backend,
Celery eager)."""

import datetime
import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.core.mail import EmailMessage
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from reviewers.models import TrainingSession

from .axe import click_and_check, goto
from .pages import fill_date, navigation, sign_out, success_banner

pytestmark = pytest.mark.dates

COORDINATOR = "coordinator@example.org"
# Someone the demo world does not know.
NEW_NAME = "Morwenna Tregarthen"
NEW_EMAIL = "morwenna.tregarthen@fenmouth.example.org"
NEW_PASSWORD = "kestrel-harbour-lantern-92"
ORGANISATION = "Fenmouth Youth Justice Service"
JOB_ROLE = "Head of service or YOT manager"
POOL = "Youth Justice Sector Improvement Partnership"
CORE_COURSE = "Peer reviewer training (2-day residential)"
VENUE = "Tremayne House, Truro"
PLACES = 12

ACTIVATION_LINK = re.compile(r"https?://\S+/accounts/activate/\S+")
SESSION_PATH = re.compile(r"/training/sessions/(\d+)/$")


def row_of(table: Locator, name: str) -> Locator:
    return table.get_by_role("row").filter(has=table.page.get_by_role("cell", name=name))


def sent_to(outbox: list[EmailMessage], address: str) -> list[EmailMessage]:
    # Building the demo world sent emails too: keep those to this address.
    return [message for message in outbox if address in message.to]


def test_a_new_person_joins_the_pool_is_trained_and_sees_it_on_their_record(
    page: Page, sign_in: Callable[..., None], mailoutbox: list[EmailMessage]
) -> None:
    # 1. A new person asks to join while signed out, and creates an account on the way.
    goto(page, "/reviewers/join/")
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    click_and_check(page.get_by_role("link", name="Create an account"))
    expect(page.get_by_role("heading", level=1, name="Create an account")).to_be_visible()
    page.get_by_label("Full name").fill(NEW_NAME)
    page.get_by_label("Email address").fill(NEW_EMAIL)
    click_and_check(page.get_by_role("button", name="Create account"))
    expect(page.get_by_role("heading", level=1, name="Check your email")).to_be_visible()

    confirmations = sent_to(mailoutbox, NEW_EMAIL)
    assert len(confirmations) == 1, [message.subject for message in confirmations]
    link = ACTIVATION_LINK.search(confirmations[0].body)
    assert link, confirmations[0].body
    goto(page, urlsplit(link.group()).path)
    expect(page.get_by_role("heading", level=1, name="Choose your password")).to_be_visible()
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password", exact=True).fill(NEW_PASSWORD)
    click_and_check(page.get_by_role("button", name="Save password"))

    # Signed in, and back where they set out for.
    expect(success_banner(page)).to_contain_text("Your account is ready and you are signed in.")
    expect(page).to_have_url(re.compile(r"/reviewers/join/$"))

    # 2. They ask to join the YJSIP pool, saying they need training.
    expect(page.get_by_role("heading", level=1, name="Join a reviewer pool")).to_be_visible()
    page.get_by_role("radio", name=POOL, exact=True).check()
    page.get_by_label("Where do you work?").select_option(label=ORGANISATION)
    page.get_by_role("radio", name=JOB_ROLE, exact=True).check()
    page.get_by_role("radio", name="Yes, I need training").check()
    click_and_check(page.get_by_role("button", name="Send the request"))

    panel = page.locator(".govuk-panel--confirmation")
    expect(panel.get_by_role("heading", level=1, name="Your request has been sent")).to_be_visible()
    expect(panel).to_contain_text(f"You have asked to join the {POOL} reviewer pool")

    # 3. The coordinator accepts them, and books everyone waiting on a new session.
    sign_out(page)
    sign_in(page, COORDINATOR)
    click_and_check(
        page.get_by_role("link", name=re.compile(r"^Answer \d+ requests? to join the pool$"))
    )
    expect(page.get_by_role("heading", level=1, name="Reviewer pool")).to_be_visible()
    expect(page.get_by_label("Status")).to_have_value("requested")
    click_and_check(page.get_by_role("link", name=f"Accept or decline {NEW_NAME}", exact=True))

    expect(
        page.get_by_role("heading", level=1, name=re.compile("Accept or decline the request"))
    ).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text(ORGANISATION)
    expect(main).to_contain_text(JOB_ROLE)
    expect(main).to_contain_text("Asked for training")
    page.get_by_role("radio", name="Accept into the pool").check()
    click_and_check(page.get_by_role("button", name="Send the answer"))

    expect(success_banner(page)).to_contain_text(
        f"{NEW_NAME} has been accepted into the YJSIP pool."
    )
    expect(page.get_by_role("heading", level=1, name="Reviewer pool")).to_be_visible()
    expect(page.get_by_role("link", name=f"Accept or decline {NEW_NAME}")).to_have_count(0)

    click_and_check(navigation(page).get_by_role("link", name="Reviewers"))
    click_and_check(page.get_by_role("link", name=re.compile(r"^Training")))
    expect(page.get_by_role("heading", level=1, name="Training")).to_be_visible()
    demand = page.get_by_role("table", name="Each course, with the people waiting for it")
    course_row = demand.get_by_role("row").filter(
        has=page.get_by_role("link", name=CORE_COURSE, exact=True)
    )
    expect(course_row.get_by_role("cell").nth(1)).to_have_text(re.compile(r"^\s*[1-9]\d*\s*$"))
    click_and_check(course_row.get_by_role("link", name=CORE_COURSE, exact=True))

    expect(page.get_by_role("heading", level=1, name=CORE_COURSE)).to_be_visible()
    waiting = page.get_by_role("table", name="People waiting for the course")
    expect(row_of(waiting, NEW_NAME)).to_contain_text(ORGANISATION)
    click_and_check(page.get_by_role("link", name="Set up a session"))

    expect(
        page.get_by_role("heading", level=1, name=re.compile("Set up a session"))
    ).to_be_visible()
    starts_on = timezone.localdate() + datetime.timedelta(days=30)
    fill_date(page, "Start date", starts_on)
    fill_date(page, "End date", starts_on + datetime.timedelta(days=1))
    page.get_by_role("radio", name="No, it is at a venue").check()
    page.get_by_label("Venue (not needed for a virtual session)").fill(VENUE)
    page.get_by_label("Places", exact=True).fill(str(PLACES))
    click_and_check(page.get_by_role("button", name="Set up the session"))

    expect(success_banner(page)).to_contain_text("The session has been set up.")
    expect(page.get_by_role("heading", level=1)).to_contain_text(CORE_COURSE)
    session_match = SESSION_PATH.search(urlsplit(page.url).path)
    assert session_match, page.url
    session_path = session_match.group()
    click_and_check(page.get_by_role("link", name="Invite everyone waiting"))

    expect(page.get_by_role("heading", level=1, name="Invite everyone waiting")).to_be_visible()
    expect(page.get_by_role("main").get_by_role("list")).to_contain_text(
        f"{NEW_NAME}, {ORGANISATION}"
    )
    click_and_check(page.get_by_role("button", name="Book them on the session"))

    expect(success_banner(page)).to_contain_text(
        re.compile(r"\d+ (person|people) booked, 0 on the waiting list")
    )
    booked = page.get_by_role("table", name="People booked on the session")
    expect(row_of(booked, NEW_NAME).locator(".govuk-tag")).to_have_text("Booked")

    # 4. Time passes and the session takes place. A browser cannot move the clock, so the
    # session's dates are moved into the past with the ORM: the one step not taken in it.
    today = timezone.localdate()
    moved = TrainingSession.objects.filter(pk=int(session_match.group(1))).update(
        starts_on=today - datetime.timedelta(days=2), ends_on=today - datetime.timedelta(days=1)
    )
    assert moved == 1
    goto(page, session_path)
    click_and_check(page.get_by_role("link", name="Record attendance"))

    expect(
        page.get_by_role("heading", level=1, name=re.compile("Record attendance"))
    ).to_be_visible()
    page.get_by_role("group", name=NEW_NAME, exact=True).get_by_role(
        "radio", name="Attended", exact=True
    ).check()
    # Each person with a place needs an answer: the others attended too.
    people = page.get_by_role("main").get_by_role("group")
    for index in range(people.count()):
        people.nth(index).get_by_role("radio", name="Attended", exact=True).check()
    click_and_check(page.get_by_role("button", name="Save attendance"))

    expect(success_banner(page)).to_contain_text("Attendance has been saved.")
    booked = page.get_by_role("table", name="People booked on the session")
    expect(row_of(booked, NEW_NAME).locator(".govuk-tag")).to_have_text("Attended")

    # 5. The new person signs in and finds themselves trained, with a review to do next.
    sign_out(page)
    sign_in(page, NEW_EMAIL, NEW_PASSWORD)
    click_and_check(page.get_by_role("link", name="Your reviewer record"))

    expect(page.get_by_role("heading", level=1, name=NEW_NAME)).to_be_visible()
    pools = page.get_by_role("table", name="The programmes' pools this person is in")
    pool_row = row_of(pools, POOL)
    expect(pool_row).to_contain_text("In the pool")
    expect(pool_row.locator(".govuk-tag")).to_have_text("Trained")
    expect(pool_row).to_contain_text("Needs to complete a peer review to be fully qualified.")
    training = page.get_by_role("table", name="Training sessions, most recent first")
    expect(row_of(training, re.compile(re.escape(CORE_COURSE)))).to_contain_text("Attended")

    # 6. Each step told the people who needed to know.
    to_coordinator = [
        message
        for message in sent_to(mailoutbox, COORDINATOR)
        if message.subject == f"{NEW_NAME} has asked to join the YJSIP reviewer pool"
    ]
    assert len(to_coordinator) == 1, [m.subject for m in sent_to(mailoutbox, COORDINATOR)]
    assert ORGANISATION in to_coordinator[0].body
    assert "They have asked for training." in to_coordinator[0].body

    subjects = [message.subject for message in sent_to(mailoutbox, NEW_EMAIL)]
    assert subjects == [
        "Confirm your email address for the peer review programme manager",
        "You have joined the YJSIP reviewer pool",
        f"You are booked on {CORE_COURSE}",
    ], subjects
    booking_email = sent_to(mailoutbox, NEW_EMAIL)[2]
    assert f"Venue: {VENUE}." in booking_email.body
    assert "You have a place." in booking_email.body


def test_a_reviewer_leaves_a_pool_after_seeing_what_it_means(
    page: Page, sign_in: Callable[..., None], mailoutbox: list[EmailMessage]
) -> None:
    """The demo's reviewer leaves the YJSIP pool from their record: the confirmation page
    says what will happen, leaving needs no reason from them, the record then says they have
    left, and the coordinators are told. Every page passes axe-core."""
    sign_in(page, "reviewer@example.org")
    goto(page, "/reviewers/me/")
    pools = page.get_by_role("table", name="The programmes' pools this person is in")
    click_and_check(row_of(pools, POOL).get_by_role("link", name="Leave this pool (YJSIP)"))

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Leave the {POOL} reviewer pool")
    expect(page.get_by_text("Your reviewer role in YJSIP will end.")).to_be_visible()
    click_and_check(page.get_by_role("button", name="Leave the pool"))

    expect(page.get_by_text("You have left the YJSIP reviewer pool.")).to_be_visible()
    expect(row_of(pools, POOL)).to_contain_text("Left the pool")
    expect(
        row_of(pools, POOL).get_by_role("link", name=re.compile("Leave this pool"))
    ).to_have_count(0)
    assert any(
        "left the YJSIP reviewer pool" in m.subject for m in sent_to(mailoutbox, COORDINATOR)
    )


def test_a_reviewers_new_job_role_counts_once_a_coordinator_confirms_it(
    page: Page, sign_in: Callable[..., None], mailoutbox: list[EmailMessage]
) -> None:
    """The demo's reviewer changes their job role: their record says it waits for a
    coordinator and keeps the one confirmed; the coordinator finds it among their tasks,
    confirms it, and the person is told. Every page passes axe-core."""
    new_role = "Operational manager line managed directly by the head of service"
    sign_in(page, "reviewer@example.org")
    goto(page, "/reviewers/me/")
    click_and_check(page.get_by_role("link", name="Change job role"))
    page.get_by_role("radio", name=new_role, exact=True).check()
    click_and_check(page.get_by_role("button", name="Save changes"))

    expect(success_banner(page)).to_contain_text("count once a coordinator of your pool")
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "Waiting for a coordinator to confirm"
    )
    job_role = page.locator(".govuk-summary-list__row").filter(has_text="Job role")
    expect(job_role.locator(".govuk-summary-list__value")).to_have_text(JOB_ROLE)

    sign_out(page)
    sign_in(page, COORDINATOR)
    click_and_check(page.get_by_role("link", name=re.compile(r"^Confirm \d+ changes? to")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes of details to confirm")
    click_and_check(
        page.get_by_role("link", name="Confirm or reject the change to Daniel Evans's details")
    )
    page.get_by_role("radio", name="Confirm the change", exact=True).check()
    click_and_check(page.get_by_role("button", name="Send the answer"))

    expect(success_banner(page)).to_contain_text(
        "The change to Daniel Evans's details has been confirmed."
    )
    expect(page.get_by_role("link", name=re.compile("Daniel Evans"))).to_have_count(0)
    # Building the demo world told them of their place and training first.
    assert sent_to(mailoutbox, "reviewer@example.org")[-1].subject == (
        "Your change of details has been confirmed"
    )
