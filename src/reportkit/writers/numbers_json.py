"""build/numbers.json: every id with its kind and display number, for tools and for people."""

from __future__ import annotations

import json
from typing import Any

from reportkit.model import Report, all_recommendations


def _recommendation_fields(report: Report) -> dict[str, dict[str, Any]]:
    """Who made each recommendation and the response to it, where the drafts say."""
    fields: dict[str, dict[str, Any]] = {}
    for recommendation in all_recommendations(report):
        extra: dict[str, Any] = {}
        if recommendation.by:
            extra["by"] = list(recommendation.by)
        if recommendation.response:
            extra["response"] = recommendation.response
        if extra:
            fields[recommendation.id] = extra
    return fields


def write_numbers_json(report: Report) -> str:
    extras = _recommendation_fields(report)
    entries = {
        target.id: {
            "kind": target.kind,
            "number": target.number,
            "label": target.label,
            **({"title": target.title} if target.title else {}),
            **extras.get(target.id, {}),
        }
        for target in report.targets
    }
    document = {"symbol": report.meeting.symbol, "ids": entries}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
