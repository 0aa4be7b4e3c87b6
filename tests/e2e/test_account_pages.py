"""The account pages in a real browser: lockout, password reset request, profile, a new email
address. Every page passes axe-core."""

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from playwright.sync_api import Page, expect

from .axe import click_and_check, goto


def test_repeated_wrong_passwords_lock_sign_in_with_a_clear_page(
    page: Page, demo_data: str
) -> None:
    goto(page, "/accounts/login/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Email address").fill("board@example.org")
        page.get_by_label("Password", exact=True).fill("a-wrong-password")
        click_and_check(page.get_by_role("button", name="Sign in"))

    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot sign in for now")
    expect(page.get_by_text("Try again in 30 minutes.")).to_be_visible()
    expect(page.get_by_role("link", name="reset your password")).to_be_visible()


def test_password_reset_request_confirms_without_revealing_accounts(page: Page) -> None:
    goto(page, "/accounts/login/")
    click_and_check(page.get_by_role("link", name="Forgotten your password?"))
    page.get_by_label("Email address").fill("not an address")
    click_and_check(page.get_by_role("button", name="Send the link"))
    expect(page.get_by_role("alert")).to_contain_text("Enter an email address in the correct")
    expect(page.get_by_label("Email address")).to_have_value("not an address")

    page.get_by_label("Email address").fill("nobody@example.org")
    click_and_check(page.get_by_role("button", name="Send the link"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")


def test_profile_shows_roles_and_changes_details(page: Page, sign_in: Callable[..., None]) -> None:
    sign_in(page, "multi@example.org")
    click_and_check(page.get_by_role("link", name="Your profile"))
    expect(page.get_by_role("table")).to_contain_text("Programme coordinator")
    expect(page.get_by_role("table")).to_contain_text("Calderbrook Council children's services")

    click_and_check(page.get_by_role("link", name=re.compile("Change.*job title")))
    page.get_by_label("Full name").fill("")
    click_and_check(page.get_by_role("button", name="Save changes"))
    expect(page.get_by_role("alert")).to_contain_text("Enter your full name")

    page.get_by_label("Full name").fill("Sam Patel-Ward")
    click_and_check(page.get_by_role("button", name="Save changes"))

    expect(page.get_by_text("Your details have been saved.")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Sam Patel-Ward")


def test_a_new_email_address_is_confirmed_from_a_link_sent_to_it(
    page: Page, sign_in: Callable[..., None], demo_data: str, mailoutbox: list[EmailMessage]
) -> None:
    new_address = "sam.patel@calderbrook.example.org"
    sign_in(page, "multi@example.org")
    click_and_check(page.get_by_role("link", name="Your profile"))
    click_and_check(page.get_by_role("link", name=re.compile("Change.*email address")))

    page.get_by_label("New email address").fill(new_address)
    page.get_by_label("Your password").fill("not-the-password")
    click_and_check(page.get_by_role("button", name="Send the link"))
    expect(page.get_by_role("alert")).to_contain_text("Your password is not correct")
    expect(page.get_by_label("New email address")).to_have_value(new_address)

    page.get_by_label("Your password").fill(demo_data)
    click_and_check(page.get_by_role("button", name="Send the link"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.get_by_role("main")).to_contain_text(f"We will email a link to {new_address}.")

    [confirmation] = [message for message in mailoutbox if message.to == [new_address]]
    link = re.search(r"https?://\S+/accounts/profile/email/confirm/\S+/", confirmation.body)
    assert link, confirmation.body
    goto(page, urlsplit(link.group()).path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your new email address")
    click_and_check(page.get_by_role("button", name="Use this email address"))

    expect(page.get_by_text(f"You now sign in with {new_address}.")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(new_address)
