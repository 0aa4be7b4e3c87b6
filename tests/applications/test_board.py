"""Board meetings: agendas, declarations of interest, decisions (one and several), and the
capacity check with its override."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from applications import selectors, services
from applications.enums import ApplicationState, DecisionOutcome, SubsidyLevel
from applications.models import AgendaItem, BoardMeeting, Decision
from tests import factories
from tests.applications.board import approve, board_world, on_agenda

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

S = ApplicationState


@pytest.fixture
def board():
    return board_world()


def test_moving_an_item_swaps_it_with_its_neighbour(board):
    first, second, third = (on_agenda(board) for _ in range(3))

    services.agenda_move(item=third, up=True)

    order = list(board["meeting"].items.order_by("position").values_list("pk", flat=True))
    assert order == [first.pk, third.pk, second.pk]


def test_approval_records_the_allocation_and_tells_the_applicant(
    board, django_capture_on_commit_callbacks
):
    item = on_agenda(board, contact_email="contact@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        decision = approve(board, item)

    item.application.refresh_from_db()
    assert item.application.state == S.APPROVED
    assert (decision.reviewer_days, decision.funding, decision.over_capacity) == (
        30,
        Decimal(6000),
        False,
    )
    [email] = mail.outbox
    assert email.to == ["contact@example.org"]
    assert "approved" in email.subject
    assert "Resource allocated: 30 reviewer-days; £6,000 (" in email.body


@pytest.mark.parametrize("outcome", [DecisionOutcome.DECLINED, DecisionOutcome.DEFERRED])
def test_decline_and_defer_need_a_rationale(board, outcome):
    item = on_agenda(board)

    with pytest.raises(ValidationError) as caught:
        services.decision_record(item=item, by=board["member"], outcome=outcome, rationale=" ")

    assert caught.value.message_dict == {"rationale": ["Give the reason for the decision"]}
    assert not Decision.objects.exists()
    assert AgendaItem.objects.get().application.state == S.ON_AGENDA


def test_a_deferred_application_can_go_on_a_later_agenda(board):
    item = on_agenda(board)
    services.decision_record(
        item=item, by=board["member"], outcome=DecisionOutcome.DEFERRED, rationale="Need data."
    )
    later = BoardMeeting.objects.create(
        programme=board["programme"], held_on=datetime.date(2027, 6, 1)
    )

    assert list(selectors.applications_ready_for(meeting=later)) == [item.application]
    services.agenda_add(meeting=later, applications=[item.application], by=board["coordinator"])

    item.application.refresh_from_db()
    assert item.application.state == S.ON_AGENDA


def test_member_of_the_applying_service_is_flagged_and_cannot_decide(board):
    item = on_agenda(board)
    member = board["member"]
    factories.improvement_board_member(organisation=item.application.organisation, user=member)

    [entry] = selectors.agenda_for(meeting=board["meeting"])
    assert entry.conflicted_ids == {member.pk}
    with pytest.raises(services.ApplicationError, match="You have an interest"):
        approve(board, item)
    assert not Decision.objects.exists()


def test_declared_interest_stops_that_member_deciding_but_not_others(board):
    item = on_agenda(board)
    other = factories.board_member(programme=board["programme"])
    services.declaration_record(
        item=item, member=board["member"], reason="Former employer", by=board["coordinator"]
    )

    with pytest.raises(services.ApplicationError, match="Former employer"):
        approve(board, item)
    services.decision_record(
        item=item, by=other, outcome=DecisionOutcome.DECLINED, rationale="Out of scope."
    )
    assert Decision.objects.get().decided_by == other


def test_declaring_twice_is_refused(board):
    item = on_agenda(board)
    services.declaration_record(
        item=item, member=board["member"], reason="Friend", by=board["member"]
    )

    with pytest.raises(ValidationError):
        services.declaration_record(
            item=item, member=board["member"], reason="Friend", by=board["member"]
        )


def test_approving_past_capacity_needs_an_override_reason(board):
    first, second = on_agenda(board), on_agenda(board)
    approve(board, first)  # 30 of 40 reviewer-days

    with pytest.raises(ValidationError) as caught:
        approve(board, second)
    assert "override_reason" in caught.value.message_dict
    second.application.refresh_from_db()
    assert second.application.state == S.ON_AGENDA

    decision = approve(board, second, override_reason="Urgent after inspection.")
    assert decision.over_capacity is True
    capacity = selectors.capacity_for(cycle=board["cycle"])
    assert capacity.reviewer_days_allocated == 60
    assert capacity.reviewer_days_remaining == -20


def test_capacity_counts_allocations_and_pending_requests(board):
    approve(board, on_agenda(board))
    factories.ApplicationFactory(
        review_type=board["review_type"], cycle=board["cycle"], state=S.SUBMITTED
    )
    factories.ApplicationFactory(
        review_type=board["review_type"], cycle=board["cycle"], state=S.DRAFT
    )

    capacity = selectors.capacity_for(cycle=board["cycle"])

    assert (capacity.reviewer_days_allocated, capacity.reviewer_days_pending) == (30, 30)
    assert (capacity.funding_allocated, capacity.funding_pending) == (Decimal(6000), Decimal(6000))
    assert capacity.oversubscribed is True
    assert (capacity.approved_count, capacity.pending_count) == (1, 1)


def test_batch_decision_records_each_item_with_its_request(board):
    items = [on_agenda(board) for _ in range(2)]
    board["cycle"].reviewer_days = 100
    board["cycle"].funding = Decimal(20000)
    board["cycle"].save()

    decisions = services.decisions_record_batch(
        items=items, by=board["member"], outcome="approved", subsidy_level=SubsidyLevel.PARTIAL
    )

    assert [d.reviewer_days for d in decisions] == [30, 30]
    assert [d.window_starts_on for d in decisions] == [
        i.application.window_starts_on for i in items
    ]
    assert {i.application.state for i in AgendaItem.objects.all()} == {S.APPROVED}


def test_batch_decision_is_all_or_nothing(board):
    items = [on_agenda(board) for _ in range(2)]  # 60 reviewer-days asked, 40 available

    with pytest.raises(ValidationError):
        services.decisions_record_batch(
            items=items, by=board["member"], outcome="approved", subsidy_level=SubsidyLevel.FULL
        )

    assert not Decision.objects.exists()
    assert {i.application.state for i in AgendaItem.objects.all()} == {S.ON_AGENDA}


def test_a_decided_item_cannot_be_decided_again_or_removed(board):
    item = on_agenda(board)
    approve(board, item)

    with pytest.raises(services.ApplicationError, match="already been decided"):
        approve(board, item)
    with pytest.raises(services.ApplicationError, match="stays on the agenda"):
        services.agenda_remove(item=AgendaItem.objects.get(), by=board["coordinator"])
    assert Decision.objects.count() == 1


def test_a_meeting_names_its_date_in_the_language_of_the_page(board):
    meeting = BoardMeeting.objects.create(
        programme=board["programme"], held_on=datetime.date(2027, 3, 1)
    )

    with translation.override("cy"):
        welsh = str(meeting)
    with translation.override("en-gb"):
        english = str(meeting)

    assert english == f"{board['programme'].short_name} board, 1 March 2027"
    assert welsh.endswith("1 Mawrth 2027")
