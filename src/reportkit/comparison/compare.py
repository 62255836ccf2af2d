"""What changed between two versions, by stable id: the one comparison every output shows.

Recommendations (or, for `--scope report`, every paragraph and recommendation) are matched by id, never
by position. For each id in both versions the texts are compared word by word; an id found in one
version only was added or deleted; an id whose section changed, or whose place among the others
changed, was moved. Numbers are compared separately: a recommendation that only got a new number is
*renumbered*, which is not a change of text.

Order is judged on the reading order of both versions as a sequence of (id, container) keys, with
`difflib.SequenceMatcher` finding the longest runs in common: what falls outside those runs but exists
in both versions is a move. The same pass yields `sequence`, the merged reading order the redline is
written in: everything of the old version in its old order and everything of the new one in its new
order, interleaved, so that rejecting every change gives back the old text and accepting every change
gives the new.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from reportkit.versions import Line, Snapshot, SnapshotSection, Unit

Scope = Literal["recommendations", "report"]
SCOPES: tuple[str, ...] = ("recommendations", "report")

# --------------------------------------------------------------------------- words


@dataclass(frozen=True, slots=True)
class Token:
    """A word, a run of spaces, a punctuation mark or a whole cross-reference."""

    key: str  # what is compared
    text: str  # what is shown


# Words (letters, digits, underscores, in any script), runs of white space, any other single character.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def _plain_tokens(text: str) -> list[Token]:
    return [Token(piece, piece) for piece in _TOKEN.findall(text)]


def tokenize(line: Line) -> list[Token]:
    """The tokens of a line; a cross-reference is one token keyed by its targets, so that "recommendation
    27" and "recommendation 28" for the same target compare equal."""
    tokens: list[Token] = []
    position = 0
    for reference in sorted(line.references, key=lambda r: r.start):
        end = reference.start + len(reference.text)
        if reference.start < position or line.text[reference.start : end] != reference.text:
            continue  # a reference that does not sit where it says: compare its words like any text
        tokens.extend(_plain_tokens(line.text[position : reference.start]))
        key = f"\x00ref:{reference.form}:{','.join(reference.targets)}"
        tokens.append(Token(key, reference.text))
        position = end
    tokens.extend(_plain_tokens(line.text[position:]))
    return tokens


WordOpKind = Literal["equal", "delete", "insert"]


@dataclass(frozen=True, slots=True)
class WordOp:
    """A stretch of a line: kept (`equal`, shown as `new`; `old` differs only by a renumbered reference),
    dropped by the new version (`delete`, text in `old`) or added by it (`insert`, text in `new`)."""

    op: WordOpKind
    old: str
    new: str


@lru_cache(maxsize=65_536)  # headings are compared on every save of a session too (see compare_lines)
def word_ops(old: Line, new: Line) -> tuple[WordOp, ...]:
    """The word-level changes from one line to another; one `equal` op when nothing changed."""
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    matcher = difflib.SequenceMatcher(
        None, [t.key for t in old_tokens], [t.key for t in new_tokens], autojunk=False
    )
    # Segments: (changed?, old text, new text), in order.
    segments: list[tuple[bool, str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_text = "".join(t.text for t in old_tokens[i1:i2])
        new_text = "".join(t.text for t in new_tokens[j1:j2])
        segments.append((tag != "equal", old_text, new_text))
    return _coalesce(segments)


def _coalesce(segments: list[tuple[bool, str, str]]) -> tuple[WordOp, ...]:
    """Fold a lone space between two changes into them, then merge neighbouring changes, so that a
    redline reads "~~a b~~ c d" and not "~~a~~ c ~~b~~ d"."""
    folded: list[tuple[bool, str, str]] = []
    for index, (changed, old_text, new_text) in enumerate(segments):
        between_changes = 0 < index < len(segments) - 1 and segments[index - 1][0] and segments[index + 1][0]
        if not changed and between_changes and old_text.isspace() and old_text == new_text:
            changed = True
        if folded and changed and folded[-1][0]:
            previous = folded.pop()
            folded.append((True, previous[1] + old_text, previous[2] + new_text))
        else:
            folded.append((changed, old_text, new_text))
    ops: list[WordOp] = []
    for changed, old_text, new_text in folded:
        if not changed:
            ops.append(WordOp("equal", old_text, new_text))
            continue
        if old_text:
            ops.append(WordOp("delete", old_text, ""))
        if new_text:
            ops.append(WordOp("insert", "", new_text))
    return tuple(ops)


# --------------------------------------------------------------------------- lines of a unit

LineStatus = Literal["same", "changed", "added", "deleted"]


@dataclass(frozen=True, slots=True)
class LineChange:
    status: LineStatus
    old: Line | None
    new: Line | None
    ops: tuple[WordOp, ...] = ()

    @property
    def label(self) -> str:
        """How the line is named in a list of changes: "text", "(a)", "footnote 1"."""
        line = self.new or self.old
        assert line is not None
        if line.kind == "text":
            return "text"
        return f"footnote {line.label}" if line.kind == "footnote" else line.label


def _line_signature(line: Line) -> tuple[str, str]:
    return (line.kind, "".join(t.key for t in tokenize(line)))


# Lines are frozen values; the session view compares the same circulated version with drafts of which one
# unit changed per save, so all other pairs come from here.
@lru_cache(maxsize=65_536)
def compare_lines(old: tuple[Line, ...], new: tuple[Line, ...]) -> tuple[LineChange, ...]:
    """Pair the lines of two versions of a unit: equal lines first, then the rest of each changed
    stretch in order when they are of the same kind; what cannot be paired was added or deleted.
    Subparagraphs have no ids, so this is the best that can be done, and it keeps "(c)" paired with
    "(c)" when only its words changed."""
    matcher = difflib.SequenceMatcher(
        None, [_line_signature(x) for x in old], [_line_signature(x) for x in new], autojunk=False
    )
    changes: list[LineChange] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes.extend(
                LineChange("same", o, n, word_ops(o, n)) for o, n in zip(old[i1:i2], new[j1:j2], strict=True)
            )
            continue
        old_part, new_part = list(old[i1:i2]), list(new[j1:j2])
        while old_part and new_part and old_part[0].kind == new_part[0].kind:
            first_old, first_new = old_part.pop(0), new_part.pop(0)
            changes.append(LineChange("changed", first_old, first_new, word_ops(first_old, first_new)))
        changes.extend(LineChange("deleted", o, None, (WordOp("delete", o.text, ""),)) for o in old_part)
        changes.extend(LineChange("added", None, n, (WordOp("insert", "", n.text),)) for n in new_part)
    return tuple(changes)


# --------------------------------------------------------------------------- units and headings


ChangeStatus = Literal["added", "deleted", "changed", "unchanged"]


def _status(old: object | None, new: object | None, text_changed: bool) -> ChangeStatus:
    """What became of a recommendation, paragraph or heading between two versions."""
    if old is None:
        return "added"
    if new is None:
        return "deleted"
    return "changed" if text_changed else "unchanged"


@dataclass(frozen=True, slots=True)
class UnitChange:
    """One recommendation or paragraph across the two versions."""

    id: str
    old: Unit | None
    new: Unit | None
    lines: tuple[LineChange, ...]
    moved: bool = False

    @property
    def kind(self) -> str:
        unit = self.new or self.old
        assert unit is not None
        return unit.kind

    @property
    def status(self) -> ChangeStatus:
        return _status(self.old, self.new, any(line.status != "same" for line in self.lines))

    @property
    def renumbered(self) -> bool:
        return self.old is not None and self.new is not None and self.old.number != self.new.number


@dataclass(frozen=True, slots=True)
class HeadingChange:
    """A chapter or section heading across the two versions; its title is compared like a text."""

    id: str
    old: SnapshotSection | None
    new: SnapshotSection | None
    ops: tuple[WordOp, ...]
    moved: bool = False

    @property
    def status(self) -> ChangeStatus:
        return _status(self.old, self.new, any(op.op != "equal" for op in self.ops))


Side = Literal["both", "old", "new"]


@dataclass(frozen=True, slots=True)
class Entry:
    """A place in the merged reading order. `both`: the same place in both versions; `old`: only in the
    old reading order (deleted, or the source of a move); `new`: only in the new one (added, or the
    destination of a move). `move` names the move both halves share ("move1")."""

    side: Side
    change: UnitChange | HeadingChange
    move: str = ""


@dataclass(frozen=True, slots=True)
class NumberMapRow:
    id: str
    old_number: str | None
    new_number: str | None
    old_section: str | None
    new_section: str | None


@dataclass(frozen=True, slots=True)
class Comparison:
    scope: Scope
    old: Snapshot
    new: Snapshot
    units: tuple[UnitChange, ...]  # in the new reading order, then the deleted ones in the old order
    headings: tuple[HeadingChange, ...]
    sequence: tuple[Entry, ...]

    @property
    def added(self) -> list[UnitChange]:
        return [u for u in self.units if u.status == "added"]

    @property
    def deleted(self) -> list[UnitChange]:
        return [u for u in self.units if u.status == "deleted"]

    @property
    def moved(self) -> list[UnitChange]:
        return [u for u in self.units if u.moved]

    @property
    def changed(self) -> list[UnitChange]:
        return [u for u in self.units if u.status == "changed"]

    @property
    def renumbered(self) -> list[UnitChange]:
        return [u for u in self.units if u.renumbered]

    @property
    def has_changes(self) -> bool:
        """True when the texts differ in any way a reader would see, numbers aside."""
        return bool(self.added or self.deleted or self.moved or self.changed) or any(
            h.status != "unchanged" or h.moved for h in self.headings
        )

    def number_map(self) -> list[NumberMapRow]:
        """Every unit of the old version in its order with its new number (None if deleted), then the
        added ones: "recommendation 12 of version 1 is now recommendation 14"."""
        by_id = {u.id: u for u in self.units}
        rows = []
        for unit in _units_of(self.old, self.scope):
            change = by_id[unit.id]
            rows.append(
                NumberMapRow(
                    unit.id,
                    unit.number,
                    change.new.number if change.new else None,
                    unit.section,
                    change.new.section if change.new else None,
                )
            )
        rows.extend(NumberMapRow(u.id, None, u.new.number, None, u.new.section) for u in self.added if u.new)
        return rows


def _units_of(snapshot: Snapshot, scope: Scope) -> list[Unit]:
    if scope == "recommendations":
        return list(snapshot.recommendations)
    return [item for item in snapshot.reading_order() if isinstance(item, Unit)]


def _reading_order(snapshot: Snapshot, scope: Scope) -> list[SnapshotSection | Unit]:
    """What the redline shows of a version, in order: for recommendations, the headings of the
    chapters and sections that hold recommendations, and the recommendations; for the report, all."""
    if scope == "report":
        return list(snapshot.reading_order())
    holders = {unit.section for unit in snapshot.recommendations}
    return [
        item
        for item in snapshot.reading_order()
        if (isinstance(item, SnapshotSection) and item.id in holders)
        or (isinstance(item, Unit) and item.kind == "recommendation")
    ]


def _key(item: SnapshotSection | Unit) -> tuple[str, str, str]:
    """What must be equal for an item to stay in place: its id and what holds it."""
    if isinstance(item, SnapshotSection):
        return ("heading", item.id, item.parent)
    return ("unit", item.id, item.section)


def _heading_line(section: SnapshotSection) -> Line:
    return Line("text", section.title)


def compare(old: Snapshot, new: Snapshot, scope: Scope = "recommendations") -> Comparison:
    old_items, new_items = _reading_order(old, scope), _reading_order(new, scope)
    old_units = {i.id: i for i in old_items if isinstance(i, Unit)}
    new_units = {i.id: i for i in new_items if isinstance(i, Unit)}
    old_headings = {i.id: i for i in old_items if isinstance(i, SnapshotSection)}
    new_headings = {i.id: i for i in new_items if isinstance(i, SnapshotSection)}

    matcher = difflib.SequenceMatcher(
        None, [_key(i) for i in old_items], [_key(i) for i in new_items], autojunk=False
    )
    placed: list[tuple[Side, SnapshotSection | Unit]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            placed.extend(("both", item) for item in new_items[j1:j2])
        else:
            # Old before new inside a changed stretch: a replaced recommendation reads "deleted, then
            # inserted", as Word shows a replacement.
            placed.extend(("old", item) for item in old_items[i1:i2])
            placed.extend(("new", item) for item in new_items[j1:j2])

    in_place = {item.id for side, item in placed if side == "both"}
    in_both = (old_units.keys() & new_units.keys()) | (old_headings.keys() & new_headings.keys())
    moved_ids = {item.id for side, item in placed if side != "both" and item.id in in_both - in_place}

    unit_changes: dict[str, UnitChange] = {}
    for unit_id in [*new_units, *(i for i in old_units if i not in new_units)]:
        old_unit, new_unit = old_units.get(unit_id), new_units.get(unit_id)
        lines = compare_lines(old_unit.lines if old_unit else (), new_unit.lines if new_unit else ())
        unit_changes[unit_id] = UnitChange(unit_id, old_unit, new_unit, lines, unit_id in moved_ids)
    heading_changes: dict[str, HeadingChange] = {}
    for heading_id in [*new_headings, *(i for i in old_headings if i not in new_headings)]:
        old_heading, new_heading = old_headings.get(heading_id), new_headings.get(heading_id)
        if old_heading and new_heading:
            ops = word_ops(_heading_line(old_heading), _heading_line(new_heading))
        elif old_heading:
            ops = (WordOp("delete", old_heading.title, ""),)
        else:
            assert new_heading is not None
            ops = (WordOp("insert", "", new_heading.title),)
        heading_changes[heading_id] = HeadingChange(
            heading_id, old_heading, new_heading, ops, heading_id in moved_ids
        )

    move_names: dict[str, str] = {}
    sequence: list[Entry] = []
    for side, item in placed:
        change = unit_changes[item.id] if isinstance(item, Unit) else heading_changes[item.id]
        move = ""
        if item.id in moved_ids:
            # Numbered in order of first appearance, so the same two versions always give the same names.
            move = move_names.setdefault(item.id, f"move{len(move_names) + 1}")
        sequence.append(Entry(side, change, move))

    return Comparison(
        scope, old, new, tuple(unit_changes.values()), tuple(heading_changes.values()), tuple(sequence)
    )
