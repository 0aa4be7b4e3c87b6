"""The board's governance, through applications.services: decisions only at a meeting that
has been held and is quorate for the item; decisions between meetings only by a route the
board's terms of reference allow; decisions amended or rescinded with a reason, their past
kept, the service told."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications import governance, selectors, services
from applications.enums import (
    ApplicationAction,
    ApplicationState,
    DecisionChangeKind,
    DecisionOutcome,
    DecisionRoute,
    SubsidyLevel,
)
from applications.models import BoardMeeting, Decision, DecisionChange
from tests import factories
from tests.applications.board import allocation, approve, board_world, on_agenda, terms

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

S = ApplicationState


@pytest.fixture
def board():
    return board_world()


def meeting_on(board, days: int, *, present: int = 4) -> BoardMeeting:
    """A meeting `days` from today (negative: in the past) with `present` members there."""
    meeting = BoardMeeting.objects.create(
        programme=board["programme"],
        held_on=timezone.localdate() + datetime.timedelta(days=days),
        quorum=3,
    )
    meeting.present_members.set(board["members"][:present])
    return meeting


def declare(board, item, member) -> None:
    services.declaration_record(
        item=item, member=member, reason="Former employer", by=board["coordinator"]
    )


# --- The rules, from plain facts ------------------------------------------------------------


def test_a_meeting_not_yet_held_is_refused_with_its_date():
    today = datetime.date(2027, 3, 2)

    refusal = governance.meeting_refusal(
        held_on=datetime.date(2027, 3, 3), today=today, quorum=3, present_without_interest=0
    )

    assert refusal == (
        "This meeting is on 3 March 2027: decisions are recorded once it has been held."
    )


@pytest.mark.parametrize(
    ("present", "expected"),
    [
        (
            1,
            "The meeting is not quorate for this item: 1 member present without an interest, "
            "3 needed.",
        ),
        (
            2,
            "The meeting is not quorate for this item: 2 members present without an interest, "
            "3 needed.",
        ),
        (3, None),
    ],
)
def test_a_meeting_held_today_needs_its_quorum_without_interests(present, expected):
    today = datetime.date(2027, 3, 3)

    refusal = governance.meeting_refusal(
        held_on=today, today=today, quorum=3, present_without_interest=present
    )

    assert refusal == expected


# --- Deciding at a meeting ------------------------------------------------------------------


def test_a_decision_at_a_meeting_not_yet_held_is_refused(board):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    item = on_agenda(board, meeting=meeting_on(board, 1))

    with pytest.raises(services.ApplicationError) as caught:
        approve(board, item)

    assert str(caught.value) == (
        f"This meeting is on {tomorrow.day} {tomorrow:%B} {tomorrow.year}: decisions are "
        "recorded once it has been held."
    )
    assert not Decision.objects.exists()
    item.application.refresh_from_db()
    assert item.application.state == S.ON_AGENDA


def test_a_decision_at_a_meeting_held_today_is_recorded(board):
    item = on_agenda(board, meeting=meeting_on(board, 0))

    decision = approve(board, item)

    assert (decision.route, decision.agenda_item) == (DecisionRoute.MEETING, item)


def test_an_inquorate_meeting_refuses_the_decision(board):
    item = on_agenda(board, meeting=meeting_on(board, -1, present=2))

    with pytest.raises(services.ApplicationError) as caught:
        services.decision_record(
            item=item, by=board["member"], outcome=DecisionOutcome.DECLINED, rationale="No."
        )

    assert str(caught.value) == (
        "The meeting is not quorate for this item: 2 members present without an interest, 3 needed."
    )
    assert not Decision.objects.exists()


def test_members_with_an_interest_do_not_count_towards_the_quorum(board):
    # Four present, quorum three: one declared interest and one who works for the service.
    item = on_agenda(board)
    declare(board, item, board["members"][1])
    factories.service_lead(organisation=item.application.organisation, user=board["members"][2])

    with pytest.raises(services.ApplicationError, match="2 members present without an interest"):
        approve(board, item)

    assert not Decision.objects.exists()


def test_a_batch_names_the_item_that_is_not_quorate_and_records_none(board):
    first, second = on_agenda(board), on_agenda(board)
    board["cycle"].reviewer_days = 100
    board["cycle"].save()
    declare(board, second, board["members"][1])
    declare(board, second, board["members"][2])

    with pytest.raises(services.ApplicationError) as caught:
        services.decisions_record_batch(
            items=[first, second],
            by=board["member"],
            outcome=DecisionOutcome.APPROVED,
            subsidy_level=SubsidyLevel.FULL,
        )

    assert str(caught.value) == (
        f"{second.application.reference}: The meeting is not quorate for this item: 2 members "
        "present without an interest, 3 needed."
    )
    assert not Decision.objects.exists()


def test_the_agenda_says_why_an_item_cannot_be_decided(board):
    quorate, inquorate = on_agenda(board), on_agenda(board)
    declare(board, inquorate, board["members"][1])
    declare(board, inquorate, board["members"][2])
    meeting = selectors.meeting_for_user(user=board["coordinator"], pk=board["meeting"].pk)

    entries = selectors.agenda_for(meeting=meeting)

    assert [entry.refusal for entry in entries] == [
        None,
        "The meeting is not quorate for this item: 2 members present without an interest, "
        "3 needed.",
    ]
    assert [entry.item for entry in entries] == [quorate, inquorate]


def test_recording_attendance_makes_a_meeting_quorate(board):
    meeting = meeting_on(board, -1, present=0)
    item = on_agenda(board, meeting=meeting)

    services.meeting_record_attendance(
        meeting=meeting, present=board["members"][:3], minutes="All items taken."
    )
    decision = approve(board, item)

    assert decision.agenda_item.meeting == meeting


# --- The board's terms of reference ---------------------------------------------------------


def test_terms_are_saved_with_their_history(board):
    saved = services.board_terms_save(
        programme=board["programme"],
        quorum=4,
        chairs_action_allowed=True,
        chair=board["member"],
        written_procedure_allowed=False,
    )

    assert (saved.quorum, saved.chair, saved.allows(DecisionRoute.CHAIRS_ACTION)) == (
        4,
        board["member"],
        True,
    )
    assert saved.history.count() == 1
    assert selectors.terms_for(programme=board["programme"]) == saved


def test_chairs_action_needs_a_chair_from_the_board(board):
    with pytest.raises(ValidationError) as caught:
        services.board_terms_save(
            programme=board["programme"],
            quorum=3,
            chairs_action_allowed=True,
            chair=None,
            written_procedure_allowed=False,
        )
    assert caught.value.message_dict == {
        "chair": ["Choose the board's chair, who takes chair's action"]
    }

    with pytest.raises(ValidationError) as caught:
        services.board_terms_save(
            programme=board["programme"],
            quorum=3,
            chairs_action_allowed=True,
            chair=board["coordinator"],
            written_procedure_allowed=False,
        )
    assert caught.value.message_dict == {"chair": ["Choose a member of this programme's board"]}


def test_a_new_meeting_starts_with_the_terms_quorum(board):
    terms(board, quorum=5)

    assert selectors.terms_for(programme=board["programme"]).quorum == 5


def test_a_programme_without_terms_decides_only_at_meetings(board):
    unsaved = selectors.terms_for(programme=board["programme"])

    assert unsaved.pk is None
    assert unsaved.between_meetings_routes == []
    assert unsaved.quorum == 3


# --- Deciding between meetings --------------------------------------------------------------


def between(board, item, by, route=DecisionRoute.CHAIRS_ACTION, **fields):
    values = (
        {
            "route": route,
            "route_reason": "The service's inspection starts before the next meeting.",
        }
        | allocation(item)
        | fields
    )
    return services.decision_record_between_meetings(item=item, by=by, **values)


def test_the_chair_decides_between_meetings_and_the_service_is_told(
    board, django_capture_on_commit_callbacks
):
    terms(board)
    item = on_agenda(board, meeting=meeting_on(board, 21), contact_email="lead@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        decision = between(board, item, board["member"])

    item.application.refresh_from_db()
    assert item.application.state == S.APPROVED
    assert (decision.route, decision.route_reason, decision.decided_by) == (
        DecisionRoute.CHAIRS_ACTION,
        "The service's inspection starts before the next meeting.",
        board["member"],
    )
    event = item.application.events.get(action=ApplicationAction.APPROVE)
    assert (event.route, event.meeting, event.actor) == (
        DecisionRoute.CHAIRS_ACTION,
        None,
        board["member"],
    )
    [email] = mail.outbox
    assert email.to == ["lead@example.org"]
    assert "decided by chair's action, between board meetings" in email.body
    assert "The service's inspection starts before the next meeting." in email.body


def test_chairs_action_is_refused_where_the_terms_do_not_allow_it(board):
    terms(board, chairs_action_allowed=False, chair=None)
    item = on_agenda(board)

    with pytest.raises(services.ApplicationError) as caught:
        between(board, item, board["member"])

    assert str(caught.value) == (
        f"The {board['programme'].short_name} board's terms of reference do not allow "
        "chair's action."
    )
    assert not Decision.objects.exists()


def test_a_programme_without_terms_does_not_decide_between_meetings(board):
    item = on_agenda(board)

    with pytest.raises(services.ApplicationError, match="do not allow chair's action"):
        between(board, item, board["member"])


def test_only_the_chair_takes_chairs_action(board):
    terms(board)
    item = on_agenda(board)
    other = board["members"][1]

    with pytest.raises(services.ApplicationError) as caught:
        between(board, item, other)
    with pytest.raises(services.ApplicationError):
        between(board, item, board["coordinator"])

    assert (
        str(caught.value) == f"Only the board's chair, {board['member']}, can take chair's action."
    )
    assert not Decision.objects.exists()


def test_a_chair_with_an_interest_cannot_take_chairs_action(board):
    terms(board)
    item = on_agenda(board)
    declare(board, item, board["member"])

    with pytest.raises(services.ApplicationError, match="You have an interest"):
        between(board, item, board["member"])


def test_a_decision_between_meetings_needs_its_reason(board):
    terms(board)
    item = on_agenda(board)

    with pytest.raises(ValidationError) as caught:
        between(board, item, board["member"], route_reason="  ")

    assert caught.value.message_dict == {
        "route_reason": ["Say why the decision cannot wait for a meeting"]
    }


def test_a_written_procedure_needs_the_quorum_in_writing_without_interests(board):
    terms(board)
    item = on_agenda(board)
    declare(board, item, board["members"][3])
    recorder = board["members"][1]

    with pytest.raises(services.ApplicationError) as caught:
        between(
            board,
            item,
            recorder,
            route=DecisionRoute.WRITTEN_PROCEDURE,
            written_agreement=board["members"][:2],
        )
    assert str(caught.value) == (
        "Too few members agreed in writing: 2 without an interest, 3 needed."
    )
    with pytest.raises(ValidationError) as caught:
        between(
            board,
            item,
            recorder,
            route=DecisionRoute.WRITTEN_PROCEDURE,
            written_agreement=board["members"],
        )
    assert caught.value.message_dict == {
        "written_agreement": [
            f"{board['members'][3]} has an interest in this application and takes no part"
        ]
    }

    decision = between(
        board,
        item,
        recorder,
        route=DecisionRoute.WRITTEN_PROCEDURE,
        written_agreement=board["members"][:3],
    )
    assert set(decision.written_agreement.all()) == set(board["members"][:3])
    assert decision.decided_by == recorder


def test_a_coordinator_cannot_record_a_written_procedure(board):
    terms(board)
    item = on_agenda(board)

    with pytest.raises(services.ApplicationError) as caught:
        between(
            board,
            item,
            board["coordinator"],
            route=DecisionRoute.WRITTEN_PROCEDURE,
            written_agreement=board["members"][:3],
        )

    assert str(caught.value) == (
        "Only a member of the board can record a decision by written procedure."
    )


def test_a_decision_between_meetings_still_checks_capacity(board):
    terms(board)
    approve(board, on_agenda(board))  # 30 of 40 reviewer-days
    item = on_agenda(board, meeting=meeting_on(board, 21))

    with pytest.raises(ValidationError) as caught:
        between(board, item, board["member"])

    assert "override_reason" in caught.value.message_dict


# --- Amending and rescinding ----------------------------------------------------------------


def amend(board, decision, by=None, **fields):
    values = (
        {
            "reason": "The service asked for the review to move a month later.",
            "route": DecisionRoute.MEETING,
            "meeting": board["meeting"],
        }
        | allocation(decision.agenda_item)
        | fields
    )
    return services.decision_amend(decision=decision, by=by or board["member"], **values)


def test_amending_an_approval_keeps_what_it_was_and_tells_the_service(
    board, django_capture_on_commit_callbacks
):
    item = on_agenda(board, contact_email="lead@example.org")
    decision = approve(board, item)
    later_start = item.application.window_starts_on + datetime.timedelta(days=30)
    later_end = item.application.window_ends_on + datetime.timedelta(days=30)

    with django_capture_on_commit_callbacks(execute=True):
        amended = amend(
            board,
            decision,
            reviewer_days=20,
            window_starts_on=later_start,
            window_ends_on=later_end,
        )

    assert (amended.pk, amended.reviewer_days, amended.window_starts_on) == (
        decision.pk,
        20,
        later_start,
    )
    change = DecisionChange.objects.get()
    assert (change.kind, change.reason, change.changed_by, change.meeting) == (
        DecisionChangeKind.AMENDED,
        "The service asked for the review to move a month later.",
        board["member"],
        board["meeting"],
    )
    assert (change.previous_outcome, change.previous_reviewer_days) == (
        DecisionOutcome.APPROVED,
        30,
    )
    assert change.previous_window_starts_on == item.application.window_starts_on
    event = item.application.events.get(action=ApplicationAction.AMEND_DECISION)
    assert (event.from_state, event.to_state, event.message) == (
        S.APPROVED,
        S.APPROVED,
        "The service asked for the review to move a month later.",
    )
    [email] = mail.outbox
    assert email.to == ["lead@example.org"]
    assert email.subject == f"{item.application.reference}: the board has amended its decision"
    assert "20 reviewer-days" in email.body
    assert "The service asked for the review to move a month later." in email.body
    assert selectors.capacity_for(cycle=board["cycle"]).reviewer_days_allocated == 20


def test_an_amendment_needs_a_reason(board):
    decision = approve(board, on_agenda(board))

    with pytest.raises(ValidationError) as caught:
        amend(board, decision, reason=" ")

    assert caught.value.message_dict == {"reason": ["Say why the decision changes"]}
    assert not DecisionChange.objects.exists()


def test_an_amended_approval_is_checked_against_capacity_less_its_own(board):
    decision = approve(board, on_agenda(board))  # 30 of 40 reviewer-days

    # 40 fits: the approval's own 30 are given back before the 40 are counted.
    amend(board, decision, reviewer_days=40)
    with pytest.raises(ValidationError) as caught:
        amend(board, decision, reviewer_days=41)
    assert "override_reason" in caught.value.message_dict

    amended = amend(board, decision, reviewer_days=41, override_reason="Urgent.")
    assert (amended.over_capacity, amended.override_reason) == (True, "Urgent.")
    assert selectors.capacity_for(cycle=board["cycle"]).reviewer_days_allocated == 41


def test_amending_an_approval_to_a_decline_frees_its_allocation(board):
    item = on_agenda(board)
    decision = approve(board, item)

    amended = amend(
        board,
        decision,
        outcome=DecisionOutcome.DECLINED,
        rationale="The service has merged with its neighbour.",
        reviewer_days=30,
    )

    item.application.refresh_from_db()
    assert item.application.state == S.DECLINED
    assert (amended.outcome, amended.reviewer_days, amended.funding) == (
        DecisionOutcome.DECLINED,
        0,
        Decimal(0),
    )
    assert selectors.capacity_for(cycle=board["cycle"]).reviewer_days_allocated == 0


def test_rescinding_an_approval_returns_the_application_to_wait_for_an_agenda(
    board, django_capture_on_commit_callbacks
):
    item = on_agenda(board, contact_email="lead@example.org")
    decision = approve(board, item)

    with django_capture_on_commit_callbacks(execute=True):
        services.decision_rescind(
            decision=decision,
            by=board["member"],
            reason="The service's partnership has been suspended.",
            route=DecisionRoute.MEETING,
            meeting=board["meeting"],
        )

    decision.refresh_from_db()
    item.application.refresh_from_db()
    assert decision.rescinded is True
    assert decision.outcome == DecisionOutcome.APPROVED  # what the board had decided
    assert item.application.state == S.SUBMITTED
    assert DecisionChange.objects.get().kind == DecisionChangeKind.RESCINDED
    event = item.application.events.get(action=ApplicationAction.RESCIND_DECISION)
    assert (event.from_state, event.to_state) == (S.APPROVED, S.SUBMITTED)
    assert selectors.capacity_for(cycle=board["cycle"]).reviewer_days_allocated == 0
    later = meeting_on(board, 21)
    assert list(selectors.applications_ready_for(meeting=later)) == [item.application]
    [email] = mail.outbox
    assert email.subject == f"{item.application.reference}: the board has rescinded its decision"
    assert "The service's partnership has been suspended." in email.body


def test_a_rescinded_decision_cannot_be_changed_again(board):
    decision = approve(board, on_agenda(board))
    services.decision_rescind(
        decision=decision,
        by=board["member"],
        reason="Suspended.",
        route=DecisionRoute.MEETING,
        meeting=board["meeting"],
    )

    with pytest.raises(services.ApplicationError, match="has been rescinded"):
        amend(board, decision)
    with pytest.raises(services.ApplicationError, match="has been rescinded"):
        services.decision_rescind(
            decision=decision,
            by=board["member"],
            reason="Again.",
            route=DecisionRoute.MEETING,
            meeting=board["meeting"],
        )
    assert DecisionChange.objects.count() == 1


def test_a_deferral_cannot_be_rescinded(board):
    decision = services.decision_record(
        item=on_agenda(board),
        by=board["member"],
        outcome=DecisionOutcome.DEFERRED,
        rationale="Need the plan.",
    )

    with pytest.raises(services.ApplicationError, match="You cannot do this"):
        services.decision_rescind(
            decision=decision,
            by=board["member"],
            reason="x",
            route=DecisionRoute.MEETING,
            meeting=board["meeting"],
        )


def test_only_the_standing_decision_can_be_changed(board):
    # Deferred, then approved at a later meeting: the deferral is history.
    item = on_agenda(board)
    deferral = services.decision_record(
        item=item, by=board["member"], outcome=DecisionOutcome.DEFERRED, rationale="Need data."
    )
    later = meeting_on(board, 0)
    approve(board, on_agenda_again(board, item.application, later))

    with pytest.raises(services.ApplicationError, match="A later decision"):
        amend(board, deferral)


def on_agenda_again(board, application, meeting):
    [item] = services.agenda_add(
        meeting=meeting, applications=[application], by=board["coordinator"]
    )
    return item


def test_an_amendment_follows_the_same_governance(board):
    decision = approve(board, on_agenda(board))
    not_held = meeting_on(board, 7)
    inquorate = meeting_on(board, -1, present=2)

    with pytest.raises(services.ApplicationError, match="once it has been held"):
        amend(board, decision, meeting=not_held)
    with pytest.raises(services.ApplicationError, match="not quorate for this item"):
        amend(board, decision, meeting=inquorate)
    with pytest.raises(services.ApplicationError, match="do not allow chair's action"):
        amend(board, decision, route=DecisionRoute.CHAIRS_ACTION, meeting=None)
    terms(board)
    amended = amend(board, decision, route=DecisionRoute.CHAIRS_ACTION, meeting=None)

    assert amended.changes.get().route == DecisionRoute.CHAIRS_ACTION


def test_an_amendment_is_agreed_at_a_meeting_on_or_after_the_decision(board):
    earlier = meeting_on(board, -30)
    decision = approve(board, on_agenda(board))

    with pytest.raises(ValidationError) as caught:
        amend(board, decision, meeting=earlier)

    decided = board["meeting"].held_on
    assert caught.value.message_dict == {
        "meeting": [
            f"Choose a meeting held on or after {decided.day} {decided:%B} {decided.year}, "
            "when the board made this decision"
        ]
    }


def test_a_member_with_an_interest_cannot_amend(board):
    item = on_agenda(board)
    decision = approve(board, item)
    interested = board["members"][3]
    factories.service_lead(organisation=item.application.organisation, user=interested)

    with pytest.raises(services.ApplicationError, match="You have an interest"):
        amend(board, decision, by=interested)
