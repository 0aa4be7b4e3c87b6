"""The board's governance on its pages: a meeting that cannot decide an item says why instead
of offering a form that would fail; attendance makes a meeting quorate; the terms of
reference page; deciding between meetings; amending and rescinding a decision; the decision
form showing the application and asking for an allocation only on approval."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape

from applications import services
from applications.enums import (
    ApplicationAction,
    ApplicationState,
    DecisionChangeKind,
    DecisionOutcome,
    DecisionRoute,
)
from applications.models import BoardMeeting, BoardTerms, Decision
from tests import factories
from tests.applications.board import approve, board_world, on_agenda, terms
from tests.queries import queries_for_get

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

S = ApplicationState


@pytest.fixture
def board():
    return board_world()


def future_meeting(board, days=21) -> BoardMeeting:
    return BoardMeeting.objects.create(
        programme=board["programme"],
        held_on=timezone.localdate() + datetime.timedelta(days=days),
        quorum=3,
    )


def long_date(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def date_fields(name: str, value: datetime.date) -> dict[str, str]:
    return {
        f"{name}_0": str(value.day),
        f"{name}_1": str(value.month),
        f"{name}_2": str(value.year),
    }


def errors_of(response) -> list[str]:
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in response.content.decode()
    return [str(e) for errors in response.context["form"].errors.values() for e in errors]


def decide_url(item) -> str:
    return reverse("board:decide", args=[item.meeting_id, item.pk])


# --- A meeting that cannot decide says why ---------------------------------------------------


def test_a_meeting_not_yet_held_says_so_and_offers_no_decision(client, board):
    meeting = future_meeting(board)
    item = on_agenda(board, meeting=meeting)
    on_agenda(board, meeting=meeting)
    client.force_login(board["member"])

    page = client.get(meeting.get_absolute_url()).content.decode()

    reason = (
        f"This meeting is on {long_date(meeting.held_on)}: decisions are recorded once it has "
        "been held."
    )
    assert reason in page
    assert decide_url(item) not in page
    assert reverse("board:decide_batch", args=[meeting.pk]) not in page


def test_an_item_the_meeting_is_not_quorate_for_shows_why(client, board):
    quorate, inquorate = on_agenda(board), on_agenda(board)
    for member in board["members"][1:3]:
        services.declaration_record(
            item=inquorate, member=member, reason="Friend", by=board["coordinator"]
        )
    client.force_login(board["coordinator"])

    page = client.get(board["meeting"].get_absolute_url()).content.decode()

    assert decide_url(quorate) in page
    assert decide_url(inquorate) not in page
    assert (
        "The meeting is not quorate for this item: 2 members present without an interest, "
        "3 needed." in page
    )


def test_the_decision_page_of_a_meeting_not_held_shows_why_and_no_form(client, board):
    item = on_agenda(board, meeting=future_meeting(board))
    client.force_login(board["member"])

    page = client.get(decide_url(item)).content.decode()
    response = client.post(decide_url(item), {"outcome": "declined", "rationale": "No."})

    assert "decisions are recorded once it has been held" in page
    assert "Record the decision" not in page
    assert errors_of(response) == [
        f"This meeting is on {long_date(item.meeting.held_on)}: decisions are recorded once "
        "it has been held."
    ]
    assert not Decision.objects.exists()


def test_deciding_several_at_a_meeting_not_held_shows_why_and_no_form(client, board):
    meeting = future_meeting(board)
    on_agenda(board, meeting=meeting)
    on_agenda(board, meeting=meeting)
    client.force_login(board["member"])

    page = client.get(reverse("board:decide_batch", args=[meeting.pk])).content.decode()

    assert "decisions are recorded once it has been held" in page
    assert "Record the decisions" not in page


def test_deciding_several_offers_only_the_items_the_meeting_can_decide(client, board):
    quorate, inquorate = on_agenda(board), on_agenda(board)
    for member in board["members"][1:3]:
        services.declaration_record(
            item=inquorate, member=member, reason="Friend", by=board["coordinator"]
        )
    client.force_login(board["coordinator"])

    response = client.get(reverse("board:decide_batch", args=[board["meeting"].pk]))

    assert list(response.context["form"].fields["items"].queryset) == [quorate]
    assert (
        f"{inquorate.application.reference}, {inquorate.application.organisation.name}: The "
        "meeting is not quorate for this item: 2 members present without an interest, 3 "
        "needed." in response.content.decode()
    )


def test_recording_attendance_lets_the_meeting_decide(client, board):
    meeting = BoardMeeting.objects.create(
        programme=board["programme"], held_on=timezone.localdate(), quorum=3
    )
    item = on_agenda(board, meeting=meeting)
    client.force_login(board["coordinator"])
    url = reverse("board:attendance", args=[meeting.pk])

    form_page = client.get(url).content.decode()
    response = client.post(
        url,
        {"present_members": [m.pk for m in board["members"][:3]], "minutes": "Quorate."},
    )
    page = client.get(meeting.get_absolute_url()).content.decode()

    assert "Who was present?" in form_page
    assert response["Location"] == meeting.get_absolute_url()
    assert set(meeting.present_members.all()) == set(board["members"][:3])
    assert "3 present; the quorum is 3." in page
    assert decide_url(item) in page


def test_members_counted_for_a_decision_cannot_be_taken_off_the_attendance(client, board):
    """Found in review of issue 11: attendance changed after the meeting decided could make
    its decisions inquorate after the fact."""
    meeting = board["meeting"]
    approve(board, on_agenda(board))
    client.force_login(board["coordinator"])
    url = reverse("board:attendance", args=[meeting.pk])
    present = [m.pk for m in board["members"]]

    refused = client.post(url, {"present_members": present[:2], "minutes": "Changed."})
    added = client.post(url, {"present_members": present, "minutes": "Changed."})

    assert "cannot be taken off the attendance" in refused.content.decode()
    assert added.status_code == 302
    assert meeting.present_members.count() == 4
    meeting.refresh_from_db()
    assert meeting.minutes == "Changed."


# --- The terms of reference ------------------------------------------------------------------


def terms_url(board) -> str:
    return reverse("board:terms", args=[board["programme"].pk])


def test_a_coordinator_sets_the_boards_terms(client, board):
    client.force_login(board["coordinator"])

    form_page = client.get(terms_url(board))
    response = client.post(
        terms_url(board),
        {"quorum": "4", "routes": ["chairs_action"], "chair": board["member"].pk},
    )
    meetings = client.get(reverse("board:meetings")).content.decode()

    assert form_page.status_code == 200
    assert response["Location"] == reverse("board:meetings")
    saved = BoardTerms.objects.get(programme=board["programme"])
    assert (saved.quorum, saved.chair, saved.chairs_action_allowed) == (4, board["member"], True)
    assert saved.written_procedure_allowed is False
    assert escape("Between meetings: Chair's action.") in meetings
    assert escape(f"Chair: {board['member']}.") in meetings


def test_the_terms_form_says_what_is_missing_and_keeps_the_answers(client, board):
    client.force_login(board["coordinator"])

    response = client.post(terms_url(board), {"quorum": "4", "routes": ["chairs_action"]})

    assert errors_of(response) == ["Choose the board's chair, who takes chair's action"]
    assert 'value="4"' in response.content.decode()
    assert not BoardTerms.objects.exists()


def test_a_new_meeting_offers_the_terms_quorum(client, board):
    terms(board, quorum=5)
    client.force_login(board["coordinator"])

    page = client.get(reverse("board:meeting_new"), {"programme": board["programme"].pk})

    assert page.context["form"].initial["quorum"] == 5


# --- Deciding between meetings ---------------------------------------------------------------


def between_url(item) -> str:
    return reverse("board:decide_between", args=[item.meeting_id, item.pk])


def test_the_chair_is_offered_to_decide_between_meetings(client, board):
    terms(board, written_procedure_allowed=False)
    item = on_agenda(board, meeting=future_meeting(board))

    client.force_login(board["member"])
    chairs_page = client.get(item.meeting.get_absolute_url()).content.decode()
    client.force_login(board["members"][1])
    others_page = client.get(item.meeting.get_absolute_url()).content.decode()

    assert between_url(item) in chairs_page
    assert between_url(item) not in others_page


def test_the_chair_decides_between_meetings_through_the_page(client, board):
    terms(board)
    item = on_agenda(board, meeting=future_meeting(board))
    application = item.application
    client.force_login(board["member"])

    page = client.get(between_url(item)).content.decode()
    response = client.post(
        between_url(item),
        {
            "route": "chairs_action",
            "route_reason": "The inspection starts before the meeting.",
            "outcome": "approved",
            "reviewer_days": "30",
            "funding": "6000",
            "subsidy_level": "full",
            **date_fields("window_starts_on", application.window_starts_on),
            **date_fields("window_ends_on", application.window_ends_on),
        },
    )
    detail = client.get(application.get_absolute_url()).content.decode()

    assert escape("Chair's action") in page
    assert response["Location"] == item.meeting.get_absolute_url()
    decision = Decision.objects.get()
    assert (decision.route, decision.decided_by) == (DecisionRoute.CHAIRS_ACTION, board["member"])
    assert "Chair&#x27;s action" in detail
    assert "The inspection starts before the meeting." in detail


def test_a_written_procedure_through_the_page_names_who_agreed(client, board):
    terms(board)
    item = on_agenda(board, meeting=future_meeting(board))
    recorder = board["members"][1]
    client.force_login(recorder)

    refused = client.post(
        between_url(item),
        {
            "route": "written_procedure",
            "route_reason": "Urgent.",
            "outcome": "declined",
            "rationale": "Out of scope.",
        },
    )
    response = client.post(
        between_url(item),
        {
            "route": "written_procedure",
            "written_agreement": [m.pk for m in board["members"][:3]],
            "route_reason": "Urgent.",
            "outcome": "declined",
            "rationale": "Out of scope.",
        },
    )

    assert errors_of(refused) == ["Select the members who agreed in writing"]
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert set(decision.written_agreement.all()) == set(board["members"][:3])


def test_the_between_meetings_page_explains_when_the_board_cannot(client, board):
    item = on_agenda(board, meeting=future_meeting(board))
    client.force_login(board["member"])

    page = client.get(between_url(item)).content.decode()

    assert "do not allow decisions between meetings" in page
    assert "Record the decision" not in page


# --- Amending and rescinding -----------------------------------------------------------------


def amend_url(decision) -> str:
    return reverse("board:decision_amend", args=[decision.pk])


def rescind_url(decision) -> str:
    return reverse("board:decision_rescind", args=[decision.pk])


def test_the_application_page_offers_the_board_to_amend_or_rescind(client, board):
    decision = approve(board, on_agenda(board))
    lead = factories.service_lead(organisation=decision.application.organisation)

    client.force_login(board["member"])
    boards_page = client.get(decision.application.get_absolute_url()).content.decode()
    client.force_login(lead)
    services_page = client.get(decision.application.get_absolute_url()).content.decode()

    assert amend_url(decision) in boards_page
    assert rescind_url(decision) in boards_page
    assert amend_url(decision) not in services_page


def test_amending_through_the_page_keeps_the_decision_before(client, board):
    item = on_agenda(board)
    decision = approve(board, item)
    application = item.application
    client.force_login(board["member"])

    form_page = client.get(amend_url(decision))
    response = client.post(
        amend_url(decision),
        {
            "outcome": "approved",
            "reviewer_days": "20",
            # As people write money: the pound sign, a comma, spaces.
            "funding": " £ 5,500.50 ",
            "subsidy_level": "full",
            **date_fields("window_starts_on", application.window_starts_on),
            **date_fields("window_ends_on", application.window_ends_on),
            "reason": "The service needs fewer days.",
            "route": "meeting",
            "meeting": board["meeting"].pk,
        },
    )
    detail = client.get(application.get_absolute_url()).content.decode()

    assert form_page.context["form"].initial["reviewer_days"] == 30
    assert response["Location"] == application.get_absolute_url()
    decision.refresh_from_db()
    assert (decision.reviewer_days, decision.funding) == (20, Decimal("5500.50"))
    assert "The service needs fewer days." in detail
    # Money one way: thousands separated, pence only where there are any.
    assert "Before: Approved, 30 reviewer-days; £6,000;" in detail
    assert "20 reviewer-days; £5,500.50" in detail
    assert str(ApplicationAction.AMEND_DECISION.label) in detail


def test_amending_keeps_what_was_typed_when_refused(client, board):
    decision = approve(board, on_agenda(board))
    client.force_login(board["member"])

    response = client.post(
        amend_url(decision),
        {"outcome": "declined", "rationale": "", "reason": "Changed.", "route": "meeting"},
    )

    assert errors_of(response) == ["Choose the meeting that agreed it"]
    assert "Changed." in response.content.decode()
    decision.refresh_from_db()
    assert decision.outcome == DecisionOutcome.APPROVED


def test_rescinding_through_the_page_needs_a_reason(client, board):
    decision = approve(board, on_agenda(board))
    client.force_login(board["member"])
    data = {"route": "meeting", "meeting": board["meeting"].pk}

    refused = client.post(rescind_url(decision), data | {"reason": ""})
    response = client.post(rescind_url(decision), data | {"reason": "Partnership suspended."})
    detail = client.get(decision.application.get_absolute_url()).content.decode()

    assert errors_of(refused) == ["Say why the decision is rescinded"]
    assert response["Location"] == decision.application.get_absolute_url()
    decision.refresh_from_db()
    assert decision.rescinded is True
    assert decision.changes.get().kind == DecisionChangeKind.RESCINDED
    assert "Partnership suspended." in detail
    assert "Rescinded" in detail
    assert rescind_url(decision) not in detail


def test_a_rescinded_decision_cannot_be_amended_through_the_page(client, board):
    decision = approve(board, on_agenda(board))
    services.decision_rescind(
        decision=decision,
        by=board["member"],
        reason="Suspended.",
        route=DecisionRoute.MEETING,
        meeting=board["meeting"],
    )
    client.force_login(board["member"])

    response = client.get(amend_url(decision))

    assert response["Location"] == decision.application.get_absolute_url()


def test_the_application_page_runs_a_fixed_number_of_queries_with_changes(client, board):
    client.force_login(board["member"])
    terms(board)
    decision = approve(board, on_agenda(board))
    url = decision.application.get_absolute_url()

    def amend(n):
        services.decision_amend(
            decision=decision,
            by=board["member"],
            reason=f"Change {n}.",
            route=DecisionRoute.WRITTEN_PROCEDURE,
            written_agreement=board["members"][:3],
            outcome=DecisionOutcome.APPROVED,
            reviewer_days=20 + n,
            funding=Decimal(6000),
            subsidy_level="full",
            window_starts_on=decision.window_starts_on,
            window_ends_on=decision.window_ends_on,
        )

    amend(0)
    one = queries_for_get(client, url)
    for n in range(1, 4):
        amend(n)

    assert queries_for_get(client, url) == one


# --- The decision form -----------------------------------------------------------------------


def summary_rows(page: str) -> dict[str, str]:
    """The page's summary list rows, key to value, as text."""
    rows = re.findall(
        r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*'
        r'<dd class="govuk-summary-list__value">(.*?)</dd>',
        page,
        flags=re.S,
    )
    text = lambda html: " ".join(re.sub(r"<[^>]+>", " ", html).split())  # noqa: E731
    return {text(key): text(value) for key, value in rows}


def test_the_decision_form_shows_the_application_it_decides(client, board):
    item = on_agenda(board)
    application = item.application
    client.force_login(board["member"])

    page = client.get(decide_url(item)).content.decode()

    rows = summary_rows(page)
    assert {key: rows.get(key) for key in ("Application", "Service", "Offer")} == {
        "Application": application.reference,
        "Service": application.organisation.name,
        "Offer": application.review_type.name,
    }
    assert rows["Reviewer-days asked for"] == str(application.reviewer_days_requested)
    assert application.funding_requested == Decimal("6000.00")
    assert rows["Funding asked for"] == "£6,000"
    assert rows["Preferred window"] == (
        f"{long_date(application.window_starts_on)} to {long_date(application.window_ends_on)}"
    )


def test_the_allocation_is_revealed_under_approve_only(client, board):
    item = on_agenda(board)
    client.force_login(board["member"])

    page = client.get(decide_url(item)).content.decode()

    approve_radio = re.search(r'<input[^>]*id="id_outcome_1"[^>]*>', page).group(0)
    decline_radio = re.search(r'<input[^>]*id="id_outcome_2"[^>]*>', page).group(0)
    assert 'value="approved"' in approve_radio
    assert 'data-aria-controls="conditional-id_outcome_1"' in approve_radio
    assert "data-aria-controls" not in decline_radio
    revealed = page.split('id="conditional-id_outcome_1"', 1)[1].split('id="id_outcome_2"')[0]
    for name in ("reviewer_days", "funding", "subsidy_level", "window_starts_on_0"):
        assert f'name="{name}"' in revealed, name
    assert 'name="rationale"' not in revealed


def test_a_decline_ignores_whatever_was_typed_for_an_allocation(client, board):
    item = on_agenda(board)
    client.force_login(board["member"])

    response = client.post(
        decide_url(item),
        {
            "outcome": "declined",
            "rationale": "Out of scope.",
            "reviewer_days": "thirty",
            "funding": "-5",
            "window_starts_on_0": "31",
            "window_starts_on_1": "2",
            "window_starts_on_2": "2027",
        },
    )

    assert response["Location"] == item.meeting.get_absolute_url()
    decision = Decision.objects.get()
    assert (decision.outcome, decision.reviewer_days, decision.funding) == (
        DecisionOutcome.DECLINED,
        0,
        Decimal(0),
    )
    assert decision.window_starts_on is None
