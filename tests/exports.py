"""Reading a download as a person's spreadsheet would, for tests of the CSV and Excel exports.

Excel on Windows reads a CSV file that starts with a UTF-8 byte-order mark as UTF-8, and any
other in the computer's code page (cp1252 in the UK). A workbook's cells are read back as the
CSV writes the same values, so that the two downloads can be compared cell for cell."""

import csv
import datetime
import io

import openpyxl

BYTE_ORDER_MARK = b"\xef\xbb\xbf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def as_excel_reads(data: bytes) -> str:
    """The text Excel on Windows reads from a CSV file's bytes."""
    if data.startswith(BYTE_ORDER_MARK):
        return data[len(BYTE_ORDER_MARK) :].decode("utf-8")
    return data.decode("cp1252", errors="replace")


def csv_rows(response) -> list[list[str]]:
    """A CSV download's rows as Excel reads them."""
    return list(csv.reader(io.StringIO(as_excel_reads(content(response)))))


def workbook(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content(response)))


def _as_csv_writes(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if "hh:mm" in cell.number_format:
            return f"{value:%Y-%m-%d %H:%M}"
        return value.date().isoformat()
    if isinstance(value, int | float) and "£" in cell.number_format:
        return f"{value:.2f}" if "0.00" in cell.number_format else f"{value:.0f}"
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
        return "'" + value
    return str(value)


def xlsx_rows(response) -> list[list[str]]:
    """An Excel download's first sheet's rows, each cell as the CSV writes the same value."""
    sheet = workbook(response).worksheets[0]
    return [[_as_csv_writes(cell) for cell in row] for row in sheet.iter_rows()]


# --- Building files to upload ----------------------------------------------------------------


def csv_bytes(rows: list[list[object]]) -> bytes:
    """A CSV file of `rows` (the header first), as Excel saves one: UTF-8 with a byte-order
    mark."""
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return BYTE_ORDER_MARK + text.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    """An Excel workbook whose first sheet holds `rows` (the header first)."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
