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


KINDS = {
    PDF: FileKind(PDF, _("PDF")),
    DOCX: FileKind(DOCX, _("Word document")),
    XLSX: FileKind(XLSX, _("Excel spreadsheet")),
    OLE2: FileKind(OLE2, _("Word or Excel 97-2003 file")),
    CSV: FileKind(CSV, _("CSV file")),
}


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
