"""The documents the secretariat works with, laid out as the report: the pack, the redline, the
compilation and the compendium.

Each opens the template of the report's house style (page setup and named styles), prints on page 1 the
report's own masthead (masthead.py) — with what the document is in the place of the distribution block,
since none of them is issued — and from page 2 the running heads of headers.py. Their bodies are raw
paragraphs (ooxml.py), because tracked changes, comments and hidden bookmarks have no python-docx API.
"""

from __future__ import annotations

import datetime
import io

from docx.document import Document
from docx.oxml.ns import qn
from lxml import etree

from reportkit.house import HouseStyle, house_style
from reportkit.model import PaperSize
from reportkit.versions import Line, SnapshotMeeting
from reportkit.writers.docx.determinism import normalize_zip, set_core_properties
from reportkit.writers.docx.headers import write_plain_first_page_footer, write_running_heads
from reportkit.writers.docx.layout import Layout, layout_for, twips
from reportkit.writers.docx.masthead import Masthead, write_masthead_table
from reportkit.writers.docx.ooxml import PLAIN, Format, Piece, element, paragraph
from reportkit.writers.docx.template import open_template

# Ids and other working notes of the internal copies: present, but not read as text.
QUIET = Format(color="595959", size=8)
SUB_ITEM_STYLES = 4  # the templates have SubPara1 … SubPara4


class WorkingDocument:
    """A document opened from the house style's template, its body emptied, with the masthead and
    running heads in place: what is left to write is the body, from the title on."""

    def __init__(
        self,
        style: HouseStyle,
        masthead: Masthead,
        title: str,
        running_heads: tuple[str, str],
        paper: PaperSize = "A4",
    ) -> None:
        # The report's house style's template, lengths and paper: a Geneva report's pack is laid out
        # as it is, a report on Letter paper has its redline on Letter.
        self.layout: Layout = layout_for(paper, style=style)
        self.document: Document = open_template(style.template, self.layout)
        self.body = self.document.element.body
        self._section_properties = self.body.find(qn("w:sectPr"))
        self.style_ids = {named.style_id for named in self.document.styles}
        section = self.document.sections[0]
        header_text, footer_text = running_heads
        write_running_heads(section, header_text, footer_text, self.layout)
        write_plain_first_page_footer(section)
        write_masthead_table(section.first_page_header, masthead, self.layout)
        self.add(style.title_style, title, keep_next=True)

    def style(self, *candidates: str) -> str | None:
        """The first of the named styles the template has, so that a style a house style's template
        lacks falls back to a plainer one rather than to a dangling name."""
        return next((name for name in candidates if name in self.style_ids), None)

    def append(self, node: etree._Element) -> etree._Element:
        """Add a paragraph or table at the end of the body, before the section properties."""
        if self._section_properties is None:
            self.body.append(node)
        else:
            self._section_properties.addprevious(node)
        return node

    def add(
        self, style: str | None, text: str, fmt: Format = PLAIN, keep_next: bool = False
    ) -> etree._Element:
        """An untracked paragraph."""
        return self.append(paragraph(style, [Piece(text, None, fmt)], keep_next=keep_next))

    def track_revisions(self) -> None:
        """Turn on Track Changes, so that what a delegate edits is tracked as well."""
        settings = self.document.settings.element
        if settings.find(qn("w:trackRevisions")) is not None:
            return
        # CT_Settings order: writeProtection, view, zoom, …, revisionView, trackRevisions, …
        earlier = [
            settings.find(qn(f"w:{tag}")) for tag in ("revisionView", "zoom", "view", "writeProtection")
        ]
        anchor = next((node for node in earlier if node is not None), None)
        if anchor is None:
            settings.insert(0, element("w:trackRevisions"))
        else:
            anchor.addnext(element("w:trackRevisions"))

    def save(self, title: str, subject: str, moment: datetime.datetime | datetime.date) -> bytes:
        day = moment.date() if isinstance(moment, datetime.datetime) else moment
        set_core_properties(self.document, title, subject, day)
        stream = io.BytesIO()
        self.document.save(stream)
        return normalize_zip(stream.getvalue())


def line_style(target: WorkingDocument, line: Line) -> str | None:
    """The style of a recommendation's or paragraph's line, as the report prints it: text, subparagraph
    (by depth: the template has SubPara1 … SubPara4) or footnote."""
    if line.kind == "item":
        return target.style(f"SubPara{max(1, min(line.depth, SUB_ITEM_STYLES))}", "SingleTxt")
    if line.kind == "footnote":
        return target.style("FootnoteText", "SingleTxt")
    return target.style("SingleTxt")


def snapshot_masthead(meeting: SnapshotMeeting, what: tuple[str, ...], day: datetime.date) -> Masthead:
    """The masthead of a document made from a recorded version: the report's particulars, and on the
    right what the document is (`what`), its date and the original language, in the house style's words."""
    style = house_style(meeting.style)
    status = (*what, style.date(day), f"{style.original_label}{meeting.original_language}")
    return Masthead(style.organization, meeting.symbol, meeting.issuing_body, status)


def table(target: WorkingDocument, header: list[str], rows: list[list[str]], widths_cm: list[float]) -> None:
    """A plain ruled table in the body column (for the numbers map): header row repeated on each page."""
    column = twips(target.layout.column_indent)
    node = element("w:tbl")
    properties = element("w:tblPr")
    properties.append(element("w:tblW", {"w:w": str(sum(twips(w) for w in widths_cm)), "w:type": "dxa"}))
    properties.append(element("w:tblInd", {"w:w": str(column), "w:type": "dxa"}))
    borders = element("w:tblBorders")
    for side in ("top", "bottom", "insideH"):
        borders.append(
            element(f"w:{side}", {"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": "auto"})
        )
    properties.append(borders)
    properties.append(element("w:tblLayout", {"w:type": "fixed"}))
    node.append(properties)
    grid = element("w:tblGrid")
    for width in widths_cm:
        grid.append(element("w:gridCol", {"w:w": str(twips(width))}))
    node.append(grid)
    style = target.style("Normal")
    for position, cells in enumerate([header, *rows]):
        row = element("w:tr")
        if position == 0:
            row.append(element("w:trPr", None, element("w:tblHeader")))
        for text, width in zip(cells, widths_cm, strict=True):
            cell = element("w:tc")
            cell.append(
                element("w:tcPr", None, element("w:tcW", {"w:w": str(twips(width)), "w:type": "dxa"}))
            )
            fmt = Format(bold=True, size=9) if position == 0 else Format(size=9)
            cell.append(paragraph(style, [Piece(text, None, fmt)]))
            row.append(cell)
        node.append(row)
    target.append(node)
