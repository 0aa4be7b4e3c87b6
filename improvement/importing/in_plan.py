"""What the plan already holds, loaded once for checking a file against it."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from improvement.models import (
    Action,
    ImprovementPlan,
    Measure,
    MeasureValue,
    ProgressUpdate,
    Recommendation,
)

from .preview import _update_key
from .values import measure_key

_ACTION_FIELDS = (
    "pk",
    "recommendation_id",
    "reference",
    "text",
    "lead_officer",
    "agency",
    "due_on",
    "status",
)


@dataclass
class _PlanItems:
    """The plan's recommendations and actions, and their updates' keys, loaded once; and its
    measures and their values when the file has measures."""

    recommendations: dict[str, Recommendation]  # by reference
    actions: dict[tuple[int, str], Action]  # by (recommendation id, reference)
    update_keys: dict[tuple[str, int], set]  # by ("recommendation" or "action", id)
    # By (recommendation id, measure_key(name)): the first of the item's of that name.
    measures: dict[tuple[int, str], Measure] = field(default_factory=dict)
    # By measure id, then date.
    measure_values: dict[int, dict[datetime.date, Decimal]] = field(default_factory=dict)

    @classmethod
    def load(cls, plan: ImprovementPlan, *, measures: bool = False) -> "_PlanItems":
        recommendations = {
            rec.reference: rec
            for rec in plan.recommendations.only(
                "pk", "reference", "text", "addressee", "kind", "domain"
            )
        }
        actions = {
            (action.recommendation_id, action.reference): action
            for action in Action.objects.filter(recommendation__plan=plan).only(*_ACTION_FIELDS)
        }
        update_keys: dict[tuple[str, int], set] = {}
        for rec_id, action_id, recorded_on, rag, narrative in ProgressUpdate.objects.filter(
            Q(recommendation__plan=plan) | Q(action__recommendation__plan=plan)
        ).values_list("recommendation_id", "action_id", "recorded_on", "rag", "narrative"):
            item = ("action", action_id) if action_id else ("recommendation", rec_id)
            update_keys.setdefault(item, set()).add(_update_key(recorded_on, rag, narrative))
        loaded = cls(recommendations, actions, update_keys)
        if measures:
            for measure in Measure.objects.filter(recommendation__plan=plan).order_by("pk"):
                loaded.measures.setdefault(
                    (measure.recommendation_id, measure_key(measure.name)), measure
                )
            for measure_id, recorded_on, value in MeasureValue.objects.filter(
                measure__recommendation__plan=plan
            ).values_list("measure_id", "recorded_on", "value"):
                loaded.measure_values.setdefault(measure_id, {})[recorded_on] = value
        return loaded

    def next_number(self) -> int:
        """The number the first item numbered in file order gets: after the plan's highest
        numeric reference."""
        numbers = [int(ref) for ref in self.recommendations if ref.isdigit()]
        return max(numbers, default=0) + 1
