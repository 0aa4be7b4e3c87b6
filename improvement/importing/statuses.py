"""The status each new action gets from the file, and the notes for those the person
importing may not sign off."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from improvement.enums import ActionStatus

from .preview import NewRecommendation, _describe
from .values import imported_status


def _settle_statuses(
    recommendations: dict[str, NewRecommendation], *, may_sign_off: bool
) -> list[str]:
    """Each new action's status: the file's (its latest row's), else complete when its latest
    update is blue or "complete" (BRAG), else not started; a completed one signed off only if
    `may_sign_off` (imported_status). The notes for the ones the person importing may not sign
    off."""
    sign_off_notes = []
    for rec in recommendations.values():
        for action in rec.actions.values():
            if action.in_plan:
                continue
            status = action.file_status or ActionStatus.NOT_STARTED
            # The latest by date; of the same date, the last in the file.
            latest = max(
                enumerate(action.updates),
                key=lambda pair: (pair[1].recorded_on, pair[0]),
                default=None,
            )
            if not action.file_status and latest is not None and latest[1].completed:
                status = ActionStatus.SIGNED_OFF
            action.status = imported_status(status, may_sign_off=may_sign_off)
            if action.status != status:
                note = (
                    _(
                        "%(item)s is signed off in the file: it is imported as complete, "
                        "awaiting sign-off, for the improvement board or the programme's "
                        "coordinator to sign off"
                    )
                    if action.said_signed_off
                    else _(
                        "%(item)s is complete in the file: it is imported as complete, "
                        "awaiting sign-off, for the improvement board or the programme's "
                        "coordinator to sign off"
                    )
                )
                sign_off_notes.append(
                    note % {"item": capfirst(_describe(rec.reference, action.reference))}
                )
    return sign_off_notes
