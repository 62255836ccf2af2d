"""Delegations' proposals: what a returned pack changes, recommendation by recommendation.

`returned.read_returned` gives a returned copy's paragraphs, each owned by the hidden bookmark in force;
here each owner is matched to its recommendation in the version that was sent, and every recommendation
the copy touches becomes one proposal:

    {"recommendation": "complementarity-of-instruments", "number": "2", "by": "Mexico",
     "authors": ["Mexico"], "by_source": "author",
     "file": "mexico.docx", "original": "States should note …", "proposed": "States should recognize …",
     "changes": [{"type": "deletion", "text": "note", "by": "Mexico", "by_source": "author", "date": "…"}, …],
     "comments": [{"by": "Mexico", "by_source": "author", "date": "…", "text": "Too vague.",
                   "on": "the complementarity"}]}

Each change and comment keeps its own author (a file may hold several: a delegation's drafters, or the
States of a group); `authors` lists them once each and `by` joins them, a text as the records already
written, `amendments apply --by` and the compilation read it. An author that names nobody ("Author",
"Unknown", empty: what Word and LibreOffice write when no user name is set) is replaced by the delegation
the file name names, and `by_source` says which was used ("author", "file name", or "author and file
name" when a proposal mixes both).

A recommendation moved whole (its paragraphs in one named `w:moveFrom` range and again in the `w:moveTo`
range of the same name) is one `move` change on that recommendation, `after` naming the number of the
recommendation it now follows ("" for the first place), instead of a deletion on its old neighbour and
an insertion on itself. Text moved inside or between recommendations stays `move-from`/`move-to`.

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

from reportkit.comparison.proposals import Proposal, circulated_lines, plain_line
from reportkit.diagnostics import Diagnostic, Severity, SourceLoc
from reportkit.redline.pack_marks import pack_bookmark_name
from reportkit.redline.returned import ReturnedDocument, ReturnedParagraph, TrackedChange
from reportkit.sources import parse_source
from reportkit.versions import Snapshot, Unit

UNKNOWN_AUTHOR = "unknown"
# What Word ("Author"), LibreOffice ("Unknown Author") and hand-made files write when no user name is set.
ANONYMOUS_AUTHORS = frozenset({"", "author", "unknown", "unknown author", "anonymous"})
BY_AUTHOR, BY_FILE_NAME = "author", "file name"


def delegation_of_file(path: str) -> str:
    """The delegation a returned file's name names: "united-kingdom.docx" → "United Kingdom". A name
    typed with capitals is kept as typed ("USA.docx" → "USA")."""
    stem = " ".join(PurePath(path).stem.replace("_", " ").replace("-", " ").split())
    return stem.title() if stem == stem.lower() else stem


def _who(author: str, delegation: str) -> tuple[str, str]:
    """Who made a change: its author, or the file name's delegation when the author names nobody."""
    if author.strip().casefold() in ANONYMOUS_AUTHORS:
        return (delegation or UNKNOWN_AUTHOR), BY_FILE_NAME
    return author.strip(), BY_AUTHOR


def _date(value: str) -> str:
    """A revision's date as written, or "" when it is no date (LibreOffice 7.4 writes comments dated
    0-00-00T00:00:00Z)."""
    try:
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return ""
    return value


def _whole_moves(document: ReturnedDocument, by_name: dict[str, str]) -> dict[str, str]:
    """Move name → id of the recommendation moved whole under it: the move whose paragraphs hold the
    recommendation's hidden bookmark, on either side (Word carries bookmarks to the destination, but the
    source is read too so that a file which left it there is understood the same)."""
    moves: dict[str, str] = {}
    for paragraph in document.paragraphs:
        unit_id = by_name.get(paragraph.bookmark or "")
        if paragraph.move and unit_id is not None:
            moves.setdefault(paragraph.move, unit_id)
    return moves


def _paragraphs_by_recommendation(
    document: ReturnedDocument, snapshot: Snapshot
) -> tuple[dict[str, list[ReturnedParagraph]], list[ReturnedParagraph], dict[str, str]]:
    """The copy's paragraphs grouped by recommendation id, those outside every recommendation, and the
    recommendations moved whole (move name → id). A moved recommendation's paragraphs, at both its old
    and its new place, are its own: at the old place they would otherwise fall to the recommendation
    before them and read as its deletion."""
    by_name = {pack_bookmark_name(unit.id): unit.id for unit in snapshot.recommendations}
    moves = _whole_moves(document, by_name)
    grouped: dict[str, list[ReturnedParagraph]] = {}
    outside: list[ReturnedParagraph] = []
    for paragraph in document.paragraphs:
        unit_id = moves.get(paragraph.move) or by_name.get(paragraph.owner or "")
        if unit_id is None:
            outside.append(paragraph)
        else:
            grouped.setdefault(unit_id, []).append(paragraph)
    return grouped, outside, moves


def _moved_after(document: ReturnedDocument, snapshot: Snapshot, move: str, moved_id: str) -> str:
    """The number of the recommendation a moved one now follows ("" when it comes first): the last
    other recommendation whose bookmark is seen before the move's destination."""
    numbers = {pack_bookmark_name(unit.id): unit.number for unit in snapshot.recommendations}
    after = ""
    for paragraph in document.paragraphs:
        if paragraph.move == move and paragraph.move_side == "to":
            return after
        name = paragraph.bookmark or ""
        if name in numbers and name != pack_bookmark_name(moved_id) and paragraph.move_side != "from":
            after = numbers[name]
    return after


def _body(
    paragraphs: list[ReturnedParagraph], headings: bool, moves: dict[str, str]
) -> list[ReturnedParagraph]:
    """A recommendation's paragraphs without its heading: the first paragraph, and for one moved whole
    the first at each place (old and new), since the heading travels with it."""
    if not headings:
        return paragraphs
    seen: set[tuple[str, str]] = set()
    body = []
    for paragraph in paragraphs:
        key = (paragraph.move, paragraph.move_side) if paragraph.move in moves else ("", "")
        if key in seen:
            body.append(paragraph)
        seen.add(key)
    return body


def _change(change: TrackedChange, delegation: str) -> dict[str, str]:
    by, source = _who(change.author, delegation)
    return {
        "type": change.kind,
        "text": change.text,
        "by": by,
        "by_source": source,
        "date": _date(change.date),
    }


def _proposal(
    unit: Unit,
    paragraphs: list[ReturnedParagraph],
    document: ReturnedDocument,
    snapshot: Snapshot,
    moves: dict[str, str],
    file_label: str,
) -> tuple[Proposal | None, bool]:
    """The proposal a copy makes for one recommendation (None if it touches none of it), and whether it
    was edited without Track Changes."""
    headings = snapshot.meeting.recommendation_style != "paragraphs"
    delegation = delegation_of_file(file_label)
    body = _body(paragraphs, headings, moves)
    original = circulated_lines(unit, headings)
    returned_original = [plain_line(p.original) for p in body if plain_line(p.original)]
    proposed = [plain_line(p.proposed) for p in body if plain_line(p.proposed)]
    changes: list[dict[str, str]] = []
    for move in dict.fromkeys(p.move for p in paragraphs if moves.get(p.move) == unit.id):
        # Both halves of the move become one change: the moved text itself is not the proposal, its
        # place is. The first piece at the destination says who moved it and when.
        arrived = [c for p in paragraphs if p.move == move for c in p.changes if c.kind == "move-to"]
        by, source = _who(arrived[0].author if arrived else "", delegation)
        changes.append(
            {"type": "move", "text": "\n".join(proposed), "by": by, "by_source": source,
             "date": _date(arrived[0].date) if arrived else "",
             "after": _moved_after(document, snapshot, move, unit.id)}
        )  # fmt: skip
    changes += [
        _change(change, delegation)
        for paragraph in paragraphs
        for change in paragraph.changes
        if change.text.strip() and not (change.kind.startswith("move-") and moves.get(change.move) == unit.id)
    ]
    untracked = returned_original != original
    if untracked:
        by, source = _who(document.last_modified_by, delegation)
        changes.append(
            {
                "type": "untracked",
                "text": "\n".join(returned_original),
                "by": by,
                "by_source": source,
                "date": "",
            }
        )
    name = pack_bookmark_name(unit.id)
    comments = []
    for comment in document.comments:
        if comment.owner == name:
            by, source = _who(comment.author, delegation)
            comments.append(
                {"by": by, "by_source": source, "date": _date(comment.date), "text": comment.text,
                 "on": plain_line(comment.anchor)}
            )  # fmt: skip
    if not changes and not comments:
        return None, False
    entries = [*changes, *comments]
    authors = list(dict.fromkeys(entry["by"] for entry in entries))
    sources = list(dict.fromkeys(entry["by_source"] for entry in entries))
    proposal: Proposal = {
        "recommendation": unit.id,
        "number": unit.number,
        "by": ", ".join(authors),
        "authors": authors,
        "by_source": sources[0] if len(sources) == 1 else f"{BY_AUTHOR} and {BY_FILE_NAME}",
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
    grouped, outside, moves = _paragraphs_by_recommendation(document, snapshot)
    proposals: list[Proposal] = []
    diagnostics: list[Diagnostic] = []
    where = SourceLoc(path)
    for unit in snapshot.recommendations:
        paragraphs = grouped.get(unit.id, [])
        proposal, untracked = _proposal(unit, paragraphs, document, snapshot, moves, file_label)
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
