"""Reading an uploaded table (CSV, XLSX or a Word document's table) as a header and rows of
text, within limits; mapping its columns to an import's fields (guessed from the headers, shown
with their first values, chosen on the mapping form); and telling its problems grouped by
cause, with the rows. Shared by every import (improvement plans, performance figures)."""

import calendar
import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook

MAX_ROWS = 2000
MAX_COLUMNS = 60
MAX_CELL = 10_000
# How many of a column's first values the mapping page shows beside its header.
SAMPLE_VALUES = 3


class ImportFileError(Exception):
    """The file cannot be read as a table of rows."""


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


def _table(rows, max_rows: int = MAX_ROWS) -> tuple[list[str], list[list[str]]]:
    """The header and the rows (blank rows left out, each with its row number in the file),
    within the limits. Rows above the header with one cell filled are titles ("Improvement
    plan, March 2013"), left out: the header is the first row with two or more."""
    header: list[str] | None = None
    titles: list[tuple[int, list[str]]] = []
    body: list[list[str]] = []
    for number, row in enumerate(rows, start=1):
        # Every row read counts, blank or not: a small file can declare a huge empty sheet.
        if number > max_rows + 1:
            raise ImportFileError(
                _(
                    "The file has more than %(max)s rows (empty rows count too): remove the "
                    "empty rows below the table, or split it into smaller files"
                )
                % {"max": max_rows}
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


def read_csv(data: bytes, *, max_rows: int = MAX_ROWS) -> tuple[list[str], list[list[str]]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        try:
            return _table(csv.reader(io.StringIO(text, newline="")), max_rows)
        except csv.Error as error:
            raise ImportFileError(_("The selected file could not be read as CSV")) from error
    raise ImportFileError(_("The selected file could not be read as CSV"))


def read_xlsx(upload, *, max_rows: int = MAX_ROWS) -> tuple[list[str], list[list[str]]]:
    """The first sheet. Merged cells come through as their top-left value and blanks under
    it; real date cells as dates."""
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise ImportFileError(_("The selected file could not be read as Excel")) from error
    try:
        sheet = workbook.worksheets[0]
        # Only the columns an import can use are read: a sheet may declare 16,384.
        return _table(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), max_rows)
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


# --- Mapping the columns to fields -----------------------------------------------------------


def header_key(name: str) -> str:
    """A header compared with others: casefolded, without punctuation, spaces collapsed."""
    return " ".join(re.sub(r"[^\w#/ ]+", " ", name.casefold()).split())


def guess_columns(header: list[str], passes: list[dict[str, tuple[str, ...]]]) -> dict[str, str]:
    """For each field, the index (as text) of the column that holds it, or "". `passes`, in
    order: for each field (by key), the header names that say it is the column (its own
    first, then the names files commonly use). No column is guessed for two fields."""
    by_name: dict[str, int] = {}
    for index, name in enumerate(header):
        by_name.setdefault(header_key(name), index)
    mapping = dict.fromkeys(passes[0], "") if passes else {}
    used: set[int] = set()
    for names_by_key in passes:
        for key, names in names_by_key.items():
            mapping.setdefault(key, "")
            if mapping[key]:
                continue
            for name in names:
                index = by_name.get(header_key(name))
                if index is not None and index not in used:
                    mapping[key] = str(index)
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


def column_fields(header: list[str], fields) -> dict[str, forms.ChoiceField]:
    """The mapping form's fields: for each of an import's fields (with its key, label and
    whether it is required), a choice of the file's columns by index, or "Not in the file"."""
    choices = [("", _("Not in the file"))] + [
        (str(index), column_name(header, index)) for index in range(len(header))
    ]
    columns = {}
    for item in fields:
        field_name = str(item.label).lower()
        message = _("Select the column that holds the %(field)s") % {"field": field_name}
        columns[item.key] = forms.ChoiceField(
            label=item.label,
            choices=choices,
            required=item.required,
            error_messages={"required": message, "invalid_choice": message},
        )
    return columns


# --- Problems, grouped by cause --------------------------------------------------------------


@dataclass
class Problem:
    """Why the file cannot be imported, and the fix: one cause, with the rows it affects (each
    a link to the row in the preview)."""

    message: str
    rows: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


@dataclass
class RowProblem:
    """A row of the file with problems, for the preview (linked from the error summary)."""

    row: str
    problems: list[str]
    cells: str  # the row's first filled cells, to recognise it


# Row numbers and values named in a problem's message (all rows are linked below it).
ROWS_NAMED = 10
VALUES_NAMED = 5


def rows_text(rows: list[str]) -> str:
    named = ", ".join(rows[:ROWS_NAMED])
    if len(rows) > ROWS_NAMED:
        named += ", …"
    return ngettext("row %(rows)s", "rows %(rows)s", len(rows)) % {"rows": named}


def values_text(values: list[str], *, quoted: bool = True) -> str:
    named = ", ".join(f"'{value}'" if quoted else value for value in values[:VALUES_NAMED])
    if len(values) > VALUES_NAMED:
        named += ", …"
    return named


def problem_rows(by_row: dict[str, list[str]], rows: list[list[str]]) -> list[RowProblem]:
    """The rows with problems (`by_row`: each row's short problems), each with its first filled
    cells, for the preview's table."""
    cells = {row[0]: row[1:] for row in rows if row[0] in by_row}
    return [
        RowProblem(
            row=number,
            problems=problems,
            cells=" | ".join(cell[:40] for cell in cells.get(number, []) if cell)[:160],
        )
        for number, problems in by_row.items()
    ]


# --- Dates as people in England and Wales write them -----------------------------------------

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
