"""WordprocessingML that python-docx has no API for: elements, runs, and tracked changes.

Every DOCX reportkit writes (the report, the pack, the redline, the compilation, the compendium) builds
its raw XML here, as pandoc's Word and PowerPoint writers share one `Writers/OOXML.hs`.

Tracked changes (docs/redline-ooxml.md): a paragraph is built from *pieces*, a stretch of text and the
revision it belongs to (none, an insertion, a deletion, or one half of a move). `Revisions` hands out
the annotation ids, unique across the document, and stamps every revision with the same author and date,
so the same comparison always gives the same XML.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass
from functools import cache
from typing import Literal

from docx.blkcntnr import BlockItemContainer
from docx.oxml.ns import NamespacePrefixedTag, qn
from docx.oxml.parser import oxml_parser
from docx.text.paragraph import Paragraph
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

Change = Literal["ins", "del", "moveFrom", "moveTo"]


@cache
def _clark_name(prefixed: str) -> tuple[str, dict[str, str]]:
    """`w:p` → ("{…/main}p", {"w": "…/main"}), worked out once per name (a DOCX has tens of thousands)."""
    tag = NamespacePrefixedTag(prefixed)
    return tag.clark_name, tag.nsmap


def element(tag: str, attributes: dict[str, str] | None = None, *children: etree._Element) -> etree._Element:
    """An element such as `w:hyperlink` with attributes (`w:anchor`, or unqualified as DrawingML's
    `cx`) and children."""
    # python-docx's parser, so that elements get its classes, as OxmlElement would make them.
    clark_name, namespaces = _clark_name(tag)
    node = oxml_parser.makeelement(clark_name, nsmap=namespaces)
    for name, value in (attributes or {}).items():
        node.set(_clark_name(name)[0] if ":" in name else name, value)
    for child in children:
        node.append(child)
    return node


def insert_in_order(parent: etree._Element, child: etree._Element, successors: tuple[str, ...]) -> None:
    """Put `child` into `parent` before the first of `successors` present: OOXML property lists are
    sequences (CT_TcPr, CT_Settings …), and Word refuses a document whose children are out of order."""
    names = {qn(tag) for tag in successors}
    follower = next((existing for existing in parent if existing.tag in names), None)
    if follower is None:
        parent.append(child)
    else:
        follower.addprevious(child)


# --------------------------------------------------------------------------- runs


@dataclass(frozen=True, slots=True)
class Format:
    """A run's character style, or direct formatting for the few places the template has no character
    style for (the working notes of the internal pack, the redline's table)."""

    style: str | None = None
    bold: bool = False
    italic: bool = False
    color: str | None = None  # "RRGGBB"
    size: float | None = None  # points
    superscript: bool = False


PLAIN = Format()


def run_properties(fmt: Format) -> etree._Element | None:
    if fmt == PLAIN:
        return None
    properties = element("w:rPr")
    # CT_RPr order: rStyle, b, bCs, i, iCs, …, color, …, sz, szCs, …, vertAlign.
    if fmt.style:
        properties.append(element("w:rStyle", {"w:val": fmt.style}))
    if fmt.bold:
        properties.extend([element("w:b"), element("w:bCs")])
    if fmt.italic:
        properties.extend([element("w:i"), element("w:iCs")])
    if fmt.color:
        properties.append(element("w:color", {"w:val": fmt.color}))
    if fmt.size:
        half_points = str(round(fmt.size * 2))
        properties.extend(
            [element("w:sz", {"w:val": half_points}), element("w:szCs", {"w:val": half_points})]
        )
    if fmt.superscript:
        properties.append(element("w:vertAlign", {"w:val": "superscript"}))
    return properties


def text_element(text: str, deleted: bool = False) -> etree._Element:
    """A `w:t` (or, in a tracked deletion, the `w:delText` the schema requires there); without
    xml:space="preserve" readers drop its leading and trailing spaces, which word diffs cut next to."""
    node = element("w:delText" if deleted else "w:t")
    node.text = text
    if text != text.strip():
        node.set(XML_SPACE, "preserve")
    return node


def run(text: str, fmt: Format = PLAIN, deleted: bool = False) -> etree._Element:
    """A `w:r` holding text; tabs become `w:tab` elements, as Word expects, not characters."""
    node = element("w:r")
    properties = run_properties(fmt)
    if properties is not None:
        node.append(properties)
    for index, piece in enumerate(text.split("\t")):
        if index:
            node.append(element("w:tab"))
        if piece:
            node.append(text_element(piece, deleted))
    return node


def text_run(text: str, character_style: str | None = None) -> etree._Element:
    """A run in one of the template's character styles: what the report's writer needs of `run`."""
    return run(text, Format(style=character_style) if character_style else PLAIN)


# --------------------------------------------------------------------------- paragraphs


def styled_paragraph(container: BlockItemContainer, style_id: str, text: str = "") -> Paragraph:
    """A new paragraph at the end of a story (header, footer, table cell, body) in the style `style_id`.

    python-docx's `add_paragraph(style=name)` looks the name up among all of the template's styles on
    every call, which made the masthead and footers a third of the DOCX writer's time. The template's
    ids are used instead; tests/test_docx.py checks that every id the writer uses is defined."""
    paragraph = container.add_paragraph(text)
    set_paragraph_style(paragraph, style_id)
    return paragraph


def set_paragraph_style(paragraph: Paragraph, style_id: str) -> None:
    paragraph._p.style = style_id


# --------------------------------------------------------------------------- tracked changes


class Revisions:
    """The author, the date and the id counter of one document's revisions."""

    def __init__(self, author: str, moment: datetime.datetime) -> None:
        self.author = author
        # Word reads the date as UTC when it ends in Z; a fixed date keeps the output deterministic.
        self.date = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        self._ids = itertools.count(1)

    def new_id(self) -> str:
        return str(next(self._ids))

    def signed(self, author: str, moment: datetime.datetime) -> Revisions:
        """Revisions by another author and date that draw on this document's ids, so that a document
        holding several authors' changes (the compilation) still has every annotation id once."""
        other = Revisions(author, moment)
        other._ids = self._ids
        return other

    def mark(self, change: Change) -> etree._Element:
        """An empty revision element, as used on a paragraph mark, or a wrapper to fill with runs."""
        return element(f"w:{change}", {"w:id": self.new_id(), "w:author": self.author, "w:date": self.date})

    def range_start(self, change: Literal["moveFrom", "moveTo"], name: str) -> tuple[etree._Element, str]:
        """The start of a move range and its id, which the matching end repeats."""
        range_id = self.new_id()
        start = element(
            f"w:{change}RangeStart",
            {"w:id": range_id, "w:name": name, "w:author": self.author, "w:date": self.date},
        )
        return start, range_id


# Untracked paragraphs never reach a revision, so one throwaway counter serves every document.
UNTRACKED = Revisions("reportkit", datetime.datetime(1980, 1, 1))


def range_end(change: Literal["moveFrom", "moveTo"], range_id: str) -> etree._Element:
    return element(f"w:{change}RangeEnd", {"w:id": range_id})


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of a paragraph's text and the revision it belongs to (None: unchanged)."""

    text: str
    change: Change | None = None
    fmt: Format = PLAIN


def _joined(pieces: list[Piece]) -> list[Piece]:
    """Neighbouring pieces of the same revision and format as one run ("Recommendation " and "12" are
    built apart, so that the number alone can be tracked when it changes); empty pieces dropped."""
    joined: list[Piece] = []
    for piece in pieces:
        if not piece.text:
            continue
        if joined and (joined[-1].change, joined[-1].fmt) == (piece.change, piece.fmt):
            joined[-1] = Piece(joined[-1].text + piece.text, piece.change, piece.fmt)
        else:
            joined.append(piece)
    return joined


def paragraph(
    style: str | None,
    pieces: list[Piece],
    revisions: Revisions = UNTRACKED,
    mark: Change | None = None,
    keep_next: bool = False,
    align: str | None = None,
) -> etree._Element:
    """A `w:p` in `style`; `mark` tracks the paragraph mark itself (a whole paragraph inserted, deleted
    or moved). Neighbouring pieces of the same revision share one wrapper, as Word writes them."""
    node = element("w:p")
    properties = element("w:pPr")
    if style:
        properties.append(element("w:pStyle", {"w:val": style}))
    if keep_next:
        properties.append(element("w:keepNext"))
    if align:
        properties.append(element("w:jc", {"w:val": align}))  # after keepNext, before rPr (CT_PPr)
    if mark:
        # The paragraph mark's run properties come last in pPr, and the revision first inside them.
        mark_properties = element("w:rPr")
        mark_properties.append(revisions.mark(mark))
        properties.append(mark_properties)
    node.append(properties)  # always present, even empty, so callers can add tabs or alignment
    wrapper: etree._Element | None = None
    wrapper_change: Change | None = None
    for piece in _joined(pieces):
        text_node = run(piece.text, piece.fmt, deleted=piece.change == "del")
        if piece.change is None:
            node.append(text_node)
            wrapper, wrapper_change = None, None
            continue
        if wrapper is None or wrapper_change != piece.change:
            wrapper, wrapper_change = revisions.mark(piece.change), piece.change
            node.append(wrapper)
        wrapper.append(text_node)
    return node


def add_range_start(paragraph_node: etree._Element, start: etree._Element) -> None:
    """Put a range start right after the paragraph's properties, before its first run."""
    properties = paragraph_node.find(qn("w:pPr"))
    if properties is None:
        paragraph_node.insert(0, start)
    else:
        properties.addnext(start)
