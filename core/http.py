"""Small helpers every app's views use."""

import csv
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, StreamingHttpResponse


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


def csv_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    """What csv.writer writes to: each line is handed back, to be streamed."""

    def write(self, value: str) -> str:
        return value


def csv_table[Item](
    items: Iterable[Item],
    columns: Sequence[tuple[object, Callable[[Item], object]]],
    *,
    filename: str,
) -> StreamingHttpResponse:
    """`items` streamed as a CSV attachment with a row each: `columns` pairs each heading with
    how to read its cell from an item, so a heading and its values cannot drift apart."""

    def rows():
        yield [heading for heading, _cell in columns]
        for item in items:
            yield [cell(item) for _heading, cell in columns]

    return csv_download(rows(), filename=filename)


def csv_download(rows: Iterable[Iterable[object]], *, filename: str) -> StreamingHttpResponse:
    """`rows` (the header first) streamed as a CSV attachment, every cell formula-safe."""
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow([csv_cell(value) for value in row]) for row in rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
