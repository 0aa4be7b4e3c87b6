"""Reading an uploaded file (CSV, XLSX or a Word document's table) as a header and rows
of text, within the limits: core.tabular's, shared by every import."""

from core.tabular import (
    MAX_CELL,
    MAX_COLUMNS,
    MAX_ROWS,
    ImportFileError,
    read_csv,
    read_docx,
    read_xlsx,
)

__all__ = [
    "MAX_CELL",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "ImportFileError",
    "read_csv",
    "read_docx",
    "read_xlsx",
]
