"""The comparison as data (changes.json) and as the site page "Changes since version X" (changes.md).

Both list the same things as the redline: what was added, deleted, moved or reworded (with the word
changes), what was only renumbered, and the map from old numbers to new.
"""

from __future__ import annotations

import json
from typing import Any

from reportkit.house import HouseStyle
from reportkit.redline.compare import Comparison, LineChange, UnitChange, WordOp
from reportkit.versions import CURRENT, Snapshot, Unit, format_moment
from reportkit.writers.site.markup import anchor, block_attributes, front_matter, line, span, text


def _version(snapshot: Snapshot) -> dict[str, str]:
    return {"version": snapshot.name, "date": format_moment(snapshot.moment)}


def _place(snapshot: Snapshot, unit: Unit) -> dict[str, str]:
    section = snapshot.section(unit.section)
    return {
        "number": unit.number,
        "section": unit.section,
        "section_number": snapshot.section_label(unit.section),
        "section_title": section.title if section else "",
    }


def _ops_json(ops: tuple[WordOp, ...]) -> list[dict[str, str]]:
    result: list[dict[str, str]] = []
    for op in ops:
        if op.op == "equal":
            entry = {"op": "equal", "text": op.new}
            if op.old != op.new:
                entry["old_text"] = op.old  # a reference whose number changed, same target
            result.append(entry)
        else:
            result.append({"op": op.op, "text": op.old if op.op == "delete" else op.new})
    return result


def _line_json(change: LineChange) -> dict[str, Any]:
    return {"line": change.label, "status": change.status, "ops": _ops_json(change.ops)}


def _unit_json(comparison: Comparison, unit: UnitChange) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": unit.id, "kind": unit.kind}
    if unit.old:
        entry["from"] = _place(comparison.old, unit.old)
    if unit.new:
        entry["to"] = _place(comparison.new, unit.new)
    if unit.status in ("added", "deleted"):
        shown = unit.new or unit.old
        assert shown is not None
        entry["text"] = shown.full_text
    if unit.status == "changed":
        entry["lines"] = [_line_json(change) for change in unit.lines if change.status != "same"]
    if unit.old and unit.new:
        if unit.old.themes != unit.new.themes:
            entry["themes"] = {"from": list(unit.old.themes), "to": list(unit.new.themes)}
        if unit.old.status != unit.new.status:
            entry["status"] = {"from": unit.old.status, "to": unit.new.status}
    return entry


def changes_json(comparison: Comparison) -> str:
    """Machine-readable changes: every list keyed by stable id, numbers as printed in each version."""
    document = {
        "scope": comparison.scope,
        "from": _version(comparison.old),
        "to": _version(comparison.new),
        "summary": {
            "added": len(comparison.added),
            "deleted": len(comparison.deleted),
            "moved": len(comparison.moved),
            "changed": len(comparison.changed),
            "renumbered": len(comparison.renumbered),
        },
        "added": [_unit_json(comparison, u) for u in comparison.added],
        "deleted": [_unit_json(comparison, u) for u in comparison.deleted],
        "moved": [_unit_json(comparison, u) for u in comparison.moved],
        "changed": [_unit_json(comparison, u) for u in comparison.changed],
        "renumbered": [
            {"id": u.id, "kind": u.kind, "from": u.old.number, "to": u.new.number}
            for u in comparison.renumbered
            if u.old and u.new
        ],
        "headings": [
            {
                "id": h.id,
                "status": h.status,
                "moved": h.moved,
                "from": h.old.title if h.old else None,
                "to": h.new.title if h.new else None,
                "ops": _ops_json(h.ops),
            }
            for h in comparison.headings
            if h.status != "unchanged" or h.moved
        ],
        "number_map": [
            {"id": row.id, "from": row.old_number, "to": row.new_number} for row in comparison.number_map()
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- the site page


def _name(snapshot: Snapshot) -> str:
    """ "version v1 (20 May 2021)"; the drafts carry no date, so that a site rebuilt another day is the
    same site."""
    if snapshot.name == CURRENT:
        return "the current drafts"
    return f"version {snapshot.name} ({snapshot.date_label})"


def _noun(unit: UnitChange, style: HouseStyle) -> str:
    """ "Recommendation" or "Paragraph", in the report's house style's words."""
    return (
        style.recommendation_heading_word if unit.kind == "recommendation" else style.paragraph_heading_word
    )


def ops_markdown(ops: tuple[WordOp, ...]) -> str:
    """Word changes as inline `<del>`/`<ins>`; the text inside is escaped like any draft text."""
    pieces: list[str] = []
    for op in ops:
        if op.op == "equal":
            pieces.append(text(op.new))
        elif op.op == "delete":
            pieces.append(f'<del class="rk-del">{text(op.old)}</del>')
        else:
            pieces.append(f'<ins class="rk-ins">{text(op.new)}</ins>')
    return "".join(pieces)


def _where(snapshot: Snapshot, unit: Unit) -> str:
    section = snapshot.section(unit.section)
    if section is None:
        return ""
    return f"{snapshot.style.section_word} {snapshot.section_label(section.id)} ({section.title})"


def _unit_heading(unit: UnitChange, suffix: str, style: HouseStyle) -> list[str]:
    shown = unit.new or unit.old
    assert shown is not None
    title = text(f"{_noun(unit, style)} {shown.number} {suffix}".strip())
    return [f"### {title} {{ #{anchor('change-' + unit.id)} }}", ""]


def _full_text(unit: Unit, css_tag: str) -> list[str]:
    lines: list[str] = []
    for item in unit.lines:
        label = f"{span('rk-label', text(item.label))} " if item.label else ""
        body = f"<{css_tag}>{text(item.text)}</{css_tag}>"
        classes = ("rk-subitem", f"rk-depth-{max(1, item.depth)}") if item.kind == "item" else ()
        lines.extend([line(label + body), *([block_attributes(None, *classes)] if classes else []), ""])
    return lines


def write_changes_page(comparison: Comparison) -> str:
    """The "Changes since version X" page: a summary, then each kind of change, then the number map."""
    old, new = comparison.old, comparison.new
    title = f"Changes since version {old.name}"
    lines = [*front_matter(title), f"# {text(title)}", ""]
    scope = "recommendations" if comparison.scope == "recommendations" else "paragraphs and recommendations"
    lines.extend(
        [
            line(
                text(
                    f"The {scope} of {_name(new)} compared with {_name(old)}, "
                    "by identifier: a text that only received a new number is listed "
                    "under \u201crenumbered\u201d, not as changed."
                )
            ),
            "",
        ]
    )
    summary = [
        (comparison.added, "added"),
        (comparison.deleted, "deleted"),
        (comparison.moved, "moved"),
        (comparison.changed, "reworded"),
        (comparison.renumbered, "renumbered"),
    ]
    lines.extend([f"- {len(units)} {what}" for units, what in summary] + [""])

    if comparison.added:
        lines.extend(["## Added", ""])
        for unit in comparison.added:
            assert unit.new is not None
            lines.extend(_unit_heading(unit, "", new.style))
            lines.extend(
                [line(text(f"New in {_where(new, unit.new)}.")), block_attributes(None, "rk-meta"), ""]
            )
            lines.extend(_full_text(unit.new, "ins"))
    if comparison.deleted:
        lines.extend(["## Deleted", ""])
        for unit in comparison.deleted:
            assert unit.old is not None
            lines.extend(_unit_heading(unit, f"of version {old.name}", new.style))
            lines.extend(_full_text(unit.old, "del"))
    if comparison.moved:
        lines.extend(["## Moved", ""])
        for unit in comparison.moved:
            assert unit.old is not None and unit.new is not None
            lines.extend(_unit_heading(unit, "", new.style))
            sentence = (
                f"Was {_noun(unit, new.style).lower()} {unit.old.number} in {_where(old, unit.old)}; "
                f"now {_noun(unit, new.style).lower()} {unit.new.number} in {_where(new, unit.new)}."
            )
            lines.extend([line(text(sentence)), block_attributes(None, "rk-meta"), ""])
    if comparison.changed:
        lines.extend(["## Reworded", ""])
        for unit in comparison.changed:
            lines.extend(_unit_heading(unit, "", new.style))
            for change in unit.lines:
                if change.status == "same":
                    continue
                shown = change.new or change.old
                assert shown is not None
                label = f"{span('rk-label', text(shown.label))} " if shown.label else ""
                classes = ("rk-subitem", f"rk-depth-{max(1, shown.depth)}") if shown.kind == "item" else ()
                lines.append(line(label + ops_markdown(change.ops)))
                if classes:
                    lines.append(block_attributes(None, *classes))
                lines.append("")
    lines.extend(["## Numbers in both versions", ""])
    for row in comparison.number_map():
        before = row.old_number or "\u2014"
        after = row.new_number or "\u2014"
        if row.old_number == row.new_number:
            continue
        if row.old_number is None:
            sentence = f"{row.id}: new, number {after}"
        elif row.new_number is None:
            sentence = f"{row.id}: number {before}, deleted"
        else:
            sentence = f"{row.id}: {before} \u2192 {after}"
        lines.append(f"- {text(sentence)}")
    unchanged = sum(1 for row in comparison.number_map() if row.old_number == row.new_number)
    lines.extend(["", line(text(f"The other {unchanged} kept their numbers.")), ""])
    return "\n".join(lines).rstrip() + "\n"
