"""Page 1 above the text: the masthead table, optional session lines, and the title.

One masthead for every DOCX reportkit writes (`Masthead`, `write_masthead_table`): a borderless
table across the frame (docs/docx-ooxml.md shows its XML). The first row holds "United Nations" at the
body column and the symbol on the right, over a thin rule; the second the emblem slot, the issuing body
and the distribution block (or what a working document is), over a thick rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.section import _Header
from docx.shared import Cm
from docx.table import Table, _Cell, _Row
from lxml import etree

from reportkit.house import house_style
from reportkit.model import Report
from reportkit.writers.docx.footnotes import Footnotes
from reportkit.writers.docx.inlines import STRONG_STYLE
from reportkit.writers.docx.layout import Layout, twips
from reportkit.writers.docx.ooxml import (
    element,
    insert_in_order,
    set_paragraph_style,
    styled_paragraph,
    text_run,
)

THIN_RULE_EIGHTHS = 4  # 0.5 pt
THICK_RULE_EIGHTHS = 12  # 1.5 pt
# tcBorders must precede these in a cell's properties (CT_TcPr order).
_AFTER_MARGINS = ("w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
_AFTER_BORDERS = ("w:shd", "w:noWrap", "w:tcMar", *_AFTER_MARGINS)


def symbol_parts(symbol: str) -> tuple[str, str]:
    """The first element of a symbol is printed larger: ("CTOC", "/COP/WG.6/2021/4")."""
    lead, slash, rest = symbol.partition("/")
    return lead, slash + rest


def _column_widths(layout: Layout) -> list[float]:
    """Emblem slot (= the column indent), issuing body, gap, distribution block; they fill the frame."""
    body = (
        layout.frame_width - layout.masthead_indent - layout.masthead_gap - layout.masthead_distribution_width
    )
    return [layout.masthead_indent, body, layout.masthead_gap, layout.masthead_distribution_width]


def _table_properties(table: Table, layout: Layout) -> None:
    properties = table._tbl.tblPr
    for child in list(properties):
        properties.remove(child)
    properties.append(element("w:tblW", {"w:w": str(twips(layout.frame_width)), "w:type": "dxa"}))
    properties.append(element("w:tblLayout", {"w:type": "fixed"}))
    # No cell margins, so the second column's text starts exactly at the body column.
    margins = element("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(element(f"w:{side}", {"w:w": "0", "w:type": "dxa"}))
    properties.append(margins)
    properties.append(element("w:tblLook", {"w:val": "0000", "w:firstRow": "0", "w:lastRow": "0",
                                            "w:firstColumn": "0", "w:lastColumn": "0", "w:noHBand": "1",
                                            "w:noVBand": "1"}))  # fmt: skip
    for column, width in zip(table.columns, _column_widths(layout), strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, _column_widths(layout), strict=True):
            cell.width = Cm(width)


def _insert_cell_property(cell: _Cell, child: etree._Element, successors: tuple[str, ...]) -> None:
    """Put `child` into the cell's tcPr before the first of `successors` present (CT_TcPr order)."""
    insert_in_order(cell._tc.get_or_add_tcPr(), child, successors)


def _rule_below(cell: _Cell, eighths_of_point: int) -> None:
    bottom = element("w:bottom", {"w:val": "single", "w:sz": str(eighths_of_point), "w:space": "0",
                                  "w:color": "auto"})  # fmt: skip
    _insert_cell_property(cell, element("w:tcBorders", None, bottom), _AFTER_BORDERS)


def _space_above(cell: _Cell, cm: float) -> None:
    margin = element("w:tcMar", None, element("w:top", {"w:w": str(twips(cm)), "w:type": "dxa"}))
    _insert_cell_property(cell, margin, _AFTER_MARGINS)


def _distinct_cells(row: _Row) -> list[_Cell]:
    """python-docx lists a merged cell once per grid column it spans; each cell once here."""
    cells: list[_Cell] = []
    for cell in row.cells:
        if all(cell._tc is not seen._tc for seen in cells):
            cells.append(cell)
    return cells


def _cell_paragraph(cell: _Cell, style: str, text: str = "", first: bool = True) -> etree._Element:
    """The cell's own (first) paragraph, or a new one after it, in `style`."""
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    set_paragraph_style(paragraph, style)
    if text:
        paragraph._p.append(text_run(text))
    return paragraph._p


@dataclass(frozen=True, slots=True)
class Masthead:
    """What page 1's masthead prints. Every DOCX reportkit writes has this one masthead, drawn by
    `write_masthead_table`: the report with its distribution block, a working document (the pack, the
    redline, the compilation, the compendium) with what it is in that place, since none is issued."""

    organization: str  # "United Nations", in the house style's words
    symbol: str
    issuing_body: str
    status_lines: tuple[str, ...]  # the right-hand block, under the thin rule
    emblem: str | None = None  # an image's path (the report's `emblem` option)


def report_masthead(report: Report) -> Masthead:
    """The report's masthead: distribution, date and original language on the right, as issued."""
    meeting = report.meeting
    style = house_style(report.style)
    status = (f"{style.distribution_label}{meeting.distribution}", style.date(meeting.date), "",
              f"{style.original_label}{meeting.original_language}")  # fmt: skip
    return Masthead(style.organization, meeting.symbol, meeting.issuing_body, status, report.options.emblem)


def write_masthead_table(header: _Header, masthead: Masthead, layout: Layout) -> None:
    """The masthead table in page 1's own header (emptied but for one paragraph), as on issued pages."""
    table = header.add_table(rows=2, cols=4, width=Cm(layout.frame_width))
    # The header's own paragraph goes after the table: a header, like a cell, ends with a paragraph.
    closing = header.paragraphs[0]
    set_paragraph_style(closing, "MastheadEnd")
    closing._p.getparent().remove(closing._p)
    table._tbl.addnext(closing._p)
    _table_properties(table, layout)
    top, bottom = table.rows
    symbol_cell = top.cells[2].merge(top.cells[3])
    body_cell = bottom.cells[1]  # the gap column stays empty, so a long issuing body never meets "Distr."
    emblem_cell, distribution_cell = bottom.cells[0], bottom.cells[3]

    _cell_paragraph(top.cells[0], "MastheadUN")
    _cell_paragraph(top.cells[1], "MastheadUN", masthead.organization)
    lead, rest = symbol_parts(masthead.symbol)
    symbol = _cell_paragraph(symbol_cell, "MastheadSymbol")
    if lead:
        symbol.append(text_run(lead, "SymbolLead"))
    if rest:
        symbol.append(text_run(rest))

    _cell_paragraph(emblem_cell, "MastheadEmblem")
    if masthead.emblem:
        # Reading the emblem is the writer's only file access: the option names an image by path.
        emblem_cell.paragraphs[0].add_run().add_picture(masthead.emblem, width=Cm(layout.emblem_width))
    _cell_paragraph(body_cell, "MastheadBody", masthead.issuing_body)
    for position, line in enumerate(masthead.status_lines):
        _cell_paragraph(distribution_cell, "MastheadDistr", line, first=position == 0)

    for cell in _distinct_cells(top):
        _rule_below(cell, THIN_RULE_EIGHTHS)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    # The thick rule stands at the same place on every UN first page, whatever the issuing body's length.
    bottom.height = Cm(layout.masthead_body_row_height)
    bottom.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
    for cell in _distinct_cells(bottom):
        _rule_below(cell, THICK_RULE_EIGHTHS)
        _space_above(cell, layout.masthead_row_gap)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP


def _session_lines(document: Document, report: Report) -> None:
    """The lines under the masthead, each in bold where the report or its house style says."""
    style = house_style(report.style)
    shown = report.options.show_session_lines
    if not (style.session_lines_shown if shown is None else shown):
        return
    for position, line in enumerate(report.meeting.session_lines, start=1):
        paragraph_style = style.session_body_style if position == 1 else style.session_line_style
        paragraph = styled_paragraph(document, paragraph_style)
        bold = style.session_line_bold(position, report.meeting.session_lines_bold)
        paragraph._p.append(text_run(line, STRONG_STYLE if bold else None))


def write_masthead(document: Document, report: Report, layout: Layout, footnotes: Footnotes) -> None:
    write_masthead_table(document.sections[0].first_page_header, report_masthead(report), layout)
    _session_lines(document, report)
    title = styled_paragraph(document, house_style(report.style).title_style, report.meeting.title)
    if report.meeting.title_footnote:
        title._p.append(footnotes.marked_reference(report.meeting.title_footnote, footnotes.next_mark()))
    if report.meeting.subtitle:
        styled_paragraph(document, "ReportSubtitle", report.meeting.subtitle)
