"""Writes that correct a plan: its items (recommendations, areas for consideration and
strengths), their desired outcomes, actions and progress updates, added, changed and deleted
(measures are measure_services'). Every change is kept in the rows' history (simple_history,
with the person from the request: HistoryRequestMiddleware), which the plan's "Changes" page
reads.

An item and an action carry a version: a change based on an older one is refused
(services.StaleVersionError), as progress updates are. A strength is kept and shown but carries
no actions, progress updates or measures: they are refused on it, and an item that has any
cannot become a strength."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .enums import ItemKind, Rag
from .models import (
    Action,
    DesiredOutcome,
    ImprovementPlan,
    ProgressUpdate,
    Recommendation,
)
from .services import _lock_current, current_rag_refresh

# --- References ------------------------------------------------------------------------------


def item_reference_next(*, plan: ImprovementPlan) -> str:
    """The next free whole number after the plan's highest numbered item ("1" for the
    first)."""
    numbers = [
        int(match.group())
        for reference in plan.recommendations.values_list("reference", flat=True)
        if (match := re.match(r"\d+", reference))
    ]
    return str(max(numbers, default=0) + 1)


def action_reference_next(*, item: Recommendation) -> str:
    """The next free action reference under the item: 1a, 1b ... after item 1 (then 1.27,
    1.28 ... once the letters run out), or the item's reference with .1, .2 ... where it does
    not end in a digit."""
    taken = set(item.actions.values_list("reference", flat=True))
    if item.reference[-1:].isdigit():
        for letter in "abcdefghijklmnopqrstuvwxyz":
            if f"{item.reference}{letter}" not in taken:
                return f"{item.reference}{letter}"
    number = 1
    while f"{item.reference}.{number}" in taken:
        number += 1
    return f"{item.reference}.{number}"


def _next_position(queryset) -> int:
    highest = queryset.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


# --- Items -----------------------------------------------------------------------------------


def strength_refusal(what: str) -> str:
    return _(
        "A strength carries no %(what)s. Change the item to a recommendation or an area for "
        "consideration first."
    ) % {"what": what}


def _item_errors(
    *, plan: ImprovementPlan, kind: str, reference: str, text: str, pk: int | None
) -> dict:
    errors = {}
    if kind not in ItemKind.values:
        errors["kind"] = _("Select what kind of item it is")
    if not reference:
        errors["reference"] = _("Enter the item's reference, for example 1")
    elif plan.recommendations.filter(reference=reference).exclude(pk=pk).exists():
        errors["reference"] = _(
            "The plan already has an item %(reference)s: enter another reference"
        ) % {"reference": reference}
    if not text:
        errors["text"] = _("Enter the item's text")
    return errors


@transaction.atomic
def item_add(
    *,
    plan: ImprovementPlan,
    kind: str,
    reference: str,
    text: str,
    addressee: str = "",
    domain: str = "",
    by: User,
) -> Recommendation:
    """Add an item at the end of the plan."""
    reference, text = reference.strip(), text.strip()
    errors = _item_errors(plan=plan, kind=kind, reference=reference, text=text, pk=None)
    if errors:
        raise ValidationError(errors)
    return Recommendation.objects.create(
        plan=plan,
        kind=kind,
        reference=reference,
        text=text,
        addressee=addressee.strip(),
        domain=domain.strip(),
        position=_next_position(plan.recommendations.all()),
    )


@transaction.atomic
def item_update(
    *,
    item: Recommendation,
    seen_version: int,
    kind: str,
    reference: str,
    text: str,
    addressee: str = "",
    domain: str = "",
    by: User,
) -> Recommendation:
    """Correct an item: its kind, reference, text, addressee and domain. An item with actions,
    progress updates or measures cannot become a strength."""
    reference, text = reference.strip(), text.strip()
    errors = _item_errors(plan=item.plan, kind=kind, reference=reference, text=text, pk=item.pk)
    if errors:
        raise ValidationError(errors)
    locked = _lock_current(item, seen_version)
    if kind == ItemKind.STRENGTH and locked.kind != ItemKind.STRENGTH:
        carried = [
            what
            for what, has in (
                (_("actions"), locked.actions.exists()),
                (_("progress updates"), locked.updates.exists()),
                (_("measures"), locked.measures.exists()),
            )
            if has
        ]
        if carried:
            raise ValidationError(
                {
                    "kind": _(
                        "Item %(reference)s has %(carried)s, which a strength does not carry: "
                        "delete them first, or keep it a recommendation or an area for "
                        "consideration"
                    )
                    % {"reference": locked.reference, "carried": _(" and ").join(carried)}
                }
            )
    locked.kind = kind
    locked.reference = reference
    locked.text = text
    locked.addressee = addressee.strip()
    locked.domain = domain.strip()
    locked.version += 1
    locked.save()
    item.version = locked.version
    return locked


@transaction.atomic
def item_delete(*, item: Recommendation, seen_version: int, by: User) -> None:
    """Delete an item with its outcomes, actions, progress updates and measures (their
    history is kept, and shows the deletion)."""
    _lock_current(item, seen_version).delete()


# --- Desired outcomes ------------------------------------------------------------------------


def _outcome_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Enter the desired outcome")})
    return text


@transaction.atomic
def outcome_add(*, item: Recommendation, text: str, by: User) -> DesiredOutcome:
    """Add a desired outcome after the item's others."""
    return DesiredOutcome.objects.create(
        recommendation=item,
        text=_outcome_text(text),
        position=_next_position(item.outcomes.all()),
    )


@transaction.atomic
def outcome_update(*, outcome: DesiredOutcome, text: str, by: User) -> DesiredOutcome:
    outcome.text = _outcome_text(text)
    outcome.save()
    return outcome


@transaction.atomic
def outcome_delete(*, outcome: DesiredOutcome, by: User) -> None:
    outcome.delete()


# --- Actions ---------------------------------------------------------------------------------


@transaction.atomic
def action_add(
    *,
    item: Recommendation,
    reference: str,
    text: str,
    lead_officer: str = "",
    agency: str = "",
    due_on: datetime.date | None = None,
    by: User,
) -> Action:
    """Add an action to an item (not to a strength), not started, after the item's others."""
    locked = Recommendation.objects.select_for_update().get(pk=item.pk)
    if locked.is_strength:
        raise ValidationError(strength_refusal(_("actions")))
    reference, text = reference.strip(), text.strip()
    errors = {}
    if not reference:
        errors["reference"] = _("Enter the action's reference, for example 1a")
    elif locked.actions.filter(reference=reference).exists():
        errors["reference"] = _(
            "Item %(item)s already has an action %(reference)s: enter another reference"
        ) % {"item": locked.reference, "reference": reference}
    if not text:
        errors["text"] = _("Describe the action")
    if errors:
        raise ValidationError(errors)
    return Action.objects.create(
        recommendation=locked,
        reference=reference,
        text=text,
        lead_officer=lead_officer.strip(),
        agency=agency.strip(),
        due_on=due_on,
        position=_next_position(locked.actions.all()),
    )


@transaction.atomic
def action_delete(*, action: Action, seen_version: int, by: User) -> None:
    """Delete an action with its progress updates and status history (the rows' history is
    kept, and shows the deletion)."""
    _lock_current(action, seen_version).delete()


# --- Progress updates ------------------------------------------------------------------------


def _item_of(update: ProgressUpdate) -> Action | Recommendation:
    return update.action if update.action_id else update.recommendation


def _touched(locked: Action | Recommendation, item: Action | Recommendation) -> None:
    """The item's version raised (a correction is a change someone else may not have seen)
    and its current RAG refreshed from its updates as they now are."""
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    current_rag_refresh(type(locked).objects.filter(pk=locked.pk))
    item.version = locked.version


@transaction.atomic
def progress_update_change(
    *,
    update: ProgressUpdate,
    seen_version: int,
    rag: str,
    narrative: str,
    recorded_on: datetime.date,
    by: User,
) -> ProgressUpdate:
    """Correct a progress update's RAG, narrative or date; the item's current RAG follows.
    `seen_version` is the version of the update's item (action or recommendation). The
    earlier wording stays in the update's history."""
    errors = {}
    if rag not in Rag.values:
        errors["rag"] = _("Select red, amber or green")
    if not narrative.strip():
        errors["narrative"] = _("Describe the progress")
    if recorded_on is None:
        errors["recorded_on"] = _("Enter the date of the update")
    elif recorded_on > timezone.localdate():
        errors["recorded_on"] = _("The date of the update must be today or in the past")
    if errors:
        raise ValidationError(errors)
    item = _item_of(update)
    locked = _lock_current(item, seen_version)
    update.rag, update.narrative, update.recorded_on = rag, narrative.strip(), recorded_on
    update.save()
    _touched(locked, item)
    return update


@transaction.atomic
def progress_update_delete(*, update: ProgressUpdate, seen_version: int, by: User) -> None:
    """Delete a progress update; the item's current RAG becomes its latest remaining
    update's (or none). Its history keeps what it said."""
    item = _item_of(update)
    locked = _lock_current(item, seen_version)
    update.delete()
    _touched(locked, item)
