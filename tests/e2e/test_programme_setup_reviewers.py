"""A coordinator sets up the YJSIP reviewer pool on the service's own pages, in a real browser
with every page checked by axe-core (see conftest.py): they add a job role to the pool's
eligibility rules (first forgetting to choose one), change and then remove it; and they add a
course to the programme's training (first leaving out its name) and change it."""

import re
from collections.abc import Callable

from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import Programme

from .axe import click_and_check, goto
from .pages import success_banner

COORDINATOR = "coordinator@example.org"
POOL = "Youth Justice Sector Improvement Partnership"
ADDED_ROLE = "Senior manager in children's services"
COURSE = "Case-file audit for peer reviewers"


def error_summary(page: Page):
    return page.get_by_role("alert").filter(has_text="There is a problem")


def test_a_coordinator_sets_up_the_pools_eligibility_and_courses(
    page: Page, sign_in: Callable[..., None]
) -> None:
    programme = Programme.objects.get(short_name="YJSIP")
    sign_in(page, COORDINATOR)

    # 1. The pool's rule, in plain words.
    goto(page, reverse("eligibility:rules", args=[programme.pk]))
    expect(page.get_by_role("heading", level=1, name="Eligibility rules")).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Only people in these job roles are eligible for the pool")
    expect(main).to_contain_text("Head of service or YOT manager")

    # 2. A job role added: first without choosing one.
    click_and_check(page.get_by_role("link", name="Add a job role"))
    page.get_by_label("Note (optional)").fill("A current post in children's services.")
    click_and_check(page.get_by_role("button", name="Add the job role"))
    expect(error_summary(page)).to_contain_text("Select a job role")
    expect(page.get_by_label("Note (optional)")).to_have_value(
        "A current post in children's services."
    )
    page.get_by_role("radio", name=ADDED_ROLE, exact=True).check()
    click_and_check(page.get_by_role("button", name="Add the job role"))
    expect(success_banner(page)).to_contain_text(f"{ADDED_ROLE} has been added")
    expect(main).to_contain_text("A current post in children's services.")

    # 3. Changed, then removed after a confirmation.
    click_and_check(page.get_by_role("link", name=f"Change the rule for {ADDED_ROLE}"))
    expect(page.get_by_role("main")).to_contain_text("Last changed by")
    page.get_by_label("Note (optional)").fill("A current senior post.")
    click_and_check(page.get_by_role("button", name="Save changes"))
    expect(success_banner(page)).to_contain_text(f"The rule for {ADDED_ROLE} has been changed.")
    click_and_check(page.get_by_role("link", name=f"Remove the rule for {ADDED_ROLE}"))
    expect(
        page.get_by_role(
            "heading", level=1, name=f"Remove {ADDED_ROLE} from the eligibility rules?"
        )
    ).to_be_visible()
    click_and_check(page.get_by_role("button", name="Remove the rule"))
    expect(success_banner(page)).to_contain_text(
        f"{ADDED_ROLE} has been removed from the eligibility rules."
    )

    # 4. The programme's courses: one added, first without its name, then changed.
    goto(page, reverse("training:programme_courses", args=[programme.pk]))
    expect(page.get_by_role("heading", level=1, name="Courses and sessions")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(POOL)
    click_and_check(page.get_by_role("link", name="Add a course"))
    page.get_by_role("radio", name="Specialist training (mentoring and coaching)").check()
    page.get_by_label("How many days does it last?").fill("1")
    click_and_check(page.get_by_role("button", name="Add the course"))
    expect(error_summary(page)).to_contain_text("Enter the name of the course")
    expect(page.get_by_label("How many days does it last?")).to_have_value("1")
    page.get_by_label("Name of the course").fill(COURSE)
    click_and_check(page.get_by_role("button", name="Add the course"))
    expect(success_banner(page)).to_contain_text("The course has been added.")
    expect(page.get_by_role("heading", level=1, name=COURSE)).to_be_visible()

    click_and_check(page.get_by_role("link", name="Change the course"))
    page.get_by_label("How many days does it last?").fill("2")
    page.get_by_role("radio", name="No, not offered now").check()
    click_and_check(page.get_by_role("button", name="Save changes"))
    expect(success_banner(page)).to_contain_text("The course has been changed.")
    expect(page.get_by_role("main")).to_contain_text(re.compile(r"2 days\s+Not offered now"))
