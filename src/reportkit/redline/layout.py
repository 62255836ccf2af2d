"""The UN layout shared by the circulation pack and the redline: template, masthead, running heads.

Both documents open the template of the report writer (`templates/un-report.docx`), so they have its
page setup and its named styles, and take the frame geometry from its layout settings. The masthead is
that of a UN document, but its right-hand block says what the document is ("Draft for consultation",
the version and its date) instead of a distribution, since neither is an issued document.
"""

from __future__ import annotations

import datetime
import io

from docx import Document as open_document
from docx.document import Document
from docx.oxml.ns import qn
from lxml import etree

from reportkit.house import VIENNA, HouseStyle, house_style
from reportkit.redline.ooxml import PLAIN, Format, Piece, Revisions, element, paragraph, run
from reportkit.versions import SnapshotMeeting
from reportkit.writers.docx.determinism import normalize_zip, set_core_properties
from reportkit.writers.docx.layout import Layout, layout_for, twips
from reportkit.writers.docx.template import template_bytes

THIN_RULE = "4"  # eighths of a point: 0.5 pt under "United Nations"
THICK_RULE = "12"  # 1.5 pt under the issuing body
QUIET = Format(color="595959", size=8)  # ids and other working notes: present, but not read as text


class UnDocument:
    """A document opened from the template, with its styles known and its body emptied."""

    def __init__(self, style: HouseStyle = VIENNA, paper: str = "A4") -> None:
        # The report's house style's template and lengths: a Geneva report's pack is laid out as it is.
        self.document: Document = open_document(io.BytesIO(template_bytes(style.template)))
        self.layout: Layout = layout_for("Letter" if paper == "Letter" else "A4", style=style)
        self.body = self.document.element.body
        self._section_properties = self.body.find(qn("w:sectPr"))
        for child in list(self.body):
            if child is not self._section_properties:
                self.body.remove(child)
        self.style_ids = {style.style_id for style in self.document.styles}

    def style(self, *candidates: str) -> str | None:
        """The first of the named styles the template has: the template is the report writer's, and a
        style it lacks falls back to a plainer one rather than to a dangling name."""
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
        """An untracked paragraph (no revision ever reaches it, so a throwaway counter does)."""
        return self.append(paragraph(style, [Piece(text, None, fmt)], _UNTRACKED, keep_next=keep_next))

    def track_revisions(self) -> None:
        """Turn on Track Changes, so that what a delegate edits in the redline is tracked as well."""
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

    def save(self, title: str, subject: str, moment: datetime.datetime) -> bytes:
        set_core_properties(self.document, title, subject, moment.date())
        stream = io.BytesIO()
        self.document.save(stream)
        return normalize_zip(stream.getvalue())


_UNTRACKED = Revisions("reportkit", datetime.datetime(1980, 1, 1))


def display_date(moment: datetime.datetime | datetime.date, meeting: SnapshotMeeting) -> str:
    """A date of the masthead's status block, as the report's house style prints dates."""
    day = moment.date() if isinstance(moment, datetime.datetime) else moment
    return house_style(meeting.style).date(day)


def original_line(meeting: SnapshotMeeting) -> str:
    """ "Original: English", in the house style's words."""
    return f"{house_style(meeting.style).original_label}{meeting.original_language}"


def _cell(row: etree._Element, width: int, span: int, rule: str, align_bottom: bool) -> etree._Element:
    cell = element("w:tc")
    properties = element("w:tcPr")
    properties.append(element("w:tcW", {"w:w": str(width), "w:type": "dxa"}))
    if span > 1:
        properties.append(element("w:gridSpan", {"w:val": str(span)}))
    borders = element("w:tcBorders")
    borders.append(element("w:bottom", {"w:val": "single", "w:sz": rule, "w:space": "0", "w:color": "auto"}))
    properties.append(borders)
    properties.append(element("w:vAlign", {"w:val": "bottom" if align_bottom else "top"}))
    cell.append(properties)
    row.append(cell)
    return cell


def masthead(target: UnDocument, meeting: SnapshotMeeting, status_lines: list[str], title: str) -> None:
    """ "United Nations" and the symbol over a thin rule; the issuing body and the status block over a
    thick one; then the title. A borderless table on a three-column grid (body, gap, status block): the
    symbol spans the gap and the status column, the issuing body spans its column and the gap."""
    layout = target.layout
    frame = twips(layout.frame_width)
    status = twips(layout.masthead_distribution_width)
    gap = twips(layout.masthead_gap)
    body = frame - status - gap
    table = element("w:tbl")
    properties = element("w:tblPr")
    properties.append(element("w:tblW", {"w:w": str(frame), "w:type": "dxa"}))
    properties.append(element("w:tblLayout", {"w:type": "fixed"}))
    margins = element("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(element(f"w:{side}", {"w:w": "0", "w:type": "dxa"}))
    properties.append(margins)
    table.append(properties)
    grid = element("w:tblGrid")
    for width in (body, gap, status):
        grid.append(element("w:gridCol", {"w:w": str(width)}))
    table.append(grid)

    indent = twips(layout.column_indent)
    top = element("w:tr")
    table.append(top)
    organization = house_style(meeting.style).organization
    name = paragraph(target.style("MastheadUN"), [Piece(organization)], _UNTRACKED)
    _cell(top, body, 1, THIN_RULE, align_bottom=True).append(_indented(name, indent))
    lead, slash, rest = meeting.symbol.partition("/")
    symbol_pieces = [Piece(lead, None, Format(style=target.style("SymbolLead"))), Piece(slash + rest)]
    symbol = paragraph(target.style("MastheadSymbol"), symbol_pieces, _UNTRACKED)
    _cell(top, gap + status, 2, THIN_RULE, align_bottom=True).append(symbol)

    bottom = element("w:tr")
    table.append(bottom)
    issuing_body = paragraph(target.style("MastheadBody"), [Piece(meeting.issuing_body)], _UNTRACKED)
    _cell(bottom, body + gap, 2, THICK_RULE, align_bottom=False).append(_indented(issuing_body, indent))
    status_cell = _cell(bottom, status, 1, THICK_RULE, align_bottom=False)
    for position, line in enumerate(status_lines):
        fmt = Format(bold=True) if position == 0 else PLAIN
        status_cell.append(paragraph(target.style("MastheadDistr"), [Piece(line, None, fmt)], _UNTRACKED))
    target.append(table)
    target.add(target.style("ReportTitle"), title, keep_next=True)


def _indented(node: etree._Element, left: int) -> etree._Element:
    """Start a masthead line at the body column; pPr children follow the schema order (ind after
    spacing, before jc), which these styles-only paragraphs satisfy by having nothing else."""
    properties = node.find(qn("w:pPr"))
    if properties is None:
        properties = element("w:pPr")
        node.insert(0, properties)
    properties.append(element("w:ind", {"w:left": str(left)}))
    return node


def running_heads(target: UnDocument, header_text: str, footer_text: str) -> None:
    """From page 2: the symbol and what the document is in the header, "n/N" in the footer; page 1 has
    the masthead instead."""
    section = target.document.sections[0]
    section.different_first_page_header_footer = True
    stories = (
        (section.header, target.style("HeaderOdd", "Header"), True),
        (section.even_page_header, target.style("HeaderEven", "Header"), False),
    )
    for story, style, odd in stories:
        story.is_linked_to_previous = False
        header = story._element
        for child in list(header):
            header.remove(child)
        node = paragraph(style, [Piece(header_text)], _UNTRACKED)
        if style == "Header":
            _align(node, "right" if odd else "left")
        header.append(node)
    page_style = Format(style=target.style("PageNumber"))
    for story, odd in ((section.footer, True), (section.even_page_footer, False)):
        story.is_linked_to_previous = False
        footer = story._element
        for child in list(footer):
            footer.remove(child)
        node = paragraph(target.style("Footer"), [], _UNTRACKED)
        node.find(qn("w:pPr")).append(_right_tab(twips(target.layout.frame_width)))
        # The page number on the outer edge: right on odd pages, left on even ones.
        if odd:
            node.append(run(f"{footer_text}\t"))
        node.extend(_page_of_pages(page_style))
        if not odd:
            node.append(run(f"\t{footer_text}"))
        footer.append(node)
    for story in (section.first_page_header, section.first_page_footer):
        # Page 1 has the masthead; an empty paragraph in a plain style (the header style has a rule).
        story.is_linked_to_previous = False
        for child in list(story._element):
            story._element.remove(child)
        story._element.append(paragraph(target.style("Normal"), [], _UNTRACKED))


def _page_of_pages(fmt: Format) -> list[etree._Element]:
    """ "3/8" from the PAGE and NUMPAGES fields (the cached "1" shows until the reader lays out pages)."""
    nodes: list[etree._Element] = []
    for instruction in ("PAGE", "NUMPAGES"):
        if nodes:
            nodes.append(run("/", fmt=fmt))
        simple = element("w:fldSimple", {"w:instr": f" {instruction} "})
        simple.append(run("1", fmt=fmt))
        nodes.append(simple)
    return nodes


def _align(node: etree._Element, value: str) -> None:
    node.find(qn("w:pPr")).append(element("w:jc", {"w:val": value}))


def _right_tab(position: int) -> etree._Element:
    tabs = element("w:tabs")
    tabs.append(element("w:tab", {"w:val": "right", "w:pos": str(position)}))
    return tabs


def table(target: UnDocument, header: list[str], rows: list[list[str]], widths_cm: list[float]) -> None:
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
            row_properties = element("w:trPr")
            row_properties.append(element("w:tblHeader"))
            row.append(row_properties)
        for text, width in zip(cells, widths_cm, strict=True):
            cell = element("w:tc")
            cell_properties = element("w:tcPr")
            cell_properties.append(element("w:tcW", {"w:w": str(twips(width)), "w:type": "dxa"}))
            cell.append(cell_properties)
            fmt = Format(bold=True, size=9) if position == 0 else Format(size=9)
            cell.append(paragraph(style, [Piece(text, None, fmt)], _UNTRACKED))
            row.append(cell)
        node.append(row)
    target.append(node)
