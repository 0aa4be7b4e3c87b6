"""Tables as people open them in a spreadsheet: the cells of a CSV file and of an Excel
workbook, written from the same values so that the two downloads cannot drift apart.

A value is written by its type: text as text (never as a formula), dates and times as dates
(a time in the service's time zone), whole numbers and decimals as numbers, and `Money` as a
number of pounds (in a workbook, shown with "£" and pence only where there are any)."""

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# What a spreadsheet may take for the start of a formula, in a cell typed or pasted in.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Written first in a CSV file: Excel reads a file that starts with it as UTF-8, and one
# without it in the computer's code page (on Windows in the UK, cp1252: "£" becomes "Â£").
BYTE_ORDER_MARK = "\ufeff"

DATE_FORMAT = "yyyy-mm-dd"
MOMENT_FORMAT = "yyyy-mm-dd hh:mm"
POUNDS_FORMAT = '"£"#,##0'
POUNDS_AND_PENCE_FORMAT = '"£"#,##0.00'

# A column's width in characters: enough for its longest value (or heading), within these.
NARROWEST = 8
WIDEST = 60


class Money(Decimal):
    """An amount in pounds: a number in a CSV file and in a workbook, where it reads "£6,000"
    (or "£6,000.50")."""


def _has_pence(amount: Decimal) -> bool:
    return amount != amount.to_integral_value()


def _local(moment: datetime.datetime) -> datetime.datetime:
    """The moment as a clock in the service's time zone shows it (a spreadsheet's times have
    no time zone)."""
    return timezone.localtime(moment).replace(tzinfo=None) if timezone.is_aware(moment) else moment


def csv_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    if value is None:
        text = ""
    elif isinstance(value, datetime.datetime):
        text = date_format(_local(value), "Y-m-d H:i")
    elif isinstance(value, Money):
        text = f"{value:.2f}" if _has_pence(value) else f"{value:.0f}"
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def xlsx_cell(cell: Cell, value: object) -> None:
    """Put `value` in a workbook's cell: text stays text (never a formula), dates are dates,
    numbers are numbers, and money is a number shown in pounds."""
    if value is None or value == "":
        return
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        # openpyxl takes a string starting with "=" for a formula: say it is text, and mark
        # it so that Excel keeps it as text when the cell is edited.
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    elif isinstance(value, datetime.datetime):
        cell.value = _local(value)
        cell.number_format = MOMENT_FORMAT
    elif isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, Money):
        cell.value = Decimal(value)
        cell.number_format = POUNDS_AND_PENCE_FORMAT if _has_pence(value) else POUNDS_FORMAT
    elif isinstance(value, int | float | Decimal):
        cell.value = value
    else:
        xlsx_cell(cell, str(value))


def _width(value: object) -> int:
    """About how many characters wide a value is shown."""
    if isinstance(value, datetime.datetime):
        return len("2026-01-01 10:45")
    if isinstance(value, Money):
        return len(f"£{value:,.2f}")
    return max((len(line) for line in csv_cell(value).splitlines()), default=0)


@dataclass(frozen=True)
class Sheet:
    """A worksheet: its rows, the header first; each column as wide as its content needs,
    unless `widths` (in characters) says."""

    title: str
    rows: Iterable[Sequence[object]]
    widths: Sequence[int] | None = None


def _write(sheet, rows: Iterable[Sequence[object]], widths: Sequence[int] | None) -> None:
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    needed: dict[int, int] = {}
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            xlsx_cell(cell, str(value) if row_number == 1 else value)
            if row_number == 1:
                cell.font = bold
            else:
                cell.alignment = wrap
            needed[column] = max(needed.get(column, 0), _width(value))
    sheet.freeze_panes = "A2"
    for column, width in needed.items():
        chosen = widths[column - 1] if widths else min(max(width + 2, NARROWEST), WIDEST)
        sheet.column_dimensions[get_column_letter(column)].width = chosen


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """An Excel workbook of `sheets`, in order: each with its header row bold and frozen."""
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        _write(book.create_sheet(sheet.title[:31]), sheet.rows, sheet.widths)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
