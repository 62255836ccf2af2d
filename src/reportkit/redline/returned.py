"""Reading a pack returned by a delegation: its paragraphs, tracked changes and comments, as data.

Word and LibreOffice write the same revisions in different shapes: Word splits runs mid-word and stamps
them with `w:rsid*`, adds `w:proofErr` and `w:lastRenderedPageBreak`, splits one typed change into
several `w:ins` elements; LibreOffice nests a comment's range start inside an insertion. So nothing here
depends on how runs are cut: each paragraph is read as a stream of text pieces in document order, each
piece marked by the revision around it (`w:ins`/`w:moveTo` inserted, `w:del`/`w:moveFrom` deleted), and
neighbouring pieces of the same change by the same author are joined again. Each change keeps its own
author: one file may carry several (a delegation's drafters, or each State of a group).

Moved text (`w:moveFrom`/`w:moveTo`) is told apart from deleted and inserted text and keeps the `w:name`
of the move range it lies in, so that both halves of one move can be joined again by name (§17.13.5.21–28);
a paragraph wholly inside one half of a move says so (`move`, `move_side`), which is how a recommendation
moved whole (reordered) is recognised in `amendments`.

A paragraph belongs to the recommendation whose hidden bookmark (`pack_marks`) it holds, or else to the
last one seen before it, so that a paragraph a delegation inserts inside a recommendation is counted with
it. Pure: bytes in, a `ReturnedDocument` out; files that are not DOCX raise (see `read_returned`).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

from reportkit.redline.pack_marks import (
    HIDDEN_PREFIX,
    MEETING_PROPERTY,
    SAFE_XML,
    VERSION_PROPERTY,
    PackMarks,
    W,
    custom_properties,
)

ChangeKind = Literal["insertion", "deletion", "move-from", "move-to"]
MoveSide = Literal["", "from", "to"]

_INSERTED = {f"{{{W}}}ins", f"{{{W}}}moveTo"}
_DELETED = {f"{{{W}}}del", f"{{{W}}}moveFrom"}
_MOVE_KINDS: dict[str, ChangeKind] = {f"{{{W}}}moveFrom": "move-from", f"{{{W}}}moveTo": "move-to"}
_MOVE_RANGES = {f"{{{W}}}moveFromRangeStart": "move-from", f"{{{W}}}moveToRangeStart": "move-to"}
_MOVE_RANGE_ENDS = {f"{{{W}}}moveFromRangeEnd": "move-from", f"{{{W}}}moveToRangeEnd": "move-to"}
_TEXT = {f"{{{W}}}t", f"{{{W}}}delText"}
_CHARACTERS = {f"{{{W}}}tab": "\t", f"{{{W}}}br": "\n", f"{{{W}}}cr": "\n", f"{{{W}}}noBreakHyphen": "-"}
_PARAGRAPH = f"{{{W}}}p"
_SKIPPED_CONTAINERS = {f"{{{W}}}tbl", f"{{{W}}}txbxContent"}  # the masthead; text boxes
COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


@dataclass(frozen=True, slots=True)
class TrackedChange:
    kind: ChangeKind
    text: str
    author: str
    date: str
    move: str = ""  # the w:name of the move range a moved piece lies in ("" when outside any range)


@dataclass(slots=True)
class ReturnedParagraph:
    owner: str | None  # the hidden bookmark in force: this paragraph's own, or the last one before it
    original: str = ""  # the text with every change rejected: what the file says was sent
    proposed: str = ""  # the text with every change accepted
    changes: list[TrackedChange] = field(default_factory=list)
    bookmark: str | None = None  # the hidden bookmark this paragraph holds itself, if any
    move: str = ""  # the move range this paragraph's text lies wholly in, if one
    move_side: MoveSide = ""


@dataclass(frozen=True, slots=True)
class Comment:
    owner: str | None
    author: str
    date: str
    text: str
    anchor: str  # the text the comment is attached to (empty for a comment at a point)


@dataclass(frozen=True, slots=True)
class ReturnedDocument:
    marks: PackMarks
    last_modified_by: str
    paragraphs: tuple[ReturnedParagraph, ...]
    comments: tuple[Comment, ...]


def _revision(node: etree._Element, paragraph: etree._Element) -> etree._Element | None:
    """The insertion or deletion a text node sits in, if any (looking no further than its paragraph)."""
    parent = node.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in _INSERTED or parent.tag in _DELETED:
            return parent
        parent = parent.getparent()
    return None


def _in_skipped_container(paragraph: etree._Element) -> bool:
    return any(ancestor.tag in _SKIPPED_CONTAINERS for ancestor in paragraph.iterancestors())


def move_names(body: etree._Element) -> dict[etree._Element, str]:
    """Each w:moveFrom/w:moveTo → the w:name of the move range around it. Ranges are found by their
    starts and ends in document order, wherever they sit (in a paragraph or between paragraphs), since the
    name is written on the range start only and the end names its start by w:id."""
    open_ranges: dict[tuple[str, str], str] = {}  # (side, id) → name
    names: dict[etree._Element, str] = {}
    for element in body.iter():
        tag = element.tag
        if tag in _MOVE_RANGES:
            open_ranges[(_MOVE_RANGES[tag], element.get(f"{{{W}}}id", ""))] = element.get(f"{{{W}}}name", "")
        elif tag in _MOVE_RANGE_ENDS:
            open_ranges.pop((_MOVE_RANGE_ENDS[tag], element.get(f"{{{W}}}id", "")), None)
        elif tag in _MOVE_KINDS:
            side = _MOVE_KINDS[tag]
            names[element] = next((n for (s, _), n in reversed(open_ranges.items()) if s == side), "")
    return names


class _Reader:
    """One pass over the body, in document order, keeping the owner and the open comment ranges."""

    def __init__(self, moves: dict[etree._Element, str] | None = None) -> None:
        self.moves = moves or {}
        self.owner: str | None = None
        self.paragraphs: list[ReturnedParagraph] = []
        self.open_comments: dict[str, list[str]] = {}
        self.comment_places: dict[str, tuple[str | None, str]] = {}  # id → (owner, anchored text)

    def paragraph(self, node: etree._Element) -> None:
        own = None
        for start in node.iter(f"{{{W}}}bookmarkStart"):
            name = start.get(f"{{{W}}}name") or ""
            if name.startswith(HIDDEN_PREFIX):
                self.owner = own = name
                break
        current = ReturnedParagraph(self.owner, bookmark=own)
        self.paragraphs.append(current)
        # (kind, move name) of every piece with visible text: a paragraph is moved whole when all of them
        # lie in one half of one named move.
        pieces: set[tuple[ChangeKind | None, str]] = set()
        for element in node.iter():
            tag = element.tag
            if tag in _TEXT or tag in _CHARACTERS:
                text = (element.text or "") if tag in _TEXT else _CHARACTERS[tag]
                revision = _revision(element, node)
                self._text(current, text, revision)
                if text.strip():
                    kind = _MOVE_KINDS.get(revision.tag) if revision is not None else None
                    pieces.add((kind, self.moves.get(revision, "") if revision is not None else ""))
            elif tag == f"{{{W}}}commentRangeStart":
                self.open_comments[element.get(f"{{{W}}}id", "")] = []
            elif tag == f"{{{W}}}commentRangeEnd":
                comment_id = element.get(f"{{{W}}}id", "")
                anchored = "".join(self.open_comments.pop(comment_id, []))
                self.comment_places[comment_id] = (self.owner, anchored)
            elif tag == f"{{{W}}}commentReference":
                self.comment_places.setdefault(element.get(f"{{{W}}}id", ""), (self.owner, ""))
        if len(pieces) == 1:
            ((kind, move),) = pieces
            if kind is not None and move:
                current.move, current.move_side = move, "from" if kind == "move-from" else "to"

    def _text(self, paragraph: ReturnedParagraph, text: str, revision: etree._Element | None) -> None:
        for pieces in self.open_comments.values():
            pieces.append(text)
        if revision is None:
            paragraph.original += text
            paragraph.proposed += text
            return
        inserted = revision.tag in _INSERTED
        kind: ChangeKind = _MOVE_KINDS.get(revision.tag) or ("insertion" if inserted else "deletion")
        if inserted:
            paragraph.proposed += text
        else:
            paragraph.original += text
        author, date = revision.get(f"{{{W}}}author", ""), revision.get(f"{{{W}}}date", "")
        move = self.moves.get(revision, "")
        last = paragraph.changes[-1] if paragraph.changes else None
        if last is not None and (last.kind, last.author, last.date, last.move) == (kind, author, date, move):
            # Word cuts one typed change into several elements (and runs): join them again.
            paragraph.changes[-1] = TrackedChange(kind, last.text + text, author, date, move)
        else:
            paragraph.changes.append(TrackedChange(kind, text, author, date, move))


def _comments_part(package: zipfile.ZipFile) -> str | None:
    """The comments part named by the document's relationships (usually word/comments.xml)."""
    try:
        relationships = etree.fromstring(package.read("word/_rels/document.xml.rels"), SAFE_XML)
    except KeyError:
        return None
    for relationship in relationships.iter(f"{{{RELATIONSHIPS}}}Relationship"):
        if relationship.get("Type") == COMMENTS_TYPE and relationship.get("TargetMode") != "External":
            target = relationship.get("Target", "").lstrip("/")
            return target if target.startswith("word/") else f"word/{target}"
    return None


def _comment_texts(package: zipfile.ZipFile) -> dict[str, tuple[str, str, str]]:
    """id → (author, date, text) of every comment, its paragraphs joined by line breaks."""
    part = _comments_part(package)
    if part is None or part not in package.namelist():
        return {}
    root = etree.fromstring(package.read(part), SAFE_XML)
    comments: dict[str, tuple[str, str, str]] = {}
    for comment in root.iter(f"{{{W}}}comment"):
        paragraphs = ["".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in comment.iter(_PARAGRAPH)]
        comments[comment.get(f"{{{W}}}id", "")] = (
            comment.get(f"{{{W}}}author", ""),
            comment.get(f"{{{W}}}date", ""),
            "\n".join(paragraphs).strip(),
        )
    return comments


def _last_modified_by(package: zipfile.ZipFile) -> str:
    if "docProps/core.xml" not in package.namelist():
        return ""
    root = etree.fromstring(package.read("docProps/core.xml"), SAFE_XML)
    node = root.find(f"{{{CORE}}}lastModifiedBy")
    return (node.text or "").strip() if node is not None else ""


def read_returned(data: bytes) -> ReturnedDocument:
    """A returned DOCX read whole. Raises zipfile.BadZipFile, KeyError (no word/document.xml) or
    etree.XMLSyntaxError on what is not a readable DOCX; the caller reports those."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml"), SAFE_XML)
        properties = custom_properties(package)
        comment_texts = _comment_texts(package)
        last_modified_by = _last_modified_by(package)
    reader = _Reader(move_names(body))
    names: list[str] = []
    for node in body.iter(_PARAGRAPH):
        if _in_skipped_container(node):
            continue
        reader.paragraph(node)
        for start in node.iter(f"{{{W}}}bookmarkStart"):
            name = start.get(f"{{{W}}}name") or ""
            if name.startswith(HIDDEN_PREFIX) and name not in names:
                names.append(name)
    comments = []
    for comment_id, (author, date, text) in comment_texts.items():
        owner, anchor = reader.comment_places.get(comment_id, (None, ""))
        comments.append(Comment(owner, author, date, text, anchor))
    marks = PackMarks(properties.get(VERSION_PROPERTY), properties.get(MEETING_PROPERTY), tuple(names))
    return ReturnedDocument(marks, last_modified_by, tuple(reader.paragraphs), tuple(comments))
