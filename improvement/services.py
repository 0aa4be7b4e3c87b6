"""Writes for improvement plans. Progress updates and changes to an action carry the version
the person saw: a save based on an older version is refused (StaleVersionError) and changes
nothing, so two people updating at once never overwrite each other.

Signing off an action is never the service's own: the service marks it complete, saying what
shows it (which proposes it for sign-off); the improvement board or the programme's coordinator
signs it off or sends it back (scope.py says who). Every change of an action's status is an
ActionEvent: who, when, from what to what, and why."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.caching import generation_bump

from . import selectors
from .dashboards import HEATMAP_GENERATION
from .enums import ActionEventKind, ActionStatus, PlanSource, Rag
from .models import Action, ActionEvent, ImprovementPlan, ProgressUpdate, Recommendation
from .scope import plan_scope


class StaleVersionError(Exception):
    """Someone else changed the item since the person opened it. `str()` of it is the
    message for a page without the item's history; `message()` says it for either page."""

    def __init__(self, item) -> None:
        super().__init__(self.message(history=False))
        self.item = item

    @staticmethod
    def message(*, history: bool) -> str:
        """What the refused page says: where the page shows the item's progress history (and
        links this message to it), read the other update there; elsewhere, check the details
        the page shows, which are now theirs."""
        if history:
            return _(
                "Someone else has updated this since you opened it. Your text is below: read "
                "their update in the progress history, then save yours again if it still "
                "applies."
            )
        return _(
            "Someone else has updated this since you opened it. Check the details below and "
            "make your change again."
        )


def _lock_current(
    item: Action | Recommendation | ImprovementPlan, seen_version: int
) -> Action | Recommendation | ImprovementPlan:
    """The row, locked for the change, if its version is still the one the person saw."""
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
    if getattr(item, "is_strength", False):
        raise ValidationError(
            _(
                "A strength carries no progress updates. Change the item to a recommendation "
                "or an area for consideration first."
            )
        )
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


def _not_theirs_to_sign_off() -> str:
    return _(
        "Only the improvement board or the programme's coordinator can sign off an action. "
        "Mark it complete, awaiting sign-off, and they will sign it off."
    )


def action_event_record(
    *,
    action: Action,
    kind: str,
    from_status: str,
    by: User,
    note: str = "",
    by_import: bool = False,
) -> ActionEvent:
    """Record a change of the action's status (already set on `action`)."""
    return ActionEvent.objects.create(
        action=action,
        kind=kind,
        from_status=from_status,
        to_status=action.status,
        note=note.strip(),
        by=by,
        by_import=by_import,
    )


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
    by: User,
    note: str = "",
) -> Action:
    """Change an action's details or status (sign-off is a status, separate from RAG). Marking
    it complete (awaiting sign-off) needs a note of what shows it, for those who sign it off;
    a note goes with any change of status, and is refused without one.
    Signing it off is not done here, and neither is reopening a signed-off action: see
    action_sign_off and action_send_back."""
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Select the action's status")})
    if not text.strip():
        raise ValidationError({"text": _("Describe the action")})
    locked = _lock_current(action, seen_version)
    from_status = locked.status
    if status != from_status:
        if status == ActionStatus.SIGNED_OFF:
            raise ValidationError({"status": _not_theirs_to_sign_off()})
        if from_status == ActionStatus.SIGNED_OFF:
            raise ValidationError(
                {
                    "status": _(
                        "This action has been signed off: only the improvement board or the "
                        "programme's coordinator can reopen it."
                    )
                }
            )
        if status == ActionStatus.AWAITING_SIGN_OFF and not note.strip():
            raise ValidationError(
                {
                    "note": _(
                        "Say what has been done and what shows it, for those who sign the "
                        "action off"
                    )
                }
            )
    elif note.strip():
        # A note goes with a change of status: kept nowhere else, it would be lost.
        raise ValidationError(
            {
                "note": _(
                    "A note goes with a change of status: mark the action complete, or leave "
                    "the note empty and add a progress update instead"
                )
            }
        )
    locked.text = text.strip()
    locked.lead_officer = lead_officer.strip()
    locked.agency = agency.strip()
    locked.due_on = due_on
    locked.status = status
    locked.version += 1
    locked.save()
    if status != from_status:
        action_event_record(
            action=locked,
            kind=(
                ActionEventKind.COMPLETION_PROPOSED
                if status == ActionStatus.AWAITING_SIGN_OFF
                else ActionEventKind.STATUS_CHANGED
            ),
            from_status=from_status,
            by=by,
            note=note,
        )
    return locked


def _lock_for_decision(action: Action, seen_version: int, by: User) -> Action:
    """The action, locked, once `by` may sign off its plan's actions and it has not changed
    since they opened it."""
    if not plan_scope(by).may_sign_off(action.recommendation.plan):
        raise PermissionDenied(_not_theirs_to_sign_off())
    return _lock_current(action, seen_version)


def _decided(locked: Action, action: Action, status: str) -> Action:
    locked.status = status
    locked.version += 1
    locked.save(update_fields=["status", "version", "updated_at"])
    action.status, action.version = locked.status, locked.version
    return locked


@transaction.atomic
def action_sign_off(*, action: Action, seen_version: int, by: User, note: str = "") -> Action:
    """The improvement board or the programme's coordinator signs off an action the service
    has marked complete: never the person who marked it complete (someone who holds both
    roles in a service checks their own work otherwise)."""
    locked = _lock_for_decision(action, seen_version, by)
    if locked.status != ActionStatus.AWAITING_SIGN_OFF:
        raise ValidationError(
            _("Action %(reference)s is not awaiting sign-off.") % {"reference": locked.reference}
        )
    proposed = locked.events.filter(to_status=ActionStatus.AWAITING_SIGN_OFF).first()
    if proposed is not None and proposed.by_id == by.pk:
        raise ValidationError(
            _(
                "You marked action %(reference)s complete, so someone else on the improvement "
                "board, or a coordinator, signs it off."
            )
            % {"reference": locked.reference}
        )
    _decided(locked, action, ActionStatus.SIGNED_OFF)
    action_event_record(
        action=locked,
        kind=ActionEventKind.SIGNED_OFF,
        from_status=ActionStatus.AWAITING_SIGN_OFF,
        by=by,
        note=note,
    )
    return locked


@transaction.atomic
def action_send_back(*, action: Action, seen_version: int, by: User, reason: str) -> Action:
    """The improvement board or the programme's coordinator sends back an action awaiting
    sign-off, or reopens one signed off, with the reason: it is in progress again."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the action is sent back")})
    locked = _lock_for_decision(action, seen_version, by)
    from_status = locked.status
    if from_status not in (ActionStatus.AWAITING_SIGN_OFF, ActionStatus.SIGNED_OFF):
        raise ValidationError(
            _("Action %(reference)s is not awaiting sign-off.") % {"reference": locked.reference}
        )
    _decided(locked, action, ActionStatus.IN_PROGRESS)
    action_event_record(
        action=locked,
        kind=(
            ActionEventKind.REOPENED
            if from_status == ActionStatus.SIGNED_OFF
            else ActionEventKind.SENT_BACK
        ),
        from_status=from_status,
        by=by,
        note=reason,
    )
    return locked


@transaction.atomic
def plan_from_peer_review(
    *,
    organisation,
    programme,
    title: str,
    recommendations: list[str],
    by: User,
    published_on: datetime.date | None = None,
    owner: User | None = None,
) -> ImprovementPlan:
    """Create a service's improvement plan after a peer review of `programme`, with
    `recommendations` in their order, referenced 1, 2, 3... (addressee, outcomes and actions
    are the service's to add). `by` is who asked; `owner`, when given, owns the plan. Raises
    ValidationError when there is no recommendation to start from."""
    texts = [text.strip() for text in recommendations if text and text.strip()]
    if not texts:
        raise ValidationError(_("There are no recommendations to make a plan from."))
    plan = ImprovementPlan.objects.create(
        organisation=organisation,
        programme=programme,
        source=PlanSource.PEER_REVIEW,
        title=title[:200],
        published_on=published_on,
        owner=owner,
    )
    Recommendation.objects.bulk_create(
        Recommendation(plan=plan, reference=str(position + 1), text=text, position=position)
        for position, text in enumerate(texts)
    )
    generation_bump(HEATMAP_GENERATION)  # bulk_create sends no signal: see improvement.signals
    return plan
