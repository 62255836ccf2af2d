"""write_docx: the numbered, resolved report in, the bytes of a UN-format .docx out.

The template (templates/un-report.docx) owns the page setup and the styles; the modules here add the
content in page order — running heads, masthead, body with footnotes and bookmarks — then make the
output deterministic.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Cm

from reportkit.house import house_style
from reportkit.model import Options, Report
from reportkit.writers.docx.bookmarks import Bookmarks
from reportkit.writers.docx.contents import ask_to_update_fields
from reportkit.writers.docx.determinism import normalize_zip, set_core_properties
from reportkit.writers.docx.document import write_body
from reportkit.writers.docx.footnotes import Footnotes
from reportkit.writers.docx.headers import write_headers_and_footers
from reportkit.writers.docx.layout import Layout, layout_for
from reportkit.writers.docx.links import unlink_dangling_anchors
from reportkit.writers.docx.masthead import write_masthead
from reportkit.writers.docx.ooxml import styled_paragraph
from reportkit.writers.docx.template import template_bytes


def _page_setup(document: Document, layout: Layout, options: Options) -> None:
    """The paper is the report's choice, and so are the top and bottom margins where it gives them (an
    imported report keeps its printed ones); the rest stays as the template has it."""
    section = document.sections[0]
    section.page_width = Cm(layout.page.width_cm)
    section.page_height = Cm(layout.page.height_cm)
    if options.margin_top is not None:
        section.top_margin = Cm(options.margin_top)
    if options.margin_bottom is not None:
        section.bottom_margin = Cm(options.margin_bottom)
    document.settings.odd_and_even_pages_header_footer = True


def _clear_body(document: Document) -> None:
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def write_docx(report: Report, template: Path | None = None, layout: Layout | None = None) -> bytes:
    style = house_style(report.style)
    layout = layout or layout_for(report.options.paper, style=style)
    template = template or (Path(report.options.template) if report.options.template else None)
    source = template.read_bytes() if template else template_bytes(style.template)
    document = docx.Document(io.BytesIO(source))
    _clear_body(document)
    _page_setup(document, layout, report.options)
    write_headers_and_footers(document.sections[0], report.meeting, report.options, layout, style)
    footnotes = Footnotes(document.part, style)
    write_masthead(document, report, layout, footnotes)
    bookmarks = Bookmarks()
    write_body(document, report, footnotes, bookmarks)
    if report.options.contents:
        ask_to_update_fields(document.settings.element)
    styled_paragraph(document, "EndRule")  # the short centred rule that ends a UN document
    unlink_dangling_anchors(document.element, bookmarks.names)
    if footnotes.element is not None:
        unlink_dangling_anchors(footnotes.element, bookmarks.names)
    set_core_properties(document, report.meeting.title, report.meeting.symbol, report.meeting.date)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue())
