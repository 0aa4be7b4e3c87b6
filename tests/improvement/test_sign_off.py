"""Signing off an action is the improvement board's (or the programme's coordinator's), never
the service's own: the service marks an action complete, with what shows it, and that proposes
it for sign-off; the service's improvement board members, and the coordinators of the
programme whose peer review the plan follows, sign it off or send it back with a reason (and
may reopen one signed off). Each change of status is recorded with who, when and why, and
shown on the action's page. A file imported by the service cannot sign off an action either.
Those who sign off are shown the actions awaiting them, on the start page and on a list."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from improvement import services
from improvement.enums import ActionEventKind, ActionStatus, PlanSource
from improvement.models import Action, ActionEvent
from tests import factories
from tests.queries import queries_for_get

pytestmark = pytest.mark.django_db

AWAITING = ActionStatus.AWAITING_SIGN_OFF
SIGNED_OFF = ActionStatus.SIGNED_OFF
EVIDENCE = "The data set went to the March board and is in its minutes."


@pytest.fixture
def world():
    """A peer-review plan of a service, from a programme, with an action in progress; the
    service's lead and improvement board member, the programme's coordinator and board member,
    and another programme's coordinator."""
    programme = factories.ProgrammeFactory()
    organisation = factories.OrganisationFactory()
    plan = factories.ImprovementPlanFactory(
        organisation=organisation,
        source=PlanSource.PEER_REVIEW,
        programme=programme,
        inspectorate="",
    )
    action = factories.ActionFactory(
        recommendation__plan=plan, reference="1a", status=ActionStatus.IN_PROGRESS
    )
    return {
        "plan": plan,
        "action": action,
        "lead": factories.service_lead(organisation=organisation, full_name="Sam Lead"),
        "board": factories.improvement_board_member(
            organisation=organisation, full_name="Bo Board"
        ),
        "coordinator": factories.coordinator(programme=programme, full_name="Cy Coordinator"),
        "programme board member": factories.board_member(programme=programme),
        "other coordinator": factories.coordinator(),
    }


def fresh(action) -> Action:
    return Action.objects.get(pk=action.pk)


def url(name: str, action) -> str:
    return reverse(f"improvement:{name}", args=[action.recommendation.plan_id, action.pk])


def edit_data(action, **overrides) -> dict:
    data = {
        "text": action.text,
        "lead_officer": action.lead_officer,
        "agency": action.agency,
        "status": action.status,
        "seen_version": fresh(action).version,
    }
    data.update(overrides)
    return data


def propose(action, by, note=EVIDENCE) -> Action:
    return services.action_update(
        action=action,
        seen_version=fresh(action).version,
        text=action.text,
        lead_officer=action.lead_officer,
        agency=action.agency,
        due_on=action.due_on,
        status=AWAITING,
        note=note,
        by=by,
    )


def events(action) -> list[tuple]:
    return [
        (event.kind, event.from_status, event.to_status, event.note, event.by.full_name)
        for event in ActionEvent.objects.filter(action=action).order_by("pk")
    ]


# --- The service proposes completion, and cannot sign off ------------------------------------


def test_the_service_cannot_sign_off_its_own_action(world):
    action = world["action"]

    with pytest.raises(ValidationError) as refused:
        services.action_update(
            action=action,
            seen_version=action.version,
            text=action.text,
            lead_officer="",
            agency="",
            due_on=None,
            status=SIGNED_OFF,
            by=world["lead"],
        )

    assert "status" in refused.value.message_dict
    assert "improvement board" in refused.value.message_dict["status"][0]
    assert fresh(action).status == ActionStatus.IN_PROGRESS
    assert not ActionEvent.objects.exists()


def test_the_action_form_does_not_offer_signed_off(client, world):
    client.force_login(world["lead"])

    page = client.get(url("action_edit", world["action"])).content.decode()

    assert 'value="awaiting_sign_off"' in page
    assert 'value="signed_off"' not in page


def test_a_service_lead_posting_signed_off_gets_a_form_error_not_a_sign_off(client, world):
    action = world["action"]
    client.force_login(world["lead"])

    response = client.post(url("action_edit", action), edit_data(action, status=SIGNED_OFF))

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert fresh(action).status == ActionStatus.IN_PROGRESS
    assert not ActionEvent.objects.exists()


def test_marking_an_action_complete_needs_what_shows_it(client, world):
    action = world["action"]
    client.force_login(world["lead"])

    refused = client.post(url("action_edit", action), edit_data(action, status=AWAITING))

    assert refused.status_code == 200
    assert "Say what has been done and what shows it" in refused.content.decode()
    assert fresh(action).status == ActionStatus.IN_PROGRESS

    response = client.post(
        url("action_edit", action), edit_data(action, status=AWAITING, note=EVIDENCE), follow=True
    )

    assert fresh(action).status == AWAITING
    assert events(action) == [
        (ActionEventKind.COMPLETION_PROPOSED, ActionStatus.IN_PROGRESS, AWAITING, EVIDENCE,
         "Sam Lead"),
    ]  # fmt: skip
    page = response.content.decode()
    assert "Marked complete, for sign-off" in page
    assert EVIDENCE in page
    assert "Sam Lead" in page
    # The service is told who signs it off, and is offered no way to do it itself.
    assert url("action_sign_off", action) not in page


def test_a_note_without_a_change_of_status_is_refused_not_lost(client, world):
    action = world["action"]
    client.force_login(world["lead"])

    response = client.post(url("action_edit", action), edit_data(action, note=EVIDENCE))

    assert response.status_code == 200
    page = response.content.decode()
    assert "A note goes with a change of status" in page
    assert EVIDENCE in page  # what they typed is kept
    assert not ActionEvent.objects.exists()


def test_a_signed_off_action_keeps_its_status_when_the_service_changes_its_details(world):
    action = world["action"]
    Action.objects.filter(pk=action.pk).update(status=SIGNED_OFF)
    action.refresh_from_db()

    services.action_update(
        action=action,
        seen_version=action.version,
        text="Better wording.",
        lead_officer="",
        agency="",
        due_on=None,
        status=SIGNED_OFF,
        by=world["lead"],
    )
    assert (fresh(action).status, fresh(action).text) == (SIGNED_OFF, "Better wording.")

    with pytest.raises(ValidationError) as refused:
        services.action_update(
            action=action,
            seen_version=fresh(action).version,
            text="Better wording.",
            lead_officer="",
            agency="",
            due_on=None,
            status=ActionStatus.IN_PROGRESS,
            by=world["lead"],
        )
    assert "status" in refused.value.message_dict
    assert fresh(action).status == SIGNED_OFF


# --- The board or the coordinator signs off or sends back ------------------------------------


@pytest.mark.parametrize(
    ("who", "name"), [("board", "Bo Board"), ("coordinator", "Cy Coordinator")]
)
def test_the_board_or_the_programmes_coordinator_signs_off_an_action(client, world, who, name):
    action = world["action"]
    propose(action, world["lead"])
    client.force_login(world[who])

    detail = client.get(url("action", action)).content.decode()
    assert url("action_sign_off", action) in detail
    assert url("action_send_back", action) in detail
    page = client.get(url("action_sign_off", action))
    assert page.status_code == 200
    assert EVIDENCE in page.content.decode()  # what the service said shows it is complete

    response = client.post(
        url("action_sign_off", action),
        {"note": "Seen at the board.", "seen_version": fresh(action).version},
        follow=True,
    )

    assert fresh(action).status == SIGNED_OFF
    assert events(action)[-1] == (
        ActionEventKind.SIGNED_OFF, AWAITING, SIGNED_OFF, "Seen at the board.", name,
    )  # fmt: skip
    html = response.content.decode()
    assert "Action 1a has been signed off." in html
    assert "Seen at the board." in html


def test_sending_an_action_back_needs_a_reason_and_returns_it_to_in_progress(client, world):
    action = world["action"]
    propose(action, world["lead"])
    client.force_login(world["board"])

    refused = client.post(
        url("action_send_back", action), {"reason": " ", "seen_version": fresh(action).version}
    )
    assert refused.status_code == 200
    assert "Say why the action is sent back" in refused.content.decode()
    assert fresh(action).status == AWAITING

    response = client.post(
        url("action_send_back", action),
        {"reason": "The minutes do not show it.", "seen_version": fresh(action).version},
        follow=True,
    )

    assert fresh(action).status == ActionStatus.IN_PROGRESS
    assert events(action)[-1] == (
        ActionEventKind.SENT_BACK, AWAITING, ActionStatus.IN_PROGRESS,
        "The minutes do not show it.", "Bo Board",
    )  # fmt: skip
    assert "The minutes do not show it." in response.content.decode()


def test_a_signed_off_action_can_be_reopened_by_the_board_with_a_reason(world):
    action = world["action"]
    propose(action, world["lead"])
    services.action_sign_off(action=action, seen_version=fresh(action).version, by=world["board"])

    services.action_send_back(
        action=action,
        seen_version=fresh(action).version,
        reason="Signed off by mistake.",
        by=world["coordinator"],
    )

    assert fresh(action).status == ActionStatus.IN_PROGRESS
    assert events(action)[-1][:4] == (
        ActionEventKind.REOPENED, SIGNED_OFF, ActionStatus.IN_PROGRESS, "Signed off by mistake.",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("who", "answer"),
    [("lead", 403), ("programme board member", 403), ("other coordinator", 404)],
)
def test_others_may_not_sign_off_or_send_back(client, world, who, answer):
    action = world["action"]
    propose(action, world["lead"])
    client.force_login(world[who])

    for name in ("action_sign_off", "action_send_back"):
        assert client.get(url(name, action)).status_code == answer
        posted = client.post(
            url(name, action),
            {"note": "x", "reason": "x", "seen_version": fresh(action).version},
        )
        assert posted.status_code == answer
    assert fresh(action).status == AWAITING
    if answer == 403:  # they see the action, with no way to sign it off
        page = client.get(url("action", action)).content.decode()
        assert url("action_sign_off", action) not in page


def test_the_sign_off_service_refuses_those_who_may_not_sign_off(world):
    action = world["action"]
    propose(action, world["lead"])

    with pytest.raises(PermissionDenied):
        services.action_sign_off(
            action=action, seen_version=fresh(action).version, by=world["lead"]
        )
    assert fresh(action).status == AWAITING


def test_whoever_marked_an_action_complete_does_not_sign_it_off(world):
    """Someone who is both the service's lead and on its improvement board checks their own
    work otherwise."""
    action = world["action"]
    both = world["board"]
    factories.MembershipFactory(
        user=both,
        role="service_lead",
        programme=None,
        organisation=world["plan"].organisation,
    )
    propose(action, both)

    with pytest.raises(ValidationError, match="You marked action 1a complete"):
        services.action_sign_off(action=action, seen_version=fresh(action).version, by=both)
    signed = services.action_sign_off(
        action=action, seen_version=fresh(action).version, by=world["coordinator"]
    )

    assert signed.status == ActionStatus.SIGNED_OFF


def test_only_an_action_awaiting_sign_off_can_be_signed_off(client, world):
    action = world["action"]
    client.force_login(world["board"])

    with pytest.raises(ValidationError):
        services.action_sign_off(action=action, seen_version=action.version, by=world["board"])

    response = client.get(url("action_sign_off", action), follow=True)
    assert "Action 1a is not awaiting sign-off." in response.content.decode()
    assert fresh(action).status == ActionStatus.IN_PROGRESS


def test_a_sign_off_based_on_a_stale_version_is_refused(client, world):
    action = world["action"]
    propose(action, world["lead"])
    opened_at = fresh(action).version
    propose_again = fresh(action)
    services.action_update(
        action=propose_again,
        seen_version=opened_at,
        text="Changed meanwhile.",
        lead_officer="",
        agency="",
        due_on=None,
        status=AWAITING,
        by=world["lead"],
    )
    client.force_login(world["board"])

    response = client.post(url("action_sign_off", action), {"note": "", "seen_version": opened_at})

    assert response.status_code == 200
    assert "Someone else has updated this since you opened it" in response.content.decode()
    assert fresh(action).status == AWAITING


# --- Import ----------------------------------------------------------------------------------

IMPORT_HEADER = ["Recommendation ref", "Recommendation", "Action ref", "Action", "Status"]


def import_file(client, plan, status: str):
    text = io.StringIO()
    csv.writer(text).writerows(
        [IMPORT_HEADER, ["9", "Know the children.", "9a", "Agree a data set.", status]]
    )
    upload = client.post(
        reverse("improvement:import", args=[plan.pk]),
        {"file": SimpleUploadedFile("tracker.csv", text.getvalue().encode())},
    )
    assert upload.status_code == 302
    mapping = {"rec_ref": "0", "rec_text": "1", "action_ref": "2", "action_text": "3"}
    mapping["status"] = "4"
    preview = client.post(upload["Location"], {**mapping, "preview": "1"})
    imported = client.post(upload["Location"], {**mapping, "import": "1"})
    assert imported.status_code == 302, imported.content.decode()[:3000]
    return preview.content.decode(), Action.objects.get(recommendation__plan=plan, reference="9a")


def test_a_file_imported_by_the_service_cannot_sign_off_an_action(client, world):
    client.force_login(world["lead"])

    preview, action = import_file(client, world["plan"], "Signed off")

    assert (
        "Action 9a of recommendation 9 is signed off in the file: it is imported as complete, "
        "awaiting sign-off"
    ) in preview
    assert action.status == AWAITING
    [event] = ActionEvent.objects.filter(action=action)
    assert (event.kind, event.to_status, event.by, event.by_import) == (
        ActionEventKind.COMPLETION_PROPOSED, AWAITING, world["lead"], True,
    )  # fmt: skip


def test_a_file_imported_by_the_board_signs_off_as_the_board(client, world):
    client.force_login(world["board"])

    preview, action = import_file(client, world["plan"], "Signed off")

    assert "is signed off in the file" not in preview
    assert action.status == SIGNED_OFF
    [event] = ActionEvent.objects.filter(action=action)
    assert (event.kind, event.by, event.by_import) == (
        ActionEventKind.SIGNED_OFF, world["board"], True,
    )  # fmt: skip


# --- Showing what awaits sign-off ------------------------------------------------------------


def test_the_start_page_shows_the_board_and_the_coordinator_what_awaits_their_sign_off(
    client, world
):
    propose(world["action"], world["lead"])
    other = factories.ActionFactory(
        recommendation=world["action"].recommendation, reference="1b", status=AWAITING
    )
    assert other.status == AWAITING

    for who in ("board", "coordinator"):
        client.force_login(world[who])
        response = client.get(reverse("start"))
        tasks = [task for section in response.context["sections"] for task in section.tasks]
        assert ("2 actions awaiting sign-off", reverse("improvement:awaiting_sign_off")) in [
            (task.label, task.url) for task in tasks
        ], who

    client.force_login(world["lead"])
    tasks = [
        task.label
        for section in client.get(reverse("start")).context["sections"]
        for task in section.tasks
    ]
    assert not [label for label in tasks if "awaiting sign-off" in label]


def test_the_list_of_actions_awaiting_sign_off_shows_only_those_the_user_signs_off(client, world):
    propose(world["action"], world["lead"])
    elsewhere = factories.ActionFactory(reference="7z", status=AWAITING)  # another service's
    not_yet = factories.ActionFactory(recommendation=world["action"].recommendation, reference="1c")
    client.force_login(world["board"])

    page = client.get(reverse("improvement:awaiting_sign_off")).content.decode()

    assert url("action_sign_off", world["action"]) in page
    assert url("action", elsewhere) not in page
    assert url("action", not_yet) not in page

    client.force_login(world["other coordinator"])
    page = client.get(reverse("improvement:awaiting_sign_off")).content.decode()
    assert "No actions are awaiting your sign-off." in page


def test_the_list_of_actions_awaiting_sign_off_runs_the_same_queries_for_one_and_thirty(
    client, world
):
    propose(world["action"], world["lead"])
    client.force_login(world["coordinator"])
    list_url = reverse("improvement:awaiting_sign_off")
    one = queries_for_get(client, list_url)

    for _ in range(29):
        action = factories.ActionFactory(
            recommendation__plan=factories.ImprovementPlanFactory(
                source=PlanSource.PEER_REVIEW, programme=world["plan"].programme, inspectorate=""
            ),
            status=ActionStatus.IN_PROGRESS,
        )
        propose(action, world["lead"])

    assert queries_for_get(client, list_url) == one
