"""Importing a plan's recommendations, actions and progress updates from a CSV or XLSX file
of the shape exporting writes (any column order: the person maps the file's columns to the
fields).

Rows with the same recommendation reference form one recommendation; rows with the same
action reference under it form one action; each row with a RAG, a date or a narrative is a
dated progress update (on the action, or on the recommendation as a whole when the row names
no action). Every row is checked before anything is written: any error and nothing is
imported.

A file can be imported again, for example a tracker kept in Excel and re-imported each month:
a row whose recommendation (or action) reference is already in the plan refers to that item,
whose details in the file are not applied (the plan is the record). Its progress updates are
added unless the item already has one with the same date, RAG and narrative, so importing the
same file twice adds nothing the second time.

Importing cannot sign off what the importer may not: a new action the file says is signed off
is imported as complete, awaiting sign-off, unless the person importing signs off the plan's
actions (its improvement board); either way its status is recorded in the action's history as
theirs, by importing a file."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import load_workbook

from accounts.models import User

from . import services
from .enums import ActionEventKind, ActionStatus, Rag
from .models import Action, DesiredOutcome, ImprovementPlan, ProgressUpdate, Recommendation
from .scope import plan_scope

MAX_ROWS = 2000
MAX_COLUMNS = 60
MAX_CELL = 10_000


class ImportFileError(Exception):
    """The file cannot be read as a table of rows."""


@dataclass(frozen=True)
class Field:
    key: str
    label: object  # lazy text
    header: str  # the export's header text (see exporting.headers)
    required: bool = False


FIELDS = [
    Field("rec_ref", gettext_lazy("Recommendation reference"), "Recommendation ref", True),
    # Not required: a file about recommendations already in the plan needs no text.
    Field("rec_text", gettext_lazy("Recommendation"), "Recommendation"),
    Field("addressee", gettext_lazy("Addressed to"), "Addressed to"),
    Field("outcomes", gettext_lazy("Desired outcomes"), "Desired outcomes"),
    Field("action_ref", gettext_lazy("Action reference"), "Action ref"),
    Field("action_text", gettext_lazy("Action"), "Action"),
    Field("lead_officer", gettext_lazy("Lead officer"), "Lead officer"),
    Field("agency", gettext_lazy("Agency"), "Agency"),
    Field("due_on", gettext_lazy("Due date"), "Due"),
    Field("status", gettext_lazy("Status"), "Status"),
    Field("update_on", gettext_lazy("Update date"), "Update date"),
    Field("rag", gettext_lazy("RAG"), "Update RAG"),
    Field("progress", gettext_lazy("Progress"), "Progress"),
]


# --- Reading the file ------------------------------------------------------------------------


def _cell_text(value) -> str:
    """A cell as text: dates as YYYY-MM-DD, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)[:MAX_CELL]


def _table(rows) -> tuple[list[str], list[list[str]]]:
    """The header and the rows (blank rows left out, each with its row number in the file),
    within the limits."""
    header: list[str] | None = None
    body: list[list[str]] = []
    for number, row in enumerate(rows, start=1):
        # Every row read counts, blank or not: a small file can declare a huge empty sheet.
        if number > MAX_ROWS + 1:
            raise ImportFileError(
                _(
                    "The file has more than %(max)s rows (empty rows count too): remove the "
                    "empty rows below the table, or split it into smaller files"
                )
                % {"max": MAX_ROWS}
            )
        cells = [_cell_text(value).strip() for value in row[:MAX_COLUMNS]]
        if header is None:
            if not any(cells):
                continue
            header = cells
            continue
        if not any(cells):
            continue
        body.append([str(number), *cells])
    if header is None:
        raise ImportFileError(_("The selected file is empty"))
    if not body:
        raise ImportFileError(_("The selected file has a header row but no rows"))
    return header, body


def read_csv(data: bytes) -> tuple[list[str], list[list[str]]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        try:
            return _table(csv.reader(io.StringIO(text, newline="")))
        except csv.Error as error:
            raise ImportFileError(_("The selected file could not be read as CSV")) from error
    raise ImportFileError(_("The selected file could not be read as CSV"))


def read_xlsx(upload) -> tuple[list[str], list[list[str]]]:
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise ImportFileError(_("The selected file could not be read as Excel")) from error
    try:
        sheet = workbook.worksheets[0]
        # Only the columns an import can use are read: a sheet may declare 16,384.
        return _table(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True))
    finally:
        workbook.close()


# --- Mapping ---------------------------------------------------------------------------------


def guess_mapping(header: list[str]) -> dict[str, str]:
    """For each field, the index (as text) of the column whose header is the export's header
    for it (case-insensitively), or ""."""
    by_name: dict[str, int] = {}
    for index, name in enumerate(header):
        by_name.setdefault(name.strip().casefold(), index)
    mapping = {}
    for item in FIELDS:
        index = by_name.get(item.header.casefold())
        if index is None:
            index = by_name.get(str(item.label).casefold())
        mapping[item.key] = "" if index is None else str(index)
    return mapping


# --- Checking the rows -----------------------------------------------------------------------


@dataclass
class NewUpdate:
    rag: str
    narrative: str
    recorded_on: datetime.date


@dataclass(kw_only=True)
class _MaybeInPlan:
    """An item the file describes that may already be in the plan (existing_pk set)."""

    existing_pk: int | None = None

    @property
    def in_plan(self) -> bool:
        return self.existing_pk is not None


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


@dataclass
class NewRecommendation(_MaybeInPlan):
    """A recommendation the file describes: a new one, or (existing_pk set) one already in the
    plan, shown with the plan's details, to which only new actions and progress updates are
    added."""

    reference: str
    text: str = ""
    addressee: str = ""
    outcomes: list[str] = field(default_factory=list)
    actions: dict[str, NewAction] = field(default_factory=dict)
    updates: list[NewUpdate] = field(default_factory=list)


@dataclass
class Preview:
    recommendations: dict[str, NewRecommendation]
    errors: list[str]
    # "Recommendation 1 is already in the plan: ...", one for each such recommendation.
    notes: list[str] = field(default_factory=list)
    # Rows about items already in the plan that add nothing to them.
    skipped_rows: int = 0
    # "Action 1a of recommendation 1 is signed off in the file: ...", one for each new action
    # the person importing may not sign off (see imported_status).
    sign_off_notes: list[str] = field(default_factory=list)

    def _actions(self):
        for recommendation in self.recommendations.values():
            yield from recommendation.actions.values()

    @property
    def recommendation_count(self) -> int:
        """New recommendations."""
        return sum(not rec.in_plan for rec in self.recommendations.values())

    @property
    def action_count(self) -> int:
        """New actions (under new recommendations or under ones already in the plan)."""
        return sum(not action.in_plan for action in self._actions())

    @property
    def new_item_update_count(self) -> int:
        """Progress updates on new recommendations and actions."""
        return sum(
            len(rec.updates) for rec in self.recommendations.values() if not rec.in_plan
        ) + sum(len(action.updates) for action in self._actions() if not action.in_plan)

    @property
    def existing_update_count(self) -> int:
        """New progress updates on recommendations and actions already in the plan."""
        return sum(len(rec.updates) for rec in self.recommendations.values() if rec.in_plan) + sum(
            len(action.updates) for action in self._actions() if action.in_plan
        )

    @property
    def update_count(self) -> int:
        return self.new_item_update_count + self.existing_update_count

    @property
    def refers_to_plan(self) -> bool:
        """Whether any row is about an item already in the plan."""
        return any(rec.in_plan for rec in self.recommendations.values())

    @property
    def adds_nothing(self) -> bool:
        return not (self.recommendation_count or self.action_count or self.update_count)

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
            "recommendations": ngettext(
                "%(count)s recommendation", "%(count)s recommendations", self.recommendation_count
            )
            % {"count": self.recommendation_count},
            "actions": ngettext("%(count)s action", "%(count)s actions", self.action_count)
            % {"count": self.action_count},
            "updates": ngettext(
                "%(count)s progress update", "%(count)s progress updates", self.update_count
            )
            % {"count": self.update_count},
        }
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


_RAG_WORDS = {"r": Rag.RED, "a": Rag.AMBER, "g": Rag.GREEN}
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


def parse_rag(text: str) -> str | None:
    word = text.strip().casefold()
    if word in Rag.values:
        return word
    return _RAG_WORDS.get(word)


def parse_status(text: str) -> str | None:
    word = text.strip().casefold()
    for value, label in ActionStatus.choices:
        if word in (value, str(label).casefold(), value.replace("_", " ")):
            return value
    return None


def imported_status(status: str, *, may_sign_off: bool) -> str:
    """The status a new action gets from the file's: signed off only when the person importing
    signs off the plan's actions; complete, awaiting sign-off, otherwise."""
    if status == ActionStatus.SIGNED_OFF and not may_sign_off:
        return ActionStatus.AWAITING_SIGN_OFF
    return status


def parse_date(text: str) -> datetime.date | None:
    """YYYY-MM-DD, DD/MM/YYYY, or an Excel date serial number."""
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            # A calendar date, read without a time zone on purpose.
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    if text.isdigit() and 1 <= int(text) <= 80000:
        return _EXCEL_EPOCH + datetime.timedelta(days=int(text))
    return None


_LIMITS = {
    "rec_ref": Recommendation._meta.get_field("reference").max_length,
    "addressee": Recommendation._meta.get_field("addressee").max_length,
    "action_ref": Action._meta.get_field("reference").max_length,
    "lead_officer": Action._meta.get_field("lead_officer").max_length,
    "agency": Action._meta.get_field("agency").max_length,
}


def _update_key(recorded_on: datetime.date, rag: str, narrative: str) -> tuple:
    """What makes two progress updates the same: date, RAG and narrative (stripped, with the
    same line endings)."""
    return (recorded_on, rag, narrative.replace("\r\n", "\n").strip())


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
    """The plan's recommendations and actions, and their updates' keys, loaded once."""

    recommendations: dict[str, Recommendation]  # by reference
    actions: dict[tuple[int, str], Action]  # by (recommendation id, reference)
    update_keys: dict[tuple[str, int], set]  # by ("recommendation" or "action", id)

    @classmethod
    def load(cls, plan: ImprovementPlan) -> "_PlanItems":
        recommendations = {
            rec.reference: rec
            for rec in plan.recommendations.only("pk", "reference", "text", "addressee")
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
        return cls(recommendations, actions, update_keys)


def check(
    *,
    rows: list[list[str]],
    mapping: dict[str, str],
    plan: ImprovementPlan,
    may_sign_off: bool = False,
) -> Preview:
    """The plan structure the rows describe, and every row's errors ("Row 7: ..."). A new
    action the file says is signed off is taken as awaiting sign-off (and a note says so)
    unless `may_sign_off`: whether the person importing signs off the plan's actions."""
    in_plan = _PlanItems.load(plan)
    today = timezone.localdate()
    recommendations: dict[str, NewRecommendation] = {}
    errors: list[str] = []
    notes: list[str] = []
    sign_off_notes: list[str] = []
    skipped_rows = 0
    columns = {key: int(index) for key, index in mapping.items() if index not in ("", None)}

    for row in rows:
        number, cells = row[0], row[1:]

        def get(key: str, cells=cells) -> str:
            index = columns.get(key)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        def error(message: str, number=number) -> None:
            errors.append(_("Row %(row)s: %(problem)s") % {"row": number, "problem": message})

        before = len(errors)
        values = {item.key: get(item.key) for item in FIELDS}
        for key, limit in _LIMITS.items():
            if len(values[key]) > limit:
                label = next(str(item.label) for item in FIELDS if item.key == key)
                error(
                    _("%(field)s must be %(limit)s characters or fewer")
                    % {"field": label, "limit": limit}
                )
        rec_ref = values["rec_ref"]
        existing_rec = in_plan.recommendations.get(rec_ref) if rec_ref else None
        if not rec_ref:
            error(_("Enter the recommendation reference"))
        recommendation = recommendations.get(rec_ref)
        if rec_ref and recommendation is None and existing_rec is None and not values["rec_text"]:
            error(_("Enter the text of recommendation %(reference)s") % {"reference": rec_ref})

        action_ref = values["action_ref"]
        action = recommendation.actions.get(action_ref) if recommendation and action_ref else None
        existing_action = (
            in_plan.actions.get((existing_rec.pk, action_ref))
            if existing_rec and action_ref
            else None
        )
        action_fields_given = any(
            values[key] for key in ("action_text", "lead_officer", "agency", "due_on", "status")
        )
        if not action_ref and action_fields_given:
            error(_("Enter the action reference"))
        if action_ref and action is None and existing_action is None and not values["action_text"]:
            error(_("Enter the text of action %(reference)s") % {"reference": action_ref})
        due_on = None
        if values["due_on"]:
            due_on = parse_date(values["due_on"])
            if due_on is None:
                error(
                    _("Due date must be a date like 2026-03-31 or 31/03/2026, not '%(value)s'")
                    % {"value": values["due_on"]}
                )
        status = ActionStatus.NOT_STARTED
        if values["status"]:
            status = parse_status(values["status"])
            if status is None:
                error(
                    _("Status must be one of %(choices)s, not '%(value)s'")
                    % {
                        "choices": ", ".join(str(label) for label in ActionStatus.labels),
                        "value": values["status"],
                    }
                )

        update = None
        if values["update_on"] or values["rag"] or values["progress"]:
            rag = parse_rag(values["rag"])
            if not values["rag"]:
                error(_("Enter the RAG rating of the update"))
            elif rag is None:
                error(
                    _("RAG must be red, amber or green, not '%(value)s'") % {"value": values["rag"]}
                )
            if not values["progress"]:
                error(_("Enter the progress of the update"))
            recorded_on = parse_date(values["update_on"]) if values["update_on"] else None
            if not values["update_on"]:
                error(_("Enter the date of the update"))
            elif recorded_on is None:
                error(
                    _("Update date must be a date like 2026-03-31 or 31/03/2026, not '%(value)s'")
                    % {"value": values["update_on"]}
                )
            elif recorded_on > today:
                error(_("Update date must be today or in the past"))
            if rag and values["progress"] and recorded_on:
                update = NewUpdate(rag=rag, narrative=values["progress"], recorded_on=recorded_on)

        if len(errors) > before:
            continue
        if recommendation is None:
            if existing_rec is not None:
                # The plan is the record: the file's text, addressee and outcomes are not used.
                recommendation = recommendations[rec_ref] = NewRecommendation(
                    reference=rec_ref,
                    text=existing_rec.text,
                    addressee=existing_rec.addressee,
                    existing_pk=existing_rec.pk,
                )
                notes.append(
                    _(
                        "Recommendation %(reference)s is already in the plan: only new actions "
                        "and progress updates are added, not its details in the file"
                    )
                    % {"reference": rec_ref}
                )
            else:
                recommendation = recommendations[rec_ref] = NewRecommendation(
                    reference=rec_ref,
                    text=values["rec_text"],
                    addressee=values["addressee"],
                    outcomes=[
                        line.strip() for line in values["outcomes"].splitlines() if line.strip()
                    ],
                )
        target: NewRecommendation | NewAction = recommendation
        if action_ref:
            if action is None:
                if existing_action is not None:
                    action = recommendation.actions[action_ref] = NewAction(
                        reference=action_ref,
                        text=existing_action.text,
                        lead_officer=existing_action.lead_officer,
                        agency=existing_action.agency,
                        due_on=existing_action.due_on,
                        status=existing_action.status,
                        existing_pk=existing_action.pk,
                    )
                else:
                    action = recommendation.actions[action_ref] = NewAction(
                        reference=action_ref,
                        text=values["action_text"],
                        lead_officer=values["lead_officer"],
                        agency=values["agency"],
                        due_on=due_on,
                        status=imported_status(status, may_sign_off=may_sign_off),
                    )
                    if action.status != status:
                        sign_off_notes.append(
                            _(
                                "%(item)s is signed off in the file: it is imported as "
                                "complete, awaiting sign-off, for the improvement board or the "
                                "programme's coordinator to sign off"
                            )
                            % {"item": capfirst(_describe(rec_ref, action_ref))}
                        )
            target = action
        if target.in_plan:
            kind = "action" if isinstance(target, NewAction) else "recommendation"
            keys = in_plan.update_keys.get((kind, target.existing_pk), set())
            if update is None or _update_key(**vars(update)) in keys:
                skipped_rows += 1  # already in the plan: nothing to add
                continue
        if update:
            target.updates.append(update)
    return Preview(
        recommendations=recommendations,
        errors=errors,
        notes=notes,
        skipped_rows=skipped_rows,
        sign_off_notes=sign_off_notes,
    )


# --- Writing ---------------------------------------------------------------------------------


class AlreadyInPlanError(Exception):
    """A reference the preview took for new was added to the plan since: args[0] lists the
    recommendation references, args[1] the "recommendation/action" ones."""


class GoneFromPlanError(Exception):
    """Items already in the plan that the preview relied on were deleted since: args[0] is
    the list of messages saying which."""


def _check_still_valid(plan: ImprovementPlan, preview: Preview) -> None:
    """Under the plan lock: refuse if an item the preview found in the plan is gone (or has
    another reference now), or if a reference it took for new is now taken."""
    recs = preview.recommendations.values()
    existing_recs = {rec.existing_pk: rec.reference for rec in recs if rec.in_plan}
    existing_actions = {
        action.existing_pk: (rec.existing_pk, rec.reference, action.reference)
        for rec in recs
        if rec.in_plan
        for action in rec.actions.values()
        if action.in_plan
    }
    found_recs = dict(
        plan.recommendations.filter(pk__in=existing_recs).values_list("pk", "reference")
    )
    found_actions = {
        pk: (rec_id, reference)
        for pk, rec_id, reference in Action.objects.filter(
            pk__in=existing_actions, recommendation__plan=plan
        ).values_list("pk", "recommendation_id", "reference")
    }
    gone = [
        gone_message(reference)
        for pk, reference in existing_recs.items()
        if found_recs.get(pk) != reference
    ] + [
        gone_message(rec_ref, action_ref)
        for pk, (rec_id, rec_ref, action_ref) in existing_actions.items()
        if found_actions.get(pk) != (rec_id, action_ref)
    ]
    if gone:
        raise GoneFromPlanError(gone)
    taken = sorted(
        plan.recommendations.filter(
            reference__in=[rec.reference for rec in recs if not rec.in_plan]
        ).values_list("reference", flat=True)
    )
    new_actions = Q()
    for rec in recs:
        if rec.in_plan:
            references = [a.reference for a in rec.actions.values() if not a.in_plan]
            if references:
                new_actions |= Q(recommendation_id=rec.existing_pk, reference__in=references)
    taken_actions = (
        sorted(
            f"{rec_ref}/{ref}"
            for rec_ref, ref in Action.objects.filter(new_actions).values_list(
                "recommendation__reference", "reference"
            )
        )
        if new_actions
        else []
    )
    if taken or taken_actions:
        raise AlreadyInPlanError(taken, taken_actions)


# The history a new action imported complete or signed off starts with.
_SIGN_OFF_EVENTS = {
    ActionStatus.AWAITING_SIGN_OFF: ActionEventKind.COMPLETION_PROPOSED,
    ActionStatus.SIGNED_OFF: ActionEventKind.SIGNED_OFF,
}


@transaction.atomic
def import_into(*, plan: ImprovementPlan, preview: Preview, by: User) -> Preview:
    """Create everything new in `preview` in `plan` and add the new progress updates to the
    items already in it, all or nothing. Refuses, nothing written, when the plan changed
    since the preview: a reference it took for new is now taken (AlreadyInPlanError) or an
    item it found in the plan is gone (GoneFromPlanError). Each item already in the plan that
    gets updates has its version raised, so that a save by someone who had it open is refused
    as stale. A new action is signed off only if `by` signs off the plan's actions (see
    imported_status); a new action complete or signed off is recorded as such, by `by`."""
    ImprovementPlan.objects.select_for_update().filter(pk=plan.pk).first()
    _check_still_valid(plan, preview)
    may_sign_off = plan_scope(by).may_sign_off(plan)
    start = plan.recommendations.count()
    next_action_position = dict(
        Action.objects.filter(
            recommendation_id__in=[
                rec.existing_pk for rec in preview.recommendations.values() if rec.in_plan
            ]
        )
        .values("recommendation_id")
        .annotate(last=Max("position"))
        .values_list("recommendation_id", "last")
    )
    updates = []
    touched: dict[type, set[int]] = {Recommendation: set(), Action: set()}
    position = start
    for new in preview.recommendations.values():
        if new.in_plan:
            recommendation = Recommendation(pk=new.existing_pk)
            first_action_position = next_action_position.get(new.existing_pk, -1) + 1
            if new.updates:
                touched[Recommendation].add(new.existing_pk)
        else:
            recommendation = Recommendation.objects.create(
                plan=plan,
                reference=new.reference,
                text=new.text,
                addressee=new.addressee,
                position=position,
            )
            position += 1
            first_action_position = 0
            DesiredOutcome.objects.bulk_create(
                DesiredOutcome(recommendation=recommendation, text=text, position=index)
                for index, text in enumerate(new.outcomes)
            )
        updates += [
            ProgressUpdate(recommendation=recommendation, author=by, **vars(update))
            for update in new.updates
        ]
        action_position = first_action_position
        for new_action in new.actions.values():
            if new_action.in_plan:
                action = Action(pk=new_action.existing_pk)
                if new_action.updates:
                    touched[Action].add(new_action.existing_pk)
            else:
                action = Action.objects.create(
                    recommendation=recommendation,
                    reference=new_action.reference,
                    text=new_action.text,
                    lead_officer=new_action.lead_officer,
                    agency=new_action.agency,
                    due_on=new_action.due_on,
                    status=imported_status(new_action.status, may_sign_off=may_sign_off),
                    position=action_position,
                )
                action_position += 1
                if action.status in _SIGN_OFF_EVENTS:
                    services.action_event_record(
                        action=action,
                        kind=_SIGN_OFF_EVENTS[action.status],
                        from_status="",
                        by=by,
                        by_import=True,
                    )
            updates += [
                ProgressUpdate(action=action, author=by, **vars(update))
                for update in new_action.updates
            ]
    # One at a time, in file order, so that created_at orders same-day updates as the file does.
    for update in updates:
        update.save()
    # Anyone who had one of these open now gets the stale-version refusal instead of saving
    # over the imported updates.
    now = timezone.now()
    for model, pks in touched.items():
        if pks:
            model.objects.filter(pk__in=pks).update(version=F("version") + 1, updated_at=now)
    services.current_rag_refresh(Recommendation.objects.filter(plan=plan))
    services.current_rag_refresh(Action.objects.filter(recommendation__plan=plan))
    return preview
