"""The compilation as JSON (`amendments compile --format json`): every proposal in the version's order."""

from __future__ import annotations

import json

from reportkit.comparison.proposals import Proposal, proposals_by_recommendation
from reportkit.versions import Snapshot

JSON_KEYS = ("recommendation", "number", "by", "original", "proposed", "changes", "comments")


def compilation_json(snapshot: Snapshot, proposals: list[Proposal]) -> str:
    """`{"proposals": [...]}` in the version's order, each with the keys the issue names (the record's
    own bookkeeping, the file and its digest, left out)."""
    ordered = [
        {key: proposal.get(key, [] if key in ("changes", "comments") else "") for key in JSON_KEYS}
        for _, found in proposals_by_recommendation(snapshot, proposals)
        for proposal in found
    ]
    return json.dumps({"proposals": ordered}, ensure_ascii=False, indent=2) + "\n"
