"""The invisible marks by which a returned pack is matched to what was sent: written by the pack's
writer (`reportkit.writers.docx.pack_marks`, which says what they are and why), read back here.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from lxml import etree

from reportkit.versions import Snapshot
from reportkit.writers.docx.pack_marks import (
    CUSTOM,
    CUSTOM_PART,
    HIDDEN_PREFIX,
    MEETING_PROPERTY,
    VERSION_PROPERTY,
    pack_bookmark_name,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Returned files come from outside: no entities, no network, and no huge trees.
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


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
