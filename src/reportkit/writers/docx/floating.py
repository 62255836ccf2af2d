"""Pictures placed at a fixed point of the page instead of in the line of text (wp:anchor).

python-docx inserts pictures inline only. An inline picture in the footer would make the footer as tall
as the picture and push page 1's text up, so the QR code is re-anchored: the same drawing, placed from
the page's top-left corner, with no text wrapping around it (it sits beside the footer's text).
"""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from lxml import etree

from reportkit.writers.docx.ooxml import element

EMU_PER_CM = 360_000


def _position(axis: str, offset_cm: float) -> etree._Element:
    offset = element("wp:posOffset")
    offset.text = str(round(offset_cm * EMU_PER_CM))
    return element(f"wp:position{axis}", {"relativeFrom": "page"}, offset)


def float_on_page(inline: CT_Inline, left_cm: float, top_cm: float) -> etree._Element:
    """Replace `inline` by an anchor holding the same picture, its top-left corner at the given
    distances from the page's left and top edges; the anchor is returned."""
    anchor = element(
        "wp:anchor",
        {
            "distT": "0",
            "distB": "0",
            "distL": "0",
            "distR": "0",
            "simplePos": "0",
            "relativeHeight": "1",
            "behindDoc": "0",
            "locked": "1",
            "layoutInCell": "1",
            "allowOverlap": "1",
        },
        element("wp:simplePos", {"x": "0", "y": "0"}),
        _position("H", left_cm),
        _position("V", top_cm),
    )
    # Children in the order CT_Anchor requires: extent, effectExtent, the wrapping, then the picture.
    anchor.append(inline.find(qn("wp:extent")))
    anchor.append(element("wp:effectExtent", {"l": "0", "t": "0", "r": "0", "b": "0"}))
    anchor.append(element("wp:wrapNone"))
    for name in ("wp:docPr", "wp:cNvGraphicFramePr", "a:graphic"):
        part = inline.find(qn(name))
        if part is not None:
            anchor.append(part)
    inline.getparent().replace(inline, anchor)
    return anchor
