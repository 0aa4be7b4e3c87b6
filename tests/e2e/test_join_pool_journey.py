"""A newcomer finds their way into a reviewer pool from the public home page, in a real
browser with every page checked by axe-core (see conftest.py): the home page's "Join a
reviewer pool" asks them to sign in, they create an account, open the confirmation link (on
another device: no cookies of this browser) and land on the join page, ask to join, and their
start page shows the request waiting for a coordinator; once the coordinator accepts it, their
start page is a peer reviewer's. The live server runs in this process, so the emails are in
`mailoutbox` (locmem backend, Celery eager)."""

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import BrowserContext, Page, expect

from .axe import click_and_check, goto
from .pages import sign_out, success_banner

COORDINATOR = "coordinator@example.org"
# Someone the demo world does not know.
NEW_NAME = "Tamsin Polglase"
NEW_EMAIL = "tamsin.polglase@fenmouth.example.org"
NEW_PASSWORD = "harbour-kestrel-lantern-57"
ORGANISATION = "Fenmouth Youth Justice Service"
JOB_ROLE = "Head of service or YOT manager"
POOL = "Youth Justice Sector Improvement Partnership"
REQUEST = f"Join the {POOL} reviewer pool"

ACTIVATION_LINK = re.compile(r"https?://\S+/accounts/activate/\S+")


def test_a_newcomer_joins_a_pool_from_the_home_page_and_sees_their_request(
    page: Page,
    context: BrowserContext,
    sign_in: Callable[..., None],
    mailoutbox: list[EmailMessage],
) -> None:
    # 1. The public home page says how to join a pool, and its button leads there.
    goto(page, "/")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=2, name="Join a reviewer pool")).to_be_visible()
    expect(main).to_contain_text("Peer reviewers create their own account")
    click_and_check(main.get_by_role("button", name="Join a reviewer pool"))

    # 2. Signed out, they are asked to sign in, and create an account instead.
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    click_and_check(page.get_by_role("link", name="Create an account"))
    expect(page.get_by_role("heading", level=1, name="Create an account")).to_be_visible()
    page.get_by_label("Full name").fill(NEW_NAME)
    page.get_by_label("Email address").fill(NEW_EMAIL)
    click_and_check(page.get_by_role("button", name="Create account"))
    expect(page.get_by_role("heading", level=1, name="Check your email")).to_be_visible()

    # 3. They open the link in the email on another device: nothing of this browser's session
    # goes with it, so the link itself says where they were going.
    confirmations = [message for message in mailoutbox if NEW_EMAIL in message.to]
    assert len(confirmations) == 1, [message.subject for message in confirmations]
    link = ACTIVATION_LINK.search(confirmations[0].body)
    assert link, confirmations[0].body
    context.clear_cookies()
    parts = urlsplit(link.group())
    goto(page, f"{parts.path}?{parts.query}")
    expect(page.get_by_role("heading", level=1, name="Choose your password")).to_be_visible()
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password", exact=True).fill(NEW_PASSWORD)
    click_and_check(page.get_by_role("button", name="Save password"))

    # 4. Signed in, on the join page they set out for, where they ask to join.
    expect(success_banner(page)).to_contain_text("Your account is ready and you are signed in.")
    expect(page).to_have_url(re.compile(r"/reviewers/join/$"))
    expect(page.get_by_role("heading", level=1, name="Join a reviewer pool")).to_be_visible()
    expect(page.get_by_role("heading", name="Your requests")).to_have_count(0)
    page.get_by_role("radio", name=POOL, exact=True).check()
    page.get_by_label("Where do you work?").select_option(label=ORGANISATION)
    page.get_by_role("radio", name=JOB_ROLE, exact=True).check()
    page.get_by_role("radio", name="No, I have been trained").check()
    click_and_check(page.get_by_role("button", name="Send the request"))
    expect(page.get_by_role("heading", level=1, name="Your request has been sent")).to_be_visible()

    # 5. Their start page shows the request and where it stands.
    goto(page, "/")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1, name="Your tasks")).to_be_visible()
    expect(main.get_by_role("heading", level=2, name="Your requests")).to_be_visible()
    request = main.get_by_role("listitem").filter(has=page.get_by_role("link", name=REQUEST))
    expect(request.locator(".govuk-tag")).to_have_text("Waiting for a coordinator")
    today = date_format(timezone.localdate(), "j F Y")
    expect(request).to_contain_text(f"Asked on {today}.")
    expect(main).not_to_contain_text("You do not have a role in any programme yet")

    # ... and so does the join page, when they come back to ask to join another pool.
    click_and_check(main.get_by_role("link", name="Ask to join another reviewer pool"))
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=2, name="Your requests")).to_be_visible()
    request = main.get_by_role("listitem").filter(has=page.get_by_role("link", name=REQUEST))
    expect(request.locator(".govuk-tag")).to_have_text("Waiting for a coordinator")

    # 6. The coordinator accepts them: their start page is now a peer reviewer's.
    sign_out(page)
    sign_in(page, COORDINATOR)
    click_and_check(
        page.get_by_role("link", name=re.compile(r"^Answer \d+ requests? to join the pool$"))
    )
    click_and_check(page.get_by_role("link", name=f"Accept or decline {NEW_NAME}", exact=True))
    page.get_by_role("radio", name="Accept into the pool").check()
    click_and_check(page.get_by_role("button", name="Send the answer"))
    expect(success_banner(page)).to_contain_text(
        f"{NEW_NAME} has been accepted into the YJSIP pool."
    )
    sign_out(page)
    sign_in(page, NEW_EMAIL, NEW_PASSWORD)
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=2, name=re.compile(r"^Peer reviewer"))).to_be_visible()
    expect(main.get_by_role("heading", name="Your requests")).to_have_count(0)
    expect(main.get_by_role("link", name="Your reviewer record")).to_be_visible()
