"""Importing a plan's items, actions and progress updates from a CSV, XLSX or Word (DOCX)
file: our own export, or a tracker as a service keeps it (any column order and headers: the
person maps the file's columns to the fields, with guesses from common headers).

Rows with the same item reference form one item (a recommendation, an area for consideration
or a strength); rows with the same action reference under it form one action. Trackers are
taken as they are:
- with no reference column, items are numbered in file order (a new item wherever the item's
  text changes), and actions with no reference column likewise (1a, 1b, ...);
- references like 1a, 1b or 1.1, 1.2 (or "1" followed by rows "a", "b") are actions of item 1
  when no column holds action references;
- merged cells (blank cells under a filled one) take the value above when the person says the
  file has them (see FILL_DOWN);
- with no update-date column, one "as at" date is given for the whole file;
- dates as services write them (parse_date), RAG as words, letters, split ratings (the better
  or the worse, chosen once per file) and BRAG's blue or "complete" (a completed action).
Each row with a RAG, a date or a narrative is a dated progress update (on the action, or on
the item as a whole when the row names no action). Every row is checked before anything is
written: any error and nothing is imported; errors are grouped by cause, with a count, the
rows and the fix.

A file can be imported again, for example a tracker kept in Excel and re-imported each month:
a row whose item (or action) reference is already in the plan refers to that item, whose
details in the file are not applied (the plan is the record). Its progress updates are added
unless the item already has one with the same date, RAG and narrative, so importing the same
file twice adds nothing the second time.

Importing cannot sign off what the importer may not: a new action the file says is signed off
(or complete) is imported as complete, awaiting sign-off, unless the person importing signs
off the plan's actions (its improvement board); either way its status is recorded in the
action's history as theirs, by importing a file.

Every import is an ImportBatch that every row it creates points at: it can be undone as a
whole by whoever made it, until anything is added on top of it (undo_blocker)."""

import calendar
import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, ngettext_lazy
from openpyxl import load_workbook

from accounts.models import User

from . import services
from .enums import ActionEventKind, ActionStatus, ItemKind, Rag
from .models import (
    Action,
    DesiredOutcome,
    ImportBatch,
    ImprovementPlan,
    Measure,
    MeasureValue,
    PlanRating,
    ProgressUpdate,
    Recommendation,
)
from .scope import plan_scope

MAX_ROWS = 2000
MAX_COLUMNS = 60
MAX_CELL = 10_000
# How many of a column's first values the mapping page shows beside its header.
SAMPLE_VALUES = 3


class ImportFileError(Exception):
    """The file cannot be read as a table of rows."""


@dataclass(frozen=True)
class Field:
    key: str
    label: object  # lazy text
    header: str  # the export's header text (see exporting.headers)
    required: bool = False
    # Other headers trackers use for it (compared casefolded, without punctuation).
    aliases: tuple[str, ...] = ()


FIELDS = [
    # Not required: with no reference column, items are numbered in file order.
    Field(
        "rec_ref",
        gettext_lazy("Recommendation reference"),
        "Recommendation ref",
        aliases=("no", "number", "ref", "ref no", "reference", "rec", "rec no", "#"),
    ),
    # Not required: a file about recommendations already in the plan needs no text.
    Field(
        "rec_text",
        gettext_lazy("Recommendation"),
        "Recommendation",
        aliases=(
            "recommendations",
            "area for improvement",
            "finding",
            "recommendation / action",
            "recommendations and actions",
            "recommendation and action",
        ),
    ),
    Field("kind", gettext_lazy("Kind of item"), "Kind", aliases=("type", "item type")),
    Field(
        "domain",
        gettext_lazy("Line of enquiry or inspection domain"),
        "Line of enquiry",
        aliases=("domain", "theme", "key line of enquiry", "area", "standard"),
    ),
    Field("addressee", gettext_lazy("Addressed to"), "Addressed to", aliases=("to",)),
    Field(
        "outcomes",
        gettext_lazy("Desired outcomes"),
        "Desired outcomes",
        aliases=("desired outcome", "outcome", "outcomes", "success criteria"),
    ),
    Field("action_ref", gettext_lazy("Action reference"), "Action ref", aliases=("action no",)),
    Field(
        "action_text",
        gettext_lazy("Action"),
        "Action",
        aliases=("actions", "action required", "actions required", "what we will do"),
    ),
    Field(
        "lead_officer",
        gettext_lazy("Lead officer"),
        "Lead officer",
        aliases=("lead", "owner", "responsible officer", "who", "responsible"),
    ),
    Field("agency", gettext_lazy("Agency"), "Agency", aliases=("partner", "lead agency")),
    Field(
        "due_on",
        gettext_lazy("Due date"),
        "Due",
        aliases=("target date", "deadline", "by when", "timescale", "completion date"),
    ),
    Field("status", gettext_lazy("Status"), "Status", aliases=("action status",)),
    Field(
        "update_on",
        gettext_lazy("Update date"),
        "Update date",
        aliases=("date", "date of update", "as at", "updated", "last updated", "review date"),
    ),
    Field(
        "rag",
        gettext_lazy("RAG"),
        "Update RAG",
        aliases=("rag rating", "rag status", "brag", "rating"),
    ),
    Field(
        "progress",
        gettext_lazy("Progress"),
        "Progress",
        aliases=(
            "latest progress",
            "progress update",
            "update",
            "progress detail",
            "detail",
            "progress to date",
            "comments",
            "commentary",
        ),
    ),
    Field(
        "author",
        gettext_lazy("Progress update by"),
        "Update by",
        aliases=("updated by", "author", "update by", "by", "reported by"),
    ),
]
FIELD_KEYS = [item.key for item in FIELDS]

# The columns whose blank cells take the value above when the file has merged cells: the
# item's (always) and the action's (only within the same item). Never an update's own cells.
ITEM_COLUMNS = ("rec_ref", "rec_text", "kind", "domain", "addressee", "outcomes")
ACTION_COLUMNS = ("action_ref", "action_text", "lead_officer", "agency", "due_on", "status")
FILL_DOWN = ITEM_COLUMNS + ACTION_COLUMNS

# How a split rating such as "A/G" is taken: the better or the worse of the two.
SPLIT_BETTER = "better"
SPLIT_WORSE = "worse"


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
    within the limits. Rows above the header with one cell filled are titles ("Improvement
    plan, March 2013"), left out: the header is the first row with two or more."""
    header: list[str] | None = None
    titles: list[tuple[int, list[str]]] = []
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
            filled = sum(1 for cell in cells if cell)
            if filled == 1:
                titles.append((number, cells))
            elif filled:
                header = cells
            continue
        if not any(cells):
            continue
        body.append([str(number), *cells])
    if header is None and titles:
        # A file of one column: no titles after all.
        (_number, header), *rest = titles
        body = [[str(number), *cells] for number, cells in rest]
    if header is None:
        raise ImportFileError(_("The selected file is empty"))
    if not body:
        raise ImportFileError(_("The selected file has a header row but no rows"))
    # Blank columns at the right (a sheet's declared width) are left out.
    width = max(
        max((index + 1 for index, cell in enumerate(header) if cell), default=0),
        *(max((index for index, cell in enumerate(row) if cell), default=0) for row in body),
    )
    return header[:width], [row[: width + 1] for row in body]


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
    """The first sheet. Merged cells come through as their top-left value and blanks under
    it; real date cells as dates."""
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


def read_docx(upload) -> tuple[list[str], list[list[str]]]:
    """The first table of a Word document: its first row the header. Merged cells come
    through as the same text in each cell they cover."""
    import docx

    try:
        document = docx.Document(upload)
    except Exception as error:  # python-docx raises many kinds for a damaged document
        raise ImportFileError(
            _("The selected file could not be read as a Word document")
        ) from error
    if not document.tables:
        raise ImportFileError(_("The selected Word document has no table"))
    table = document.tables[0]

    def rows():
        for number, row in enumerate(table.rows, start=1):
            if number > MAX_ROWS + 2:
                return
            yield [cell.text for cell in row.cells[:MAX_COLUMNS]]

    return _table(rows())


# --- Mapping ---------------------------------------------------------------------------------


def _header_key(name: str) -> str:
    """A header compared with others: casefolded, without punctuation, spaces collapsed."""
    return " ".join(re.sub(r"[^\w#/ ]+", " ", name.casefold()).split())


def guess_mapping(header: list[str]) -> dict[str, str]:
    """For each field, the index (as text) of the column that holds it, or "": the column
    whose header is the export's for the field or its name, else one with a header trackers
    commonly use for it. No column is guessed for two fields."""
    by_name: dict[str, int] = {}
    for index, name in enumerate(header):
        by_name.setdefault(_header_key(name), index)
    mapping = dict.fromkeys(FIELD_KEYS, "")
    used: set[int] = set()
    passes = [
        lambda item: (item.header, str(item.label)),
        lambda item: item.aliases,
    ]
    for names_of in passes:
        for item in FIELDS:
            if mapping[item.key]:
                continue
            for name in names_of(item):
                index = by_name.get(_header_key(name))
                if index is not None and index not in used:
                    mapping[item.key] = str(index)
                    used.add(index)
                    break
    return mapping


def column_name(header: list[str], index: int) -> str:
    return header[index] or _("Column %(number)s") % {"number": index + 1}


def column_samples(header: list[str], rows: list[list[str]]) -> list[tuple[str, list[str]]]:
    """Each column's name and its first few values (blanks left out), for the mapping page."""
    samples = []
    for index in range(len(header)):
        values = []
        for row in rows:
            value = row[index + 1] if index + 1 < len(row) else ""
            if value:
                values.append(value if len(value) <= 80 else value[:79] + "…")
            if len(values) == SAMPLE_VALUES:
                break
        samples.append((column_name(header, index), values))
    return samples


def unmapped_columns(header: list[str], mapping: dict[str, str]) -> list[str]:
    """The names of the columns no field takes: they will not be imported."""
    used = {int(index) for index in mapping.values() if index not in ("", None)}
    return [column_name(header, index) for index in range(len(header)) if index not in used]


# --- Reading values --------------------------------------------------------------------------

_MONTHS = {
    name.casefold(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))
_SEP = r"[\s/.\-,]+"
_DMY = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{2}|\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_DAY_MONTH_NAME = re.compile(
    rf"(\d{{1,2}})(?:st|nd|rd|th)?{_SEP}({_MONTH_NAME})\.?{_SEP}(\d{{2}}|\d{{4}})", re.I
)
_MONTH_NAME_DAY = re.compile(
    rf"({_MONTH_NAME})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.I
)
_MONTH_NAME_YEAR = re.compile(rf"({_MONTH_NAME})\.?{_SEP}(\d{{2}}|\d{{4}})", re.I)
_MONTH_YEAR = re.compile(r"(\d{1,2})[/.\-](\d{4})")


@dataclass(frozen=True)
class ParsedDate:
    date: datetime.date
    # The file gave a month alone: `date` is its 1st.
    month_only: bool = False


def _year(text: str) -> int:
    """A four-digit year, or a two-digit one in 2000-2069 (00-69) or 1970-1999 (70-99)."""
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _month(name: str) -> int:
    return _MONTHS[name.casefold().rstrip(".")]


def parse_when(text: str) -> ParsedDate | None:
    """A date as services write them: 31/03/2013, 31-03-13, 31.3.2013 (day first, two- or
    four-digit years), 31 March 2013, 31 Mar 13, 31st March 2013, 31-Mar-2013, March 31, 2013,
    2013-03-31 (ISO, with or without a time); or a month alone (March 2013, Mar-13, 03/2013,
    2013-03), taken as its 1st. A bare number is never a date (spreadsheet date cells arrive
    as ISO dates, see _cell_text). None for anything else, or an impossible date."""
    text = " ".join(text.strip().split())
    attempts = [
        (_ISO, lambda m: (int(m[1]), int(m[2]), int(m[3])), False),
        (_DMY, lambda m: (_year(m[4]), int(m[3]), int(m[1])), False),
        (_DAY_MONTH_NAME, lambda m: (_year(m[3]), _month(m[2]), int(m[1])), False),
        (_MONTH_NAME_DAY, lambda m: (int(m[3]), _month(m[1]), int(m[2])), False),
        (_MONTH_NAME_YEAR, lambda m: (_year(m[2]), _month(m[1]), 1), True),
        (_MONTH_YEAR, lambda m: (int(m[2]), int(m[1]), 1), True),
        (_ISO_MONTH, lambda m: (int(m[1]), int(m[2]), 1), True),
    ]
    for pattern, parts, month_only in attempts:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        try:
            return ParsedDate(datetime.date(*parts(match)), month_only)
        except ValueError:
            return None
    return None


def parse_date(text: str) -> datetime.date | None:
    """The date parse_when reads (a month alone as its 1st), or None."""
    parsed = parse_when(text)
    return parsed.date if parsed else None


@dataclass(frozen=True)
class RagReading:
    rag: str
    # Blue or "complete" (BRAG): the work is done.
    completed: bool = False
    # The two ratings of a split one ("A/G"), worse first, when it is one.
    split: tuple[str, str] | None = None


_RAG_WORDS = {
    "r": Rag.RED,
    "red": Rag.RED,
    "a": Rag.AMBER,
    "amber": Rag.AMBER,
    "g": Rag.GREEN,
    "green": Rag.GREEN,
}
_COMPLETE_WORDS = {"b", "blue", "complete", "completed"}
_RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN]
_SPLIT = re.compile(r"(red|amber|green|r|a|g)\s*[/\-\u2013—]\s*(red|amber|green|r|a|g)")


def parse_rag(text: str) -> RagReading | None:
    """Red, amber, green or their letters (any case); a split rating such as "A/G",
    "Amber-Green" or "R/A" (see choose_split); blue or "complete" (BRAG), a completed action,
    rated green. None for anything else."""
    word = " ".join(text.strip().casefold().split())
    if word in _RAG_WORDS:
        return RagReading(_RAG_WORDS[word])
    if word in _COMPLETE_WORDS:
        return RagReading(Rag.GREEN, completed=True)
    match = _SPLIT.fullmatch(word)
    if match:
        first, second = sorted((_RAG_WORDS[match[1]], _RAG_WORDS[match[2]]), key=_RAG_ORDER.index)
        if first != second:
            return RagReading(first, split=(first, second))
        return RagReading(first)
    return None


def choose_split(reading: RagReading, split: str) -> str:
    """The rating of a split reading taken as the person chose for the file: the better or
    the worse of the two."""
    if reading.split is None:
        return reading.rag
    return reading.split[1] if split == SPLIT_BETTER else reading.split[0]


def has_split_ratings(rows: list[list[str]], mapping: dict[str, str]) -> bool:
    """Whether the RAG column (as mapped) has a split rating, so the mapping page asks how to
    take them."""
    index = mapping.get("rag")
    if index in ("", None):
        return False
    column = int(index) + 1
    for row in rows:
        if column < len(row):
            reading = parse_rag(row[column])
            if reading and reading.split:
                return True
    return False


_STATUS_WORDS = {
    "not started": ActionStatus.NOT_STARTED,
    "not yet started": ActionStatus.NOT_STARTED,
    "to do": ActionStatus.NOT_STARTED,
    "in progress": ActionStatus.IN_PROGRESS,
    "ongoing": ActionStatus.IN_PROGRESS,
    "on going": ActionStatus.IN_PROGRESS,
    "on track": ActionStatus.IN_PROGRESS,
    "on-going": ActionStatus.IN_PROGRESS,
    "started": ActionStatus.IN_PROGRESS,
    "underway": ActionStatus.IN_PROGRESS,
    "under way": ActionStatus.IN_PROGRESS,
    "behind": ActionStatus.IN_PROGRESS,
    "delayed": ActionStatus.IN_PROGRESS,
    "awaiting sign off": ActionStatus.AWAITING_SIGN_OFF,
    "awaiting sign-off": ActionStatus.AWAITING_SIGN_OFF,
    # Completed, in a tracker: signed off if the person importing may sign off (imported_status).
    "complete": ActionStatus.SIGNED_OFF,
    "completed": ActionStatus.SIGNED_OFF,
    "done": ActionStatus.SIGNED_OFF,
    "achieved": ActionStatus.SIGNED_OFF,
    "closed": ActionStatus.SIGNED_OFF,
}


def parse_status(text: str) -> str | None:
    """Our statuses by value or name, and the words trackers use ("complete", "in progress",
    "ongoing", "on track", "not started"...): a completed action is signed off (see
    imported_status)."""
    word = " ".join(text.strip().casefold().split())
    for value, label in ActionStatus.choices:
        if word in (value, str(label).casefold(), value.replace("_", " ")):
            return value
    return _STATUS_WORDS.get(word)


_KIND_WORDS = {
    "recommendation": ItemKind.RECOMMENDATION,
    "recommendations": ItemKind.RECOMMENDATION,
    "rec": ItemKind.RECOMMENDATION,
    "area for consideration": ItemKind.AREA_FOR_CONSIDERATION,
    "areas for consideration": ItemKind.AREA_FOR_CONSIDERATION,
    "consideration": ItemKind.AREA_FOR_CONSIDERATION,
    "afc": ItemKind.AREA_FOR_CONSIDERATION,
    "area for improvement": ItemKind.RECOMMENDATION,
    "strength": ItemKind.STRENGTH,
    "strengths": ItemKind.STRENGTH,
}


def parse_kind(text: str) -> str | None:
    word = " ".join(text.strip().casefold().split())
    for value, label in ItemKind.choices:
        if word in (value, str(label).casefold(), value.replace("_", " ")):
            return value
    return _KIND_WORDS.get(word)


def imported_status(status: str, *, may_sign_off: bool) -> str:
    """The status a new action gets from the file's: signed off only when the person importing
    signs off the plan's actions; complete, awaiting sign-off, otherwise."""
    if status == ActionStatus.SIGNED_OFF and not may_sign_off:
        return ActionStatus.AWAITING_SIGN_OFF
    return status


_SUB_REFERENCE = re.compile(r"(\d+)\s*(?:\.\s*(\d+)|\(?([a-z])\)?)", re.I)
_LETTER_ONLY = re.compile(r"\(?([a-z])\)?\.?", re.I)


def split_reference(reference: str, last_item: str | None) -> tuple[str, str]:
    """An item's and an action's reference from one: "1a", "1 (a)" and "1.1" are action 1a or
    1.1 of item 1; "a" or "(b)" alone, an action of the item above (`last_item`); anything
    else is an item's, with no action."""
    match = _SUB_REFERENCE.fullmatch(reference)
    if match:
        item = match[1]
        return item, f"{item}.{match[2]}" if match[2] else f"{item}{match[3].lower()}"
    match = _LETTER_ONLY.fullmatch(reference)
    if match and last_item is not None:
        return last_item, f"{last_item}{match[1].lower()}"
    return reference, ""


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


@dataclass
class Problem:
    """Why the file cannot be imported, and the fix: one cause, with the rows it affects (each
    a link to the row in the preview)."""

    message: str
    rows: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


# Row numbers named in a problem's message (all are linked below it).
_ROWS_NAMED = 10
_VALUES_NAMED = 5


def _rows_text(rows: list[str]) -> str:
    named = ", ".join(rows[:_ROWS_NAMED])
    if len(rows) > _ROWS_NAMED:
        named += ", …"
    return ngettext("row %(rows)s", "rows %(rows)s", len(rows)) % {"rows": named}


def _values_text(values: list[str], *, quoted: bool = True) -> str:
    named = ", ".join(f"'{value}'" if quoted else value for value in values[:_VALUES_NAMED])
    if len(values) > _VALUES_NAMED:
        named += ", …"
    return named


# Each cause of a row's problem: its message (singular, plural) with %(count)s rows,
# %(values)s (the distinct values at fault) and %(rows)s; the fix follows a colon.
_CAUSES = {
    "no_item": ngettext_lazy(
        "%(count)s row has neither a reference nor an item's text (%(rows)s): fill them in, "
        "or say the file has merged cells if the row belongs to the item above",
        "%(count)s rows have neither a reference nor an item's text (%(rows)s): fill them in, "
        "or say the file has merged cells if the rows belong to the item above",
        "count",
    ),
    "no_text": ngettext_lazy(
        "%(count)s new item has no text: %(values)s (%(rows)s): add its text to the file",
        "%(count)s new items have no text: %(values)s (%(rows)s): add their text to the file",
        "count",
    ),
    "bad_kind": ngettext_lazy(
        "%(count)s row has a kind of item we do not recognise: %(values)s (%(rows)s): use "
        "recommendation, area for consideration or strength",
        "%(count)s rows have a kind of item we do not recognise: %(values)s (%(rows)s): use "
        "recommendation, area for consideration or strength",
        "count",
    ),
    "strength_work": ngettext_lazy(
        "%(count)s row gives a strength an action or a progress update (%(rows)s): strengths "
        "carry neither, so leave them out or change the item's kind",
        "%(count)s rows give a strength an action or a progress update (%(rows)s): strengths "
        "carry neither, so leave them out or change the item's kind",
        "count",
    ),
    "no_action_ref": ngettext_lazy(
        "%(count)s row gives an action's details but no action reference (%(rows)s): fill it in",
        "%(count)s rows give an action's details but no action reference (%(rows)s): fill them in",
        "count",
    ),
    "no_action": ngettext_lazy(
        "%(count)s row gives a lead officer, agency, due date or status but no action "
        "(%(rows)s): they belong to actions, so choose the column that holds the actions, or "
        "choose no column for those",
        "%(count)s rows give a lead officer, agency, due date or status but no action "
        "(%(rows)s): they belong to actions, so choose the column that holds the actions, or "
        "choose no column for those",
        "count",
    ),
    "no_action_text": ngettext_lazy(
        "%(count)s new action has no text: %(values)s (%(rows)s): add its text to the file",
        "%(count)s new actions have no text: %(values)s (%(rows)s): add their text to the file",
        "count",
    ),
    "bad_due": ngettext_lazy(
        "%(count)s row has a due date we do not recognise: %(values)s (%(rows)s): write "
        "dates like 31/03/2026 or 31 March 2026, or a month like March 2026",
        "%(count)s rows have a due date we do not recognise: %(values)s (%(rows)s): write "
        "dates like 31/03/2026 or 31 March 2026, or a month like March 2026",
        "count",
    ),
    "bad_status": ngettext_lazy(
        "%(count)s row has a status we do not recognise: %(values)s (%(rows)s): use not "
        "started, in progress, complete or signed off",
        "%(count)s rows have a status we do not recognise: %(values)s (%(rows)s): use not "
        "started, in progress, complete or signed off",
        "count",
    ),
    "no_rag": ngettext_lazy(
        "%(count)s row has progress but no RAG rating (%(rows)s): give each update a rating",
        "%(count)s rows have progress but no RAG rating (%(rows)s): give each update a rating",
        "count",
    ),
    "bad_rag": ngettext_lazy(
        "%(count)s row has a RAG rating we do not recognise: %(values)s (%(rows)s): use red, "
        "amber or green (or R, A, G), a split rating like A/G, or blue for a completed action",
        "%(count)s rows have a RAG rating we do not recognise: %(values)s (%(rows)s): use red, "
        "amber or green (or R, A, G), a split rating like A/G, or blue for a completed action",
        "count",
    ),
    "split": ngettext_lazy(
        "%(count)s row has a split RAG rating: %(values)s (%(rows)s): choose whether to take "
        "the better or the worse of the two",
        "%(count)s rows have a split RAG rating: %(values)s (%(rows)s): choose whether to take "
        "the better or the worse of the two",
        "count",
    ),
    "no_progress": ngettext_lazy(
        "%(count)s row has a RAG rating but no progress (%(rows)s): add what progress was made",
        "%(count)s rows have a RAG rating but no progress (%(rows)s): add what progress was made",
        "count",
    ),
    "no_date": ngettext_lazy(
        "%(count)s row has progress but no update date (%(rows)s): fill it in, or give one "
        "date for the whole file",
        "%(count)s rows have progress but no update date (%(rows)s): fill them in, or give one "
        "date for the whole file",
        "count",
    ),
    "bad_date": ngettext_lazy(
        "%(count)s row has an update date we do not recognise: %(values)s (%(rows)s): write "
        "dates like 31/03/2026 or 31 March 2026, or a month like March 2026",
        "%(count)s rows have an update date we do not recognise: %(values)s (%(rows)s): write "
        "dates like 31/03/2026 or 31 March 2026, or a month like March 2026",
        "count",
    ),
    "future": ngettext_lazy(
        "%(count)s row has an update date in the future: %(values)s (%(rows)s): an update is "
        "as at today or earlier",
        "%(count)s rows have an update date in the future: %(values)s (%(rows)s): an update "
        "is as at today or earlier",
        "count",
    ),
}
_TOO_LONG = ngettext_lazy(
    "%(count)s row has a %(field)s longer than %(limit)s characters (%(rows)s): shorten it",
    "%(count)s rows have a %(field)s longer than %(limit)s characters (%(rows)s): shorten them",
    "count",
)


# What is wrong with one row, in the preview's table of rows with problems.
_SHORT = {
    "no_item": gettext_lazy("No reference and no item text"),
    "no_text": gettext_lazy("New item with no text"),
    "bad_kind": gettext_lazy("Kind of item not recognised"),
    "strength_work": gettext_lazy("A strength with an action or an update"),
    "no_action_ref": gettext_lazy("No action reference"),
    "no_action": gettext_lazy("An action's details but no action"),
    "no_action_text": gettext_lazy("New action with no text"),
    "bad_due": gettext_lazy("Due date not recognised"),
    "bad_status": gettext_lazy("Status not recognised"),
    "no_rag": gettext_lazy("No RAG rating"),
    "bad_rag": gettext_lazy("RAG rating not recognised"),
    "split": gettext_lazy("Split RAG rating"),
    "no_progress": gettext_lazy("No progress"),
    "no_date": gettext_lazy("No update date"),
    "bad_date": gettext_lazy("Update date not recognised"),
    "future": gettext_lazy("Update date in the future"),
}


@dataclass
class RowProblem:
    """A row of the file with problems, for the preview (linked from the error summary)."""

    row: str
    problems: list[str]
    cells: str  # the row's first filled cells, to recognise it


# Causes whose values name items (not what the file says).
_NAMED_ITEMS = {"no_text", "no_action_text"}


class _Problems:
    """Row problems collected by cause (in the order first met), then told as one Problem
    each; and by row, for the preview."""

    def __init__(self) -> None:
        self.causes: dict[str, tuple[list[str], list[str]]] = {}
        self.by_row: dict[str, list[str]] = {}

    def add(self, cause: str, row: str, value: str = "") -> None:
        rows, values = self.causes.setdefault(cause, ([], []))
        if row not in rows:
            rows.append(row)
        if value and value not in values:
            values.append(value)
        if cause.startswith("too_long:"):
            short = _("%(field)s too long") % {
                "field": capfirst(str(_label(cause.removeprefix("too_long:"))))
            }
        else:
            short = str(_SHORT[cause])
        if value:
            short = f"{short}: '{value}'"
        self.by_row.setdefault(row, []).append(short)

    def rows(self, rows: list[list[str]]) -> list[RowProblem]:
        cells = {row[0]: row[1:] for row in rows}
        return [
            RowProblem(
                row=number,
                problems=problems,
                cells=" | ".join(cell[:40] for cell in cells.get(number, []) if cell)[:160],
            )
            for number, problems in self.by_row.items()
        ]

    def problems(self) -> list[Problem]:
        told = []
        for cause, (rows, values) in self.causes.items():
            context = {
                "count": len(rows),
                "rows": _rows_text(rows),
                # What the file says is quoted; the items we name are not.
                "values": _values_text(values, quoted=cause not in _NAMED_ITEMS),
            }
            if cause.startswith("too_long:"):
                key = cause.removeprefix("too_long:")
                message = _TOO_LONG
                context["field"] = str(_label(key)).lower()
                context["limit"] = _LIMITS[key]
            else:
                message = _CAUSES[cause]
            told.append(Problem(message % context, rows))
        return told


def _label(key: str):
    return next(item.label for item in FIELDS if item.key == key)


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


_LIMITS = {
    "rec_ref": Recommendation._meta.get_field("reference").max_length,
    "addressee": Recommendation._meta.get_field("addressee").max_length,
    "action_ref": Action._meta.get_field("reference").max_length,
    "lead_officer": Action._meta.get_field("lead_officer").max_length,
    "agency": Action._meta.get_field("agency").max_length,
    "domain": Recommendation._meta.get_field("domain").max_length,
    "author": ProgressUpdate._meta.get_field("author_name").max_length,
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
        return cls(recommendations, actions, update_keys)

    def next_number(self) -> int:
        """The number the first item numbered in file order gets: after the plan's highest
        numeric reference."""
        numbers = [int(ref) for ref in self.recommendations if ref.isdigit()]
        return max(numbers, default=0) + 1


def _letters(index: int) -> str:
    """a, b, ..., z, aa, ab, ...: the suffix of the action numbered `index` (from 0)."""
    text = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        text = chr(ord("a") + remainder) + text
    return text


_BULLET = re.compile(r"^[•●▪◦·*\-\u2013]\s*")


def _lines(text: str) -> list[str]:
    """The lines of a cell, without bullets, blanks left out."""
    return [_BULLET.sub("", line.strip()).strip() for line in text.splitlines() if line.strip()]


def _filled(rows: list[list[str]], columns: dict[str, int]) -> list[dict[str, str]]:
    """Each row's values by field, blank cells under a filled one taking the value above (the
    file has merged cells): the item's columns always, the action's only while the row is on
    the same item as the row above."""
    filled: list[dict[str, str]] = []
    above: dict[str, str] = {}
    for row in rows:
        cells = row[1:]
        values = {
            key: cells[index].strip() if index < len(cells) else ""
            for key, index in columns.items()
        }
        same_item = all(
            not values.get(key) or values.get(key) == above.get(key)
            for key in ("rec_ref", "rec_text")
        )
        for key in FILL_DOWN:
            if key in values and not values[key] and (key in ITEM_COLUMNS or same_item):
                values[key] = above.get(key, "")
        above = values
        filled.append(values)
    return filled


def check(
    *,
    rows: list[list[str]],
    mapping: dict[str, str],
    plan: ImprovementPlan,
    may_sign_off: bool = False,
    merged: bool = False,
    as_at: datetime.date | None = None,
    split: str = "",
) -> Preview:
    """The plan structure the rows describe, and the file's problems grouped by cause (see
    the module's docstring for how a tracker is read). `merged`: the file has merged cells;
    `as_at`: the date of the updates with none of their own; `split`: how to take a split
    rating (SPLIT_BETTER or SPLIT_WORSE). A new action the file says is signed off (or
    complete) is taken as awaiting sign-off (and a note says so) unless `may_sign_off`: whether
    the person importing signs off the plan's actions."""
    in_plan = _PlanItems.load(plan)
    today = timezone.localdate()
    recommendations: dict[str, NewRecommendation] = {}
    problems = _Problems()
    file_errors: list[Problem] = []
    notes: list[str] = []
    reading_notes: list[str] = []
    month_only: list[str] = []
    skipped_rows = 0
    columns = {
        key: int(index)
        for key, index in mapping.items()
        if key in FIELD_KEYS and index not in ("", None)
    }
    has_ref, has_action_ref = "rec_ref" in columns, "action_ref" in columns

    if (
        as_at is None
        and "update_on" not in columns
        and any(key in columns for key in ("rag", "progress"))
    ):
        file_errors.append(
            Problem(
                _(
                    "No column holds the date of the updates: choose one, or give one date for "
                    "the whole file"
                )
            )
        )
    if as_at is not None and as_at > today:
        file_errors.append(Problem(_("The date of the updates must be today or in the past")))

    values_by_row = (
        _filled(rows, columns)
        if merged
        else [
            {
                key: row[1:][index].strip() if index < len(row) - 1 else ""
                for key, index in columns.items()
            }
            for row in rows
        ]
    )
    numbered = 0  # items numbered in file order
    grouped = 0  # rows whose reference is an action's under an item (1a under 1)
    # The references that are items' on their own: a row of the file's, or the plan's.
    parents = set(in_plan.recommendations)
    if has_ref:
        parents |= {
            values.get("rec_ref", "")
            for values in values_by_row
            if not split_reference(values.get("rec_ref", ""), None)[1]
        }
    number = in_plan.next_number()
    last_item: str | None = None
    last_text = ""
    # Per item: the last action numbered in file order, and its text.
    numbered_actions: dict[str, tuple[str, str]] = {}

    for row, given in zip(rows, values_by_row, strict=True):
        row_number = row[0]
        values = {key: given.get(key, "") for key in FIELD_KEYS}
        before = len(problems.causes), sum(len(r) for r, _v in problems.causes.values())

        def problem(cause: str, value: str = "", row_number=row_number) -> None:
            problems.add(cause, row_number, value)

        for key, limit in _LIMITS.items():
            if key not in ("rec_ref", "action_ref") and len(values[key]) > limit:
                problem(f"too_long:{key}")

        # Which item and action the row is about.
        rec_ref, action_ref = values["rec_ref"], values["action_ref"]
        rec_text, action_text = values["rec_text"], values["action_text"]
        if has_ref and rec_ref and not has_action_ref:
            parent, sub = split_reference(rec_ref, last_item)
            # 1a or 1.1 is an action of item 1 where item 1 is there to hold it (a row of its
            # own, the plan's, or an action column beside the item's); otherwise (1.1, 1.2 and
            # 2.1 alone) the references are the items'.
            if sub and (parent in parents or parent == last_item or "action_text" in columns):
                rec_ref, action_ref = parent, sub
                grouped += 1
                if not action_text:
                    # One text column: on an action's row, it is the action's.
                    action_text, rec_text = rec_text, ""
        if not has_ref or not rec_ref:
            if not has_ref and rec_text and rec_text != last_text:
                rec_ref = str(number + numbered)
                numbered += 1
            elif not has_ref and rec_text:
                rec_ref = last_item or ""
            if not rec_ref:
                problem("no_item")
        for key, reference in (("rec_ref", rec_ref), ("action_ref", action_ref)):
            if len(reference) > _LIMITS[key]:
                problem(f"too_long:{key}")
        if rec_ref and not has_action_ref and not action_ref and action_text:
            # Actions numbered in file order: a new one wherever the action's text changes.
            last_ref, last_action_text = numbered_actions.get(rec_ref, ("", ""))
            if action_text == last_action_text:
                action_ref = last_ref
            else:
                known = recommendations.get(rec_ref)
                action_ref = f"{rec_ref}{_letters(len(known.actions) if known else 0)}"
                numbered_actions[rec_ref] = (action_ref, action_text)
        if rec_ref:
            last_item = rec_ref
        if rec_text:
            last_text = rec_text

        existing_rec = in_plan.recommendations.get(rec_ref) if rec_ref else None
        recommendation = recommendations.get(rec_ref)
        if rec_ref and recommendation is None and existing_rec is None and not rec_text:
            problem("no_text", rec_ref)
        kind = ItemKind.RECOMMENDATION
        if values["kind"]:
            kind = parse_kind(values["kind"])
            if kind is None:
                problem("bad_kind", values["kind"])
        elif recommendation is not None:
            kind = recommendation.kind

        action = recommendation.actions.get(action_ref) if recommendation and action_ref else None
        existing_action = (
            in_plan.actions.get((existing_rec.pk, action_ref))
            if existing_rec and action_ref
            else None
        )
        action_fields_given = any(
            values[key] for key in ("action_text", "lead_officer", "agency", "due_on", "status")
        )
        if has_action_ref and not action_ref and action_fields_given:
            problem("no_action_ref")
        elif not has_action_ref and not action_ref and action_fields_given:
            problem("no_action")
        if action_ref and action is None and existing_action is None and not action_text:
            problem("no_action_text", _describe(rec_ref, action_ref))
        due_on = None
        if values["due_on"]:
            parsed = parse_when(values["due_on"])
            if parsed is None:
                problem("bad_due", values["due_on"])
            else:
                due_on = parsed.date
                if parsed.month_only and values["due_on"] not in month_only:
                    month_only.append(values["due_on"])
        status = ""
        if values["status"]:
            status = parse_status(values["status"]) or ""
            if not status:
                problem("bad_status", values["status"])
        said_signed_off = status == ActionStatus.SIGNED_OFF and (
            " ".join(values["status"].casefold().split()) not in _STATUS_WORDS
        )

        update = None
        if values["update_on"] or values["rag"] or values["progress"]:
            reading = parse_rag(values["rag"]) if values["rag"] else None
            if not values["rag"]:
                problem("no_rag")
            elif reading is None:
                problem("bad_rag", values["rag"])
            elif reading.split and split not in (SPLIT_BETTER, SPLIT_WORSE):
                problem("split", values["rag"])
            if not values["progress"]:
                problem("no_progress")
            recorded_on = as_at
            if values["update_on"]:
                parsed = parse_when(values["update_on"])
                if parsed is None:
                    problem("bad_date", values["update_on"])
                    recorded_on = None
                else:
                    recorded_on = parsed.date
                    if parsed.month_only and values["update_on"] not in month_only:
                        month_only.append(values["update_on"])
                    if recorded_on > today:
                        problem("future", values["update_on"])
            elif as_at is None and "update_on" in columns:
                problem("no_date")
            if reading and values["progress"] and recorded_on:
                update = NewUpdate(
                    rag=choose_split(reading, split),
                    narrative=values["progress"],
                    recorded_on=recorded_on,
                    author_name=values["author"],
                    completed=reading.completed,
                )
        if kind == ItemKind.STRENGTH and (action_ref or update):
            problem("strength_work")

        after = len(problems.causes), sum(len(r) for r, _v in problems.causes.values())
        if after != before or not rec_ref:
            continue
        if recommendation is None:
            if existing_rec is not None:
                # The plan is the record: the file's text, addressee and outcomes are not used.
                recommendation = recommendations[rec_ref] = NewRecommendation(
                    reference=rec_ref,
                    text=existing_rec.text,
                    addressee=existing_rec.addressee,
                    kind=existing_rec.kind,
                    domain=existing_rec.domain,
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
                    text=rec_text,
                    addressee=values["addressee"],
                    kind=kind,
                    domain=values["domain"],
                    outcomes=_lines(values["outcomes"]),
                )
        recommendation.rows.append(row_number)
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
                        text=action_text,
                        lead_officer=values["lead_officer"],
                        agency=values["agency"],
                        due_on=due_on,
                        file_status=status,
                        said_signed_off=said_signed_off,
                    )
            elif not action.in_plan and status:
                # The latest row's status stands.
                action.file_status, action.said_signed_off = status, said_signed_off
            action.rows.append(row_number)
            target = action
        if update is None:
            if target.in_plan:
                skipped_rows += 1  # already in the plan: nothing to add
            continue
        if any(update.key() == earlier.key() for earlier in target.updates):
            continue  # the same update again (a merged cell in a Word table, say)
        if target.in_plan and update.key() in in_plan.update_keys.get(
            ("action" if isinstance(target, NewAction) else "recommendation", target.existing_pk),
            set(),
        ):
            skipped_rows += 1
            continue
        target.updates.append(update)

    sign_off_notes = _settle_statuses(recommendations, may_sign_off=may_sign_off)
    if not has_ref and numbered:
        reading_notes.append(
            ngettext(
                "No column holds the references: the item is numbered %(first)s.",
                "No column holds the references: the items are numbered %(first)s to %(last)s "
                "in the order of the file.",
                numbered,
            )
            % {"first": number, "last": number + numbered - 1}
        )
    if grouped:
        reading_notes.append(
            _(
                "References like 1a or 1.1 are taken as actions of the item with the number "
                "before them (1)."
            )
        )
    if month_only:
        reading_notes.append(
            ngettext(
                "%(count)s date gives a month only (%(values)s): it is taken as the 1st of "
                "the month.",
                "%(count)s dates give a month only (%(values)s): each is taken as the 1st of "
                "its month.",
                len(month_only),
            )
            % {"count": len(month_only), "values": _values_text(month_only)}
        )
    if as_at is not None and "update_on" not in columns:
        reading_notes.append(
            _("The updates are as at %(date)s, the date given for the whole file.")
            % {"date": as_at.strftime("%-d %B %Y")}
        )
    return Preview(
        recommendations=recommendations,
        errors=file_errors + problems.problems(),
        notes=notes,
        skipped_rows=skipped_rows,
        sign_off_notes=sign_off_notes,
        reading_notes=reading_notes,
        problem_rows=problems.rows(rows),
    )


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
def import_into(
    *, plan: ImprovementPlan, preview: Preview, by: User, filename: str = ""
) -> ImportBatch:
    """Create everything new in `preview` in `plan` and add the new progress updates to the
    items already in it, all or nothing. Refuses, nothing written, when the plan changed
    since the preview: a reference it took for new is now taken (AlreadyInPlanError) or an
    item it found in the plan is gone (GoneFromPlanError). Each item already in the plan that
    gets updates has its version raised, so that a save by someone who had it open is refused
    as stale. A new action is signed off only if `by` signs off the plan's actions (see
    imported_status); a new action complete or signed off is recorded as such, by `by`. The
    import is an ImportBatch (returned) that everything it creates points at, to undo it."""
    ImprovementPlan.objects.select_for_update().filter(pk=plan.pk).first()
    _check_still_valid(plan, preview)
    batch = ImportBatch.objects.create(
        plan=plan,
        filename=filename[: ImportBatch._meta.get_field("filename").max_length],
        by=by,
        recommendations=preview.recommendation_count,
        actions=preview.action_count,
        updates=preview.update_count,
    )
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
                kind=new.kind,
                text=new.text,
                addressee=new.addressee,
                domain=new.domain,
                position=position,
                import_batch=batch,
            )
            position += 1
            first_action_position = 0
            DesiredOutcome.objects.bulk_create(
                DesiredOutcome(
                    recommendation=recommendation, text=text, position=index, import_batch=batch
                )
                for index, text in enumerate(new.outcomes)
            )
        updates += [
            ProgressUpdate(
                recommendation=recommendation, author=by, import_batch=batch, **update.fields()
            )
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
                    import_batch=batch,
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
                ProgressUpdate(action=action, author=by, import_batch=batch, **update.fields())
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
    return batch


# --- Undoing ---------------------------------------------------------------------------------

# What an import creates, and what else a plan holds that a change leaves in history.
_BATCH_MODELS = (ProgressUpdate, MeasureValue, Measure, DesiredOutcome, Action, Recommendation)


def _plan_history(plan: ImprovementPlan) -> list:
    """The history of everything the plan holds (and held), as one queryset per model:
    its items, their actions, outcomes, updates, measures and values, and its ratings."""
    items = Recommendation.history.filter(plan_id=plan.pk).values("id")
    actions = Action.history.filter(recommendation_id__in=items).values("id")
    measures = Measure.history.filter(recommendation_id__in=items).values("id")
    return [
        Recommendation.history.filter(plan_id=plan.pk),
        Action.history.filter(recommendation_id__in=items),
        DesiredOutcome.history.filter(recommendation_id__in=items),
        Measure.history.filter(recommendation_id__in=items),
        MeasureValue.history.filter(measure_id__in=measures),
        ProgressUpdate.history.filter(Q(recommendation_id__in=items) | Q(action_id__in=actions)),
        PlanRating.history.filter(plan_id=plan.pk),
    ]


def undo_blocker(batch: ImportBatch) -> str | None:
    """Why the import can no longer be undone, or None while it can. It can be undone until
    anything is added on top of it, which is exactly:
    1. it is not undone already;
    2. no later import into the plan that is not undone;
    3. nothing has been added to the plan since it (items, actions, outcomes, progress
       updates, measures, values or ratings) other than by it, or by a later import since
       undone;
    4. none of the rows it created has been changed or deleted since (their history has only
       their creation);
    5. nothing else in the plan has been changed or deleted since it.
    The plan's own details (its title, dates, next review) may change meanwhile: they are not
    built on the import. Who may undo it is may_undo's."""
    if batch.undone_at is not None:
        return _("This import has been undone")
    later = batch.plan.imports.filter(undone_at__isnull=True).filter(
        Q(created_at__gt=batch.created_at) | Q(created_at=batch.created_at, pk__gt=batch.pk)
    )
    if later.exists():
        return _("A later import into the plan has not been undone: undo that one first")
    undone = batch.plan.imports.filter(undone_at__isnull=False).values("pk")
    since = []
    for history in _plan_history(batch.plan):
        records = history.filter(history_date__gte=batch.created_at)
        if any(item.name == "import_batch" for item in history.model._meta.fields):
            records = records.exclude(
                Q(import_batch_id=batch.pk, history_type="+") | Q(import_batch_id__in=undone)
            )
        since.append(records)
    if any(records.filter(history_type="+").exists() for records in since):
        return _("Something has been added to the plan since this import")
    if any(
        model.history.filter(import_batch_id=batch.pk).exclude(history_type="+").exists()
        for model in _BATCH_MODELS
    ):
        return _("Something this import added has been changed or deleted since")
    if any(records.exists() for records in since):
        return _("Something in the plan has been changed or deleted since this import")
    return None


def may_undo(batch: ImportBatch, user: User) -> bool:
    """Whether `user` may undo the import now: whoever made it, while undo_blocker finds
    nothing on top of it."""
    return user.pk == batch.by_id and undo_blocker(batch) is None


@transaction.atomic
def import_undo(*, batch: ImportBatch, by: User) -> ImportBatch:
    """Delete everything the import created (its items, actions, outcomes, progress updates,
    measures and values), refresh the current RAG of what it had added updates to and raise
    their versions, and record the import as undone, by `by`. Refused (ValidationError) unless
    `by` made it and nothing has been added on top of it (undo_blocker)."""
    ImprovementPlan.objects.select_for_update().filter(pk=batch.plan_id).first()
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if by.pk != batch.by_id:
        raise ValidationError(_("Only whoever made an import can undo it"))
    blocker = undo_blocker(batch)
    if blocker:
        raise ValidationError(blocker)
    own_updates = ProgressUpdate.objects.filter(import_batch=batch)
    touched_items = set(
        own_updates.filter(recommendation__isnull=False)
        .exclude(recommendation__import_batch=batch)
        .values_list("recommendation_id", flat=True)
    )
    touched_actions = set(
        own_updates.filter(action__isnull=False)
        .exclude(action__import_batch=batch)
        .values_list("action_id", flat=True)
    )
    for model in _BATCH_MODELS:
        model.objects.filter(import_batch=batch).delete()
    now = timezone.now()
    for model, pks in ((Recommendation, touched_items), (Action, touched_actions)):
        if pks:
            model.objects.filter(pk__in=pks).update(version=F("version") + 1, updated_at=now)
    services.current_rag_refresh(Recommendation.objects.filter(plan_id=batch.plan_id))
    services.current_rag_refresh(Action.objects.filter(recommendation__plan_id=batch.plan_id))
    batch.undone_at = now
    batch.undone_by = by
    batch.save(update_fields=["undone_at", "undone_by"])
    return batch
