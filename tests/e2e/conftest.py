"""Browser tests: Playwright (sync API) driving Debian's chromium against pytest-django's
live server, with every page checked by axe-core.

Fixtures
    browser      one headless chromium for the session (/usr/bin/chromium, never downloaded)
    context      a fresh browser context per test (no cookies carried over), whose relative
                 URLs resolve against the live server: `page.goto("/accounts/login/")` works
    page         a page in that context, audited (below)
    demo_data    the demo world from `manage.py seed_demo` (coordinator@, board@, lead@,
                 reviewer@, improvement@, multi@ and admin@example.org); its value is the
                 demo people's password. A test using it runs on the pinned day (the
                 pinned_clock fixture, tests/dates.py); the journeys whose outcome depends
                 on the day are also marked `dates`, to run on each of `make test-dates`' days
    sign_in      a function: sign_in(page, email) signs in through the real form and waits
                 for the signed-in start page

Every page is checked for accessibility
    Move around with the helpers in tests/e2e/axe.py, which run axe-core (WCAG 2.2 A and AA)
    on each page they reach and fail with every violation's rule, impact, selectors and HTML:

        goto(page, "/")
        click_and_check(page.get_by_role("link", name="Sign in"))
        click_and_check(page.get_by_role("button", name="Sign in"))
        axe_check(page)   # after reaching a page another way, or after changing it in place

    axe_check also fails when a linked stylesheet did not load or is empty: colour contrast
    and target size mean nothing without the real CSS; and when the page, 320 CSS pixels
    wide, is wider than the screen (WCAG 1.4.10 Reflow), naming what reaches past its edge.
    click_and_check waits for the main frame to navigate, so it is not for a click that
    opens a new tab or changes the page in place (use the locator's click, then axe_check).

    So that no page goes unchecked, the page fixture records every document loaded in the
    main frame (Playwright's "framenavigated" event) and axe_check marks the current one as
    checked. When the test has passed, teardown fails it if any visited page was never
    checked, or if anything else went wrong in the browser: an uncaught script error, a
    console error (a resource refused by the Content-Security-Policy shows up here), or a
    stylesheet, script, font or image from the site that failed or answered 4xx/5xx.

Every test in this directory is marked `e2e` (`pytest -m "not e2e"` leaves them out). Waits
are Playwright's auto-waiting and `expect(...)`: never sleep.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from .axe import click_and_check, goto, start_audit

# Playwright's sync API runs an asyncio event loop in the main thread (in a greenlet) for as
# long as it is started, so Django sees "a running event loop" and refuses ORM calls made from
# this thread (fixtures, assertions on the database) with SynchronousOnlyOperation. Nothing
# here is really asynchronous: the ORM is only ever used synchronously, between browser calls,
# and the live server answers in its own thread. The browser is session-scoped, so the loop
# outlives the e2e tests; this is set for the whole process, not just for this directory.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # The machine has no internet: no background requests, updates or sync.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Playwright's default waits (milliseconds): generous for a loaded CI machine.
ACTION_TIMEOUT_MS = 15_000
EXPECT_TIMEOUT_MS = 10_000

_E2E_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees the whole session's items, so mark only those under this directory.
    for item in items:
        if _E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator:
    # Keep each phase's report on the item, so the page fixture's teardown knows whether the
    # test itself passed (and does not pile a second failure on top of the first).
    report = yield
    setattr(item, f"_e2e_report_{report.when}", report)
    return report


# --- Browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_session() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        expect.set_options(timeout=EXPECT_TIMEOUT_MS)
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_session: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Browser tests need Debian's chromium at {CHROMIUM}, which does not exist. "
            "Install it with `apt-get install chromium` (Playwright's own browser downloads "
            "are not used).",
            pytrace=False,
        )
    browser = playwright_session.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser, live_server) -> Iterator[BrowserContext]:
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        timezone_id="Europe/London",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, live_server, request: pytest.FixtureRequest) -> Iterator[Page]:
    page = context.new_page()
    audit = start_audit(page, origin=live_server.url)
    yield page
    call_report = getattr(request.node, "_e2e_report_call", None)
    if call_report is not None and call_report.passed and (failures := audit.failures()):
        pytest.fail("\n\n".join(failures), pytrace=False)


# --- Data and journeys -----------------------------------------------------------------------


@pytest.fixture
def demo_data(demo_world: str, transactional_db) -> str:
    """The demo world, as `make demo` builds it (put back from the session's copy: the
    demo_world fixture, tests/demo_snapshot.py); returns the password. The world is worked out
    from today, so the test runs on the pinned day (tests/dates.py)."""
    return demo_world


@pytest.fixture
def sign_in(demo_data: str) -> Callable[..., None]:
    """Sign in as `email` through the sign-in page, ending on the start page (each page
    checked for accessibility on the way)."""

    def sign_in(page: Page, email: str, password: str | None = None) -> None:
        goto(page, "/accounts/login/")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password", exact=True).fill(password or demo_data)
        click_and_check(page.get_by_role("button", name="Sign in"))
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    return sign_in
