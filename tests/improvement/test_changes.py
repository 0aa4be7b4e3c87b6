"""The plan's changes: every change to the plan and what is (or was) in it, newest first,
paged: who, when, and what (added; changed, field by field from what to what; deleted), read
from the history the pages record with the person signed in."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement import item_selectors, services
from improvement.enums import ItemKind, Rag
from improvement.models import PlanRating
from tests import factories
from tests.queries import queries_for_get

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

TODAY = timezone.localdate


def url(name: str, *args) -> str:
    return reverse(f"improvement:{name}", args=args)


def date_fields(name: str, value: datetime.date) -> dict:
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


def described(changes) -> list[tuple]:
    return [
        (
            change.what,
            change.thing,
            change.who.full_name if change.who else None,
            [(f.label, f.before, f.after) for f in change.fields],
        )
        for change in changes
    ]


def test_changes_made_on_the_pages_are_listed_newest_first_with_who_and_what(client, plan, lead):
    client.post(
        url("item_add", plan.pk),
        {"kind": ItemKind.RECOMMENDATION, "reference": "1", "text": "Old wording."},
    )
    item = plan.recommendations.get()
    client.post(
        url("item_edit", plan.pk, item.pk),
        {
            "kind": ItemKind.AREA_FOR_CONSIDERATION,
            "reference": "1",
            "text": "New wording.",
            "addressee": "The board",
            "seen_version": 0,
        },
    )
    client.post(
        url("action_add", plan.pk, item.pk), {"reference": "1a", "text": "Audit the cases."}
    )
    action = item.actions.get()
    client.post(
        url("action", plan.pk, action.pk),
        {
            "rag": Rag.AMBER,
            "narrative": "Started.",
            "seen_version": action.version,
            **date_fields("recorded_on", TODAY()),
        },
    )
    update = action.updates.get()
    action.refresh_from_db()
    client.post(url("update_delete", plan.pk, update.pk), {"seen_version": action.version})

    response = client.get(url("changes", plan.pk))

    assert response.status_code == 200
    assert described(response.context["changes"]) == [
        ("Deleted", "Progress update on action 1a", "Sam Lead", []),
        ("Added", "Progress update on action 1a", "Sam Lead", []),
        ("Added", "Action 1a", "Sam Lead", []),
        (
            "Changed",
            "Area for consideration 1",
            "Sam Lead",
            [
                ("Kind", "Recommendation", "Area for consideration"),
                ("Recommendation", "Old wording.", "New wording."),
                ("Addressed to", "(blank)", "The board"),
            ],
        ),
        ("Added", "Recommendation 1", "Sam Lead", []),
        ("Added", "The plan's details", None, []),  # made by the factory, not on a page
    ]
    page = response.content.decode()
    assert "from “Old wording.” to “New wording.”" in page
    assert "Sam Lead" in page


def test_what_was_in_a_deleted_item_is_still_listed(client, plan, lead):
    item = factories.RecommendationFactory(plan=plan, reference="4")
    factories.ActionFactory(recommendation=item, reference="4a")
    measure = item.measures.create(name="Cases audited")
    measure.values.create(recorded_on=TODAY(), value=10)

    client.post(url("item_delete", plan.pk, item.pk), {"seen_version": item.version})

    changes = item_selectors.changes_for_page(
        plan=plan, rows=list(item_selectors.plan_changes(plan=plan))
    )
    deleted = {change.thing for change in changes if change.what == "Deleted"}
    assert deleted == {
        "Recommendation 4",
        "Action 4a",
        "Measure: Cases audited",
        f"Value of Cases audited as at {TODAY().day} {TODAY():%B} {TODAY().year}",
    }
    assert {change.who for change in changes if change.what == "Deleted"} == {lead}


def test_the_plan_and_its_domain_ratings_are_in_its_changes_and_no_other_plans(plan, lead):
    PlanRating.objects.create(plan=plan, domain="Organisational delivery", rating="good")
    plan.title = "Renamed plan"
    plan.owner = factories.UserFactory(full_name="Olu Owner")
    plan.save()
    other = factories.RecommendationFactory()  # another plan's item

    changes = item_selectors.changes_for_page(
        plan=plan, rows=list(item_selectors.plan_changes(plan=plan))
    )

    things = [change.thing for change in changes]
    assert things[:2] == ["The plan's details", "Domain rating: Organisational delivery"]
    assert [(f.label, f.after) for f in changes[0].fields] == [
        ("Title", "Renamed plan"),
        ("Owner", "Olu Owner"),
    ]
    assert f"Recommendation {other.reference}" not in things


def test_a_progress_update_alone_does_not_show_its_item_as_changed(plan):
    item = factories.RecommendationFactory(plan=plan, reference="1")
    services.progress_update_add(
        item=item, seen_version=0, rag=Rag.RED, narrative="Late.", by=factories.UserFactory()
    )

    changes = item_selectors.changes_for_page(
        plan=plan, rows=list(item_selectors.plan_changes(plan=plan))
    )

    assert [(change.what, change.thing) for change in changes] == [
        ("Added", "Progress update on item 1"),
        ("Added", "Recommendation 1"),
        ("Added", "The plan's details"),
    ]


def test_the_changes_are_paged(client, plan, lead):
    for number in range(1, 52):  # with the plan's own, 52 changes
        factories.RecommendationFactory(plan=plan, reference=str(number))

    first = client.get(url("changes", plan.pk))
    second = client.get(url("changes", plan.pk), {"page": 2})

    assert len(first.context["changes"]) == 50
    assert [change.thing for change in second.context["changes"]] == [
        "Recommendation 1",
        "The plan's details",
    ]


def test_the_programme_reads_the_changes(client):
    programme = factories.ProgrammeFactory()
    plan = factories.ImprovementPlanFactory(
        source="peer_review", programme=programme, inspectorate=""
    )
    client.force_login(factories.board_member(programme=programme))

    assert client.get(url("changes", plan.pk)).status_code == 200


def test_the_changes_page_runs_the_same_queries_for_one_change_of_each_kind_and_three(
    client, plan, lead
):
    def one_of_each(reference: str) -> None:
        item = factories.RecommendationFactory(plan=plan, reference=reference)
        action = factories.ActionFactory(recommendation=item, reference=f"{reference}a")
        services.progress_update_add(
            item=action, seen_version=0, rag=Rag.RED, narrative="Late.", by=lead
        )
        item.outcomes.create(text="Fewer.")
        measure = item.measures.create(name=f"Measure {reference}")
        measure.values.create(recorded_on=TODAY(), value=1)

    one_of_each("1")
    changes = url("changes", plan.pk)
    one = queries_for_get(client, changes)

    one_of_each("2")
    one_of_each("3")

    assert queries_for_get(client, changes) == one
