"""Small helpers every app's views use."""

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from .spreadsheets import BYTE_ORDER_MARK, Sheet, csv_cell, workbook
from .uploads import XLSX


def require_permission(request: HttpRequest, permission: str, obj: Any = None) -> None:
    """403 unless the user holds `permission` (on `obj`, when given)."""
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def posted(request: HttpRequest):
    """The submitted data to bind a form to, or None on GET. (Not `request.POST or None`: a
    form sent with nothing ticked or typed is still a submission, and must be checked.)"""
    return request.POST if request.method == "POST" else None


def show_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its fields where it names them."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class _Echo:
    """What csv.writer writes to: each line is handed back, to be streamed."""

    def write(self, value: str) -> str:
        return value


type Columns[Item] = Sequence[tuple[object, Callable[[Item], object]]]


def _table_rows[Item](items: Iterable[Item], columns: Columns[Item]) -> Iterator[list[object]]:
    yield [str(heading) for heading, _cell in columns]
    for item in items:
        yield [cell(item) for _heading, cell in columns]


def csv_table[Item](
    items: Iterable[Item], columns: Columns[Item], *, filename: str
) -> StreamingHttpResponse:
    """`items` streamed as a CSV attachment with a row each: `columns` pairs each heading with
    how to read its cell from an item, so a heading and its values cannot drift apart."""
    return csv_download(_table_rows(items, columns), filename=filename)


def csv_download(rows: Iterable[Iterable[object]], *, filename: str) -> StreamingHttpResponse:
    """`rows` (the header first) streamed as a CSV attachment, every cell formula-safe, in
    UTF-8 with a byte-order mark so that Excel reads "£" as "£" (see core.spreadsheets)."""
    writer = csv.writer(_Echo())
    lines = (writer.writerow([csv_cell(value) for value in row]) for row in rows)
    response = StreamingHttpResponse(
        chain([BYTE_ORDER_MARK], lines), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_table[Item](
    items: Iterable[Item], columns: Columns[Item], *, filename: str, title: str
) -> HttpResponse:
    """`items` as an Excel workbook attachment with a row each, from the same `columns` as
    csv_table: one sheet called `title`, its header row bold and frozen."""
    return xlsx_download(workbook([Sheet(title, _table_rows(items, columns))]), filename=filename)


def xlsx_download(content: bytes, *, filename: str) -> HttpResponse:
    """A workbook (core.spreadsheets.workbook) as an attachment."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_download[Item](
    kind: str, items: Iterable[Item], columns: Columns[Item], *, name: str, title: str
) -> HttpResponseBase:
    """`items` as a CSV file (streamed) or an Excel workbook, by `kind`, the file's extension
    ("csv" or "xlsx"), called `name` and the extension. The two hold the same rows."""
    if kind == "xlsx":
        return xlsx_table(items, columns, filename=f"{name}.xlsx", title=title)
    if kind == "csv":
        return csv_table(items, columns, filename=f"{name}.csv")
    raise ValueError(kind)
