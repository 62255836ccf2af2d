"""Small helpers for building WordprocessingML elements that python-docx has no API for."""

from __future__ import annotations

from functools import cache

from docx.oxml.ns import NamespacePrefixedTag
from docx.oxml.parser import oxml_parser
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


def text_run(text: str, character_style: str | None = None) -> etree._Element:
    """A `w:r` holding text; tabs and line breaks become `w:tab` and `w:br` as Word expects."""
    run = element("w:r")
    if character_style:
        run.append(element("w:rPr", None, element("w:rStyle", {"w:val": character_style})))
    for index, piece in enumerate(text.split("\t")):
        if index:
            run.append(element("w:tab"))
        if piece:
            node = element("w:t")
            node.text = piece
            if piece != piece.strip():
                # Without xml:space="preserve" readers drop leading and trailing spaces.
                node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.append(node)
    return run
