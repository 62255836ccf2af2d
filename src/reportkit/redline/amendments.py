"""Delegations' proposals: what a returned pack changes, recommendation by recommendation.

`returned.read_returned` gives a returned copy's paragraphs, each owned by the hidden bookmark in force;
here each owner is matched to its recommendation in the version that was sent, and every recommendation
the copy touches becomes one proposal:

    {"recommendation": "complementarity-of-instruments", "number": "2", "by": "Mexico",
     "file": "mexico.docx", "original": "States should note …", "proposed": "States should recognize …",
     "changes": [{"type": "deletion", "text": "note", "by": "Mexico", "date": "…"}, …],
     "comments": [{"by": "Mexico", "date": "…", "text": "Too vague.", "on": "the complementarity"}]}

Edits made without Track Changes leave no revision, so the text the copy says was sent (every tracked
change rejected) is compared with the version: a difference is an `untracked` change and a warning, and
a recommendation whose bookmark is gone was deleted untracked. Pure: snapshot and read document in,
proposals and diagnostics out; the YAML of the meeting folder's record is rendered and parsed here too.
"""

from __future__ import annotations

import datetime
import io
from pathlib import PurePath
from typing import Any

from ruamel.yaml import YAML

from reportkit.diagnostics import Diagnostic, Severity, SourceLoc
from reportkit.redline.pack_marks import pack_bookmark_name
from reportkit.redline.returned import ReturnedDocument, ReturnedParagraph
from reportkit.sources import parse_source
from reportkit.versions import Snapshot, Unit

Proposal = dict[str, Any]
UNKNOWN_AUTHOR = "unknown"


def _plain(text: str) -> str:
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
    return [_plain(line) for line in lines]


def _date(value: str) -> str:
    """A revision's date as written, or "" when it is no date (LibreOffice 7.4 writes comments dated
    0-00-00T00:00:00Z)."""
    try:
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return ""
    return value


def _paragraphs_by_recommendation(
    document: ReturnedDocument, snapshot: Snapshot
) -> tuple[dict[str, list[ReturnedParagraph]], list[ReturnedParagraph]]:
    """The copy's paragraphs grouped by recommendation id, and those outside every recommendation."""
    by_name = {pack_bookmark_name(unit.id): unit.id for unit in snapshot.recommendations}
    grouped: dict[str, list[ReturnedParagraph]] = {}
    outside: list[ReturnedParagraph] = []
    for paragraph in document.paragraphs:
        unit_id = by_name.get(paragraph.owner or "")
        if unit_id is None:
            outside.append(paragraph)
        else:
            grouped.setdefault(unit_id, []).append(paragraph)
    return grouped, outside


def _proposal(
    unit: Unit,
    paragraphs: list[ReturnedParagraph],
    document: ReturnedDocument,
    headings: bool,
    file_label: str,
) -> tuple[Proposal | None, bool]:
    """The proposal a copy makes for one recommendation (None if it touches none of it), and whether it
    was edited without Track Changes."""
    body = paragraphs[1:] if headings and paragraphs else paragraphs
    original = circulated_lines(unit, headings)
    returned_original = [_plain(p.original) for p in body if _plain(p.original)]
    proposed = [_plain(p.proposed) for p in body if _plain(p.proposed)]
    changes: list[dict[str, str]] = [
        {
            "type": change.kind,
            "text": change.text,
            "by": change.author or UNKNOWN_AUTHOR,
            "date": _date(change.date),
        }
        for paragraph in paragraphs
        for change in paragraph.changes
        if change.text.strip()
    ]
    untracked = returned_original != original
    if untracked:
        changes.append(
            {
                "type": "untracked",
                "text": "\n".join(returned_original),
                "by": document.last_modified_by or UNKNOWN_AUTHOR,
                "date": "",
            }
        )
    name = pack_bookmark_name(unit.id)
    comments = [
        {"by": comment.author or UNKNOWN_AUTHOR, "date": _date(comment.date), "text": comment.text,
         "on": _plain(comment.anchor)}
        for comment in document.comments
        if comment.owner == name
    ]  # fmt: skip
    if not changes and not comments:
        return None, False
    authors = list(dict.fromkeys(entry["by"] for entry in [*changes, *comments]))
    proposal: Proposal = {
        "recommendation": unit.id,
        "number": unit.number,
        "by": ", ".join(authors),
        "file": file_label,
        "original": "\n".join(original),
        "proposed": "\n".join(proposed),
        "changes": changes,
        "comments": comments,
    }
    return proposal, untracked


def collect_proposals(
    document: ReturnedDocument, snapshot: Snapshot, path: str
) -> tuple[list[Proposal], list[Diagnostic]]:
    """Every recommendation of `snapshot` the returned copy at `path` changes or comments on, in the
    version's order (each naming the file); warnings for edits made without Track Changes and for
    changes outside the recommendations."""
    file_label = PurePath(path).name
    headings = snapshot.meeting.recommendation_style != "paragraphs"
    grouped, outside = _paragraphs_by_recommendation(document, snapshot)
    proposals: list[Proposal] = []
    diagnostics: list[Diagnostic] = []
    where = SourceLoc(path)
    for unit in snapshot.recommendations:
        paragraphs = grouped.get(unit.id, [])
        proposal, untracked = _proposal(unit, paragraphs, document, headings, file_label)
        if proposal is None:
            continue
        proposals.append(proposal)
        if untracked:
            what = "was deleted" if not paragraphs else "was edited"
            diagnostics.append(
                Diagnostic(
                    "untracked-edit",
                    f"recommendation {unit.number} ({unit.id}) {what} without Track Changes",
                    where,
                    "the proposal is recorded from the text as returned; ask the delegation to keep Track "
                    "Changes on, so that each change can be accepted or rejected",
                    Severity.WARNING,
                )
            )
    names = {pack_bookmark_name(unit.id) for unit in snapshot.recommendations}
    stray_comments = any(comment.owner not in names for comment in document.comments)
    if stray_comments or any(change.text.strip() for paragraph in outside for change in paragraph.changes):
        diagnostics.append(
            Diagnostic(
                "change-outside-recommendations",
                "changes or comments outside the recommendations (introduction, headings) are not collected",
                where,
                "read them in the returned file itself",
                Severity.WARNING,
            )
        )
    return proposals, diagnostics


# --------------------------------------------------------------------------- the meeting folder's record


def render_proposals(version: str, proposals: list[Proposal]) -> str:
    """The record of the proposals collected on one version, kept beside the version file."""
    stream = io.StringIO()
    stream.write(
        f"# Proposals on version '{version}' collected from returned copies by `reportkit amendments "
        "collect`.\n# Appended to on each collect; a file collected again is not recorded twice.\n"
    )
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[attr-defined]
    yaml.dump({"version": version, "proposals": proposals}, stream)
    return stream.getvalue()


def parse_proposals(text: str) -> list[Proposal] | None:
    """The proposals of a record, or None when the text is not one."""
    # Read as every other file reportkit reads: libyaml, YAML 1.2 core types, no tags, no aliases.
    problems: list[Diagnostic] = []
    source = parse_source(text.encode("utf-8"), "proposals", problems)
    if source is None or any(problem.severity is Severity.ERROR for problem in problems):
        return None
    data = _plain_data(source.data)
    if not isinstance(data, dict) or not isinstance(data.get("proposals"), list):
        return None
    return [entry for entry in data["proposals"] if isinstance(entry, dict)]


def _plain_data(node: Any) -> Any:
    """Built-in dicts and lists for the reader's positioned ones, so the record can be written again."""
    if isinstance(node, dict):
        return {key: _plain_data(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain_data(value) for value in node]
    return node


def merge_proposals(recorded: list[Proposal], collected: list[Proposal]) -> list[Proposal]:
    """The record with the newly collected proposals appended, skipping those already recorded from the
    same file (by content digest) for the same recommendation."""
    seen = {(entry.get("sha256"), entry.get("recommendation")) for entry in recorded}
    fresh = [entry for entry in collected if (entry.get("sha256"), entry.get("recommendation")) not in seen]
    return [*recorded, *fresh]
