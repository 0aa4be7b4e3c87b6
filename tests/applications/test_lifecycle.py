"""The application lifecycle: the transition table, who may take each step, the timeline and
the emails, all through applications.services."""

import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from applications import services
from applications.enums import TRANSITIONS, ApplicationAction, ApplicationState
from applications.models import Application, ApplicationEvent
from tests import factories

pytestmark = pytest.mark.django_db

S = ApplicationState


@pytest.fixture
def people():
    programme = factories.ProgrammeFactory()
    organisation = factories.OrganisationFactory()
    return {
        "programme": programme,
        "organisation": organisation,
        "lead": factories.service_lead(organisation=organisation, email="lead@example.org"),
        "coordinator": factories.coordinator(programme=programme, email="co@example.org"),
        "board": factories.board_member(programme=programme),
    }


def make(people, state=S.DRAFT, **fields):
    review_type = factories.ReviewTypeFactory(programme=people["programme"])
    return factories.ApplicationFactory(
        review_type=review_type,
        organisation=people["organisation"],
        state=state,
        created_by=people["lead"],
        contact_email="contact@example.org",
        **fields,
    )


# Who takes each action in these tests.
ACTOR = {
    ApplicationAction.SUBMIT: "lead",
    ApplicationAction.RESUBMIT: "lead",
    ApplicationAction.WITHDRAW: "lead",
    ApplicationAction.REQUEST_INFORMATION: "coordinator",
    ApplicationAction.PLACE_ON_AGENDA: "coordinator",
    ApplicationAction.REMOVE_FROM_AGENDA: "coordinator",
    ApplicationAction.APPROVE: "board",
    ApplicationAction.DECLINE: "board",
    ApplicationAction.DEFER: "board",
    ApplicationAction.AMEND_DECISION: "board",
    ApplicationAction.RESCIND_DECISION: "board",
}
ALL_STEPS = [(action, state) for action in TRANSITIONS for state in ApplicationState if state != ""]


@pytest.mark.parametrize(("action", "state"), ALL_STEPS, ids=lambda v: str(v))
def test_transition_table_is_enforced_from_every_state(people, action, state):
    application = make(people, state=state)
    transition = TRANSITIONS[action]
    # An action that may lead to several states (amending a decision) is told which.
    target = min(transition.targets)
    to = target if len(transition.targets) > 1 else None

    if state in transition.sources:
        services.application_transition(
            application=application,
            action=action,
            by=people[ACTOR[action]],
            reason="Because.",
            to=to,
        )
        application.refresh_from_db()
        assert application.state == target
        event = application.events.get()
        assert (event.action, event.from_state, event.to_state) == (action, state, target)
        assert event.actor == people[ACTOR[action]]
        assert event.message == "Because."
    else:
        with pytest.raises(services.ApplicationError, match="You cannot do this"):
            services.application_transition(
                application=application,
                action=action,
                by=people[ACTOR[action]],
                reason="x",
                to=to,
            )
        application.refresh_from_db()
        assert application.state == state
        assert not application.events.exists()


@pytest.mark.parametrize(
    ("action", "state", "wrong"),
    [
        (ApplicationAction.SUBMIT, S.DRAFT, "coordinator"),
        (ApplicationAction.WITHDRAW, S.SUBMITTED, "board"),
        (ApplicationAction.REQUEST_INFORMATION, S.SUBMITTED, "lead"),
        (ApplicationAction.REQUEST_INFORMATION, S.SUBMITTED, "board"),
        (ApplicationAction.APPROVE, S.ON_AGENDA, "lead"),
    ],
)
def test_only_the_right_people_take_each_step(people, action, state, wrong):
    application = make(people, state=state)

    with pytest.raises(services.ApplicationError, match="You cannot do this to this application"):
        services.application_transition(
            application=application, action=action, by=people[wrong], reason="x"
        )
    assert Application.objects.get().state == state


def test_another_organisations_lead_cannot_submit(people):
    application = make(people)
    stranger = factories.service_lead()

    with pytest.raises(services.ApplicationError):
        services.application_transition(
            application=application, action=ApplicationAction.SUBMIT, by=stranger
        )


def test_every_reason_asked_for_has_its_own_message():
    """No generic "Give a reason": each error says what is missing, in the question's words."""
    messages = [str(t.reason_missing) for t in TRANSITIONS.values() if t.reason_required]

    assert all(messages)
    assert len(set(messages)) == len(messages)


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (ApplicationAction.REQUEST_INFORMATION, "Enter what information you need from the service"),
        (ApplicationAction.WITHDRAW, "Enter why you are withdrawing the application"),
    ],
)
def test_a_reason_is_required_where_the_table_says_so(people, action, message):
    application = make(people, state=S.SUBMITTED)

    with pytest.raises(ValidationError) as caught:
        services.application_transition(
            application=application, action=action, by=people[ACTOR[action]], reason="   "
        )
    assert caught.value.message_dict == {"reason": [message]}
    assert Application.objects.get().state == S.SUBMITTED


def test_submitting_an_incomplete_draft_is_refused_with_the_first_missing_answer(people):
    application = make(people, context="")

    with pytest.raises(services.ApplicationError, match="Describe your service's context"):
        services.application_transition(
            application=application, action=ApplicationAction.SUBMIT, by=people["lead"]
        )
    assert Application.objects.get().state == S.DRAFT


def test_submission_emails_the_programme_coordinators_after_commit(
    people, django_capture_on_commit_callbacks
):
    application = make(people)

    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(
            application=application, action=ApplicationAction.SUBMIT, by=people["lead"]
        )

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["co@example.org"]
    assert application.reference in mail.outbox[0].subject
    assert f"/applications/{application.pk}/" in mail.outbox[0].body
    assert Application.objects.get().submitted_at is not None


def test_request_for_information_emails_the_applicant_with_the_question(
    people, django_capture_on_commit_callbacks
):
    application = make(people, state=S.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(
            application=application,
            action=ApplicationAction.REQUEST_INFORMATION,
            by=people["coordinator"],
            reason="Please attach last year's data pack.",
        )

    assert mail.outbox[0].to == ["contact@example.org", "lead@example.org"]
    assert "Please attach last year's data pack." in mail.outbox[0].body


def test_no_email_when_the_transaction_rolls_back(people, django_capture_on_commit_callbacks):
    application = make(people)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.application_transition(
            application=application, action=ApplicationAction.SUBMIT, by=people["lead"]
        )

    # The callbacks were queued for commit, not run: nothing leaves before it.
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_creating_twice_with_the_same_token_makes_one_draft(people):
    review_type = factories.ReviewTypeFactory(programme=people["programme"])
    token = uuid.uuid4()

    first = services.application_create(
        organisation=people["organisation"], review_type=review_type, by=people["lead"], token=token
    )
    second = services.application_create(
        organisation=people["organisation"], review_type=review_type, by=people["lead"], token=token
    )

    assert first == second
    assert Application.objects.count() == 1
    assert ApplicationEvent.objects.filter(action=ApplicationAction.CREATE).count() == 1
    assert first.reviewer_days_requested == review_type.reviewer_days


def test_answers_of_a_submitted_application_cannot_be_changed(people):
    application = make(people, state=S.SUBMITTED)

    with pytest.raises(services.ApplicationError, match="can no longer be changed"):
        services.application_update_answers(application=application, context="New text")
    assert Application.objects.get().context != "New text"
