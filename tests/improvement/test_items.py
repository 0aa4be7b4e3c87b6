"""Correcting a plan: items of three kinds (strengths carry no actions, updates or measures),
desired outcomes, actions and progress updates added, changed and deleted on their pages, with
a confirmation before each delete that says what goes with it; a corrected update shows as
corrected, with what it said before; stale versions are refused; who may do it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from improvement import item_services, measure_services, services
from improvement.enums import ItemKind, PlanSource, Rag
from improvement.models import (
    Action,
    DesiredOutcome,
    Measure,
    MeasureValue,
    ProgressUpdate,
    Recommendation,
)
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

TODAY = timezone.localdate


def date_fields(name: str, value: datetime.date) -> dict:
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


def url(name: str, *args) -> str:
    return reverse(f"improvement:{name}", args=args)


def update(item, rag, narrative="Progress.", *, days_ago=0, by=None):
    return services.progress_update_add(
        item=item,
        seen_version=item.version,
        rag=rag,
        narrative=narrative,
        by=by or factories.UserFactory(),
        recorded_on=TODAY() - datetime.timedelta(days=days_ago),
    )


def item_data(**overrides) -> dict:
    return {
        "kind": ItemKind.RECOMMENDATION,
        "reference": "3",
        "text": "Strengthen the oversight of out-of-court disposals.",
        "addressee": "The management board",
        "domain": "Governance and leadership",
    } | overrides


# --- Items -----------------------------------------------------------------------------------


def test_adding_an_item_offers_the_next_free_number(client, plan, lead):
    factories.RecommendationFactory(plan=plan, reference="1")
    factories.RecommendationFactory(plan=plan, reference="2a")

    response = client.get(url("item_add", plan.pk))

    assert response.status_code == 200
    assert response.context["form"].initial["reference"] == "3"


def test_an_area_for_consideration_is_added_and_shown_as_such_with_addressee_and_domain(
    client, plan, lead
):
    response = client.post(
        url("item_add", plan.pk), item_data(kind=ItemKind.AREA_FOR_CONSIDERATION)
    )

    assert response.status_code == 302
    item = Recommendation.objects.get(plan=plan)
    assert (item.kind, item.reference, item.addressee, item.domain) == (
        ItemKind.AREA_FOR_CONSIDERATION,
        "3",
        "The management board",
        "Governance and leadership",
    )
    assert item.history.get().history_user == lead
    page = client.get(url("plan", plan.pk)).content.decode()
    assert "Area for consideration 3" in page
    assert "The management board" in page
    assert "Governance and leadership" in page


def test_an_item_needs_a_kind_a_free_reference_and_text(client, plan, lead):
    factories.RecommendationFactory(plan=plan, reference="3")

    response = client.post(url("item_add", plan.pk), item_data(kind="", text=""))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "kind": ["Select what kind of item it is"],
        "text": ["Enter the item's text"],
    }
    response = client.post(url("item_add", plan.pk), item_data())
    assert response.context["form"].errors == {
        "reference": ["The plan already has an item 3: enter another reference"]
    }
    assert Recommendation.objects.filter(plan=plan).count() == 1


def test_an_item_is_corrected_and_its_history_kept(client, plan, lead):
    item = factories.RecommendationFactory(plan=plan, reference="1", text="Old wording.")

    response = client.post(
        url("item_edit", plan.pk, item.pk),
        item_data(reference="1", text="New wording.", seen_version=item.version),
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.text, item.version) == ("New wording.", 1)
    assert [record.text for record in item.history.order_by("history_date")] == [
        "Old wording.",
        "New wording.",
    ]


def test_a_correction_based_on_a_stale_version_is_refused_and_keeps_the_typed_text(
    client, plan, lead
):
    item = factories.RecommendationFactory(plan=plan, reference="1", text="Old wording.")
    seen = item.version
    update(item, Rag.AMBER)  # someone else's update raises the version

    response = client.post(
        url("item_edit", plan.pk, item.pk),
        item_data(reference="1", text="My wording.", seen_version=seen),
    )

    assert response.status_code == 200
    assert "Someone else has updated this" in response.content.decode()
    assert response.context["form"].data["text"] == "My wording."
    assert response.context["form"].data["seen_version"] == str(seen + 1)
    item.refresh_from_db()
    assert item.text == "Old wording."


def test_an_item_with_actions_or_updates_cannot_become_a_strength(plan, lead):
    with_action = factories.ActionFactory(recommendation__plan=plan).recommendation
    with_update = factories.RecommendationFactory(plan=plan)
    update(with_update, Rag.GREEN)
    with_update.refresh_from_db()

    for item, carried in ((with_action, "actions"), (with_update, "progress updates")):
        with pytest.raises(ValidationError) as refused:
            item_services.item_update(
                item=item,
                seen_version=item.version,
                kind=ItemKind.STRENGTH,
                reference=item.reference,
                text=item.text,
                by=lead,
            )
        assert refused.value.message_dict["kind"] == [
            f"Item {item.reference} has {carried}, which a strength does not carry: delete "
            "them first, or keep it a recommendation or an area for consideration"
        ]
        item.refresh_from_db()
        assert item.kind == ItemKind.RECOMMENDATION


def test_a_strength_takes_no_actions_updates_or_measures(plan, lead):
    strength = factories.RecommendationFactory(plan=plan, kind=ItemKind.STRENGTH)

    with pytest.raises(ValidationError, match="A strength carries no actions"):
        item_services.action_add(item=strength, reference="1a", text="Do it.", by=lead)
    with pytest.raises(ValidationError, match="A strength carries no progress updates"):
        update(strength, Rag.GREEN, by=lead)
    with pytest.raises(ValidationError, match="A strength carries no measures"):
        measure_services.measure_add(item=strength, name="Cases audited", by=lead)

    assert (Action.objects.count(), ProgressUpdate.objects.count(), Measure.objects.count()) == (
        0,
        0,
        0,
    )


def test_strengths_are_shown_in_their_own_section_without_rag_or_update_links(client, plan, lead):
    recommendation = factories.RecommendationFactory(plan=plan, reference="1")
    strength = factories.RecommendationFactory(
        plan=plan, reference="2", kind=ItemKind.STRENGTH, text="Children are seen quickly."
    )

    response = client.get(url("plan", plan.pk))

    assert response.context["recommendations"] == [recommendation]
    assert response.context["strengths"] == [strength]
    page = response.content.decode()
    strengths_section = page[page.index('id="strengths-heading"') :]
    assert "Strength 2" in strengths_section
    assert "Children are seen quickly." in strengths_section
    assert url("recommendation_update", plan.pk, recommendation.pk) in page
    assert url("recommendation_update", plan.pk, strength.pk) not in page
    assert url("action_add", plan.pk, strength.pk) not in page
    assert "Overall RAG rating" not in strengths_section


def test_deleting_an_item_asks_first_saying_what_goes_with_it(client, plan, lead):
    item = factories.RecommendationFactory(plan=plan, reference="1")
    first, second = factories.ActionFactory.create_batch(2, recommendation=item)
    update(first, Rag.RED)
    update(second, Rag.AMBER)
    update(item, Rag.AMBER)
    item.refresh_from_db()
    Measure.objects.create(recommendation=item, name="Cases audited", unit="%")

    response = client.get(url("item_delete", plan.pk, item.pk))

    assert response.status_code == 200
    assert response.context["goes_with"] == [
        "2 actions",
        "3 progress updates",
        "1 measure, with its values",
    ]
    assert "Are you sure you want to delete recommendation 1?" in response.content.decode()
    assert Recommendation.objects.filter(pk=item.pk).exists()

    response = client.post(url("item_delete", plan.pk, item.pk), {"seen_version": item.version})

    assert response.status_code == 302
    assert not Recommendation.objects.filter(pk=item.pk).exists()
    assert (Action.objects.count(), ProgressUpdate.objects.count(), Measure.objects.count()) == (
        0,
        0,
        0,
    )
    deleted = Recommendation.history.filter(id=item.pk).latest("history_date")
    assert (deleted.history_type, deleted.history_user) == ("-", lead)


# --- Desired outcomes ------------------------------------------------------------------------


def test_desired_outcomes_are_added_changed_and_deleted(client, plan, lead):
    item = factories.RecommendationFactory(plan=plan)

    response = client.post(
        url("outcome_add", plan.pk, item.pk), {"text": "Fewer first-time entrants."}
    )
    assert response.status_code == 302
    outcome = DesiredOutcome.objects.get(recommendation=item)
    assert outcome.text == "Fewer first-time entrants."

    response = client.post(url("outcome_edit", plan.pk, outcome.pk), {"text": "Fewer entrants."})
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.text == "Fewer entrants."

    assert client.get(url("outcome_delete", plan.pk, outcome.pk)).status_code == 200
    assert client.post(url("outcome_delete", plan.pk, outcome.pk)).status_code == 302
    assert not DesiredOutcome.objects.exists()
    assert [record.history_type for record in DesiredOutcome.history.order_by("history_date")] == [
        "+",
        "~",
        "-",
    ]


def test_an_empty_outcome_is_refused(client, plan, lead):
    item = factories.RecommendationFactory(plan=plan)

    response = client.post(url("outcome_add", plan.pk, item.pk), {"text": ""})

    assert response.context["form"].errors == {"text": ["Enter the desired outcome"]}


# --- Actions ---------------------------------------------------------------------------------


def test_adding_an_action_offers_the_next_letter_under_the_item(client, plan, lead):
    item = factories.RecommendationFactory(plan=plan, reference="1")
    factories.ActionFactory(recommendation=item, reference="1a")
    factories.ActionFactory(recommendation=item, reference="1b")

    response = client.get(url("action_add", plan.pk, item.pk))
    assert response.context["form"].initial["reference"] == "1c"

    response = client.post(
        url("action_add", plan.pk, item.pk),
        {
            "reference": "1c",
            "text": "Audit ten cases a quarter.",
            "lead_officer": "Head of service",
            "agency": "",
            **date_fields("due_on", TODAY() + datetime.timedelta(days=90)),
        },
    )

    assert response.status_code == 302
    added = item.actions.get(reference="1c")
    assert (added.text, added.due_on, added.position) == (
        "Audit ten cases a quarter.",
        TODAY() + datetime.timedelta(days=90),
        1,  # after the highest position (both factories' actions are at 0)
    )


def test_an_action_reference_already_taken_is_refused(client, plan, lead):
    item = factories.RecommendationFactory(plan=plan, reference="1")
    factories.ActionFactory(recommendation=item, reference="1a")

    response = client.post(
        url("action_add", plan.pk, item.pk), {"reference": "1a", "text": "Again."}
    )

    assert response.context["form"].errors == {
        "reference": ["Item 1 already has an action 1a: enter another reference"]
    }


def test_a_strength_offers_no_action_page(client, plan, lead):
    strength = factories.RecommendationFactory(plan=plan, kind=ItemKind.STRENGTH)

    response = client.post(
        url("action_add", plan.pk, strength.pk), {"reference": "1a", "text": "Do it."}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "A strength carries no actions. Change the item to a recommendation or an area for "
        "consideration first."
    ]


def test_deleting_an_action_asks_first_and_removes_its_updates(client, plan, lead):
    action = factories.ActionFactory(recommendation__plan=plan, reference="1a")
    update(action, Rag.RED)
    action.refresh_from_db()

    response = client.get(url("action_delete", plan.pk, action.pk))
    assert response.context["goes_with"] == ["1 progress update"]

    response = client.post(url("action_delete", plan.pk, action.pk), {"seen_version": 0})
    assert "Someone else has updated this" in response.content.decode()
    assert Action.objects.filter(pk=action.pk).exists()

    response = client.post(
        url("action_delete", plan.pk, action.pk), {"seen_version": action.version}
    )
    assert response.status_code == 302
    assert not Action.objects.filter(pk=action.pk).exists()
    assert not ProgressUpdate.objects.exists()


# --- Progress updates ------------------------------------------------------------------------


def test_correcting_an_update_refreshes_the_rag_and_shows_the_correction(client, plan, lead):
    action = factories.ActionFactory(recommendation__plan=plan)
    first = update(action, Rag.RED, "Board not met.", days_ago=30)
    latest = update(action, Rag.AMBER, "Data set drafted.", days_ago=1)

    response = client.post(
        url("update_edit", plan.pk, latest.pk),
        {
            "rag": Rag.GREEN,
            "narrative": "Data set agreed and reported.",
            "seen_version": action.version,
            **date_fields("recorded_on", TODAY() - datetime.timedelta(days=1)),
        },
    )

    assert response.status_code == 302
    assert response.url == url("action", plan.pk, action.pk)
    action.refresh_from_db()
    assert action.current_rag == Rag.GREEN
    page = client.get(url("action", plan.pk, action.pk))
    updates = page.context["updates"]
    assert [u.pk for u in updates] == [latest.pk, first.pk]
    assert updates[0].corrected.history_user == lead
    assert [earlier.narrative for earlier in updates[0].earlier] == ["Data set drafted."]
    assert updates[1].corrected is None
    content = page.content.decode()
    assert "Corrected on" in content
    assert "by Sam Lead" in content
    assert "Data set drafted." in content


def test_correcting_an_update_into_the_future_is_refused(client, plan, lead):
    action = factories.ActionFactory(recommendation__plan=plan)
    latest = update(action, Rag.AMBER)

    response = client.post(
        url("update_edit", plan.pk, latest.pk),
        {
            "rag": Rag.GREEN,
            "narrative": "Later.",
            "seen_version": action.version,
            **date_fields("recorded_on", TODAY() + datetime.timedelta(days=1)),
        },
    )

    assert response.context["form"].errors == {
        "recorded_on": ["The date of the update must be today or in the past"]
    }


def test_deleting_the_latest_update_makes_the_one_before_current(client, plan, lead):
    item = factories.RecommendationFactory(plan=plan)
    update(item, Rag.RED, days_ago=30)
    latest = update(item, Rag.GREEN)
    item.refresh_from_db()

    response = client.post(url("update_delete", plan.pk, latest.pk), {"seen_version": item.version})

    assert response.status_code == 302
    assert response.url == url("recommendation_update", plan.pk, item.pk)
    item.refresh_from_db()
    assert (item.current_rag, item.last_update_on) == (
        Rag.RED,
        TODAY() - datetime.timedelta(days=30),
    )
    assert ProgressUpdate.history.filter(id=latest.pk, history_type="-").exists()


# --- Who ---------------------------------------------------------------------------------------


def test_the_programme_reads_the_plan_but_cannot_correct_it(client):
    programme = factories.ProgrammeFactory()
    plan = factories.ImprovementPlanFactory(
        source=PlanSource.PEER_REVIEW, programme=programme, inspectorate=""
    )
    item = factories.RecommendationFactory(plan=plan)
    client.force_login(factories.coordinator(programme=programme))

    assert client.get(url("plan", plan.pk)).status_code == 200
    assert client.post(url("item_add", plan.pk), item_data()).status_code == 403
    assert client.post(url("item_delete", plan.pk, item.pk), {"seen_version": 0}).status_code == 403
    assert Recommendation.objects.filter(pk=item.pk).exists()
    page = client.get(url("plan", plan.pk)).content.decode()
    assert url("item_edit", plan.pk, item.pk) not in page
    assert url("changes", plan.pk) in page


def test_an_item_of_another_plan_is_not_found_under_this_one(client, plan, lead):
    other = factories.RecommendationFactory()
    outcome = DesiredOutcome.objects.create(recommendation=other, text="Elsewhere.")
    value = MeasureValue.objects.create(
        measure=Measure.objects.create(recommendation=other, name="Elsewhere"),
        recorded_on=TODAY(),
        value=1,
    )

    assert client.get(url("item_edit", plan.pk, other.pk)).status_code == 404
    assert client.get(url("outcome_edit", plan.pk, outcome.pk)).status_code == 404
    assert client.get(url("measure_value_edit", plan.pk, value.pk)).status_code == 404


def test_a_progress_update_posted_on_a_strength_is_refused_on_the_page(client, plan, lead):
    strength = factories.RecommendationFactory(plan=plan, kind=ItemKind.STRENGTH)

    response = client.post(
        url("recommendation_update", plan.pk, strength.pk),
        {
            "rag": Rag.GREEN,
            "narrative": "Still strong.",
            "seen_version": strength.version,
            **date_fields("recorded_on", TODAY()),
        },
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "A strength carries no progress updates. Change the item to a recommendation or an "
        "area for consideration first."
    ]
    assert not ProgressUpdate.objects.exists()
