"""Reading an uploaded file (CSV, XLSX or a Word document's table) as a header and rows
of text, within the limits."""

import csv
import datetime
import io

from django.utils.translation import gettext as _
from openpyxl import load_workbook

MAX_ROWS = 2000
MAX_COLUMNS = 60
MAX_CELL = 10_000


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
