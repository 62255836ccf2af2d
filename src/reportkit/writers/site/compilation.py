"""The compilation as an internal site page: each proposal's changes marked as the changes page marks
word changes, its comments, and whether the drafts record it as applied (the DOCX is
writers/docx/compilation.py)."""

from __future__ import annotations

from collections.abc import Mapping

from reportkit.comparison.compare import word_ops
from reportkit.comparison.proposals import (
    Proposal,
    ProposedLine,
    circulated_lines,
    entries_of,
    lines_of,
    proposal_label,
    proposals_by_recommendation,
    proposed_lines,
    text_of,
)
from reportkit.versions import Line, Snapshot
from reportkit.writers.site.changes import ops_markdown
from reportkit.writers.site.markup import anchor, block_attributes, front_matter, line, text


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
