"""Importing a plan's recommendations, actions and progress updates from a CSV or XLSX file
of the shape exporting writes (any column order: the person maps the file's columns to the
fields).

Rows with the same recommendation reference form one recommendation; rows with the same
action reference under it form one action; each row with a RAG, a date or a narrative is a
dated progress update (on the action, or on the recommendation as a whole when the row names
no action). Every row is checked before anything is written: any error and nothing is
imported."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from accounts.models import User

from . import services
from .enums import ActionStatus, Rag
from .models import Action, DesiredOutcome, ImprovementPlan, ProgressUpdate, Recommendation

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
    Field("rec_text", gettext_lazy("Recommendation"), "Recommendation", True),
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
        cells = [_cell_text(value).strip() for value in row][:MAX_COLUMNS]
        if header is None:
            if not any(cells):
                continue
            header = cells
            continue
        if not any(cells):
            continue
        if len(body) >= MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)s rows: split it into smaller files")
                % {"max": MAX_ROWS}
            )
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
        return _table(sheet.iter_rows(values_only=True))
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


@dataclass
class NewAction:
    reference: str
    text: str = ""
    lead_officer: str = ""
    agency: str = ""
    due_on: datetime.date | None = None
    status: str = ActionStatus.NOT_STARTED
    updates: list[NewUpdate] = field(default_factory=list)


@dataclass
class NewRecommendation:
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

    @property
    def action_count(self) -> int:
        return sum(len(rec.actions) for rec in self.recommendations.values())

    @property
    def update_count(self) -> int:
        return sum(
            len(rec.updates) + sum(len(action.updates) for action in rec.actions.values())
            for rec in self.recommendations.values()
        )


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


def check(*, rows: list[list[str]], mapping: dict[str, str], plan: ImprovementPlan) -> Preview:
    """The plan structure the rows describe, and every row's errors ("Row 7: ...")."""
    existing = set(plan.recommendations.values_list("reference", flat=True))
    today = timezone.localdate()
    recommendations: dict[str, NewRecommendation] = {}
    errors: list[str] = []
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
        if not rec_ref:
            error(_("Enter the recommendation reference"))
        elif rec_ref in existing:
            error(_("The plan already has a recommendation %(reference)s") % {"reference": rec_ref})
        recommendation = recommendations.get(rec_ref)
        if rec_ref and recommendation is None and not values["rec_text"]:
            error(_("Enter the text of recommendation %(reference)s") % {"reference": rec_ref})

        action_ref = values["action_ref"]
        action = recommendation.actions.get(action_ref) if recommendation and action_ref else None
        action_fields_given = any(
            values[key] for key in ("action_text", "lead_officer", "agency", "due_on", "status")
        )
        if not action_ref and action_fields_given:
            error(_("Enter the action reference"))
        if action_ref and action is None and not values["action_text"]:
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
            recommendation = recommendations[rec_ref] = NewRecommendation(
                reference=rec_ref,
                text=values["rec_text"],
                addressee=values["addressee"],
                outcomes=[line.strip() for line in values["outcomes"].splitlines() if line.strip()],
            )
        if action_ref:
            if action is None:
                action = recommendation.actions[action_ref] = NewAction(
                    reference=action_ref,
                    text=values["action_text"],
                    lead_officer=values["lead_officer"],
                    agency=values["agency"],
                    due_on=due_on,
                    status=status,
                )
            if update:
                action.updates.append(update)
        elif update:
            recommendation.updates.append(update)
    return Preview(recommendations=recommendations, errors=errors)


# --- Writing ---------------------------------------------------------------------------------


class AlreadyInPlanError(Exception):
    """A recommendation reference was added to the plan since the preview."""


@transaction.atomic
def import_into(*, plan: ImprovementPlan, preview: Preview, by: User) -> Preview:
    """Create everything in `preview` in `plan`, all or nothing. Refuses (AlreadyInPlanError,
    nothing written) a recommendation reference the plan already has."""
    ImprovementPlan.objects.select_for_update().filter(pk=plan.pk).first()
    taken = set(
        plan.recommendations.filter(reference__in=list(preview.recommendations)).values_list(
            "reference", flat=True
        )
    )
    if taken:
        raise AlreadyInPlanError(sorted(taken))
    start = plan.recommendations.count()
    updates = []
    for position, new in enumerate(preview.recommendations.values(), start=start):
        recommendation = Recommendation.objects.create(
            plan=plan,
            reference=new.reference,
            text=new.text,
            addressee=new.addressee,
            position=position,
        )
        DesiredOutcome.objects.bulk_create(
            DesiredOutcome(recommendation=recommendation, text=text, position=index)
            for index, text in enumerate(new.outcomes)
        )
        updates += [
            ProgressUpdate(recommendation=recommendation, author=by, **vars(update))
            for update in new.updates
        ]
        for action_position, new_action in enumerate(new.actions.values()):
            action = Action.objects.create(
                recommendation=recommendation,
                reference=new_action.reference,
                text=new_action.text,
                lead_officer=new_action.lead_officer,
                agency=new_action.agency,
                due_on=new_action.due_on,
                status=new_action.status,
                position=action_position,
            )
            updates += [
                ProgressUpdate(action=action, author=by, **vars(update))
                for update in new_action.updates
            ]
    # One at a time, in file order, so that created_at orders same-day updates as the file does.
    for update in updates:
        update.save()
    services.current_rag_refresh(Recommendation.objects.filter(plan=plan))
    services.current_rag_refresh(Action.objects.filter(recommendation__plan=plan))
    return preview
