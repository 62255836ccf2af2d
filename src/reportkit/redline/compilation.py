"""The compilation: every delegation's proposals on one circulated version, in one document.

Secretariats make it by hand today: each recommendation's circulated text, then under it each
delegation's proposal. Here a proposal is shown as Word tracked changes *signed by the delegation*, from
the circulated text to the text it proposes, and its comments are Word comments; so accepting every
change in a proposal gives that delegation's text, and rejecting every change gives the circulated text
back (docs/redline-ooxml.md, "The compilation"). The same is written as JSON and as an internal site page.

This module holds what the three share (which proposals go under which recommendation, and how a
proposal's lines and words are matched with the circulated ones), the JSON and the page;
`compilation_docx` writes the Word document. Pure: the version's snapshot and the recorded proposals
(`versions/proposals/NAME.yaml`) in, text out. Lines are matched with `difflib` (a proposal may add or
drop a subparagraph), then the words of matched lines with the redline's own word comparison.
"""

from __future__ import annotations

import datetime
import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reportkit.redline.amendments import Proposal, circulated_lines
from reportkit.redline.compare import word_ops
from reportkit.redline.ooxml import Change, Piece
from reportkit.redline.pages import ops_markdown
from reportkit.versions import Line, Snapshot, Unit
from reportkit.writers.site.markup import anchor, block_attributes, front_matter, line, text

JSON_KEYS = ("recommendation", "number", "by", "original", "proposed", "changes", "comments")

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


def compilation_json(snapshot: Snapshot, proposals: list[Proposal]) -> str:
    """`{"proposals": [...]}` in the version's order, each with the keys the issue names (the record's
    own bookkeeping, the file and its digest, left out)."""
    ordered = [
        {key: proposal.get(key, [] if key in ("changes", "comments") else "") for key in JSON_KEYS}
        for _, found in proposals_by_recommendation(snapshot, proposals)
        for proposal in found
    ]
    return json.dumps({"proposals": ordered}, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- lines and words


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


def proposal_pieces(pair: ProposedLine) -> tuple[list[Piece], Change | None]:
    """The words of a proposed paragraph as tracked pieces, and the change on its mark (a paragraph the
    proposal adds or drops whole)."""
    if pair.old is None:
        return [Piece(pair.new or "", "ins")], "ins"
    if pair.new is None:
        return [Piece(pair.old, "del")], "del"
    pieces: list[Piece] = []
    for op in word_ops(Line("text", pair.old), Line("text", pair.new)):
        if op.op == "equal":
            pieces.append(Piece(op.new))
        elif op.op == "delete":
            pieces.append(Piece(op.old, "del"))
        else:
            pieces.append(Piece(op.new, "ins"))
    return pieces, None


def lines_of(value: Any) -> list[str]:
    return [piece for piece in text_of(value).split("\n") if piece]


def proposal_label(proposal: Proposal) -> str:
    by = text_of(proposal.get("by")) or "unknown"
    untracked = any(entry.get("type") == "untracked" for entry in entries_of(proposal.get("changes")))
    note = " (edited without Track Changes; the changes are shown by comparison)" if untracked else ""
    deleted = " to delete the recommendation" if not lines_of(proposal.get("proposed")) else ""
    return f"Proposal by {by}{deleted}{note}"


# --------------------------------------------------------------------------- the internal site page


def _ops_markdown(pair: ProposedLine) -> str:
    """A proposed line against the circulated one, marked as the changes page marks word changes."""
    if pair.old is None:
        return f'<ins class="rk-ins">{text(pair.new or "")}</ins>'
    if pair.new is None:
        return f'<del class="rk-del">{text(pair.old)}</del>'
    return ops_markdown(word_ops(Line("text", pair.old), Line("text", pair.new)))


def write_compilation_page(
    snapshot: Snapshot, proposals: list[Proposal], applied: Mapping[str, tuple[tuple[str, str], ...]]
) -> str:
    """The compilation as an internal page: only the recommendations with proposals, each proposal's
    changes marked as the changes page marks them, its comments, and whether the drafts record it as
    applied (`applied`: recommendation id → (delegation, version) pairs, from the drafts)."""
    title = f"Proposals on version {snapshot.name}"
    lines = [*front_matter(title), f"# {text(title)}", ""]
    lines.extend(
        [line(text(f"Proposals made by delegations on version {snapshot.name} ({snapshot.date_label}), "
                   "collected from their returned copies.")), ""]
    )  # fmt: skip
    headings = snapshot.meeting.recommendation_style != "paragraphs"
    for unit, found in proposals_by_recommendation(snapshot, proposals):
        if not found:
            continue
        lines.extend(
            [f"## {text(snapshot.style.recommendation_heading(unit.number))} {{ #{anchor(unit.id)} }}", ""]
        )
        original = circulated_lines(unit, headings)
        lines.extend(f"{line(text(circulated))}\n" for circulated in original)
        for proposal in found:
            by = text_of(proposal.get("by")) or "unknown"
            done = (by, snapshot.name) in applied.get(unit.id, ())
            lines.extend([f"### {text(proposal_label(proposal))}", ""])
            if done:
                lines.extend([line(text("Applied to the drafts.")), block_attributes(None, "rk-meta"), ""])
            for pair in proposed_lines(original, lines_of(proposal.get("proposed"))):
                lines.extend([line(_ops_markdown(pair)), ""])
            for comment in entries_of(proposal.get("comments")):
                on = text_of(comment.get("on"))
                where = f" on \u201c{on}\u201d" if on else ""
                author = text_of(comment.get("by")) or "unknown"
                said = f"Comment by {author}{where}: {text_of(comment.get('text'))}"
                lines.extend([line(text(said)), block_attributes(None, "rk-meta"), ""])
    return "\n".join(lines).rstrip() + "\n"
