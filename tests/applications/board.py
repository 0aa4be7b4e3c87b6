"""A programme board to test decisions with: a held meeting at which four board members were
present (the quorum is three), a cycle with room for one 30-day approval, and helpers that
put applications on the agenda and approve them."""

import datetime
from decimal import Decimal

from django.utils import timezone

from applications import services
from applications.enums import ApplicationState, DecisionOutcome, SubsidyLevel
from applications.models import AgendaItem, BoardMeeting, BoardTerms, Decision
from tests import factories


def board_world() -> dict:
    programme = factories.ProgrammeFactory()
    cycle = factories.CycleFactory(programme=programme, reviewer_days=40, funding=Decimal(10000))
    members = [factories.board_member(programme=programme) for _ in range(4)]
    meeting = BoardMeeting.objects.create(
        programme=programme,
        held_on=timezone.localdate() - datetime.timedelta(days=7),
        quorum=3,
    )
    meeting.present_members.set(members)
    return {
        "programme": programme,
        "cycle": cycle,
        "review_type": factories.ReviewTypeFactory(programme=programme),
        "meeting": meeting,
        "coordinator": factories.coordinator(programme=programme),
        "member": members[0],
        "members": members,
    }


def on_agenda(board: dict, meeting: BoardMeeting | None = None, **fields) -> AgendaItem:
    """A submitted application put on the agenda of `meeting` (the board's held one)."""
    application = factories.ApplicationFactory(
        review_type=board["review_type"],
        cycle=board["cycle"],
        state=ApplicationState.SUBMITTED,
        **fields,
    )
    [item] = services.agenda_add(
        meeting=meeting or board["meeting"], applications=[application], by=board["coordinator"]
    )
    return item


def allocation(item: AgendaItem, **overrides) -> dict:
    """An approval of 30 reviewer-days and £6,000 in the application's preferred window."""
    application = item.application
    return {
        "outcome": DecisionOutcome.APPROVED,
        "reviewer_days": 30,
        "funding": Decimal(6000),
        "subsidy_level": SubsidyLevel.FULL,
        "window_starts_on": application.window_starts_on,
        "window_ends_on": application.window_ends_on,
    } | overrides


def approve(board: dict, item: AgendaItem, **overrides) -> Decision:
    return services.decision_record(item=item, by=board["member"], **allocation(item, **overrides))


def terms(board: dict, **fields) -> BoardTerms:
    """The board's terms of reference: chair's action (by the first member) and written
    procedure allowed, quorum three, unless `fields` say otherwise."""
    values = {
        "quorum": 3,
        "chairs_action_allowed": True,
        "chair": board["member"],
        "written_procedure_allowed": True,
    } | fields
    return BoardTerms.objects.create(programme=board["programme"], **values)
