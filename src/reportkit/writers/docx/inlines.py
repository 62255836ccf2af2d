"""Inline content (text, document symbols, references, footnotes) as runs of a `w:p`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from docx.opc.part import Part
from lxml import etree

from reportkit.house import VIENNA, HouseStyle
from reportkit.model import DocumentSymbol, Footnote, Inlines, Reference, Text
from reportkit.writers.docx.links import external_link, internal_link
from reportkit.writers.docx.ooxml import text_run

# `**bold**` and `*italic*` in the drafts: character styles of the template, not direct formatting.
STRONG_STYLE = "Strong"
EMPHASIS_STYLE = "Emphasis"
EMPHASIS_STYLES = {"bold": STRONG_STYLE, "italic": EMPHASIS_STYLE}


@dataclass(frozen=True, slots=True)
class InlineContext:
    """What rendering inlines depends on besides the inlines themselves."""

    part: Part  # the part that owns relationships for external links
    footnote_reference: Callable[[Footnote], etree._Element] | None = None  # None inside a footnote
    character_style: str | None = None  # e.g. RecBold for recommendations a body wants in bold
    style: HouseStyle = VIENNA  # where document symbols link to (the default style's address)


def append_inlines(paragraph: etree._Element, inlines: Inlines, context: InlineContext) -> None:
    style = context.character_style
    for inline in inlines:
        if isinstance(inline, Text):
            paragraph.append(text_run(inline.value, EMPHASIS_STYLES.get(inline.emphasis) or style))
        elif isinstance(inline, DocumentSymbol):
            paragraph.append(
                external_link(inline.symbol, context.style.document_url(inline.symbol), context.part, style)
            )
        elif isinstance(inline, Reference):
            for part in inline.rendered:
                if part.target:
                    paragraph.append(internal_link(part.text, part.target, style))
                else:
                    paragraph.append(text_run(part.text, style))
        elif isinstance(inline, Footnote) and context.footnote_reference is not None:
            paragraph.append(context.footnote_reference(inline))
