"""Setting up a programme in a real browser, as the demo coordinator of YJSIP: the set-up
page, giving someone a role (with a mistake first), and a member organisation's service
lead. Every page passes axe-core (see conftest.py)."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from .axe import click_and_check
from .pages import navigation, success_banner


def test_a_coordinator_gives_roles_in_their_programme_and_its_members(
    page: Page, sign_in: Callable[..., None]
) -> None:
    sign_in(page, "coordinator@example.org")
    click_and_check(navigation(page).get_by_role("link", name="Set up", exact=True))
    click_and_check(page.get_by_role("link", name=re.compile("Youth Justice Sector")))
    expect(page.get_by_role("heading", level=2, name="Set up")).to_be_visible()

    click_and_check(page.get_by_role("link", name="People and their roles"))
    click_and_check(page.get_by_role("link", name="Give someone a role"))
    page.get_by_label("Email address").fill("new.board.member@example.org")
    page.get_by_label("Programme board member").check()
    click_and_check(page.get_by_role("button", name="Give the role"))
    expect(page.get_by_role("alert")).to_contain_text("Enter their full name")
    expect(page.get_by_label("Email address")).to_have_value("new.board.member@example.org")

    page.get_by_label("Full name").fill("Rhian Davies")
    click_and_check(page.get_by_role("button", name="Give the role"))
    expect(success_banner(page)).to_contain_text("Rhian Davies has been added")
    expect(page.get_by_role("table")).to_contain_text("Rhian Davies")

    click_and_check(page.get_by_role("link", name="Back to setting up YJSIP"))
    click_and_check(page.get_by_role("link", name="Member organisations"))
    click_and_check(page.get_by_role("link", name="Northdale Youth Justice Service"))
    click_and_check(page.get_by_role("link", name="Give someone a role"))
    page.get_by_label("Email address").fill("deputy.lead@example.org")
    page.get_by_label("Full name").fill("Gareth Lewis")
    page.get_by_label("Service lead").check()
    click_and_check(page.get_by_role("button", name="Give the role"))

    expect(success_banner(page)).to_contain_text("Gareth Lewis has been added as service lead")
    expect(page.get_by_role("main")).to_contain_text("deputy.lead@example.org")
