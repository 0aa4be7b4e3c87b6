"""Reads for correcting a plan: one of the plan's outcomes, updates, measures or values (404
when it belongs to another plan), what goes with an item or an action when it is deleted, a
progress update's corrections, the measures' charts, and the plan's changes from the history
of everything in it (simple_history), newest first."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import CharField, Q, QuerySet, Value
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from core.charts import line_chart

from .models import (
    Action,
    DesiredOutcome,
    ImprovementPlan,
    Measure,
    MeasureValue,
    PlanRating,
    ProgressUpdate,
    Recommendation,
)
from .selectors import history_of

# --- One thing of a plan ---------------------------------------------------------------------


def outcome_in_plan(*, plan: ImprovementPlan, pk: int) -> DesiredOutcome:
    return get_object_or_404(
        DesiredOutcome.objects.select_related("recommendation"),
        pk=pk,
        recommendation__plan=plan,
    )


def update_in_plan(*, plan: ImprovementPlan, pk: int) -> ProgressUpdate:
    """One of the plan's progress updates, on an action or on an item, or 404."""
    return get_object_or_404(
        ProgressUpdate.objects.select_related("action__recommendation", "recommendation"),
        Q(action__recommendation__plan=plan) | Q(recommendation__plan=plan),
        pk=pk,
    )


def measure_in_plan(*, plan: ImprovementPlan, pk: int) -> Measure:
    return get_object_or_404(
        Measure.objects.select_related("recommendation"), pk=pk, recommendation__plan=plan
    )


def measure_value_in_plan(*, plan: ImprovementPlan, pk: int) -> MeasureValue:
    return get_object_or_404(
        MeasureValue.objects.select_related("measure__recommendation"),
        pk=pk,
        measure__recommendation__plan=plan,
    )


# --- What goes with a deletion ---------------------------------------------------------------


def item_dependents(*, item: Recommendation) -> dict[str, int]:
    """How many actions, progress updates (on its actions and on it), desired outcomes and
    measures go when the item is deleted."""
    return {
        "actions": item.actions.count(),
        "updates": ProgressUpdate.objects.filter(
            Q(action__recommendation=item) | Q(recommendation=item)
        ).count(),
        "outcomes": item.outcomes.count(),
        "measures": item.measures.count(),
    }


# --- The plan page ---------------------------------------------------------------------------


def items_and_strengths(
    recommendations: list[Recommendation],
) -> tuple[list[Recommendation], list[Recommendation]]:
    """The plan page's items split: recommendations and areas for consideration, then
    strengths (shown in their own section, with no RAG)."""
    return (
        [item for item in recommendations if not item.is_strength],
        [item for item in recommendations if item.is_strength],
    )


def _float(value) -> float:
    return float(value)


def measure_charts(recommendations: list[Recommendation]) -> None:
    """Give each measure of these items (prefetched with their values, as
    selectors.recommendations_for_plan_page does) its `points` and its `chart`."""
    for item in recommendations:
        for measure in item.measures.all():
            values = list(measure.values.all())
            measure.points = values
            if not values:
                measure.chart = None
                continue
            unit = f" {measure.unit}" if measure.unit else ""
            measure.chart = line_chart(
                title=_("%(measure)s over time") % {"measure": measure.name},
                description=_(
                    "%(count)s values from %(first)s to %(last)s; latest %(latest)s%(unit)s. "
                    "The table beside the chart gives every value."
                )
                % {
                    "count": len(values),
                    "first": date_format(values[0].recorded_on, "j M Y"),
                    "last": date_format(values[-1].recorded_on, "j M Y"),
                    "latest": values[-1].value,
                    "unit": unit,
                },
                points=[
                    (date_format(value.recorded_on, "j M Y"), _float(value.value))
                    for value in values
                ],
                baseline=None if measure.baseline is None else _float(measure.baseline),
                target=None if measure.target is None else _float(measure.target),
                baseline_label=_("Baseline"),
                target_label=_("Target"),
            )


# --- A progress update's corrections ---------------------------------------------------------


def updates_with_corrections(*, item: Action | Recommendation) -> list[ProgressUpdate]:
    """The item's progress updates, newest first (selectors.history_of), each with
    `corrected` (its latest correction's historical record, with who and when; None if never
    corrected) and `earlier` (what it said before, the latest first), in two queries."""
    updates = list(history_of(item=item))
    records = defaultdict(list)
    for record in (
        ProgressUpdate.history.filter(id__in=[update.pk for update in updates])
        .select_related("history_user")
        .order_by("history_date", "history_id")
    ):
        records[record.id].append(record)
    for update in updates:
        kept = records[update.pk]
        changes = [record for record in kept if record.history_type == "~"]
        update.corrected = changes[-1] if changes else None
        update.earlier = list(reversed(kept[:-1])) if changes else []
    return updates


# --- The plan's changes ----------------------------------------------------------------------

# What each change is shown with: the model, and the fields left out of "changed" (kept by
# the system, not by people).
_TRACKED = {
    "plan": ImprovementPlan,
    "rating": PlanRating,
    "item": Recommendation,
    "outcome": DesiredOutcome,
    "action": Action,
    "update": ProgressUpdate,
    "measure": Measure,
    "value": MeasureValue,
}
_NOT_SHOWN = {"id", "version", "created_at", "updated_at", "import_batch", "position"}


def _history(kind: str) -> QuerySet:
    return _TRACKED[kind].history.model.objects


def plan_changes(*, plan: ImprovementPlan) -> QuerySet:
    """Every historical record of the plan and what is (or was) in it, newest first, as rows
    of (kind, history_id, history_date): page them, then read each page's with
    changes_for_page. Deleted items are followed through their own history."""
    item_ids = _history("item").filter(plan_id=plan.pk).values("id")
    action_ids = _history("action").filter(recommendation_id__in=item_ids).values("id")
    measure_ids = _history("measure").filter(recommendation_id__in=item_ids).values("id")
    filters = {
        "plan": Q(id=plan.pk),
        "rating": Q(plan_id=plan.pk),
        "item": Q(plan_id=plan.pk),
        "outcome": Q(recommendation_id__in=item_ids),
        "action": Q(recommendation_id__in=item_ids),
        "update": Q(action_id__in=action_ids) | Q(recommendation_id__in=item_ids),
        "measure": Q(recommendation_id__in=item_ids),
        "value": Q(measure_id__in=measure_ids),
    }
    queries = [
        _history(kind)
        .filter(condition)
        .annotate(change_kind=Value(kind, output_field=CharField()))
        .values("change_kind", "history_id", "history_date")
        .order_by()
        for kind, condition in filters.items()
    ]
    return queries[0].union(*queries[1:], all=True).order_by("-history_date", "-history_id")


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class Change:
    """One change to the plan: who, when, what (added, changed or deleted) and to which
    thing, with the fields changed from what to what."""

    when: datetime
    who: User | None
    what: str
    thing: str
    fields: list[FieldChange]


def _shown(field, value: Any, users: dict) -> str:
    if value is None or value == "":
        return _("(blank)")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation and field.related_model is User:
        user = users.get(value)
        return user.full_name if user else str(value)
    if field.is_relation:
        # A plan's service or programme: rarely changed, so read when it is.
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else str(value)
    if hasattr(value, "isoformat") and not isinstance(value, datetime):
        return date_format(value, "j F Y")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)


def _sentence(label: str) -> str:
    """A field's label with its first letter a capital, the rest as written ("RAG rating")."""
    return label[:1].upper() + label[1:]


def _field_changes(model, before, after, users: dict) -> list[FieldChange]:
    changes = []
    for field in model._meta.concrete_fields:
        if field.name in _NOT_SHOWN or field.attname not in after.__dict__:
            continue
        old, new = getattr(before, field.attname), getattr(after, field.attname)
        if old != new:
            changes.append(
                FieldChange(
                    label=_sentence(str(field.verbose_name)),
                    before=_shown(field, old, users),
                    after=_shown(field, new, users),
                )
            )
    return changes


def _names(plan: ImprovementPlan) -> dict[str, dict[int, Any]]:
    """The latest known reference or name of each item, action and measure ever in the plan,
    by id, from their history (deleted ones too)."""
    names: dict[str, dict[int, Any]] = {}
    for kind, field in (("item", "reference"), ("action", "reference"), ("measure", "name")):
        names[kind] = {}
        query = _history(kind).order_by("history_date", "history_id")
        if kind == "item":
            query = query.filter(plan_id=plan.pk)
        else:
            query = query.filter(recommendation_id__in=list(names["item"]))
        for row in query.values("id", field):
            names[kind][row["id"]] = row
    return names


def _thing(kind: str, record, names: dict) -> str:
    item_ref = names["item"].get
    if kind == "plan":
        return _("The plan's details")
    if kind == "rating":
        return _("Domain rating: %(domain)s") % {"domain": record.domain}
    if kind == "item":
        return _("%(kind)s %(reference)s") % {
            "kind": record.get_kind_display(),
            "reference": record.reference,
        }
    if kind == "outcome":
        reference = (item_ref(record.recommendation_id) or {}).get("reference", "?")
        return _("Desired outcome of item %(reference)s") % {"reference": reference}
    if kind == "action":
        return _("Action %(reference)s") % {"reference": record.reference}
    if kind == "update":
        if record.action_id:
            action = names["action"].get(record.action_id) or {}
            on = _("action %(reference)s") % {"reference": action.get("reference", "?")}
        else:
            reference = (item_ref(record.recommendation_id) or {}).get("reference", "?")
            on = _("item %(reference)s") % {"reference": reference}
        return _("Progress update on %(on)s") % {"on": on}
    if kind == "measure":
        return _("Measure: %(name)s") % {"name": record.name}
    measure = names["measure"].get(record.measure_id) or {}
    return _("Value of %(measure)s as at %(date)s") % {
        "measure": measure.get("name", "?"),
        "date": date_format(record.recorded_on, "j F Y"),
    }


def changes_for_page(*, plan: ImprovementPlan, rows: list[dict]) -> list[Change]:
    """The changes of one page of plan_changes: each record beside the one before it (of the
    same row) for what changed, a query per kind on the page."""
    wanted = defaultdict(list)
    for row in rows:
        wanted[row["change_kind"]].append(row["history_id"])
    records, previous = {}, {}
    user_ids = set()
    for kind, history_ids in wanted.items():
        model = _TRACKED[kind]
        page_records = {
            record.history_id: record
            for record in _history(kind).filter(history_id__in=history_ids)
        }
        ids = {record.id for record in page_records.values()}
        earlier_by_id = defaultdict(list)
        for record in _history(kind).filter(id__in=ids).order_by("history_date", "history_id"):
            earlier_by_id[record.id].append(record)
        for history_id, record in page_records.items():
            records[kind, history_id] = record
            chain = earlier_by_id[record.id]
            index = [r.history_id for r in chain].index(history_id)
            previous[kind, history_id] = chain[index - 1] if index else None
            user_ids.add(record.history_user_id)
            for field in model._meta.concrete_fields:
                if field.is_relation and field.related_model is User:
                    user_ids.add(getattr(record, field.attname))
                    if previous[kind, history_id] is not None:
                        user_ids.add(getattr(previous[kind, history_id], field.attname))
    users = User.objects.in_bulk([pk for pk in user_ids if pk])
    names = _names(plan)
    changes = []
    for row in rows:
        kind, history_id = row["change_kind"], row["history_id"]
        record, before = records[kind, history_id], previous[kind, history_id]
        if record.history_type == "+":
            what, fields = _("Added"), []
        elif record.history_type == "-":
            what, fields = _("Deleted"), []
        else:
            what = _("Changed")
            fields = (
                _field_changes(_TRACKED[kind], before, record, users) if before is not None else []
            )
            if not fields:
                # A save that changed only what the system keeps (an item's version, raised
                # by a progress update): nothing for people to read.
                continue
        changes.append(
            Change(
                when=record.history_date,
                who=users.get(record.history_user_id),
                what=what,
                thing=_thing(kind, record, names),
                fields=fields,
            )
        )
    return changes
