"""The one way tables are downloaded (core.http.table_download, core.spreadsheets): a CSV file
in UTF-8 with a byte-order mark, so that Excel reads "£" right, streamed and formula-safe; and
an Excel workbook from the same columns, with dates as dates, numbers as numbers, money in
pounds, text never a formula, a bold frozen header and columns wide enough to read."""

import datetime
import io
import zipfile
from decimal import Decimal

from core.http import table_download
from core.spreadsheets import Money, csv_cell
from tests.exports import (
    BYTE_ORDER_MARK,
    XLSX,
    as_excel_reads,
    content,
    csv_rows,
    workbook,
    xlsx_rows,
)

COLUMNS = [
    ("Name", lambda row: row["name"]),
    ("Funding (£)", lambda row: row["funding"]),
    ("Starts", lambda row: row["starts"]),
    ("Sent", lambda row: row["sent"]),
    ("Places", lambda row: row["places"]),
]
ROWS = [
    {
        "name": "Café £ Youth Justice",
        "funding": Money("6000.00"),
        "starts": datetime.date(2026, 3, 31),
        # 09:30 UTC in summer is 10:30 in London.
        "sent": datetime.datetime(2026, 7, 1, 9, 30, tzinfo=datetime.UTC),
        "places": 3,
    },
    {
        "name": '=HYPERLINK("http://example.com")',
        "funding": Money("1250.5"),
        "starts": None,
        "sent": None,
        "places": 0,
    },
]


def test_a_csv_starts_with_a_byte_order_mark_so_excel_reads_the_pound_sign():
    response = table_download("csv", ROWS, COLUMNS, name="table", title="Table")

    data = content(response)
    assert data.startswith(BYTE_ORDER_MARK)
    # Excel reads a file without the mark in cp1252, where UTF-8's "£" is "Â£".
    assert as_excel_reads("£".encode()) == "Â£"
    rows = csv_rows(table_download("csv", ROWS, COLUMNS, name="table", title="Table"))
    assert rows[0][1] == "Funding (£)"
    assert rows[1][0] == "Café £ Youth Justice"
    assert data.decode("utf-8-sig").splitlines()[1].startswith("Café £ Youth Justice,")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="table.csv"'


def test_a_csv_is_streamed_before_every_row_is_read():
    read = []

    def items():
        for row in ROWS:
            read.append(row["name"])
            yield row

    response = table_download("csv", items(), COLUMNS, name="table", title="Table")
    chunks = iter(response.streaming_content)

    assert response.streaming
    assert next(chunks) == BYTE_ORDER_MARK
    assert next(chunks).decode() == "Name,Funding (£),Starts,Sent,Places\r\n"
    assert read == []
    next(chunks)
    assert read == ["Café £ Youth Justice"]


def test_csv_cells_write_money_times_and_formulas_as_a_spreadsheet_reads_them():
    assert csv_cell(Money("6000.00")) == "6000"
    assert csv_cell(Money("6000.5")) == "6000.50"
    assert csv_cell(datetime.datetime(2026, 1, 5, 9, 30, tzinfo=datetime.UTC)) == (
        "2026-01-05 09:30"
    )
    assert csv_cell(datetime.datetime(2026, 7, 1, 9, 30, tzinfo=datetime.UTC)) == (
        "2026-07-01 10:30"
    )
    assert csv_cell(datetime.date(2026, 3, 31)) == "2026-03-31"
    assert csv_cell(None) == ""
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("-5") == "'-5"


def test_the_workbook_has_the_csvs_header_and_rows():
    csv_response = table_download("csv", ROWS, COLUMNS, name="table", title="Table")
    xlsx_response = table_download("xlsx", ROWS, COLUMNS, name="table", title="Table")

    assert xlsx_response["Content-Type"] == XLSX
    assert xlsx_response["Content-Disposition"] == 'attachment; filename="table.xlsx"'
    rows = csv_rows(csv_response)
    assert xlsx_rows(xlsx_response) == rows
    assert rows == [
        ["Name", "Funding (£)", "Starts", "Sent", "Places"],
        ["Café £ Youth Justice", "6000", "2026-03-31", "2026-07-01 10:30", "3"],
        ['\'=HYPERLINK("http://example.com")', "1250.50", "", "", "0"],
    ]


def test_workbook_cells_are_dates_numbers_and_pounds_and_text_is_never_a_formula():
    response = table_download("xlsx", ROWS, COLUMNS, name="table", title="Table")
    sheet = workbook(response)["Table"]

    assert sheet["B2"].value == 6000
    assert sheet["B2"].number_format == '"£"#,##0'
    assert sheet["B3"].value == Decimal("1250.5")
    assert sheet["B3"].number_format == '"£"#,##0.00'
    assert sheet["C2"].is_date
    assert sheet["C2"].value.isoformat() == "2026-03-31T00:00:00"
    assert sheet["C2"].number_format == "yyyy-mm-dd"
    # A time in the service's time zone (a workbook's times have none).
    assert sheet["D2"].value.isoformat() == "2026-07-01T10:30:00"
    assert sheet["D2"].number_format == "yyyy-mm-dd hh:mm"
    assert sheet["E2"].value == 3
    assert sheet["E2"].data_type == "n"
    assert sheet["A3"].data_type == "s"
    assert sheet["A3"].value == '=HYPERLINK("http://example.com")'
    assert sheet["A3"].quotePrefix
    with zipfile.ZipFile(io.BytesIO(content(response))) as package:
        assert "<f>" not in package.read("xl/worksheets/sheet1.xml").decode()


def test_the_workbooks_header_is_bold_and_frozen_and_columns_fit_their_content():
    rows = [{**ROWS[0], "name": "A long name. " * 10}]

    sheet = workbook(table_download("xlsx", rows, COLUMNS, name="t", title="Table"))["Table"]

    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet.freeze_panes == "A2"
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDE"]
    # The widest allowed, the heading's length, a date's and time's, and the narrowest.
    assert widths == [60, len("Funding (£)") + 2, 12, 18, 8]
    assert sheet["A2"].alignment.wrap_text
