"""Signing in and out, in a real browser, as each kind of demo person: each sees the task
list for their roles, and every page on the way passes axe-core."""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Locator, Page, expect

from .axe import axe_check, click_and_check, goto
from .conftest import DEMO_PASSWORD, DEMO_PEOPLE


@dataclass(frozen=True)
class Expected:
    email: str
    # The role sections of the start page, in order.
    sections: tuple[str, ...]
    # Whether the service navigation offers "Manage programmes" (the admin).
    manages_programmes: bool
    # Whether a task links to the organisations list (coordinators).
    manages_organisations: bool


ROLES = {
    "coordinator": Expected(
        DEMO_PEOPLE["coordinator"],
        ("Programme coordinator",),
        manages_programmes=True,
        manages_organisations=True,
    ),
    "board": Expected(
        DEMO_PEOPLE["board"],
        ("Programme board member",),
        manages_programmes=False,
        manages_organisations=False,
    ),
    "lead": Expected(
        DEMO_PEOPLE["lead"],
        ("Service lead",),
        manages_programmes=False,
        manages_organisations=False,
    ),
    "reviewer": Expected(
        DEMO_PEOPLE["reviewer"],
        ("Peer reviewer",),
        manages_programmes=False,
        manages_organisations=False,
    ),
    "improvement": Expected(
        DEMO_PEOPLE["improvement"],
        ("Improvement board member",),
        manages_programmes=False,
        manages_organisations=False,
    ),
    "multi": Expected(
        DEMO_PEOPLE["multi"],
        ("Programme coordinator", "Programme board member", "Service lead"),
        manages_programmes=True,
        manages_organisations=True,
    ),
    "admin": Expected(
        DEMO_PEOPLE["admin"],
        (),
        manages_programmes=True,
        manages_organisations=False,
    ),
}

ALL_ROLE_NAMES = (
    "Programme coordinator",
    "Programme board member",
    "Peer reviewer",
    "Service lead",
    "Improvement board member",
)


def service_navigation(page: Page) -> Locator:
    """The service navigation (GOV.UK's, labelled "Menu")."""
    return page.get_by_role("navigation", name="Menu")


@pytest.mark.parametrize("who", ROLES.keys())
def test_sign_in_shows_the_task_list_for_each_role_then_sign_out(
    page: Page, demo_data: None, who: str
) -> None:
    expected = ROLES[who]

    goto(page, "/")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    click_and_check(service_navigation(page).get_by_role("link", name="Sign in", exact=True))
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()

    page.get_by_label("Email address").fill(expected.email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    click_and_check(page.get_by_role("button", name="Sign in"))

    # The start page, now with this person's task list.
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))
    expect(page.get_by_role("heading", level=1, name="Your tasks")).to_be_visible()
    main = page.get_by_role("main")
    section_headings = main.get_by_role("heading", level=2)
    for role_name in expected.sections:
        expect(section_headings.filter(has_text=role_name)).to_have_count(1)
    for role_name in set(ALL_ROLE_NAMES) - set(expected.sections):
        expect(section_headings.filter(has_text=role_name)).to_have_count(0)
    if expected.sections:
        expect(main.get_by_text("You do not have a role in any programme yet")).to_have_count(0)
    else:
        expect(main.get_by_text("You do not have a role in any programme yet")).to_be_visible()

    organisations = main.get_by_role("link", name="Manage organisations")
    if expected.manages_organisations:
        expect(organisations.first).to_be_visible()
    else:
        expect(organisations).to_have_count(0)

    navigation = service_navigation(page)
    manage_programmes = navigation.get_by_role("link", name="Manage programmes")
    if expected.manages_programmes:
        expect(manage_programmes).to_be_visible()
    else:
        expect(manage_programmes).to_have_count(0)

    # Signing out is a button (a POST) in the service navigation.
    click_and_check(navigation.get_by_role("button", name="Sign out"))
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))
    expect(page.get_by_role("alert").filter(has_text="You have signed out.")).to_be_visible()
    expect(navigation.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    expect(page.get_by_role("link", name="Manage programmes")).to_have_count(0)
    expect(page.get_by_role("heading", level=1, name="Your tasks")).to_have_count(0)


def test_wrong_password_shows_the_error_summary_and_keeps_the_email(
    page: Page, demo_data: None
) -> None:
    goto(page, "/accounts/login/")
    page.get_by_label("Email address").fill(DEMO_PEOPLE["coordinator"])
    page.get_by_label("Password", exact=True).fill("not-the-password")
    click_and_check(page.get_by_role("button", name="Sign in"))

    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_label("Email address")).to_have_value(DEMO_PEOPLE["coordinator"])
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)

    # The summary's link moves focus to the field it is about.
    summary.get_by_role("link").click()
    expect(page.get_by_label("Email address")).to_be_focused()
    axe_check(page)


def test_stylesheets_and_scripts_are_served(page: Page, live_server) -> None:
    """axe's colour contrast rules mean something only if the real CSS is there."""
    goto(page, "/")
    stylesheets = page.locator("link[rel='stylesheet']")
    expect(stylesheets).not_to_have_count(0)
    hrefs = [
        stylesheets.nth(index).evaluate("link => link.href")
        for index in range(stylesheets.count())
    ]
    for href in hrefs:
        response = page.request.get(href)
        assert response.status == 200, f"{href} answered {response.status}"
        assert response.headers["content-type"].startswith("text/css"), href
        assert len(response.body()) > 1000, f"{href} is nearly empty"
    # GOV.UK Frontend's styles apply (its body has no margin; a browser's default is 8px),
    # and so does its JavaScript, which only runs when the page marks the body as supported.
    body_margin = page.locator("body").evaluate("body => getComputedStyle(body).marginTop")
    assert body_margin == "0px", f"The stylesheet is not applied: body margin {body_margin}"
    expect(page.locator("body")).to_have_class(re.compile(r"govuk-frontend-supported"))


def test_sign_in_helper_reaches_the_signed_in_start_page(
    page: Page, sign_in: Callable[..., None]
) -> None:
    sign_in(page, DEMO_PEOPLE["reviewer"])
    expect(page.get_by_role("main").get_by_role("heading", level=2, name=re.compile("Peer reviewer"))).to_be_visible()
