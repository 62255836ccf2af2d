"""The compilation as a Word document in UN layout (which proposal goes where, and how its lines and
words are matched with the circulated ones: reportkit.comparison.proposals).

Under each recommendation as circulated, each delegation's proposal is a stretch of tracked changes
signed by that delegation, and its comments are Word comments on the words they were made on; the
OOXML is described in docs/redline-ooxml.md, "The compilation". Pure: snapshot and proposals in, bytes
out.
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from reportkit.comparison.compare import word_ops
from reportkit.comparison.proposals import (
    Proposal,
    ProposedLine,
    circulated_lines,
    entries_of,
    lines_of,
    moment_of,
    proposal_label,
    proposals_by_recommendation,
    proposed_lines,
    text_of,
)
from reportkit.versions import Line, Snapshot, Unit
from reportkit.writers.docx.ooxml import PLAIN, Change, Format, Piece, Revisions, element, paragraph, run
from reportkit.writers.docx.ooxml import W_NS as W
from reportkit.writers.docx.redline import HEADING_STYLES
from reportkit.writers.docx.working_document import WorkingDocument, line_style, snapshot_masthead

LABEL_FORMAT = Format(italic=True)


class _Comments:
    """The comments part (word/comments.xml), filled as the body is written."""

    def __init__(self) -> None:
        self.root = etree.Element(f"{{{W}}}comments", nsmap={"w": W})

    def add(self, comment_id: str, comment: dict[str, Any]) -> None:
        author = text_of(comment.get("by")) or "unknown"
        attributes = {f"{{{W}}}id": comment_id, f"{{{W}}}author": author, f"{{{W}}}initials": author[:2]}
        date = moment_of(text_of(comment.get("date")))
        if date is not None:
            attributes[f"{{{W}}}date"] = date.strftime("%Y-%m-%dT%H:%M:%SZ")
        node = etree.SubElement(self.root, f"{{{W}}}comment", attributes)
        for position, comment_line in enumerate(text_of(comment.get("text")).split("\n") or [""]):
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


def _line_style(target: WorkingDocument, unit: Unit, index: int) -> str | None:
    """The style of the circulated line at `index` (a line a proposal adds takes its neighbour's)."""
    return line_style(target, unit.lines[index] if 0 <= index < len(unit.lines) else unit.lines[0])


def _proposal_date(proposal: Proposal, fallback: datetime.datetime) -> datetime.datetime:
    """The date of a proposal's first dated change or comment, or the version's (LibreOffice's comments
    and untracked edits carry none)."""
    for entry in [*entries_of(proposal.get("changes")), *entries_of(proposal.get("comments"))]:
        moment = moment_of(text_of(entry.get("date")))
        if moment is not None:
            return moment
    return fallback


def _write_proposal(
    target: WorkingDocument, unit: Unit, original: list[str], proposal: Proposal, revisions: Revisions,
    comments: _Comments, fallback: datetime.datetime,
) -> None:  # fmt: skip
    """The delegation's name, then its proposal as tracked changes signed by it, its comments on the
    proposal's first paragraph."""
    by = text_of(proposal.get("by")) or "unknown"
    target.append(
        paragraph(target.style("SingleTxt"), [Piece(proposal_label(proposal), None, LABEL_FORMAT)], revisions,
                  keep_next=True)
    )  # fmt: skip
    signed = revisions.signed(by, _proposal_date(proposal, fallback))
    pending = [(revisions.new_id(), comment) for comment in entries_of(proposal.get("comments"))]
    for comment_id, comment in pending:
        comments.add(comment_id, comment)
    nodes = []
    for pair in proposed_lines(original, lines_of(proposal.get("proposed"))):
        pieces, mark = proposal_pieces(pair)
        style = _line_style(target, unit, pair.index)
        joined = "".join(piece.text for piece in pieces)
        # The first comment whose words this paragraph holds is anchored on them.
        found = next(
            ((i, c) for i, c in pending if text_of(c.get("on")) and text_of(c.get("on")) in joined), None
        )
        if found is None:
            node = paragraph(style, pieces, signed, mark=mark)
        else:
            pending.remove(found)
            start = joined.index(text_of(found[1].get("on")))
            words = (start, start + len(text_of(found[1].get("on"))))
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
        for entry in [*entries_of(proposal.get("changes")), *entries_of(proposal.get("comments"))]
        if (moment := moment_of(text_of(entry.get("date")))) is not None
    ]
    return max([fallback, *moments])


def _sources(proposals: list[Proposal]) -> str:
    files = dict.fromkeys(
        f"{text_of(p.get('by')) or 'unknown'} ({text_of(p.get('file'))})" if p.get("file")
        else text_of(p.get("by"))
        for p in proposals
    )  # fmt: skip
    return "; ".join(files) if files else "none"


def _section_headings(target: WorkingDocument, snapshot: Snapshot, section_id: str, shown: set[str]) -> None:
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
    moment = _latest(proposals, snapshot.moment)
    target = WorkingDocument(
        snapshot.style,
        snapshot_masthead(
            snapshot.meeting, ("Compilation of proposals", f"Version {snapshot.name}"), moment.date()
        ),
        _title(snapshot),
        (
            f"{snapshot.meeting.symbol} \u2014 compilation of proposals, version {snapshot.name}",
            snapshot.name,
        ),
        paper=snapshot.meeting.paper,
    )
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
            target.add(
                target.style("RecHead"), snapshot.style.recommendation_heading(unit.number), keep_next=True
            )
        original = circulated_lines(unit, headings)
        for index, circulated in enumerate(original):
            target.add(_line_style(target, unit, index), circulated)
        if not found:
            target.add(body, "No proposals were received.", LABEL_FORMAT)
        for proposal in found:
            _write_proposal(target, unit, original, proposal, revisions, comments, snapshot.moment)
    target.add(body, f"Proposals received from: {_sources(proposals)}.", PLAIN)
    comments.attach(target.document)
    return target.save(_title(snapshot), f"Compilation of proposals on version {snapshot.name}", moment)
