"""Signing in and out in a real browser as each kind of demo person: each sees the task list
for their roles, and every page on the way passes axe-core (see conftest.py)."""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Locator, Page, expect

from .axe import axe_check, click_and_check, goto

START_PAGE = re.compile(r"^https?://[^/]+/$")
NO_ROLE = "You do not have a role in any programme yet"
ALL_ROLE_NAMES = (
    "Programme coordinator",
    "Programme board member",
    "Peer reviewer",
    "Service lead",
    "Improvement board member",
    "National coordinator",
    "Technical staff",
)


@dataclass(frozen=True)
class Expected:
    email: str
    # The role sections of the start page (an <h2> each).
    sections: tuple[str, ...]
    # Whether the service navigation offers "Set up programmes".
    manages_programmes: bool = False
    # Whether a task links to setting up their programme (coordinators).
    manages_organisations: bool = False
    # Whether the service navigation offers the admin (technical staff only).
    uses_admin: bool = False


DEMO_PEOPLE = {
    "coordinator": Expected(
        "coordinator@example.org",
        ("Programme coordinator",),
        manages_programmes=True,
        manages_organisations=True,
    ),
    "board": Expected("board@example.org", ("Programme board member",)),
    "lead": Expected("lead@example.org", ("Service lead",)),
    "reviewer": Expected("reviewer@example.org", ("Peer reviewer",)),
    "improvement": Expected("improvement@example.org", ("Improvement board member",)),
    "multi": Expected(
        "multi@example.org",
        ("Programme coordinator", "Programme board member", "Service lead"),
        manages_programmes=True,
        manages_organisations=True,
    ),
    # Starts programmes: set-up, not the admin.
    "national": Expected(
        "national@example.org", ("National coordinator",), manages_programmes=True
    ),
    # A superuser with no memberships: set-up, and the admin in the navigation and as a task.
    "admin": Expected(
        "admin@example.org", ("Technical staff",), manages_programmes=True, uses_admin=True
    ),
}


def service_navigation(page: Page) -> Locator:
    """The GOV.UK service navigation, labelled "Menu"."""
    return page.get_by_role("navigation", name="Menu")


@pytest.mark.parametrize("who", DEMO_PEOPLE)
def test_each_role_signs_in_to_their_task_list_and_signs_out(
    page: Page, demo_data: str, who: str
) -> None:
    expected = DEMO_PEOPLE[who]
    navigation = service_navigation(page)

    goto(page, "/")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    click_and_check(navigation.get_by_role("link", name="Sign in", exact=True))
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()

    page.get_by_label("Email address").fill(expected.email)
    page.get_by_label("Password", exact=True).fill(demo_data)
    click_and_check(page.get_by_role("button", name="Sign in"))

    # Back on the start page, which is now this person's task list.
    expect(page).to_have_url(START_PAGE)
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1, name="Your tasks")).to_be_visible()
    section_headings = main.get_by_role("heading", level=2)
    expect(section_headings).to_have_count(len(expected.sections))
    for role_name in expected.sections:
        expect(section_headings.filter(has_text=role_name)).to_have_count(1)
    for role_name in set(ALL_ROLE_NAMES) - set(expected.sections):
        expect(section_headings.filter(has_text=role_name)).to_have_count(0)
    if expected.sections:
        expect(main.get_by_text(NO_ROLE)).to_have_count(0)
    else:
        expect(main.get_by_text(NO_ROLE)).to_be_visible()

    organisations = main.get_by_role("link", name=re.compile(r"^Set up "))
    if expected.manages_organisations:
        expect(organisations.first).to_be_visible()
    else:
        expect(organisations).to_have_count(0)

    manage_programmes = navigation.get_by_role("link", name="Set up", exact=True)
    if expected.manages_programmes:
        expect(manage_programmes).to_be_visible()
    else:
        expect(manage_programmes).to_have_count(0)
    admin = navigation.get_by_role("link", name="Admin", exact=True)
    expect(admin).to_have_count(1 if expected.uses_admin else 0)

    # Signing out is a button (a POST) in the service navigation.
    click_and_check(navigation.get_by_role("button", name="Sign out"))
    expect(page).to_have_url(START_PAGE)
    expect(page.get_by_role("alert").filter(has_text="You have signed out.")).to_be_visible()
    expect(navigation.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    expect(navigation.get_by_role("link", name="Set up", exact=True)).to_have_count(0)
    expect(page.get_by_role("heading", level=1, name="Your tasks")).to_have_count(0)


def test_a_wrong_password_shows_the_error_summary_and_keeps_the_email(
    page: Page, demo_data: str
) -> None:
    email = DEMO_PEOPLE["coordinator"].email
    goto(page, "/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(f"not-{demo_data}")
    click_and_check(page.get_by_role("button", name="Sign in"))

    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(page.get_by_label("Email address")).to_have_value(email)
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)

    # The summary's link takes focus to the field it is about (GOV.UK Frontend's script).
    summary.get_by_role("link").click()
    expect(page.get_by_label("Email address")).to_be_focused()
    axe_check(page)


def test_stylesheets_and_scripts_are_served_and_applied(page: Page) -> None:
    """axe's colour contrast rules mean something only if the real CSS is there."""
    goto(page, "/")
    assets = {
        "text/css": page.locator("link[rel='stylesheet']").evaluate_all(
            "links => links.map((link) => link.href)"
        ),
        "text/javascript": page.locator("script[src]").evaluate_all(
            "scripts => scripts.map((script) => script.src)"
        ),
    }
    for content_type, urls in assets.items():
        assert urls, f"The start page links no {content_type}"
        for url in urls:
            response = page.request.get(url)
            assert response.status == 200, f"{url} answered {response.status}"
            assert response.headers["content-type"].startswith(content_type), url
            assert response.body().strip(), f"{url} is empty"
    # GOV.UK Frontend's styles apply (its body has no margin; a browser's default is 8px),
    # and its JavaScript has run: the service navigation's toggle script is initialised.
    body_margin = page.locator("body").evaluate("body => getComputedStyle(body).marginTop")
    assert body_margin == "0px", f"The stylesheet is not applied: body margin {body_margin}"
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    expect(page.locator("[data-module='govuk-skip-link']")).to_have_attribute(
        "data-govuk-skip-link-init", ""
    )


def test_the_sign_in_fixture_reaches_the_task_list(
    page: Page, sign_in: Callable[..., None]
) -> None:
    sign_in(page, DEMO_PEOPLE["reviewer"].email)
    expect(page).to_have_url(START_PAGE)
    expect(
        page.get_by_role("main").get_by_role("heading", level=2, name=re.compile("Peer reviewer"))
    ).to_be_visible()
