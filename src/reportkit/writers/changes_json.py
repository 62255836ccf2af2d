"""changes.json: the comparison of two versions as data, listing what the redline and the changes page
show; every list keyed by stable id, numbers as printed in each version."""

from __future__ import annotations

import json
from typing import Any

from reportkit.comparison.compare import Comparison, LineChange, UnitChange, WordOp
from reportkit.versions import Snapshot, Unit, format_moment


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
