"""Whether the programme board may take a decision, from plain facts: the meeting's date and
who was present without an interest, or the route between meetings and the board's terms.
Each function answers with the reason in plain words when the board may not, or None.

The services ask these before recording a decision (and refuse with the reason); the
board's pages ask them to show the reason instead of offering a form that would fail."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .enums import ApplicationState, DecisionRoute


def not_held_refusal(*, held_on: datetime.date, today: datetime.date) -> str | None:
    """Why a meeting may not decide anything yet: it has not been held."""
    if held_on > today:
        return _("This meeting is on %(date)s: decisions are recorded once it has been held.") % {
            "date": date_format(held_on, "j F Y")
        }
    return None


def meeting_refusal(
    *, held_on: datetime.date, today: datetime.date, quorum: int, present_without_interest: int
) -> str | None:
    """Why a meeting may not decide an item: it has not been held yet, or too few members
    were present who have no interest in the item."""
    if refusal := not_held_refusal(held_on=held_on, today=today):
        return refusal
    if present_without_interest < quorum:
        return ngettext(
            "The meeting is not quorate for this item: %(present)d member present without an "
            "interest, %(quorum)d needed.",
            "The meeting is not quorate for this item: %(present)d members present without "
            "an interest, %(quorum)d needed.",
            present_without_interest,
        ) % {"present": present_without_interest, "quorum": quorum}
    return None


def between_meetings_refusal(
    *,
    route: DecisionRoute,
    allowed: bool,
    board: str,
    chair: str | None,
    is_chair: bool,
    is_board_member: bool,
    agreed_without_interest: int | None,
    quorum: int,
) -> str | None:
    """Why a decision may not be taken between meetings by `route`: the board's terms do not
    allow it; for chair's action, the person is not the chair the terms name; for a written
    procedure, the person is not a board member, or too few members without an interest
    agreed in writing (None: not known yet, as when a page asks which routes to offer)."""
    if route == DecisionRoute.CHAIRS_ACTION:
        if not allowed:
            return _("The %(board)s board's terms of reference do not allow chair's action.") % {
                "board": board
            }
        if chair is None:
            return _("The board's terms of reference name no chair to take chair's action.")
        if not is_chair:
            return _("Only the board's chair, %(chair)s, can take chair's action.") % {
                "chair": chair
            }
        return None
    if route == DecisionRoute.WRITTEN_PROCEDURE:
        if not allowed:
            return _(
                "The %(board)s board's terms of reference do not allow decisions by written "
                "procedure."
            ) % {"board": board}
        if not is_board_member:
            return _("Only a member of the board can record a decision by written procedure.")
        if agreed_without_interest is not None and agreed_without_interest < quorum:
            return ngettext(
                "Too few members agreed in writing: %(agreed)d without an interest, "
                "%(quorum)d needed.",
                "Too few members agreed in writing: %(agreed)d without an interest, "
                "%(quorum)d needed.",
                agreed_without_interest,
            ) % {"agreed": agreed_without_interest, "quorum": quorum}
        return None
    raise ValueError(f"Not a route between meetings: {route}")


def change_refusal(
    *,
    rescinded: bool,
    is_latest: bool,
    application_state: ApplicationState,
    outcome_state: ApplicationState,
) -> str | None:
    """Why a decision may no longer be amended or rescinded: it has been rescinded, a later
    decision on the application stands, or the application has moved on since."""
    if rescinded:
        return _("This decision has been rescinded: it can no longer be changed.")
    if not is_latest:
        return _("A later decision on this application stands: change that one instead.")
    if application_state != outcome_state:
        return _("The application is now %(state)s: this decision can no longer be changed.") % {
            "state": ApplicationState(application_state).label.lower()
        }
    return None
