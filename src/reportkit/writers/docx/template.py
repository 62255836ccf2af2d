"""Where the reference document is: package data (src/reportkit/templates/), so an installed reportkit
finds it as well as a checkout does.

templates/make_template.py writes one template per shipped house style (un-report.docx for Vienna,
un-report-geneva.docx) in templates/ and here; a test keeps them identical.
The path is taken relative to this file rather than through importlib.resources, because `reportkit` is
a namespace package, for which resource lookup differs between Python versions.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Cm

from reportkit.writers.docx.layout import Layout

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
TEMPLATE_PATH = TEMPLATES / "un-report.docx"  # the Vienna style's, the default


def template_bytes(name: str = TEMPLATE_PATH.name) -> bytes:
    """A template reportkit ships, by file name (a house style names its own)."""
    return (TEMPLATES / name).read_bytes()


def open_template(source: str | bytes, layout: Layout) -> Document:
    """A document from a template (a shipped one's file name, or a template's bytes) with its body
    emptied and the paper the report chose: margins and distances stay as the template has them."""
    data = template_bytes(source) if isinstance(source, str) else source
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = document.sections[0]
    section.page_width = Cm(layout.page.width_cm)
    section.page_height = Cm(layout.page.height_cm)
    document.settings.odd_and_even_pages_header_footer = True
    return document
