"""The invisible marks by which a returned pack is matched to what was sent.

Nothing of the secretariat's shows in the pack's text, yet `amendments collect` must know which
recommendation each change in a returned copy belongs to, and which version was sent. So:

- every recommendation's first paragraph (its heading, or its text when recommendations are numbered as
  paragraphs) and every section heading is wrapped in a *hidden* bookmark named from its stable id:
  `_rk_` + the id (Word hides bookmarks whose names start with "_" from its Bookmark dialog, as it does
  its own `_Toc…` and `_Ref…`);
- the version and the meeting's symbol are custom document properties (docProps/custom.xml).

Why these and not content controls, and what LibreOffice's round trip keeps: docs/redline-ooxml.md,
"Ids in the pack".
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from reportkit.versions import Snapshot
from reportkit.writers.docx.bookmarks import bookmark_name

HIDDEN_PREFIX = "_rk_"
VERSION_PROPERTY = "reportkit-version"
MEETING_PROPERTY = "reportkit-meeting"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# The format id every user-defined property carries (ISO/IEC 29500-1 §22.3.2.2: "user defined properties").
USER_DEFINED = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
CUSTOM_PART = "docProps/custom.xml"

# Returned files come from outside: no entities, no network, and no huge trees.
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


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


@dataclass(frozen=True, slots=True)
class PackMarks:
    """What a DOCX says about the pack it came from; empty when it is not one of ours."""

    version: str | None
    meeting: str | None
    bookmarks: tuple[str, ...]  # the hidden `_rk_` bookmark names, in document order, each once


def custom_properties(package: zipfile.ZipFile) -> dict[str, str]:
    """The string custom properties of a package, or none when it has no custom part."""
    if CUSTOM_PART not in package.namelist():
        return {}
    root = etree.fromstring(package.read(CUSTOM_PART), SAFE_XML)
    return {
        str(node.get("name")): "".join(node.itertext())
        for node in root.iter(f"{{{CUSTOM}}}property")
        if node.get("name")
    }


def read_pack_marks(data: bytes) -> PackMarks:
    """The marks of a DOCX's bytes. Raises zipfile.BadZipFile, KeyError (no document part) or
    etree.XMLSyntaxError on what is not a readable DOCX; the caller turns those into diagnostics."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        properties = custom_properties(package)
        body = etree.fromstring(package.read("word/document.xml"), SAFE_XML)
    names: list[str] = []
    for start in body.iter(f"{{{W}}}bookmarkStart"):
        name = start.get(f"{{{W}}}name") or ""
        # LibreOffice may write the start of a bookmark that came to span paragraphs twice.
        if name.startswith(HIDDEN_PREFIX) and name not in names:
            names.append(name)
    return PackMarks(properties.get(VERSION_PROPERTY), properties.get(MEETING_PROPERTY), tuple(names))


def recommendation_ids(marks: PackMarks, snapshot: Snapshot) -> list[str]:
    """The ids of the snapshot's recommendations whose bookmarks the document holds, in its order."""
    by_name = {pack_bookmark_name(unit.id): unit.id for unit in snapshot.recommendations}
    return [by_name[name] for name in marks.bookmarks if name in by_name]
