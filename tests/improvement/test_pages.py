"""The improvement plan pages: the plans a person may see with their actions counted by RAG,
a plan with its markers (RAG words, awaiting sign-off; overdue and stale are tested with the
dashboard's and the board pack's in test_attention.py), adding a progress update (and
refusing one based on a stale version, keeping the typed text), changing an action, who may
read and who may update, and bounded query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement import selectors, services
from improvement.enums import ActionStatus, PlanSource, Rag
from improvement.models import Action, ProgressUpdate
from tests import factories
from tests.pages import error_links
from tests.queries import queries_for_get

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

# Called, not computed at import: the tests run on a pinned day (tests/dates.py).
TODAY = timezone.localdate


def days_ago(days: int) -> datetime.date:
    return TODAY() - datetime.timedelta(days=days)


def date_fields(name: str, value: datetime.date) -> dict:
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


def update(item, rag, narrative="Progress.", *, on=None, by=None):
    return services.progress_update_add(
        item=item,
        seen_version=item.version,
        rag=rag,
        narrative=narrative,
        by=by or factories.UserFactory(),
        recorded_on=on or TODAY(),
    )


def current_rag(action) -> str | None:
    return Action.objects.get(pk=action.pk).current_rag


def peer_review_plan(**fields):
    programme = fields.pop("programme", None) or factories.ProgrammeFactory()
    return factories.ImprovementPlanFactory(
        source=PlanSource.PEER_REVIEW, programme=programme, inspectorate="", **fields
    )


def action_url(action) -> str:
    return reverse("improvement:action", args=[action.recommendation.plan_id, action.pk])


def progress_data(action, **overrides) -> dict:
    data = {
        "rag": Rag.AMBER,
        "narrative": "Data set drafted; first report to the board in May.",
        "seen_version": action.version,
        **date_fields("recorded_on", TODAY()),
    }
    data.update(overrides)
    return data


@pytest.fixture
def lead_and_action(client):
    plan = factories.ImprovementPlanFactory(stale_after_days=90)
    lead = factories.service_lead(organisation=plan.organisation)
    client.force_login(lead)
    return lead, factories.ActionFactory(recommendation__plan=plan)


# --- The list of plans -----------------------------------------------------------------------


def test_the_list_shows_only_visible_plans_with_their_actions_counted_by_rag(client):
    plan = factories.ImprovementPlanFactory(title="After the 2025 inspection")
    recommendation = factories.RecommendationFactory(plan=plan)
    rags = [Rag.GREEN, Rag.GREEN, Rag.GREEN, Rag.AMBER, None, None]
    for rag in rags:
        action = factories.ActionFactory(recommendation=recommendation)
        if rag:
            update(action, Rag.RED, on=days_ago(30))
            update(action, rag)
    factories.ImprovementPlanFactory(title="Plan of another service")
    client.force_login(factories.service_lead(organisation=plan.organisation))

    response = client.get(reverse("improvement:plans"))

    page = response.content.decode()
    assert "After the 2025 inspection" in page
    assert "Plan of another service" not in page
    assert plan.organisation.name in page
    assert "3 green, 1 amber, 0 red, 2 no update" in page


def test_the_list_says_so_when_there_are_no_plans(client):
    factories.ImprovementPlanFactory()
    client.force_login(factories.UserFactory())

    response = client.get(reverse("improvement:plans"))

    assert response.status_code == 200
    assert "There are no improvement plans you can see" in response.content.decode()


def test_programme_board_members_see_their_programmes_peer_review_plans_only(client):
    programme = factories.ProgrammeFactory()
    peer_review_plan(programme=programme, title="After the peer review")
    factories.ImprovementPlanFactory(title="After the inspection")
    client.force_login(factories.board_member(programme=programme))

    page = client.get(reverse("improvement:plans")).content.decode()

    assert "After the peer review" in page
    assert "After the inspection" not in page


# --- A plan ----------------------------------------------------------------------------------


def test_the_plan_shows_rag_words_and_awaiting_sign_off(client):
    plan = factories.ImprovementPlanFactory()
    red = factories.ActionFactory(recommendation__plan=plan)
    update(red, Rag.RED)
    factories.ActionFactory(
        recommendation=red.recommendation, status=ActionStatus.AWAITING_SIGN_OFF
    )
    signed_off = factories.ActionFactory(
        recommendation=red.recommendation, status=ActionStatus.SIGNED_OFF
    )
    update(signed_off, Rag.GREEN)
    client.force_login(factories.improvement_board_member(organisation=plan.organisation))

    response = client.get(reverse("improvement:plan", args=[plan.pk]))

    page = response.content.decode()
    assert ">Red</strong>" in page
    assert ">Green</strong>" in page
    assert "No update yet" in page
    assert '<strong class="govuk-tag govuk-tag--blue">Complete, awaiting sign-off</strong>' in page
    assert "Signed off" in page


def test_another_services_lead_gets_not_found(client):
    action = factories.ActionFactory()
    client.force_login(factories.service_lead())
    plan_id = action.recommendation.plan_id

    assert client.get(reverse("improvement:plan", args=[plan_id])).status_code == 404
    assert client.get(action_url(action)).status_code == 404
    assert client.post(action_url(action), progress_data(action)).status_code == 404
    assert not ProgressUpdate.objects.exists()


def test_an_action_of_another_plan_is_not_found_under_this_one(client, lead_and_action):
    _, action = lead_and_action
    other = factories.ActionFactory()

    url = reverse("improvement:action", args=[action.recommendation.plan_id, other.pk])

    assert client.get(url).status_code == 404


# --- Progress updates ------------------------------------------------------------------------


def test_adding_an_update_changes_the_current_rag_and_the_history(client, lead_and_action):
    lead, action = lead_and_action
    update(action, Rag.RED, "Board has not met.", on=days_ago(30))

    response = client.post(action_url(action), progress_data(action), follow=True)

    assert response.redirect_chain[-1][0] == action_url(action)
    assert current_rag(action) == Rag.AMBER
    history = list(selectors.history_of(item=action))
    assert [u.rag for u in history] == [Rag.AMBER, Rag.RED]
    assert history[0].author == lead
    page = response.content.decode()
    assert "Your progress update on action" in page
    assert "Data set drafted; first report to the board in May." in page
    assert "Board has not met." in page


def test_a_stale_update_is_refused_and_keeps_the_typed_text(client, lead_and_action):
    _, action = lead_and_action
    opened_at = action.version
    update(action, Rag.GREEN, "Someone else's update.")

    response = client.post(
        action_url(action),
        progress_data(action, seen_version=opened_at, narrative="My careful narrative.", rag="red"),
    )

    assert response.status_code == 200
    page = response.content.decode()
    # The action's page shows its progress history: the message sends the person there.
    assert error_links(response) == [
        (
            "Someone else has updated this since you opened it. Your text is below: read their "
            "update in the progress history, then save yours again if it still applies.",
            "#history",
        )
    ]
    assert 'id="history"' in page
    assert "My careful narrative." in page
    assert response.context["form"]["rag"].value() == "red"
    assert ProgressUpdate.objects.count() == 1
    assert current_rag(action) == Rag.GREEN
    # The form now carries the version they have seen, so saving again is accepted.
    action.refresh_from_db()
    assert response.context["form"]["seen_version"].value() == str(action.version)


# The overrides are made when the test runs, so that "tomorrow" is the pinned day's.
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (lambda: {"rag": ""}, "rag", "Select red, amber or green"),
        (lambda: {"rag": "purple"}, "rag", "Select red, amber or green"),
        (lambda: {"narrative": "   "}, "narrative", "Describe the progress"),
        (
            lambda: date_fields("recorded_on", TODAY() + datetime.timedelta(days=1)),
            "recorded_on",
            "The date of the update must be today or in the past",
        ),
        (
            lambda: {"recorded_on_0": "31", "recorded_on_1": "2", "recorded_on_2": "2025"},
            "recorded_on",
            "The date of the update must be a real date",
        ),
    ],
)
def test_bad_input_gives_errors_and_writes_nothing(
    client, lead_and_action, overrides, field, message
):
    _, action = lead_and_action
    response = client.post(action_url(action), progress_data(action, **overrides()))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "govuk-error-summary" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_programme_board_members_read_a_peer_review_plan_but_cannot_update_it(client):
    programme = factories.ProgrammeFactory()
    action = factories.ActionFactory(recommendation__plan=peer_review_plan(programme=programme))
    client.force_login(factories.board_member(programme=programme))
    plan_id = action.recommendation.plan_id

    plan_page = client.get(reverse("improvement:plan", args=[plan_id]))
    action_page = client.get(action_url(action))

    assert plan_page.status_code == 200
    assert "Add a progress update on the recommendation" not in plan_page.content.decode()
    assert action_page.status_code == 200
    assert "Add a progress update" not in action_page.content.decode()
    assert action_page.context["form"] is None
    assert client.post(action_url(action), progress_data(action)).status_code == 403
    edit = reverse("improvement:action_edit", args=[plan_id, action.pk])
    assert client.post(edit, {"text": "Changed", "status": "signed_off"}).status_code == 403
    recommendation = reverse(
        "improvement:recommendation_update", args=[plan_id, action.recommendation_id]
    )
    assert client.post(recommendation, progress_data(action)).status_code == 403
    assert not ProgressUpdate.objects.exists()
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED


def test_a_progress_update_on_a_recommendation_as_a_whole(client, lead_and_action):
    _, action = lead_and_action
    recommendation = action.recommendation
    url = reverse(
        "improvement:recommendation_update", args=[recommendation.plan_id, recommendation.pk]
    )

    response = client.post(url, progress_data(recommendation, rag="green"))

    assert response.status_code == 302
    saved = recommendation.updates.get()
    assert (saved.rag, saved.action) == (Rag.GREEN, None)
    plan_page = client.get(reverse("improvement:plan", args=[recommendation.plan_id]))
    assert "Overall RAG rating" in plan_page.content.decode()


# --- Changing an action ----------------------------------------------------------------------


def edit_data(action, **overrides) -> dict:
    data = {
        "text": "Agree a data set for the board, reported quarterly.",
        "lead_officer": "Service manager",
        "agency": "Police",
        "status": ActionStatus.AWAITING_SIGN_OFF,
        "note": "The data set is in the March board's minutes.",
        "seen_version": action.version,
        **date_fields("due_on", datetime.date(2027, 3, 31)),
    }
    data.update(overrides)
    return data


def test_changing_an_action_marks_it_awaiting_sign_off(client, lead_and_action):
    _, action = lead_and_action
    url = reverse("improvement:action_edit", args=[action.recommendation.plan_id, action.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, edit_data(action), follow=True)

    action.refresh_from_db()
    assert action.status == ActionStatus.AWAITING_SIGN_OFF
    assert (action.lead_officer, action.agency) == ("Service manager", "Police")
    assert action.due_on == datetime.date(2027, 3, 31)
    assert "Complete, awaiting sign-off" in response.content.decode()


def test_a_stale_change_to_an_action_is_refused_and_keeps_the_typed_values(client, lead_and_action):
    _, action = lead_and_action
    opened_at = action.version
    update(action, Rag.AMBER)
    url = reverse("improvement:action_edit", args=[action.recommendation.plan_id, action.pk])

    response = client.post(
        url, edit_data(action, seen_version=opened_at, text="My new wording of the action.")
    )

    assert response.status_code == 200
    page = response.content.decode()
    # The page to change an action has no history to read: it says what to do instead.
    assert error_links(response) == [
        (
            "Someone else has updated this since you opened it. Check the details below and "
            "make your change again.",
            "#id_text",
        )
    ]
    assert 'id="history"' not in page
    assert "My new wording of the action." in page
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED
    assert action.text != "My new wording of the action."


# --- Query counts ----------------------------------------------------------------------------


def test_the_list_of_plans_runs_the_same_queries_for_one_plan_and_thirty(client):
    organisation = factories.OrganisationFactory()
    client.force_login(factories.service_lead(organisation=organisation))
    action = factories.ActionFactory(recommendation__plan__organisation=organisation)
    update(action, Rag.RED)
    url = reverse("improvement:plans")
    one = queries_for_get(client, url)

    for _ in range(29):
        more = factories.ActionFactory(
            recommendation__plan__organisation=factories.OrganisationFactory()
        )
        factories.service_lead(organisation=more.recommendation.plan.organisation)
        factories.ActionFactory(recommendation__plan__organisation=organisation)
    for _ in range(29):
        factories.ActionFactory(recommendation__plan__organisation=organisation)

    assert queries_for_get(client, url) == one


def test_the_plan_runs_the_same_queries_for_one_action_and_thirty(client):
    plan = factories.ImprovementPlanFactory()
    client.force_login(factories.service_lead(organisation=plan.organisation))

    def recommendation_with_outcome_and_measure():
        recommendation = factories.RecommendationFactory(plan=plan)
        recommendation.outcomes.create(text="Children's needs are understood.")
        measure = recommendation.measures.create(name="Reports on time", unit="%")
        measure.values.create(recorded_on=TODAY(), value=80)
        return recommendation

    recommendation = recommendation_with_outcome_and_measure()
    update(factories.ActionFactory(recommendation=recommendation), Rag.GREEN)
    url = reverse("improvement:plan", args=[plan.pk])
    one = queries_for_get(client, url)

    for index in range(29):
        if index % 3 == 0:
            recommendation = recommendation_with_outcome_and_measure()
            update(recommendation, Rag.RED)
        update(factories.ActionFactory(recommendation=recommendation), Rag.AMBER)

    assert queries_for_get(client, url) == one


def test_the_service_is_pointed_to_its_plans_from_the_start_page(client):
    organisation = factories.OrganisationFactory()
    factories.ImprovementPlanFactory.create_batch(2, organisation=organisation)
    client.force_login(factories.improvement_board_member(organisation=organisation))

    response = client.get(reverse("start"))

    [section] = response.context["sections"]
    assert [task.label for task in section.tasks] == [
        "Your service's 2 improvement plans",
        "Your service's dashboard",
    ]
    assert "Plans" in [item.label for item in response.context["service_navigation"]]


def test_the_list_of_plans_shows_twenty_five_services_to_a_page(client):
    programme = factories.ProgrammeFactory()
    client.force_login(factories.coordinator(programme=programme))
    for number in range(26):
        peer_review_plan(
            programme=programme,
            organisation=factories.OrganisationFactory(name=f"Service {number:02}"),
        )
    url = reverse("improvement:plans")

    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()

    assert "Services 1 to 25 of 26" in first
    assert "Service 24" in first
    assert "Service 25" not in first
    assert "Service 25" in second
    assert "Service 00" not in second
    assert 'rel="next"' in first
    assert 'rel="prev"' in second
