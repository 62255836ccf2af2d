"""Bookmarks on numbered targets, named deterministically from the authors' stable ids.

Word accepts a bookmark name of at most 40 characters that starts with a letter and holds only letters,
digits and underscores. `rk_` + the id with hyphens as underscores is readable and, for ids of lower-case
letters, digits and hyphens, one-to-one. Anything longer or unusual is cut and gets 8 hex digits of the
id's SHA-1, so two ids never share a name and a name never depends on a position in the document.
"""

from __future__ import annotations

import hashlib
import re

from docx.oxml.ns import qn
from lxml import etree

from reportkit.writers.docx.ooxml import element

PREFIX = "rk_"
MAX_LENGTH = 40
_PLAIN_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9_]")


def bookmark_name(target_id: str, prefix: str = PREFIX) -> str:
    """The bookmark for `target_id`; a `prefix` starting with "_" makes it one of Word's hidden bookmarks."""
    readable = prefix + target_id.replace("-", "_")
    if _PLAIN_ID.fullmatch(target_id) and len(readable) <= MAX_LENGTH:
        return readable
    digest = hashlib.sha1(target_id.encode("utf-8")).hexdigest()[:8]
    # The hashed form always has "__" before the digest: a plain id never produces a double underscore.
    stem = _NOT_ALLOWED.sub("_", readable)[: MAX_LENGTH - len(digest) - 2]
    return f"{stem}__{digest}"


class Bookmarks:
    """Numbers bookmark pairs in document order and remembers every name placed."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self._next_id = 0

    def wrap(self, paragraph: etree._Element, target_id: str) -> None:
        """Put the whole content of a `w:p` inside a bookmark for `target_id`."""
        name = bookmark_name(target_id)
        if name in self.names:  # a duplicate id is reported by resolve.py; one bookmark is enough
            return
        self.names.add(name)
        wrap_paragraph(paragraph, name, str(self._next_id))
        self._next_id += 1


def wrap_paragraph(paragraph: etree._Element, name: str, bookmark_id: str) -> None:
    """Put the whole content of a `w:p` inside the bookmark `name` (`bookmark_id` unique in the document).

    A bookmark within one paragraph survives LibreOffice's DOCX round trip intact; one spanning paragraphs
    comes back with its start written twice (docs/redline-ooxml.md)."""
    start = element("w:bookmarkStart", {"w:id": bookmark_id, "w:name": name})
    has_properties = len(paragraph) > 0 and paragraph[0].tag == qn("w:pPr")
    paragraph.insert(1 if has_properties else 0, start)
    paragraph.append(element("w:bookmarkEnd", {"w:id": bookmark_id}))
