"""The compilation: every delegation's proposals on one circulated version, in one document.

Secretariats make it by hand today: each recommendation's circulated text, then under it each
delegation's proposal. Here a proposal is shown as Word tracked changes *signed by the delegation*, from
the circulated text to the text it proposes, and its comments are Word comments; so accepting every
change in a proposal gives that delegation's text, and rejecting every change gives the circulated text
back (docs/redline-ooxml.md, "The compilation"). The same is written as JSON and as an internal site page.

Pure: the version's snapshot and the recorded proposals (`versions/proposals/NAME.yaml`) in, bytes or
text out. Lines are matched with `difflib` (a proposal may add or drop a subparagraph), then the words of
matched lines with the redline's own word comparison.
"""

from __future__ import annotations

import datetime
import difflib
import itertools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from reportkit.redline.amendments import Proposal, circulated_lines
from reportkit.redline.compare import word_ops
from reportkit.redline.docx import HEADING_STYLES
from reportkit.redline.layout import UnDocument, display_date, masthead, running_heads
from reportkit.redline.ooxml import PLAIN, Change, Format, Piece, Revisions, element, paragraph, run
from reportkit.redline.pack_marks import W
from reportkit.versions import Line, Snapshot, Unit
from reportkit.writers.site.markup import anchor, block_attributes, front_matter, line, text

JSON_KEYS = ("recommendation", "number", "by", "original", "proposed", "changes", "comments")
LABEL_FORMAT = Format(italic=True)
SUB_ITEM_STYLES = 4


def _moment(value: str) -> datetime.datetime | None:
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return moment.replace(tzinfo=None)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _entries(value: Any) -> list[dict[str, Any]]:
    return [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []


def proposals_by_recommendation(
    snapshot: Snapshot, proposals: list[Proposal]
) -> list[tuple[Unit, list[Proposal]]]:
    """Every recommendation of the version with the proposals made on it, in the version's order (each
    recommendation's proposals in the order they were collected). Proposals on an id the version does
    not hold cannot be placed and are left out (the record was hand-edited, or is of another version)."""
    grouped: dict[str, list[Proposal]] = {}
    for proposal in proposals:
        grouped.setdefault(_text(proposal.get("recommendation")), []).append(proposal)
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


def _pieces(pair: ProposedLine) -> tuple[list[Piece], Change | None]:
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


def _lines(value: Any) -> list[str]:
    return [piece for piece in _text(value).split("\n") if piece]


# --------------------------------------------------------------------------- the Word document


class _Comments:
    """The comments part (word/comments.xml), filled as the body is written."""

    def __init__(self) -> None:
        self.root = etree.Element(f"{{{W}}}comments", nsmap={"w": W})

    def add(self, comment_id: str, comment: dict[str, Any]) -> None:
        author = _text(comment.get("by")) or "unknown"
        attributes = {f"{{{W}}}id": comment_id, f"{{{W}}}author": author, f"{{{W}}}initials": author[:2]}
        date = _moment(_text(comment.get("date")))
        if date is not None:
            attributes[f"{{{W}}}date"] = date.strftime("%Y-%m-%dT%H:%M:%SZ")
        node = etree.SubElement(self.root, f"{{{W}}}comment", attributes)
        for position, comment_line in enumerate(_text(comment.get("text")).split("\n") or [""]):
            body = etree.SubElement(node, f"{{{W}}}p")
            if position == 0:
                reference = element("w:r")
                reference.append(element("w:annotationRef"))
                body.append(reference)
            body.append(run(comment_line))

    def attach(self, document: Any) -> None:
        if not len(self.root):
            return
        blob = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
        part = Part(PackURI("/word/comments.xml"), CONTENT_TYPE.WML_COMMENTS, blob, document.part.package)
        document.part.relate_to(part, RELATIONSHIP_TYPE.COMMENTS)


def _anchor_comment(node: etree._Element, comment_id: str) -> None:
    """A comment on the whole paragraph: the range from its first run to its last, then the reference."""
    properties = node.find(f"{{{W}}}pPr")
    start = element("w:commentRangeStart", {"w:id": comment_id})
    if properties is None:
        node.insert(0, start)
    else:
        properties.addnext(start)
    node.append(element("w:commentRangeEnd", {"w:id": comment_id}))
    node.append(_comment_reference(comment_id))


def _comment_reference(comment_id: str) -> etree._Element:
    reference = element("w:r")
    reference.append(element("w:commentReference", {"w:id": comment_id}))
    return reference


def _split(pieces: list[Piece], start: int, end: int) -> tuple[list[Piece], list[Piece], list[Piece]]:
    """The pieces before, inside and after the characters start:end of their joined text."""
    parts: tuple[list[Piece], list[Piece], list[Piece]] = ([], [], [])
    position = 0
    for piece in pieces:
        cuts = sorted(
            {0, len(piece.text), *(c - position for c in (start, end) if 0 < c - position < len(piece.text))}
        )
        for left, right in itertools.pairwise(cuts):
            where = position + left
            part = 0 if where < start else 1 if where < end else 2
            parts[part].append(Piece(piece.text[left:right], piece.change, piece.fmt))
        position += len(piece.text)
    return parts


def _anchored_paragraph(
    style: str | None, pieces: list[Piece], revisions: Revisions, mark: Change | None,
    words: tuple[int, int], comment_id: str,
) -> etree._Element:  # fmt: skip
    """A paragraph with a comment on the characters at `words` (offsets in the text of every piece,
    deleted words included, as the returned copy's comment range held them)."""
    before, inside, after = _split(pieces, *words)
    node = paragraph(style, before, revisions, mark=mark)
    node.append(element("w:commentRangeStart", {"w:id": comment_id}))
    for part in (inside, after):
        built = paragraph(None, part, revisions)
        node.extend(child for child in built if child.tag != f"{{{W}}}pPr")
        if part is inside:
            node.append(element("w:commentRangeEnd", {"w:id": comment_id}))
            node.append(_comment_reference(comment_id))
    return node


def _line_style(target: UnDocument, unit: Unit, index: int) -> str | None:
    unit_line = unit.lines[index] if 0 <= index < len(unit.lines) else unit.lines[0]
    if unit_line.kind == "item":
        return target.style(f"SubPara{max(1, min(unit_line.depth, SUB_ITEM_STYLES))}", "SingleTxt")
    if unit_line.kind == "footnote":
        return target.style("FootnoteText", "SingleTxt")
    return target.style("SingleTxt")


def _proposal_date(proposal: Proposal, fallback: datetime.datetime) -> datetime.datetime:
    """The date of a proposal's first dated change or comment, or the version's (LibreOffice's comments
    and untracked edits carry none)."""
    for entry in [*_entries(proposal.get("changes")), *_entries(proposal.get("comments"))]:
        moment = _moment(_text(entry.get("date")))
        if moment is not None:
            return moment
    return fallback


def _label(proposal: Proposal) -> str:
    by = _text(proposal.get("by")) or "unknown"
    untracked = any(entry.get("type") == "untracked" for entry in _entries(proposal.get("changes")))
    note = " (edited without Track Changes; the changes are shown by comparison)" if untracked else ""
    deleted = " to delete the recommendation" if not _lines(proposal.get("proposed")) else ""
    return f"Proposal by {by}{deleted}{note}"


def _write_proposal(
    target: UnDocument, unit: Unit, original: list[str], proposal: Proposal, revisions: Revisions,
    comments: _Comments, fallback: datetime.datetime,
) -> None:  # fmt: skip
    """The delegation's name, then its proposal as tracked changes signed by it, its comments on the
    proposal's first paragraph."""
    by = _text(proposal.get("by")) or "unknown"
    target.append(
        paragraph(target.style("SingleTxt"), [Piece(_label(proposal), None, LABEL_FORMAT)], revisions,
                  keep_next=True)
    )  # fmt: skip
    signed = revisions.signed(by, _proposal_date(proposal, fallback))
    pending = [(revisions.new_id(), comment) for comment in _entries(proposal.get("comments"))]
    for comment_id, comment in pending:
        comments.add(comment_id, comment)
    nodes = []
    for pair in proposed_lines(original, _lines(proposal.get("proposed"))):
        pieces, mark = _pieces(pair)
        style = _line_style(target, unit, pair.index)
        joined = "".join(piece.text for piece in pieces)
        # The first comment whose words this paragraph holds is anchored on them.
        found = next(
            ((i, c) for i, c in pending if _text(c.get("on")) and _text(c.get("on")) in joined), None
        )
        if found is None:
            node = paragraph(style, pieces, signed, mark=mark)
        else:
            pending.remove(found)
            start = joined.index(_text(found[1].get("on")))
            words = (start, start + len(_text(found[1].get("on"))))
            node = _anchored_paragraph(style, pieces, signed, mark, words, found[0])
        nodes.append(target.append(node))
    for comment_id, _ in pending:  # words not found again (cut differently in the copy): the paragraph
        if nodes:
            _anchor_comment(nodes[0], comment_id)


def _title(snapshot: Snapshot) -> str:
    name = snapshot.meeting.meeting_name
    what = f"the draft recommendations of the {name}" if name else "the draft recommendations"
    return f"Compilation of proposals by delegations on {what}"


def _latest(proposals: list[Proposal], fallback: datetime.datetime) -> datetime.datetime:
    """The compilation's date: that of the latest dated change or comment, so that the same record
    always gives the same document."""
    moments = [
        moment
        for proposal in proposals
        for entry in [*_entries(proposal.get("changes")), *_entries(proposal.get("comments"))]
        if (moment := _moment(_text(entry.get("date")))) is not None
    ]
    return max([fallback, *moments])


def _sources(proposals: list[Proposal]) -> str:
    files = dict.fromkeys(
        f"{_text(p.get('by')) or 'unknown'} ({_text(p.get('file'))})" if p.get("file") else _text(p.get("by"))
        for p in proposals
    )
    return "; ".join(files) if files else "none"


def _section_headings(target: UnDocument, snapshot: Snapshot, section_id: str, shown: set[str]) -> None:
    """The chapter and section headings above a recommendation, each once, as the pack prints them."""
    chain = []
    section = snapshot.section(section_id)
    while section is not None and section.id not in shown:
        chain.append(section)
        section = snapshot.section(section.parent) if section.parent else None
    for section in reversed(chain):
        shown.add(section.id)
        style = target.style(*HEADING_STYLES.get(section.level, HEADING_STYLES[3]))
        target.add(style, f"\t{section.number}.\t{section.title}", keep_next=True)


def write_compilation_docx(snapshot: Snapshot, proposals: list[Proposal]) -> bytes:
    """The compilation in UN layout: masthead, introduction, then every recommendation as circulated
    followed by each delegation's proposal on it; a closing list of the copies the proposals came from
    (an untracked last paragraph, so that no paragraph mark change ends the body)."""
    target = UnDocument()
    moment = _latest(proposals, snapshot.moment)
    masthead(
        target,
        snapshot.meeting,
        ["Compilation of proposals", f"Version {snapshot.name}", display_date(moment),
         f"Original: {snapshot.meeting.original_language}"],
        _title(snapshot),
    )  # fmt: skip
    body = target.style("SingleTxt")
    target.add(
        body,
        f"Version {snapshot.name} of the draft recommendations was circulated to delegations on "
        f"{snapshot.date_label}. Each recommendation is reproduced below as circulated; the proposals "
        "received on it follow, each shown as changes tracked in the name of the delegation that made it, "
        "with its comments. Accepting the changes in a proposal gives the text the delegation proposes; "
        "rejecting them gives the circulated text.",
    )
    revisions = Revisions("reportkit", snapshot.moment)
    comments = _Comments()
    headings = snapshot.meeting.recommendation_style != "paragraphs"
    shown: set[str] = set()
    for unit, found in proposals_by_recommendation(snapshot, proposals):
        _section_headings(target, snapshot, unit.section, shown)
        if headings:
            target.add(target.style("RecHead"), f"Recommendation {unit.number}", keep_next=True)
        original = circulated_lines(unit, headings)
        for index, circulated in enumerate(original):
            target.add(_line_style(target, unit, index), circulated)
        if not found:
            target.add(body, "No proposals were received.", LABEL_FORMAT)
        for proposal in found:
            _write_proposal(target, unit, original, proposal, revisions, comments, snapshot.moment)
    target.add(body, f"Proposals received from: {_sources(proposals)}.", PLAIN)
    comments.attach(target.document)
    running_heads(
        target,
        f"{snapshot.meeting.symbol} \u2014 compilation of proposals, version {snapshot.name}",
        snapshot.name,
    )
    return target.save(_title(snapshot), f"Compilation of proposals on version {snapshot.name}", moment)


# --------------------------------------------------------------------------- the internal site page


def _ops_markdown(pair: ProposedLine) -> str:
    if pair.old is None:
        return f'<ins class="rk-ins">{text(pair.new or "")}</ins>'
    if pair.new is None:
        return f'<del class="rk-del">{text(pair.old)}</del>'
    pieces = []
    for op in word_ops(Line("text", pair.old), Line("text", pair.new)):
        if op.op == "equal":
            pieces.append(text(op.new))
        elif op.op == "delete":
            pieces.append(f'<del class="rk-del">{text(op.old)}</del>')
        else:
            pieces.append(f'<ins class="rk-ins">{text(op.new)}</ins>')
    return "".join(pieces)


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
        lines.extend([f"## {text(f'Recommendation {unit.number}')} {{ #{anchor(unit.id)} }}", ""])
        original = circulated_lines(unit, headings)
        lines.extend(f"{line(text(circulated))}\n" for circulated in original)
        for proposal in found:
            by = _text(proposal.get("by")) or "unknown"
            done = (by, snapshot.name) in applied.get(unit.id, ())
            lines.extend([f"### {text(_label(proposal))}", ""])
            if done:
                lines.extend([line(text("Applied to the drafts.")), block_attributes(None, "rk-meta"), ""])
            for pair in proposed_lines(original, _lines(proposal.get("proposed"))):
                lines.extend([line(_ops_markdown(pair)), ""])
            for comment in _entries(proposal.get("comments")):
                on = _text(comment.get("on"))
                where = f" on \u201c{on}\u201d" if on else ""
                said = (
                    f"Comment by {_text(comment.get('by')) or 'unknown'}{where}: {_text(comment.get('text'))}"
                )
                lines.extend([line(text(said)), block_attributes(None, "rk-meta"), ""])
    return "\n".join(lines).rstrip() + "\n"
