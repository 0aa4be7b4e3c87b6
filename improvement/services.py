"""Writes for improvement plans. Progress updates and changes to an action carry the version
the person saw: a save based on an older version is refused (StaleVersionError) and changes
nothing, so two people updating at once never overwrite each other."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.caching import generation_bump

from . import selectors
from .dashboards import HEATMAP_GENERATION
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


def current_rag_refresh(items: QuerySet[Action] | QuerySet[Recommendation]) -> int:
    """Set `current_rag` and `last_update_on` on the items from their latest progress update,
    in one UPDATE. Every way of adding updates (one at a time, import, bulk loads) ends here;
    an item with no updates gets none. Returns the number of items."""
    latest = selectors.latest_updates("action" if items.model is Action else "recommendation")
    generation_bump(HEATMAP_GENERATION)  # update() sends no signal: see improvement.signals
    return items.update(
        current_rag=Coalesce(Subquery(latest.values("rag")[:1]), Value("")),
        last_update_on=Subquery(latest.values("recorded_on")[:1]),
    )


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
    current_rag_refresh(type(locked).objects.filter(pk=locked.pk))
    locked.refresh_from_db(fields=["current_rag", "last_update_on"])
    item.version = locked.version
    item.current_rag, item.last_update_on = locked.current_rag, locked.last_update_on
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
