"""Each demo role reaches every page of theirs from the service navigation, in a real browser
(the demo world), every page passing axe-core (see conftest.py); and at 1280 pixels the
navigation stands on one line, with the section the person is in marked as the current one.

The walk starts from the links in the service navigation and then follows, breadth first, the
links on the pages it reaches (in the page's main content and its back link): each page is
opened at the address a link on a page already reached gives, never typed in. The start page
is left out on purpose (every link to "/" is skipped), so that a page linked only from the
start page's task list counts as unreachable: the navigation's sections and their first pages
must lead everywhere on their own. Only pages named in the role's list are walked through, so
each is reached by way of the others in the list."""

from collections import deque
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Page, expect

from .axe import goto
from .pages import navigation

pytestmark = pytest.mark.dates

# Each demo person's pages (URL names), the sections of their navigation first.
PAGES: dict[str, tuple[list[str], list[str]]] = {
    "coordinator@example.org": (
        ["Applications", "Board", "Challenges", "Reviewers", "Plans", "Set up", "Your profile"],
        [
            "applications:list",
            "applications:detail",
            "board:meetings",
            "board:meeting",
            "board:capacity",
            "challenges:list",
            "challenges:detail",
            "calendar:month",
            "calendar:list",
            "calendar:programme",
            "reviewers:list",
            "reviewers:detail",
            "reviewers:changes",
            "training:courses",
            "training:course",
            "training:session",
            "improvement:plans",
            "improvement:plan",
            "improvement:action",
            "improvement:awaiting_sign_off",
            "dashboards:rag",
            "dashboards:plan",
            "programmes:programmes",
            "programmes:programme",
            "programmes:people",
            "programmes:organisations",
            "offers:offers",
            "offers:lines",
            "offers:cycles",
            "eligibility:rules",
            "matching:weights",
            "challenges:plans",
            "accounts:profile",
        ],
    ),
    "board@example.org": (
        ["Applications", "Board", "Plans", "Your profile"],
        [
            "applications:list",
            "applications:detail",
            "board:meetings",
            "board:meeting",
            "board:capacity",
            "improvement:plans",
            "improvement:plan",
            "improvement:action",
            "dashboards:rag",
            "dashboards:plan",
            "accounts:profile",
        ],
    ),
    "lead@example.org": (
        ["Applications", "Challenges", "Plans", "Your profile"],
        [
            "applications:list",
            "applications:detail",
            "challenges:list",
            "challenges:detail",
            "calendar:month",
            "calendar:list",
            "improvement:plans",
            "improvement:plan",
            "improvement:action",
            "improvement:changes",
            "dashboards:service",
            "dashboards:plan",
            "accounts:profile",
        ],
    ),
    "reviewer@example.org": (
        ["Challenges", "Your profile"],
        [
            "challenges:list",
            "challenges:detail",
            "challenges:invitation",
            "calendar:month",
            "calendar:list",
            "reviewers:me",
            "reviewers:detail",
            "reviewers:join",
            "accounts:profile",
        ],
    ),
    "improvement@example.org": (
        ["Plans", "Your profile"],
        [
            "improvement:plans",
            "improvement:plan",
            "improvement:action",
            "improvement:changes",
            "improvement:awaiting_sign_off",
            "dashboards:service",
            "dashboards:plan",
            "accounts:profile",
        ],
    ),
    "national@example.org": (
        ["Set up", "Your profile"],
        ["programmes:programmes", "programmes:programme_new", "accounts:profile"],
    ),
    # The Django admin is not a GOV.UK page: its link is there, but the walk stays out of it.
    "admin@example.org": (
        [
            "Applications",
            "Board",
            "Challenges",
            "Reviewers",
            "Plans",
            "Set up",
            "Admin",
            "Your profile",
        ],
        [
            "applications:list",
            "board:meetings",
            "challenges:list",
            "calendar:month",
            "reviewers:list",
            "training:courses",
            "improvement:plans",
            "dashboards:rag",
            "dashboards:service",
            "programmes:programmes",
            "accounts:profile",
        ],
    ),
}

# The links the walk follows on a page: its main content's, and its back link.
LINKS = "main a[href], a.govuk-back-link"


def url_name(href: str) -> str | None:
    """The URL name of a link on the site, or None for anything else (the start page included,
    and the Django admin)."""
    parts = urlsplit(href)
    if (
        parts.scheme not in ("", "http")
        or parts.path in ("", "/")
        or not parts.path.startswith("/")
    ):
        return None
    if parts.path.startswith("/admin/"):
        return None
    try:
        return resolve(parts.path).view_name
    except Resolver404:
        return None


def walk(page: Page, wanted: set[str]) -> set[str]:
    """The pages of `wanted` reached from the service navigation by following links through
    pages of `wanted`, breadth first; each page is checked by axe-core as it is reached, and
    on each section's first page the navigation marks that section as the current one."""
    sections = (
        navigation(page)
        .get_by_role("link")
        .evaluate_all(
            "links => links.map((link) => [link.getAttribute('href'), link.textContent.trim()])"
        )
    )
    queue = deque((href, label) for href, label in sections if url_name(href) in wanted)
    queued = {url_name(href) for href, _label in queue}
    reached: set[str] = set()
    while queue:
        href, section = queue.popleft()
        goto(page, href)
        if section:
            expect(navigation(page).locator("[aria-current=page]")).to_have_text(section)
        # A link may lead on (reviewers:me to the person's record): both count as reached.
        reached |= {url_name(href), url_name(page.url)}
        for found in page.locator(LINKS).evaluate_all(
            "links => links.map((link) => link.getAttribute('href'))"
        ):
            name = url_name(found)
            if name in wanted and name not in reached and name not in queued:
                queue.append((found, None))
                queued.add(name)
    return reached & wanted


@pytest.mark.parametrize("email", PAGES)
def test_each_role_reaches_every_page_of_theirs_from_the_navigation(
    page: Page, sign_in: Callable[..., None], email: str
) -> None:
    sections, pages = PAGES[email]
    sign_in(page, email)
    items = navigation(page).locator(".govuk-service-navigation__item")

    # Their sections, then signing out, on one line at 1280 pixels.
    expect(navigation(page).get_by_role("link")).to_have_text(sections)
    expect(items.last.get_by_role("button", name="Sign out")).to_be_visible()
    tops = {round(items.nth(index).bounding_box()["y"]) for index in range(items.count())}
    assert len(tops) == 1, f"The navigation wraps onto {len(tops)} lines"

    assert sorted(set(pages) - walk(page, set(pages))) == []
