"""Parts of the GOV.UK pages the browser journeys use: the service navigation, the success
banner, signing out, GOV.UK date inputs."""

import datetime

from playwright.sync_api import Locator, Page, expect

from .axe import click_and_check


def navigation(page: Page) -> Locator:
    """The GOV.UK service navigation, labelled "Menu"."""
    return page.get_by_role("navigation", name="Menu")


def success_banner(page: Page) -> Locator:
    return page.locator(".govuk-notification-banner--success")


def sign_out(page: Page) -> None:
    click_and_check(navigation(page).get_by_role("button", name="Sign out"))
    expect(page.get_by_role("alert").filter(has_text="You have signed out.")).to_be_visible()


def fill_date(page: Page, legend: str, value: datetime.date) -> None:
    """A GOV.UK date input: Day, Month and Year inside a fieldset named by its legend."""
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(value.day))
    group.get_by_label("Month").fill(str(value.month))
    group.get_by_label("Year").fill(str(value.year))
