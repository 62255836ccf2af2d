"""`reportkit amendments apply`: one delegation's proposal on one recommendation, into the drafts.

The proposal is taken from the record `amendments collect` keeps (versions/proposals/NAME.yaml); the
draft file holding the recommendation is rewritten by `yaml_edit` (ruamel's round trip: comments and
layout kept) and read again before the command ends. Refused, with nothing written: a proposal not in
the record, a recommendation the drafts no longer hold or have reworded since the version was circulated
(the proposal would silently undo that work), and shapes plain text cannot carry (`yaml_edit`).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from reportkit.atomic import write_atomically
from reportkit.comparison.compare import compare_lines
from reportkit.comparison.proposals import Proposal
from reportkit.diagnostics import Diagnostic, Severity, SourceLoc
from reportkit.model import Recommendation, Report, all_recommendations, published_recommendations
from reportkit.pipeline import prepare
from reportkit.redline.actions import Outcome, proposals_path, proposals_version, read_proposals
from reportkit.redline.yaml_edit import CannotApply, ProposedText, apply_to_yaml, references_to_ids
from reportkit.versions import CURRENT, Snapshot, Unit, load_version, take_snapshot


def _error(loc: SourceLoc, code: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(code, message, loc, hint)


def _choose(
    proposals: list[Proposal], recommendation_id: str, by: str, record: Path, version: str
) -> tuple[Proposal | None, Diagnostic | None]:
    """The proposal of delegation `by` (in any case) on the recommendation; the last collected if the
    delegation returned several copies."""
    on_it = [p for p in proposals if p.get("recommendation") == recommendation_id]
    chosen = [p for p in on_it if str(p.get("by", "")).casefold() == by.casefold()]
    if chosen:
        return chosen[-1], None
    if on_it:
        who = ", ".join(dict.fromkeys(str(p.get("by")) for p in on_it))
        hint = f"the proposals on it are by: {who}"
    else:
        ids = ", ".join(dict.fromkeys(str(p.get("recommendation")) for p in proposals))
        hint = f"the recommendations with proposals are: {ids}"
    message = f"no proposal by {by} on '{recommendation_id}' was collected on version '{version}'"
    return None, _error(SourceLoc(str(record)), "no-such-proposal", message, hint)


def _proposed_text(proposal: Proposal, unit: Unit, headings: bool) -> ProposedText | str:
    """The proposed lead text and subparagraphs, or why they cannot be told apart from plain text."""
    lines = [line for line in str(proposal.get("proposed") or "").split("\n") if line.strip()]
    if not lines:
        return ProposedText("", (), withdrawn=True)
    if any(line.kind == "footnote" for line in unit.lines):
        return "the recommendation has footnotes, which the pack prints apart from its text"
    lead = lines[0]
    prefix = f"{unit.number}. "
    if not headings and lead.startswith(prefix):
        lead = lead[len(prefix) :]
    labels = [line.label for line in unit.lines if line.kind == "item"]
    items = lines[1:]
    if len(items) != len(labels) or any(
        not item.startswith(f"{label} ") for item, label in zip(items, labels, strict=True)
    ):
        return "the proposal adds, removes or relabels subparagraphs"
    texts = [lead, *(item[len(label) + 1 :] for item, label in zip(items, labels, strict=True))]
    circulated = [" ".join(line.text.split()) for line in unit.lines if line.kind in ("text", "item")]
    kept = [None if text == was else text for text, was in zip(texts, circulated, strict=True)]
    if all(text is None for text in kept):
        return "it changes no text (it only comments on it)"
    return ProposedText(kept[0], tuple(kept[1:]))


def _unchanged_since(snapshot: Snapshot, report: Report, unit: Unit) -> bool:
    """Whether the drafts still read as the version did for this recommendation (numbers aside)."""
    moment = datetime.datetime.combine(report.meeting.date, datetime.time())
    now = next((u for u in take_snapshot(report, CURRENT, moment).recommendations if u.id == unit.id), None)
    return now is not None and all(change.status == "same" for change in compare_lines(unit.lines, now.lines))


def _with_references(
    proposed: ProposedText, snapshot: Snapshot, report: Report, loc: SourceLoc
) -> tuple[ProposedText, list[Diagnostic]]:
    numbers = {unit.number: unit.id for unit in snapshot.recommendations}
    draft_ids = {recommendation.id for recommendation in published_recommendations(report)}
    warnings: list[Diagnostic] = []
    texts: list[str | None] = []
    for text in (proposed.lead, *proposed.items):
        if text is None:
            texts.append(None)
            continue
        converted, unresolved = references_to_ids(text, numbers, draft_ids)
        texts.append(converted)
        warnings.extend(
            Diagnostic(
                "unresolved-reference",
                f"'{reference}' in the proposed text names no recommendation of version {snapshot.name} "
                "that the drafts still hold; it is kept as text",
                loc,
                "if it is a reference, write it as [[id]] in the drafts",
                Severity.WARNING,
            )
            for reference in unresolved
        )
    return ProposedText(texts[0], tuple(texts[1:]), proposed.withdrawn), warnings


def apply_amendment(
    content_dir: Path, recommendation_id: str, by: str, from_name: str | None = None
) -> Outcome:
    """Put delegation `by`'s proposal on `recommendation_id`, collected on version `from_name` (the
    latest version with proposals when None), into the drafts, recording it under `applied`."""
    outcome = Outcome()
    name, problem = proposals_version(content_dir, from_name)
    if name is None:
        outcome.diagnostics.extend([problem] if problem else [])
        return outcome
    record = proposals_path(content_dir, name)
    snapshot, problems = load_version(content_dir, name)
    outcome.diagnostics.extend(problems)
    proposals, problem = read_proposals(content_dir, name)
    outcome.diagnostics.extend([problem] if problem else [])
    if snapshot is None or not outcome.ok:
        return outcome
    proposal, problem = _choose(proposals, recommendation_id, by, record, name)
    unit = next((u for u in snapshot.recommendations if u.id == recommendation_id), None)
    if proposal is None or unit is None:
        outcome.diagnostics.append(
            problem
            or _error(
                SourceLoc(str(record)),
                "no-such-proposal",
                f"version '{name}' has no recommendation '{recommendation_id}'",
                "name a recommendation by its id, as in the record",
            )
        )
        return outcome
    prepared = prepare(content_dir)
    outcome.diagnostics.extend(prepared.diagnostics)
    if not prepared.ok or prepared.report is None:
        return outcome
    report = prepared.report
    recommendation: Recommendation | None = next(
        (r for r in all_recommendations(report) if r.id == recommendation_id), None
    )
    if recommendation is None:
        outcome.diagnostics.append(
            _error(SourceLoc(str(record)), "unknown-recommendation",
                   f"the drafts no longer hold recommendation '{recommendation_id}'",
                   "restore it in the drafts first, or apply the proposal by hand")
        )  # fmt: skip
        return outcome
    loc = recommendation.loc
    if not _unchanged_since(snapshot, report, unit):
        outcome.diagnostics.append(
            _error(loc, "changed-since-version",
                   f"recommendation '{recommendation_id}' has changed since version '{name}' was circulated",
                   "the proposal was made on the circulated text: merge it by hand (see the compilation)")
        )  # fmt: skip
        return outcome
    proposed = _proposed_text(proposal, unit, snapshot.meeting.recommendation_style != "paragraphs")
    if isinstance(proposed, str):
        outcome.diagnostics.append(
            _error(loc, "cannot-apply", f"cannot apply {by}'s proposal: {proposed}", "apply it by hand")
        )
        return outcome
    proposed, warnings = _with_references(proposed, snapshot, report, loc)
    outcome.diagnostics.extend(warnings)
    path = Path(loc.path)
    old_text = path.read_text("utf-8")
    try:
        new_text = apply_to_yaml(old_text, recommendation_id, proposed, str(proposal.get("by")), name)
    except CannotApply as error:
        outcome.diagnostics.append(_error(loc, "cannot-apply", str(error), "apply the proposal by hand"))
        return outcome
    write_atomically(path, new_text.encode("utf-8"))
    again = prepare(content_dir)
    if not again.ok:
        # Never leave drafts that no longer build: put the file back as it was.
        write_atomically(path, old_text.encode("utf-8"))
        outcome.diagnostics.extend(again.diagnostics)
        outcome.diagnostics.append(
            _error(loc, "cannot-apply", "the drafts would not read with the proposal; the file was restored",
                   "apply the proposal by hand")
        )  # fmt: skip
        return outcome
    outcome.written.append(path)
    what = "withdrawn" if proposed.withdrawn else "reworded"
    outcome.summary = f"applied {proposal.get('by')}'s proposal on version {name}: {recommendation_id} {what}"
    return outcome
