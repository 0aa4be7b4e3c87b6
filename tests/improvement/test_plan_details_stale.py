"""Two people changing a plan's details at once: each question page carries the plan's version
the person saw, a save based on an older one is refused with the person's answers kept and the
details as they are now shown, and every change of the plan (details, ratings, state) raises
the version."""

import datetime
import html
import uuid

import pytest
from django.urls import reverse

from improvement import plan_services
from improvement.models import ImprovementPlan
from improvement.services import StaleVersionError

from .test_plan_details import GOVERNANCE_BLANK, TODAY, date_fields, edit, page

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

STALE = "The plan's details have been changed by someone else since you opened this page"


def stale_message_in(response) -> bool:
    return STALE in html.unescape(page(response))


def test_the_page_carries_the_version_the_person_saw(client, managed):
    plan, _lead = managed
    ImprovementPlan.objects.filter(pk=plan.pk).update(version=3)

    shown = page(client.get(edit(plan, "title")))

    assert 'type="hidden" name="seen_version" value="3"' in shown


def test_a_fresh_save_goes_through_and_raises_the_version(client, managed):
    plan, _lead = managed

    response = client.post(edit(plan, "title"), {"title": "Renamed plan", "seen_version": 0})

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("Renamed plan", 1)


def test_a_stale_save_is_refused_keeping_what_was_typed_and_showing_the_plan_now(client, managed):
    plan, _lead = managed
    # Someone else renames the plan after this person opened the page at version 0.
    client.post(edit(plan, "title"), {"title": "Their title", "seen_version": 0})

    response = client.post(edit(plan, "title"), {"title": "My title", "seen_version": 0})

    assert response.status_code == 200
    assert stale_message_in(response)
    shown = page(response)
    assert 'class="govuk-error-summary"' in shown
    assert 'href="#current-details"' in shown
    # What they typed is kept, the plan as it is now is shown, and the page carries the
    # version now current, so saving again is their choice.
    assert 'value="My title"' in shown
    assert 'id="current-details"' in shown
    assert "Their title" in shown
    assert 'type="hidden" name="seen_version" value="1"' in shown
    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("Their title", 1)

    client.post(edit(plan, "title"), {"title": "My title", "seen_version": 1})
    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("My title", 2)


def test_of_two_saves_from_the_same_version_the_second_is_refused(client, managed):
    plan, lead = managed
    first = plan_services.plan_details_change(
        plan=plan, seen_version=0, changes={"title": "First"}, by=lead, today=TODAY()
    )
    assert first.version == 1

    with pytest.raises(StaleVersionError):
        plan_services.plan_details_change(
            plan=plan, seen_version=0, changes={"title": "Second"}, by=lead, today=TODAY()
        )

    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("First", 1)


def test_a_stale_governance_page_keeps_every_answer(client, managed):
    plan, lead = managed
    plan_services.plan_details_change(
        plan=plan, seen_version=0, changes={"endorsed_by": "Their board"}, by=lead, today=TODAY()
    )
    due = datetime.date(2014, 6, 30)

    response = client.post(
        edit(plan, "governance"),
        {
            **GOVERNANCE_BLANK,
            **date_fields("due_on", due),
            "endorsed_by": "My board",
            "seen_version": 0,
        },
    )

    assert stale_message_in(response)
    shown = page(response)
    assert 'value="My board"' in shown
    assert 'value="2014"' in shown
    assert "Their board" in shown
    plan.refresh_from_db()
    assert (plan.endorsed_by, plan.due_on) == ("Their board", None)


def test_ratings_carry_the_version_too(client, managed):
    plan, lead = managed
    plan_services.plan_ratings_change(
        plan=plan, seen_version=0, overall_rating="good", ratings=[], by=lead
    )

    response = client.post(
        edit(plan, "ratings"),
        {
            "overall_rating": "inadequate",
            "domain_1": "Leadership",
            "rating_1": "good",
            "seen_version": 0,
        },
    )

    assert stale_message_in(response)
    assert 'value="Leadership"' in page(response)
    plan.refresh_from_db()
    assert (plan.overall_rating, plan.version, plan.ratings.count()) == ("good", 1, 0)


def test_closing_the_plan_makes_an_open_details_page_stale(client, managed):
    plan, lead = managed
    plan_services.plan_state_change(plan=plan, change="close", by=lead, today=TODAY())
    plan.refresh_from_db()
    assert plan.version == 1

    response = client.post(edit(plan, "title"), {"title": "My title", "seen_version": 0})

    assert stale_message_in(response)
    plan.refresh_from_db()
    assert plan.title == "Post-inspection plan"


def test_a_new_plan_starts_at_version_0_and_its_pages_carry_none(client, managed):
    plan, lead = managed
    assert "seen_version" not in page(client.get(reverse("improvement:plan_new"), follow=True))

    made, _created = plan_services.plan_create(
        organisation=plan.organisation,
        details={"source": "self_assessment", "title": "A new plan"},
        ratings=[],
        token=uuid.uuid4(),
        by=lead,
        today=TODAY(),
    )

    assert made.version == 0
