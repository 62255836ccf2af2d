"""The session view as data: the report in reading order, one HTML block per heading, paragraph and
recommendation, with the changes since the last circulated version marked the way Word shows tracked
changes. Pure: a snapshot of the drafts and of the circulated version in, blocks out.

The comparison is the one every redline uses (`comparison.compare`, scope "report"); without a recorded
version the drafts are compared with themselves, so there is one path and nothing is marked. Each block
has a DOM id made from the stable id ("u-marking-all-firearms", "h-general"; the old place of a moved
recommendation gets "-from"), so the browser can patch exactly the blocks that changed.

Every text from the drafts goes through `html.escape` before it reaches a block.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from reportkit.comparison.compare import Comparison, Entry, HeadingChange, UnitChange, WordOp, compare
from reportkit.house import HouseStyle
from reportkit.versions import Line, Snapshot, Unit
from reportkit.writers.site.markup import anchor


@dataclass(frozen=True, slots=True)
class Block:
    chapter: str  # the stable id of the chapter it belongs to, for the chapter chosen in the page
    html: str  # the whole element, its id included


@dataclass(frozen=True, slots=True)
class SessionView:
    title: str  # the meeting and symbol
    compared_with: str  # "version v1 (20 May 2021)", or "" when no version is recorded
    chapters: tuple[tuple[str, str], ...]  # (chapter id, "II. Recommendations") in report order
    order: tuple[str, ...]  # block ids in reading order
    blocks: dict[str, Block]


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _ops(ops: tuple[WordOp, ...], moved: bool = False) -> str:
    """Word changes as Word shows them: insertions underlined, deletions struck (CSS on ins and del);
    in moved text, what stayed is marked as moved (double underline) around the edits made to it."""
    pieces: list[str] = []
    for op in ops:
        if op.op == "equal":
            pieces.append(f'<ins class="rk-move">{_escape(op.new)}</ins>' if moved else _escape(op.new))
        elif op.op == "delete":
            pieces.append(f"<del>{_escape(op.old)}</del>")
        else:
            pieces.append(f"<ins>{_escape(op.new)}</ins>")
    return "".join(pieces)


def _whole(text: str, tag: str) -> str:
    return f"<{tag}>{_escape(text)}</{tag}>" if tag else _escape(text)


def _line_html(line: Line, body: str) -> str:
    if line.kind == "text":
        return f'<p class="rk-text">{body}</p>'
    if line.kind == "footnote":
        return f'<p class="rk-note"><sup>{_escape(line.label)}</sup> {body}</p>'
    depth = min(max(line.depth, 1), 4)
    return (
        f'<p class="rk-item rk-depth-{depth}"><span class="rk-label">{_escape(line.label)}</span>{body}</p>'
    )


def _unit_title(unit: Unit, style: HouseStyle) -> str:
    """ "Recommendation 12" or "Paragraph 12", in the report's house style's words."""
    if unit.kind == "recommendation":
        return style.recommendation_heading(unit.number)
    return f"{style.paragraph_heading_word} {unit.number}"


@lru_cache(maxsize=65_536)  # a save changes one block; the others come back from here unchanged
def _unit_block(entry: Entry, style: HouseStyle, block_id: str) -> str:
    change = entry.change
    assert isinstance(change, UnitChange)
    unit = change.new if entry.side != "old" and change.new else change.old
    assert unit is not None
    classes = ["rk-unit", f"rk-{unit.kind}"]
    note = ""
    if entry.move and entry.side == "old":
        classes.append("rk-moved-from")
        shown = change.new.number if change.new else ""
        note = f"Moved to {_escape(_unit_title(change.new, style)) if change.new else shown}"
    elif entry.move:
        classes.append("rk-moved-to")
        note = f"Moved here (was {_escape(_unit_title(change.old, style))})" if change.old else ""
    elif change.status in ("added", "deleted"):
        classes.append(f"rk-{change.status}")
    elif change.status == "changed":
        classes.append("rk-changed")
    if entry.move and entry.side == "old":
        # The old place shows the text as circulated, double-struck; the new one the text with its edits.
        lines = "".join(_line_html(line, _whole(line.text, "del")) for line in unit.lines)
    elif entry.move:
        lines = "".join(
            _line_html(line.new or line.old, _ops(line.ops, moved=True))  # type: ignore[arg-type]
            for line in change.lines
        )
    elif change.status in ("added", "deleted"):
        tag = "ins" if change.status == "added" else "del"
        lines = "".join(_line_html(line, _whole(line.text, tag)) for line in unit.lines)
    else:
        lines = "".join(
            _line_html(line.new or line.old, _ops(line.ops))  # type: ignore[arg-type]
            for line in change.lines
        )
    if unit.kind == "recommendation" and style == "headings":
        label = f'<h3 class="rk-number">{_escape(_unit_title(unit, style))}</h3>'
    else:
        label = f'<span class="rk-number">{_escape(unit.number)}.</span>'
    marker = f'<p class="rk-move-note">{note}</p>' if note else ""
    return f'<section id="{block_id}" class="{" ".join(classes)}">{label}{marker}{lines}</section>'


@lru_cache(maxsize=16_384)
def _heading_block(entry: Entry, block_id: str) -> str:
    change = entry.change
    assert isinstance(change, HeadingChange)
    section = change.new if entry.side != "old" and change.new else change.old
    assert section is not None
    level = min(section.level + 1, 4)
    if entry.move or change.status in ("added", "deleted"):
        tag = "del" if entry.side == "old" or change.status == "deleted" else "ins"
        title = _whole(section.title, tag)
    else:
        title = _ops(change.ops)
    classes = "rk-heading" + (" rk-moved-to" if entry.move and entry.side != "old" else "")
    classes += " rk-moved-from" if entry.move and entry.side == "old" else ""
    return (
        f'<h{level} id="{block_id}" class="{classes}"><span class="rk-heading-number">'
        f"{_escape(section.number)}.</span> {title}</h{level}>"
    )


def _chapters_of(snapshot: Snapshot) -> dict[str, str]:
    """Every section's and chapter's id → the id of its chapter."""
    parents = {section.id: section.parent for section in snapshot.sections}
    chapters: dict[str, str] = {}
    for section in snapshot.sections:
        top = section.id
        while parents.get(top):
            top = parents[top]
        chapters[section.id] = top
    return chapters


def _block_id(entry: Entry) -> str:
    prefix = "u" if isinstance(entry.change, UnitChange) else "h"
    suffix = "-from" if entry.move and entry.side == "old" else ""
    return f"{prefix}-{anchor(entry.change.id)}{suffix}"


def _entries(comparison: Comparison) -> Iterator[tuple[Entry, str]]:
    """Each entry with its chapter: in the new version for what is there, in the old for the rest."""
    old_chapters, new_chapters = _chapters_of(comparison.old), _chapters_of(comparison.new)
    for entry in comparison.sequence:
        change = entry.change
        item = change.new if entry.side != "old" and change.new else change.old
        chapters = new_chapters if item is change.new else old_chapters
        holder = item.section if isinstance(item, Unit) else item.id  # type: ignore[union-attr]
        yield entry, chapters.get(holder, "")


def build_view(drafts: Snapshot, circulated: Snapshot | None) -> SessionView:
    """The blocks of the session view: the drafts, marked against the circulated version if any."""
    comparison = compare(circulated or drafts, drafts, "report")
    style = drafts.style
    order: list[str] = []
    blocks: dict[str, Block] = {}
    for entry, chapter in _entries(comparison):
        block_id = _block_id(entry)
        if block_id in blocks:  # cannot happen with unique ids; never let a bad draft break the page
            continue
        if isinstance(entry.change, UnitChange):
            markup = _unit_block(entry, style, block_id)
        else:
            markup = _heading_block(entry, block_id)
        order.append(block_id)
        # The chapter goes on the element, so the page can show one chapter with a style rule alone.
        chapter_id = anchor(chapter)
        markup = markup.replace(f'id="{block_id}"', f'id="{block_id}" data-chapter="{chapter_id}"', 1)
        blocks[block_id] = Block(chapter_id, markup)
    chapters = tuple(
        (anchor(section.id), f"{section.number}. {section.title}")
        for section in drafts.sections
        if section.kind == "chapter"
    )
    meeting = drafts.meeting
    title = f"{meeting.meeting_name} · {meeting.symbol}" if meeting.meeting_name else meeting.symbol
    compared = f"version {circulated.name} ({circulated.date_label})" if circulated else ""
    return SessionView(title, compared, chapters, tuple(order), blocks)
