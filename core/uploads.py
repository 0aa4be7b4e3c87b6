"""Uploaded files: their type read from their content, never trusted from their name.

Supporting documents are PDF, Word, Excel or CSV. Each is recognised by what it is made of:
a PDF by its header; Word and Excel (2007 onwards) as ZIP packages that hold the parts of a
word-processing document or a workbook; older Word and Excel files as OLE2 compound files;
CSV as text that decodes and has no control bytes. A renamed executable is none of these.
(puremagic was considered: it names any ZIP archive a Word document, so the packages are
opened here to tell them apart.)"""

import zipfile
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OLE2 = "application/x-ole-storage"
CSV = "text/csv"

_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TEXT_SAMPLE = 64 * 1024
# Bytes that do not occur in a CSV file (tab, newline and carriage return excepted).
_CONTROL_BYTES = bytes(range(9)) + b"\x0b\x0c" + bytes(range(14, 32)) + b"\x7f"


@dataclass(frozen=True)
class FileKind:
    content_type: str
    label: str
    # The file name endings a file of this kind may have, the usual one first. A file is
    # accepted only with one of them, and served back only with one of them, so that text
    # that reads as CSV can never come back as a web page or a script (.html, .svg, .js).
    extensions: tuple[str, ...]


KINDS = {
    PDF: FileKind(PDF, _("PDF"), (".pdf",)),
    DOCX: FileKind(DOCX, _("Word document"), (".docx",)),
    XLSX: FileKind(XLSX, _("Excel spreadsheet"), (".xlsx",)),
    OLE2: FileKind(OLE2, _("Word or Excel 97-2003 file"), (".doc", ".xls")),
    CSV: FileKind(CSV, _("CSV file"), (".csv",)),
}


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def name_fits_kind(name: str, content_type: str) -> bool:
    """Whether a file's name ends as a file of this kind's does."""
    kind = KINDS.get(content_type)
    return kind is not None and _extension(name.strip()) in kind.extensions


def download_name(name: str, content_type: str) -> str:
    """The name to serve a stored file under: its own when it ends as its kind's files do,
    otherwise with the kind's usual ending in place of its own."""
    if name_fits_kind(name, content_type):
        return name
    ending = _extension(name)
    stem = name[: -len(ending)] if ending else name
    return f"{stem or 'document'}{KINDS[content_type].extensions[0]}"


def _ooxml_kind(upload: UploadedFile) -> str | None:
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _is_text(sample: bytes) -> bool:
    if not sample or any(byte in _CONTROL_BYTES for byte in sample):
        return False
    # The sample may end inside a multi-byte character: leave out a partial last one.
    text = sample if len(sample) < _TEXT_SAMPLE else sample[:-4]
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def sniff_content_type(upload: UploadedFile) -> str | None:
    """The content type of a PDF, Word, Excel or CSV upload, read from its bytes; None for
    anything else. Leaves the file positioned at its start."""
    upload.seek(0)
    head = upload.read(_TEXT_SAMPLE)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(_OLE2_SIGNATURE):
            return OLE2
        if head.startswith(b"PK\x03\x04"):
            return _ooxml_kind(upload)
        if _is_text(head):
            return CSV
        return None
    finally:
        upload.seek(0)
