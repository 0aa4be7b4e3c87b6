"""What a checked file would add to the plan (the Preview, its items, actions, updates,
measures and their values), and what changed in the plan since it was previewed."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from improvement.enums import ActionStatus, ItemKind

from .problems import Problem, RowProblem

# --- Checking the rows -----------------------------------------------------------------------


@dataclass
class NewUpdate:
    rag: str
    narrative: str
    recorded_on: datetime.date
    author_name: str = ""
    # Blue or "complete" in the file (BRAG): a completed action.
    completed: bool = False

    def key(self) -> tuple:
        return _update_key(self.recorded_on, self.rag, self.narrative)

    def fields(self) -> dict:
        """The ProgressUpdate fields it gives."""
        return {
            "rag": self.rag,
            "narrative": self.narrative,
            "recorded_on": self.recorded_on,
            "author_name": self.author_name,
        }


@dataclass(kw_only=True)
class _MaybeInPlan:
    """An item the file describes that may already be in the plan (existing_pk set)."""

    existing_pk: int | None = None
    # The file's row numbers that describe it (for the preview's row ids).
    rows: list[str] = field(default_factory=list)

    @property
    def in_plan(self) -> bool:
        return self.existing_pk is not None

    @property
    def first_row(self) -> str:
        return self.rows[0] if self.rows else ""


@dataclass
class NewAction(_MaybeInPlan):
    """An action the file describes: a new one, or (existing_pk set) one already in the plan,
    shown with the plan's details, to which only new progress updates are added."""

    reference: str
    text: str = ""
    lead_officer: str = ""
    agency: str = ""
    due_on: datetime.date | None = None
    status: str = ActionStatus.NOT_STARTED
    updates: list[NewUpdate] = field(default_factory=list)
    # The file's own status (before imported_status), if it gave one.
    file_status: str = ""
    # The file says "signed off" in so many words (not "complete" or Blue).
    said_signed_off: bool = False


@dataclass
class NewMeasure(_MaybeInPlan):
    """A measure the file names on an item: a new one, or (existing_pk set) the item's measure
    of that name already in the plan, shown with the plan's details, to which only new values
    are added."""

    name: str
    unit: str = ""
    baseline: Decimal | None = None
    target: Decimal | None = None
    # The new actual values, by the date they are as at.
    values: dict[datetime.date, Decimal] = field(default_factory=dict)


@dataclass
class NewRecommendation(_MaybeInPlan):
    """An item the file describes: a new one, or (existing_pk set) one already in the plan,
    shown with the plan's details, to which only new actions and progress updates are
    added."""

    reference: str
    text: str = ""
    addressee: str = ""
    kind: str = ItemKind.RECOMMENDATION
    domain: str = ""
    outcomes: list[str] = field(default_factory=list)
    actions: dict[str, NewAction] = field(default_factory=dict)
    updates: list[NewUpdate] = field(default_factory=list)
    # By name, casefolded (see measures.measure_key).
    measures: dict[str, NewMeasure] = field(default_factory=dict)


@dataclass
class Preview:
    recommendations: dict[str, NewRecommendation]
    # Problem each: nothing can be imported while there is one.
    errors: list[Problem]
    # "Recommendation 1 is already in the plan: ...", one for each such recommendation.
    notes: list[str] = field(default_factory=list)
    # Rows about items already in the plan that add nothing to them.
    skipped_rows: int = 0
    # "Action 1a of recommendation 1 is signed off in the file: ...", one for each new action
    # the person importing may not sign off (see imported_status).
    sign_off_notes: list[str] = field(default_factory=list)
    # How the file was read: months taken as their 1st, items numbered, and so on.
    reading_notes: list[str] = field(default_factory=list)
    # The rows with problems, each with an id in the preview that the errors link to.
    problem_rows: list[RowProblem] = field(default_factory=list)

    def _actions(self):
        for recommendation in self.recommendations.values():
            yield from recommendation.actions.values()

    @property
    def recommendation_count(self) -> int:
        """New items."""
        return sum(not rec.in_plan for rec in self.recommendations.values())

    @property
    def action_count(self) -> int:
        """New actions (under new items or under ones already in the plan)."""
        return sum(not action.in_plan for action in self._actions())

    @property
    def new_item_update_count(self) -> int:
        """Progress updates on new items and actions."""
        return sum(
            len(rec.updates) for rec in self.recommendations.values() if not rec.in_plan
        ) + sum(len(action.updates) for action in self._actions() if not action.in_plan)

    @property
    def existing_update_count(self) -> int:
        """New progress updates on items and actions already in the plan."""
        return sum(len(rec.updates) for rec in self.recommendations.values() if rec.in_plan) + sum(
            len(action.updates) for action in self._actions() if action.in_plan
        )

    @property
    def update_count(self) -> int:
        return self.new_item_update_count + self.existing_update_count

    def _measures(self):
        for recommendation in self.recommendations.values():
            yield from recommendation.measures.values()

    @property
    def measure_count(self) -> int:
        """New measures (on new items or on ones already in the plan)."""
        return sum(not measure.in_plan for measure in self._measures())

    @property
    def measure_value_count(self) -> int:
        """New actual values (of new measures or of ones already in the plan)."""
        return sum(len(measure.values) for measure in self._measures())

    @property
    def refers_to_plan(self) -> bool:
        """Whether any row is about an item already in the plan."""
        return any(rec.in_plan for rec in self.recommendations.values())

    @property
    def adds_nothing(self) -> bool:
        return not (
            self.recommendation_count
            or self.action_count
            or self.update_count
            or self.measure_count
            or self.measure_value_count
        )

    def basis(self) -> dict[str, list]:
        """Which references the preview found already in the plan (with their ids) and which
        it found new, as JSON-friendly lists, to compare at import time (changes_since)."""
        existing, new = [], []
        for rec in self.recommendations.values():
            (existing if rec.in_plan else new).append([rec.reference, "", rec.existing_pk])
            for action in rec.actions.values():
                (existing if action.in_plan else new).append(
                    [rec.reference, action.reference, action.existing_pk]
                )
        return {"existing": existing, "new": new}

    def success_message(self) -> str:
        counts = {
            "recommendations": (
                ngettext(
                    "%(count)s recommendation",
                    "%(count)s recommendations",
                    self.recommendation_count,
                )
                if all(
                    rec.kind == ItemKind.RECOMMENDATION
                    for rec in self.recommendations.values()
                    if not rec.in_plan
                )
                else ngettext("%(count)s item", "%(count)s items", self.recommendation_count)
            )
            % {"count": self.recommendation_count},
            "actions": ngettext("%(count)s action", "%(count)s actions", self.action_count)
            % {"count": self.action_count},
            "updates": ngettext(
                "%(count)s progress update", "%(count)s progress updates", self.update_count
            )
            % {"count": self.update_count},
        }
        if self.measure_count or self.measure_value_count:
            counts["measures"] = ngettext(
                "%(count)s measure", "%(count)s measures", self.measure_count
            ) % {"count": self.measure_count}
            counts["values"] = ngettext(
                "%(count)s value of a measure",
                "%(count)s values of measures",
                self.measure_value_count,
            ) % {"count": self.measure_value_count}
            message = (
                _(
                    "Imported %(recommendations)s, %(actions)s, %(updates)s, %(measures)s and "
                    "%(values)s"
                )
                % counts
            )
            if self.refers_to_plan:
                message += " " + _(
                    "(%(existing)s progress updates on items already in the plan)"
                ) % {"existing": self.existing_update_count}
            return message + "."
        if not self.refers_to_plan:
            return _("Imported %(recommendations)s, %(actions)s and %(updates)s.") % counts
        return _(
            "Imported %(recommendations)s, %(actions)s and %(updates)s (%(existing)s on items "
            "already in the plan)."
        ) % {**counts, "existing": self.existing_update_count}


def _describe(reference: str, action_reference: str) -> str:
    if action_reference:
        return _("action %(action)s of recommendation %(reference)s") % {
            "action": action_reference,
            "reference": reference,
        }
    return _("recommendation %(reference)s") % {"reference": reference}


def gone_message(reference: str, action_reference: str = "") -> str:
    return _(
        "%(item)s is no longer in the plan: nothing was imported. Preview the import again"
    ) % {"item": capfirst(_describe(reference, action_reference))}


def changes_since(preview: Preview, basis: dict[str, list]) -> list[str]:
    """What changed in the plan between the preview that gave `basis` (Preview.basis) and
    `preview`, checked again now: items the first relied on that are gone, and references it
    took for new that the plan now has. Empty when nothing changed."""
    now = preview.basis()
    was_existing = {(ref, action): pk for ref, action, pk in basis.get("existing", [])}
    is_existing = {(ref, action): pk for ref, action, pk in now["existing"]}
    problems = [
        gone_message(ref, action)
        for (ref, action), pk in was_existing.items()
        if is_existing.get((ref, action)) != pk
    ]
    for ref, action, _pk in basis.get("new", []):
        if (ref, action) in is_existing:
            problems.append(
                _("The plan already has %(item)s: nothing was imported")
                % {"item": _describe(ref, action)}
            )
    return problems


def _update_key(recorded_on: datetime.date, rag: str, narrative: str) -> tuple:
    """What makes two progress updates the same: date, RAG and narrative (stripped, with the
    same line endings)."""
    return (recorded_on, rag, narrative.replace("\r\n", "\n").strip())
