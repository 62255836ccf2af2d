"""write_docx: the numbered, resolved report in, the bytes of a UN-format .docx out.

The template (templates/un-report.docx) owns the page setup and the styles; the modules here add the
content in page order — running heads, masthead, body with footnotes and bookmarks — then make the
output deterministic.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx.document import Document
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
from reportkit.writers.docx.template import open_template, template_bytes


def _printed_margins(document: Document, options: Options) -> None:
    """The top and bottom margins where the report gives them (an imported report keeps its printed
    ones); otherwise they stay as the template has them."""
    section = document.sections[0]
    if options.margin_top is not None:
        section.top_margin = Cm(options.margin_top)
    if options.margin_bottom is not None:
        section.bottom_margin = Cm(options.margin_bottom)


def write_docx(report: Report, template: Path | None = None, layout: Layout | None = None) -> bytes:
    style = house_style(report.style)
    layout = layout or layout_for(report.options.paper, style=style)
    template = template or (Path(report.options.template) if report.options.template else None)
    source = template.read_bytes() if template else template_bytes(style.template)
    document = open_template(source, layout)
    _printed_margins(document, report.options)
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
