"""The pack as a site page: the recommendations of one recorded version, as sent to delegations (the
DOCX is writers/docx/pack.py); the internal page adds what the internal copy adds."""

from __future__ import annotations

from itertools import groupby

from reportkit.versions import Line, Snapshot, Unit
from reportkit.writers.pack_text import made_by_and_response, pack_introduction
from reportkit.writers.site.markup import anchor, block_attributes, front_matter, line, span, text


def _lines_markdown(unit: Unit) -> list[str]:
    lines: list[str] = []
    for item in unit.lines:
        lines.extend(_line_markdown(item))
    return lines


def _line_markdown(item: Line) -> list[str]:
    if item.kind == "text":
        return [line(text(item.text)), block_attributes(None, "rk-recommendation-text"), ""]
    if item.kind == "item":
        classes = ("rk-subitem", f"rk-depth-{max(1, item.depth)}")
        return [
            line(f"{span('rk-label', text(item.label))} {text(item.text)}"),
            block_attributes(None, *classes),
            "",
        ]
    return [
        line(f"{span('rk-label', text(item.label))} {text(item.text)}"),
        block_attributes(None, "rk-footnote"),
        "",
    ]


def write_pack_page(snapshot: Snapshot, internal: bool = False) -> str:
    """The pack as a Markdown page for the site (mkdocs-material, attr_list): every text escaped. Like
    the pack, the page shows only numbers and texts; each heading's anchor is the stable id, so links
    survive renumbering. The internal page adds ids, themes, status and flags."""
    title = f"Draft recommendations, version {snapshot.name}"
    if internal:
        title += " (internal)"
    lines = [*front_matter(title), f"# {text(title)}", ""]
    for paragraph_text in pack_introduction(snapshot, internal):
        lines.extend([line(text(paragraph_text)), ""])
    themes = dict(snapshot.themes)
    for section_id, group in groupby(snapshot.recommendations, key=lambda unit: unit.section):
        section = snapshot.section(section_id)
        if section is not None:
            heading = text(f"{section.number}. {section.title}")
            lines.extend([f"## {heading} {{ #{anchor(section.id)} }}", ""])
        for unit in group:
            heading = text(snapshot.style.recommendation_heading(unit.number))
            lines.extend([f"### {heading} {{ #{anchor(unit.id)} .rk-recommendation }}", ""])
            if internal:
                facts = [f"Identifier: {unit.id}"]
                if unit.themes:
                    facts.append("Themes: " + "; ".join(themes.get(theme, theme) for theme in unit.themes))
                if unit.status:
                    facts.append(f"Status: {unit.status}")
                lines.extend([line(text(" \u00b7 ".join(facts))), block_attributes(None, "rk-meta"), ""])
            lines.extend(_lines_markdown(unit))
            states_and_response = made_by_and_response(unit, snapshot.style)
            if states_and_response:
                lines.extend([line(text(states_and_response)), block_attributes(None, "rk-meta"), ""])
            for flag in unit.flags if internal else ():
                lines.extend([line(text(flag)), block_attributes(None, "rk-meta", "rk-flag"), ""])
    return "\n".join(lines).rstrip() + "\n"
