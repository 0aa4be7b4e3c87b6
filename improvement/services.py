"""Writes for improvement plans. Progress updates and changes to an action carry the version
the person saw: a save based on an older version is refused (StaleVersionError) and changes
nothing, so two people updating at once never overwrite each other."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .enums import ActionStatus, Rag
from .models import Action, ProgressUpdate, Recommendation


class StaleVersionError(Exception):
    """Someone else changed the item since the person opened it."""

    def __init__(self, item) -> None:
        super().__init__(
            _(
                "Someone else has updated this since you opened it. Your text is below: read "
                "their update in the history, then save yours again if it still applies."
            )
        )
        self.item = item


def _lock_current(item: Action | Recommendation, seen_version: int) -> Action | Recommendation:
    locked = type(item).objects.select_for_update().get(pk=item.pk)
    if locked.version != seen_version:
        raise StaleVersionError(locked)
    return locked


@transaction.atomic
def progress_update_add(
    *,
    item: Action | Recommendation,
    seen_version: int,
    rag: str,
    narrative: str,
    by: User,
    recorded_on: datetime.date | None = None,
) -> ProgressUpdate:
    """Add a dated progress update with a RAG rating to an action or a recommendation. It
    becomes the item's current RAG; earlier updates stay in its history."""
    errors = {}
    if rag not in Rag.values:
        errors["rag"] = _("Select red, amber or green")
    if not narrative.strip():
        errors["narrative"] = _("Describe the progress")
    recorded_on = recorded_on or timezone.localdate()
    if recorded_on > timezone.localdate():
        errors["recorded_on"] = _("The date of the update must be today or in the past")
    if errors:
        raise ValidationError(errors)
    locked = _lock_current(item, seen_version)
    update = ProgressUpdate.objects.create(
        action=locked if isinstance(locked, Action) else None,
        recommendation=locked if isinstance(locked, Recommendation) else None,
        rag=rag,
        narrative=narrative.strip(),
        recorded_on=recorded_on,
        author=by,
    )
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    item.version = locked.version
    return update


@transaction.atomic
def action_update(
    *,
    action: Action,
    seen_version: int,
    text: str,
    lead_officer: str,
    agency: str,
    due_on: datetime.date | None,
    status: str,
) -> Action:
    """Change an action's details or status (sign-off is a status, separate from RAG)."""
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Select the action's status")})
    if not text.strip():
        raise ValidationError({"text": _("Describe the action")})
    locked = _lock_current(action, seen_version)
    locked.text = text.strip()
    locked.lead_officer = lead_officer.strip()
    locked.agency = agency.strip()
    locked.due_on = due_on
    locked.status = status
    locked.version += 1
    locked.save()
    return locked
