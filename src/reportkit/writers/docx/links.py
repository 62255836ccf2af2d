"""Hyperlinks: internal ones to bookmarks, external ones to the official documents system (the address
is the house style's, HouseStyle.document_url)."""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from reportkit.writers.docx.bookmarks import bookmark_name
from reportkit.writers.docx.ooxml import element, text_run

CROSS_REFERENCE_STYLE = "CrossReference"
SYMBOL_LINK_STYLE = "SymbolLink"


def internal_link(text: str, target_id: str, character_style: str | None = None) -> etree._Element:
    # w:history="1" lets Word's Back button return from the target.
    link = element("w:hyperlink", {"w:anchor": bookmark_name(target_id), "w:history": "1"})
    link.append(text_run(text, character_style or CROSS_REFERENCE_STYLE))
    return link


def external_link(text: str, url: str, part: Part, character_style: str | None = None) -> etree._Element:
    """The relationship belongs to the part that holds the link: document, footnotes or a header."""
    relationship_id = part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = element("w:hyperlink", {"r:id": relationship_id, "w:history": "1"})
    link.append(text_run(text, character_style or SYMBOL_LINK_STYLE))
    return link


def unlink_dangling_anchors(root: etree._Element, bookmark_names: set[str]) -> None:
    """Turn internal links whose target got no bookmark (an agenda no paragraph shows) back into text."""
    dangling = [
        link
        for link in root.iter(qn("w:hyperlink"))
        if link.get(qn("w:anchor")) is not None and link.get(qn("w:anchor")) not in bookmark_names
    ]
    for link in dangling:
        parent = link.getparent()
        position = parent.index(link)
        for offset, run in enumerate(list(link)):
            parent.insert(position + offset, run)
        parent.remove(link)
