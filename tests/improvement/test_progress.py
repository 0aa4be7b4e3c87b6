"""Progress updates: the current RAG is the latest update's, the history stays, a save based
on a stale version is refused and overwrites nothing; sign-off is separate from RAG; who sees
which plans."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from improvement import selectors, services
from improvement.enums import ActionStatus, PlanSource, Rag
from improvement.models import Action, ProgressUpdate
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def update(item, rag, narrative="Progress.", days_ago=0, **kwargs):
    return services.progress_update_add(
        item=item,
        seen_version=kwargs.pop("seen_version", item.version),
        rag=rag,
        narrative=narrative,
        by=kwargs.pop("by", None) or factories.UserFactory(),
        recorded_on=timezone.localdate() - datetime.timedelta(days=days_ago),
    )


def current(action) -> str | None:
    return Action.objects.get(pk=action.pk).current_rag


def test_current_rag_is_the_latest_update_and_the_history_stays():
    action = factories.ActionFactory()

    update(action, Rag.RED, "Board has not met.", days_ago=60)
    update(action, Rag.AMBER, "Data set drafted.", days_ago=30)
    assert current(action) == Rag.AMBER

    update(action, Rag.GREEN, "Data set reported monthly.")
    assert current(action) == Rag.GREEN
    assert [u.rag for u in selectors.history_of(item=action)] == [Rag.GREEN, Rag.AMBER, Rag.RED]


def test_an_update_dated_earlier_does_not_become_the_current_one():
    action = factories.ActionFactory()
    update(action, Rag.GREEN, days_ago=1)

    update(action, Rag.RED, "Backdated note from last quarter.", days_ago=90)

    assert current(action) == Rag.GREEN


def test_refreshing_in_bulk_gives_each_item_its_latest_update_and_none_to_the_rest():
    """Bulk loads skip the service; current_rag_refresh brings the stored RAG up to date: the
    latest date wins, the later recorded wins on the same date, and no update means none."""
    author = factories.UserFactory()
    updated, same_day, never = factories.ActionFactory.create_batch(3)
    today = timezone.localdate()
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(action=updated, rag=Rag.GREEN, narrative="Done.", recorded_on=today,
                           author=author),
            ProgressUpdate(action=updated, rag=Rag.RED, narrative="Late.",
                           recorded_on=today - datetime.timedelta(days=30), author=author),
            ProgressUpdate(action=same_day, rag=Rag.RED, narrative="Morning.", recorded_on=today,
                           author=author),
        ]
    )  # fmt: skip
    ProgressUpdate.objects.create(
        action=same_day, rag=Rag.AMBER, narrative="Afternoon.", recorded_on=today, author=author
    )
    assert Action.objects.filter(current_rag="").count() == 3

    assert services.current_rag_refresh(Action.objects.all()) == 3

    assert {
        action.pk: (action.current_rag, action.last_update_on) for action in Action.objects.all()
    } == {
        updated.pk: (Rag.GREEN, today),
        same_day.pk: (Rag.AMBER, today),
        never.pk: ("", None),
    }
    assert never.rag is None
    assert Action.objects.get(pk=updated.pk).rag.label == "Green"


def test_a_save_based_on_a_stale_version_is_refused_and_changes_nothing():
    action = factories.ActionFactory()
    opened_at = action.version
    update(action, Rag.AMBER, "First person's update.", seen_version=opened_at)

    with pytest.raises(services.StaleVersionError, match="Someone else has updated this"):
        update(action, Rag.GREEN, "Second person's update.", seen_version=opened_at)

    assert [u.narrative for u in ProgressUpdate.objects.all()] == ["First person's update."]
    assert current(action) == Rag.AMBER


def test_changing_an_action_on_a_stale_version_is_refused():
    action = factories.ActionFactory()
    opened_at = action.version
    update(action, Rag.AMBER, seen_version=opened_at)

    with pytest.raises(services.StaleVersionError):
        services.action_update(
            action=action,
            seen_version=opened_at,
            text="Changed text",
            lead_officer="",
            agency="",
            due_on=None,
            status=ActionStatus.IN_PROGRESS,
            by=factories.UserFactory(),
        )
    action.refresh_from_db()
    assert action.text != "Changed text"


def test_sign_off_is_separate_from_rag():
    action = factories.ActionFactory()
    update(action, Rag.GREEN)

    services.action_update(
        action=action,
        seen_version=Action.objects.get(pk=action.pk).version,
        text=action.text,
        lead_officer=action.lead_officer,
        agency=action.agency,
        due_on=None,
        status=ActionStatus.AWAITING_SIGN_OFF,
        note="Reported to the board in March.",
        by=factories.UserFactory(),
    )

    action.refresh_from_db()
    assert (action.status, current(action)) == (ActionStatus.AWAITING_SIGN_OFF, Rag.GREEN)


@pytest.mark.parametrize(
    ("rag", "narrative", "days_ago", "field"),
    [("purple", "x", 0, "rag"), (Rag.RED, "  ", 0, "narrative"), (Rag.RED, "x", -3, "recorded_on")],
)
def test_bad_updates_are_refused(rag, narrative, days_ago, field):
    action = factories.ActionFactory()

    with pytest.raises(ValidationError) as caught:
        update(action, rag, narrative, days_ago=days_ago)

    assert list(caught.value.message_dict) == [field]
    assert not ProgressUpdate.objects.exists()


def test_updates_on_a_recommendation_as_a_whole():
    recommendation = factories.RecommendationFactory()

    update(recommendation, Rag.AMBER)

    recommendation.refresh_from_db()
    assert (recommendation.current_rag, recommendation.last_update_on) == (
        Rag.AMBER,
        timezone.localdate(),
    )


def test_who_sees_which_plans():
    programme = factories.ProgrammeFactory()
    organisation = factories.OrganisationFactory()
    inspection = factories.ImprovementPlanFactory(organisation=organisation)
    after_review = factories.ImprovementPlanFactory(
        organisation=organisation,
        source=PlanSource.PEER_REVIEW,
        programme=programme,
        inspectorate="",
    )
    factories.ImprovementPlanFactory()  # another service's

    def visible(user):
        return set(selectors.plans_for_user(user=user))

    assert visible(factories.service_lead(organisation=organisation)) == {inspection, after_review}
    assert visible(factories.improvement_board_member(organisation=organisation)) == {
        inspection,
        after_review,
    }
    assert visible(factories.board_member(programme=programme)) == {after_review}
    assert visible(factories.coordinator(programme=programme)) == {after_review}
    assert visible(factories.reviewer(programme=programme)) == set()
    assert visible(factories.service_lead()) == set()
