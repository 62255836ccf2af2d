"""Byte-identical output for identical content.

python-docx stamps every zip entry with the time of saving and keeps whatever core properties the
template had. Fixing both (and the order of the entries) makes the same YAML give the same bytes, so
git diffs and Word's Compare show only real changes.
"""

from __future__ import annotations

import datetime
import io
import zipfile

from docx.document import Document

# The earliest time a zip entry can carry; any fixed value would do.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
# Readers sniff the content types first; the package relationships next is the usual order.
_FIRST_ENTRIES = ("[Content_Types].xml", "_rels/.rels")


def set_core_properties(document: Document, title: str, subject: str, date: datetime.date) -> None:
    """Document properties from the report, dated the report's date rather than the build time."""
    properties = document.core_properties
    moment = datetime.datetime(date.year, date.month, date.day, tzinfo=datetime.UTC)
    properties.title = title
    properties.subject = subject
    properties.author = "United Nations"
    properties.last_modified_by = "reportkit"
    properties.comments = ""
    properties.keywords = subject
    properties.revision = 1
    properties.created = moment
    properties.modified = moment


def _entry_order(name: str) -> tuple[int, str]:
    return (_FIRST_ENTRIES.index(name), "") if name in _FIRST_ENTRIES else (len(_FIRST_ENTRIES), name)


def normalize_zip(data: bytes) -> bytes:
    """The same package with fixed entry order, timestamps, permissions and compression."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name in sorted(source.namelist(), key=_entry_order):
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name), compresslevel=6)
    return output.getvalue()
