"""The account pages in a real browser: lockout, password reset request, profile. Every page
passes axe-core."""

import re
from collections.abc import Callable

from django.conf import settings
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
