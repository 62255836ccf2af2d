"""Delegations' proposals against the version they were made on: which go under which recommendation,
and how a proposal's lines and words are matched with the circulated ones.

The compilation (the document secretariats make by hand today: each recommendation's circulated text,
then under it each delegation's proposal) is written from this as a DOCX, an internal site page and JSON
(writers/docx/compilation.py, writers/site/compilation.py, writers/compilation_json.py), and
`amendments collect` compares returned copies with `circulated_lines`. Pure: the version's snapshot and
the recorded proposals (`versions/proposals/NAME.yaml`) in, data out. Lines are matched with `difflib`
(a proposal may add or drop a subparagraph), then the words of matched lines with the redline's own
word comparison.
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass
from typing import Any

from reportkit.versions import Snapshot, Unit

Proposal = dict[str, Any]

# The record is YAML a person may have edited: every value is read for what it is, never trusted.


def moment_of(value: str) -> datetime.datetime | None:
    """A recorded date as a naive UTC time, or None when it is no date."""
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return moment.replace(tzinfo=None)


def text_of(value: Any) -> str:
    """A recorded text, or "" for anything else."""
    return value if isinstance(value, str) else ""


def entries_of(value: Any) -> list[dict[str, Any]]:
    """The mappings of a recorded list (changes, comments)."""
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def proposals_by_recommendation(
    snapshot: Snapshot, proposals: list[Proposal]
) -> list[tuple[Unit, list[Proposal]]]:
    """Every recommendation of the version with the proposals made on it, in the version's order (each
    recommendation's proposals in the order they were collected). Proposals on an id the version does
    not hold cannot be placed and are left out (the record was hand-edited, or is of another version)."""
    grouped: dict[str, list[Proposal]] = {}
    for proposal in proposals:
        grouped.setdefault(text_of(proposal.get("recommendation")), []).append(proposal)
    return [(unit, grouped.get(unit.id, [])) for unit in snapshot.recommendations]


def unplaced(snapshot: Snapshot, proposals: list[Proposal]) -> list[Proposal]:
    """The proposals on recommendations the version does not hold."""
    ids = {unit.id for unit in snapshot.recommendations}
    return [proposal for proposal in proposals if proposal.get("recommendation") not in ids]


# --------------------------------------------------------------------------- lines and words


def plain_line(text: str) -> str:
    """Texts compared and shown with white space collapsed: tabs after labels, line breaks, doubled
    spaces are layout, not wording."""
    return " ".join(text.split())


def circulated_lines(unit: Unit, headings: bool) -> list[str]:
    """A recommendation's paragraphs as the pack prints them, its heading left out."""
    lines = []
    for line in unit.lines:
        if line.kind == "text":
            lines.append(line.text if headings else f"{unit.number}. {line.text}")
        else:
            lines.append(f"{line.label} {line.text}")
    return [plain_line(line) for line in lines]


@dataclass(frozen=True, slots=True)
class ProposedLine:
    """One paragraph of a proposal: the circulated line (None if the proposal adds it) and the proposed
    one (None if it drops it); `index` is the circulated line's place, for its style."""

    old: str | None
    new: str | None
    index: int


def proposed_lines(original: list[str], proposed: list[str]) -> list[ProposedLine]:
    """Circulated lines matched with proposed ones: equal lines kept, a replaced stretch paired line by
    line (a reworded subparagraph), the rest added or dropped whole."""
    matcher = difflib.SequenceMatcher(None, original, proposed, autojunk=False)
    paired: list[ProposedLine] = []
    for _, i1, i2, j1, j2 in matcher.get_opcodes():
        for offset in range(max(i2 - i1, j2 - j1)):
            old = original[i1 + offset] if i1 + offset < i2 else None
            new = proposed[j1 + offset] if j1 + offset < j2 else None
            paired.append(ProposedLine(old, new, min(i1 + offset, max(i2 - 1, i1))))
    return paired


def lines_of(value: Any) -> list[str]:
    return [piece for piece in text_of(value).split("\n") if piece]


def proposal_label(proposal: Proposal) -> str:
    by = text_of(proposal.get("by")) or "unknown"
    untracked = any(entry.get("type") == "untracked" for entry in entries_of(proposal.get("changes")))
    note = " (edited without Track Changes; the changes are shown by comparison)" if untracked else ""
    deleted = " to delete the recommendation" if not lines_of(proposal.get("proposed")) else ""
    return f"Proposal by {by}{deleted}{note}"
