"""build/numbers.json: every id with its kind and display number, for tools and for people."""

from __future__ import annotations

import json

from reportkit.model import Report


def write_numbers_json(report: Report) -> str:
    entries = {
        target.id: {
            "kind": target.kind,
            "number": target.number,
            "label": target.label,
            **({"title": target.title} if target.title else {}),
        }
        for target in report.targets
    }
    document = {"symbol": report.meeting.symbol, "ids": entries}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
