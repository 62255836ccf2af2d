"""Small helpers for building WordprocessingML elements that python-docx has no API for."""

from __future__ import annotations

from functools import cache

from docx.blkcntnr import BlockItemContainer
from docx.oxml.ns import NamespacePrefixedTag, qn
from docx.oxml.parser import oxml_parser
from docx.text.paragraph import Paragraph
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


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


def text_element(text: str) -> etree._Element:
    """A `w:t`; without xml:space="preserve" readers drop its leading and trailing spaces."""
    node = element("w:t")
    node.text = text
    if text != text.strip():
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return node


def text_run(text: str, character_style: str | None = None) -> etree._Element:
    """A `w:r` holding text; tabs and line breaks become `w:tab` and `w:br` as Word expects."""
    run = element("w:r")
    if character_style:
        run.append(element("w:rPr", None, element("w:rStyle", {"w:val": character_style})))
    for index, piece in enumerate(text.split("\t")):
        if index:
            run.append(element("w:tab"))
        if piece:
            run.append(text_element(piece))
    return run


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
