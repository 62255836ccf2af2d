"""The invisible marks by which a returned pack is matched to what was sent.

Nothing of the secretariat's shows in the pack's text, yet `amendments collect` must know which
recommendation each change in a returned copy belongs to, and which version was sent. So:

- every recommendation's first paragraph (its heading, or its text when recommendations are numbered as
  paragraphs) and every section heading is wrapped in a *hidden* bookmark named from its stable id:
  `_rk_` + the id (Word hides bookmarks whose names start with "_" from its Bookmark dialog, as it does
  its own `_Toc…` and `_Ref…`);
- the version and the meeting's symbol are custom document properties (docProps/custom.xml).

Why these and not content controls, and what LibreOffice's round trip keeps: docs/redline-ooxml.md,
"Ids in the pack". Written here, read back by `reportkit.redline.pack_marks`.
"""

from __future__ import annotations

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from reportkit.writers.docx.bookmarks import bookmark_name

HIDDEN_PREFIX = "_rk_"
VERSION_PROPERTY = "reportkit-version"
MEETING_PROPERTY = "reportkit-meeting"

CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# The format id every user-defined property carries (ISO/IEC 29500-1 §22.3.2.2: "user defined properties").
USER_DEFINED = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
CUSTOM_PART = "docProps/custom.xml"


def pack_bookmark_name(target_id: str) -> str:
    """The hidden bookmark of a recommendation or section; one-to-one for plain ids (see bookmarks.py)."""
    return bookmark_name(target_id, HIDDEN_PREFIX)


def set_custom_properties(document: Document, properties: dict[str, str]) -> None:
    """Add docProps/custom.xml with string properties, in the given order (pids from 2, as Word numbers)."""
    root = etree.Element(f"{{{CUSTOM}}}Properties", nsmap={None: CUSTOM, "vt": VT})
    for pid, (name, value) in enumerate(properties.items(), start=2):
        node = etree.SubElement(root, f"{{{CUSTOM}}}property", fmtid=USER_DEFINED, pid=str(pid), name=name)
        etree.SubElement(node, f"{{{VT}}}lpwstr").text = value
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = document.part.package
    part = Part(PackURI(f"/{CUSTOM_PART}"), CONTENT_TYPE.OFC_CUSTOM_PROPERTIES, blob, package)
    package.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)
