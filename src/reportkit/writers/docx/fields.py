"""Word fields as complex-field runs: begin, instruction, separate, cached result, end."""

from __future__ import annotations

from lxml import etree

from reportkit.writers.docx.ooxml import element, text_run


def _run(character_style: str | None, *children: etree._Element) -> etree._Element:
    run = element("w:r")
    if character_style:
        run.append(element("w:rPr", None, element("w:rStyle", {"w:val": character_style})))
    for child in children:
        run.append(child)
    return run


def field_runs(
    instruction: str, cached_result: str, character_style: str | None = None
) -> list[etree._Element]:
    """E.g. PAGE or NUMPAGES; readers update the cached result when they lay the pages out."""
    code = element("w:instrText")
    code.text = f" {instruction} "
    code.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return [
        _run(character_style, element("w:fldChar", {"w:fldCharType": "begin"})),
        _run(character_style, code),
        _run(character_style, element("w:fldChar", {"w:fldCharType": "separate"})),
        text_run(cached_result, character_style),
        _run(character_style, element("w:fldChar", {"w:fldCharType": "end"})),
    ]
