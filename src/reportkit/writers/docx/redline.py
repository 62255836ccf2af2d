"""The redline: a comparison of two versions as a DOCX in which every change is a Word tracked change.

The document follows the comparison's merged reading order (`Comparison.sequence`). A recommendation in
the same place in both versions shows its word changes inside its paragraphs; one only in the new version
is inserted whole, paragraph marks included; one only in the old is deleted whole; a moved one appears
twice, as the two halves of a named move. Numbers are written from the version each half belongs to; in
place, a changed number is itself a tracked change, so that rejecting every change gives the old numbers
(docs/redline-ooxml.md, "Numbers are tracked"); a table at the end maps them.

`UnitRenderer` is also what the circulation pack uses to print a version on its own: a comparison of a
version with itself has no changes, so the same code writes both documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from reportkit.comparison.compare import (
    Comparison,
    Entry,
    HeadingChange,
    LineChange,
    UnitChange,
    WordOp,
    word_ops,
)
from reportkit.house import HouseStyle
from reportkit.versions import CURRENT, Line, Snapshot, Unit
from reportkit.writers.docx.bookmarks import wrap_paragraph
from reportkit.writers.docx.ooxml import (
    PLAIN,
    Change,
    Format,
    Piece,
    Revisions,
    add_range_start,
    paragraph,
    range_end,
)
from reportkit.writers.docx.pack_marks import pack_bookmark_name
from reportkit.writers.docx.working_document import (
    QUIET,
    WorkingDocument,
    line_style,
    snapshot_masthead,
    table,
)
from reportkit.writers.pack_text import made_by_and_response

DEFAULT_AUTHOR = "reportkit"
HEADING_STYLES = {1: ("HCh",), 2: ("H1", "HCh"), 3: ("H23", "H1", "HCh")}
FLAG_FORMAT = Format(italic=True, size=9)


def version_label(snapshot: Snapshot) -> str:
    """ "version v1 (20 May 2021)", or "the current drafts (3 June 2021)"."""
    if snapshot.name == CURRENT:
        return f"the current drafts ({snapshot.date_label})"
    return f"version {snapshot.name} ({snapshot.date_label})"


@dataclass
class UnitRenderer:
    """Writes entries of a comparison into a document; `revisions` stamps every tracked change."""

    target: WorkingDocument
    revisions: Revisions
    style: HouseStyle  # the report's: its words head each recommendation
    recommendation_headings: bool = True
    show_ids: bool = True  # the stable id beside each heading, for the secretariat's own reading
    show_details: bool = False  # themes and status under each recommendation (the internal pack)
    hidden_ids: bool = False  # hidden bookmarks carrying the ids (the pack: see pack_marks.py)
    theme_titles: dict[str, str] = field(default_factory=dict)
    flags: dict[str, tuple[str, ...]] = field(default_factory=dict)

    # ------------------------------------------------------------------ pieces of text

    @staticmethod
    def _side_change(entry: Entry) -> Change | None:
        """The revision a whole half belongs to: None in place, else deleted/inserted or moved."""
        if entry.side == "both":
            return None
        if entry.move:
            return "moveFrom" if entry.side == "old" else "moveTo"
        return "del" if entry.side == "old" else "ins"

    @staticmethod
    def _renumbered(
        old: str, new: str, entry: Entry, change: Change | None, fmt: Format = PLAIN
    ) -> list[Piece]:
        """A number or label as this half shows it. In place and changed, it is itself a tracked change
        (the old one deleted, the new one inserted), so that rejecting every change gives the old
        version's numbers and accepting every change the new one's."""
        if entry.side == "both" and old != new:
            return [Piece(old, "del", fmt), Piece(new, "ins", fmt)]
        return [Piece(old if entry.side == "old" else new, change, fmt)]

    @staticmethod
    def _op_pieces(ops: tuple[WordOp, ...], entry: Entry, side_change: Change | None) -> list[Piece]:
        """The words of a line as this half shows them: the kept words in the half's own revision (or
        none), the dropped ones deleted and the new ones inserted, each only where it belongs."""
        pieces: list[Piece] = []
        for op in ops:
            if op.op == "equal" and entry.side == "both" and op.old != op.new:
                # A cross-reference whose target was renumbered: its number is tracked like any number.
                pieces.extend(UnitRenderer._op_pieces(word_ops(Line("text", op.old), Line("text", op.new)),
                                                      entry, side_change))  # fmt: skip
            elif op.op == "equal":
                pieces.append(Piece(op.old if entry.side == "old" else op.new, side_change))
            elif op.op == "delete" and entry.side != "new":
                pieces.append(Piece(op.old, "del"))
            elif op.op == "insert" and entry.side != "old":
                pieces.append(Piece(op.new, "ins"))
        return pieces

    def _line_paragraph(
        self, line_change: LineChange, entry: Entry, change: UnitChange, side_change: Change | None
    ) -> etree._Element | None:
        # Which version of the line this half shows, and whether the line itself came or went.
        if entry.side == "old":
            line, mark = line_change.old, side_change
            if line_change.status == "deleted":
                mark = "del"
        elif entry.side == "new":
            line, mark = line_change.new, side_change
            if line_change.status == "added":
                mark = "ins"
        else:
            line = line_change.new or line_change.old
            mark = {"added": "ins", "deleted": "del"}.get(line_change.status)  # type: ignore[assignment]
        if line is None:
            return None  # a line the other version added or dropped: it belongs to the other half
        ops = line_change.ops
        if mark in ("ins", "del") and side_change not in ("ins", "del") and line_change.status != "same":
            # A whole line added or dropped inside a kept or moved recommendation.
            text_change: Change | None = mark
            pieces = [Piece(line.text, text_change)]
        else:
            pieces = self._op_pieces(ops, entry, side_change)
        prefix = self._prefix(line_change, entry, change, mark)
        return paragraph(line_style(self.target, line), prefix + pieces, self.revisions, mark=mark)

    def _prefix(
        self, line_change: LineChange, entry: Entry, change: UnitChange, mark: Change | None
    ) -> list[Piece]:
        """The number before a paragraph ("12.") or the label of a subparagraph ("(c)") or footnote."""
        line = line_change.new if entry.side != "old" and line_change.new else line_change.old
        assert line is not None
        if line.kind == "text":
            if change.kind != "paragraph" and self.recommendation_headings:
                return []
            old, new = (change.old or change.new), (change.new or change.old)
            assert old is not None and new is not None
            return [*self._renumbered(old.number, new.number, entry, mark), Piece(".\t", mark)]
        old_line, new_line = (line_change.old or line), (line_change.new or line)
        return [*self._renumbered(old_line.label, new_line.label, entry, mark), Piece("\t", mark)]

    # ------------------------------------------------------------------ entries

    def heading(self, entry: Entry, change: HeadingChange) -> list[etree._Element]:
        side_change = self._side_change(entry)
        section = change.old if entry.side == "old" else change.new
        assert section is not None
        style = self.target.style(*HEADING_STYLES.get(section.level, HEADING_STYLES[3]))
        old, new = (change.old or section), (change.new or section)
        pieces = [
            Piece("\t", side_change),
            *self._renumbered(old.number, new.number, entry, side_change),
            Piece(".\t", side_change),
            *self._op_pieces(change.ops, entry, side_change),
        ]
        node = paragraph(style, pieces, self.revisions, mark=side_change)
        if self.hidden_ids:
            wrap_paragraph(node, pack_bookmark_name(section.id), self.revisions.new_id())
        return [node]

    def unit(self, entry: Entry, change: UnitChange) -> list[etree._Element]:
        side_change = self._side_change(entry)
        unit = change.old if entry.side == "old" else change.new
        assert unit is not None
        nodes: list[etree._Element] = []
        if unit.kind == "recommendation" and self.recommendation_headings:
            old, new = (change.old or unit), (change.new or unit)
            pieces = [
                Piece(f"{self.style.recommendation_heading_word} ", side_change),
                *self._renumbered(old.number, new.number, entry, side_change),
            ]
            if self.show_ids:
                pieces.append(Piece(f"\u2003{unit.id}", side_change, QUIET))
            nodes.append(paragraph(self.target.style("RecHead"), pieces, self.revisions, mark=side_change))
        if self.show_details and unit.kind == "recommendation":
            nodes.append(self._details(unit))
        for line_change in change.lines:
            node = self._line_paragraph(line_change, entry, change, side_change)
            if node is not None:
                nodes.append(node)
        states_and_response = made_by_and_response(unit, self.style)
        if unit.kind == "recommendation" and states_and_response:
            # Compared with neither side's words: who made a recommendation and the answer to it are the
            # record, not the draft; it comes and goes with its recommendation.
            body = self.target.style("SingleTxt")
            pieces = [Piece(states_and_response, side_change, QUIET)]
            nodes.append(paragraph(body, pieces, self.revisions, mark=side_change, align="left"))
        if self.show_details:
            nodes.extend(
                paragraph(
                    self.target.style("SingleTxt"),
                    [Piece(flag, None, FLAG_FORMAT)],
                    self.revisions,
                    align="left",
                )
                for flag in self.flags.get(unit.id, ())
            )
        if self.hidden_ids and nodes:
            wrap_paragraph(nodes[0], pack_bookmark_name(unit.id), self.revisions.new_id())
        return nodes

    def _details(self, unit: Unit) -> etree._Element:
        themes = "; ".join(self.theme_titles.get(theme, theme) for theme in unit.themes)
        parts = [f"Themes: {themes}" if themes else "", f"Status: {unit.status}" if unit.status else ""]
        if not self.recommendation_headings:
            parts.insert(0, unit.id)
        text = " \u00b7 ".join(part for part in parts if part)
        style = self.target.style("SingleTxt")
        return paragraph(style, [Piece(text, None, QUIET)], self.revisions, keep_next=True, align="left")

    def entries(self, sequence: tuple[Entry, ...]) -> None:
        for entry in sequence:
            change = entry.change
            nodes = (
                self.heading(entry, change) if isinstance(change, HeadingChange) else self.unit(entry, change)
            )
            if entry.move and nodes:
                # One named range per half of a move, from the first paragraph to the last.
                kind = "moveFrom" if entry.side == "old" else "moveTo"
                start, range_id = self.revisions.range_start(kind, entry.move)
                add_range_start(nodes[0], start)
                nodes[-1].append(range_end(kind, range_id))
            for node in nodes:
                self.target.append(node)


# --------------------------------------------------------------------------- the redline document


def _summary(comparison: Comparison) -> str:
    noun = "recommendation" if comparison.scope == "recommendations" else "paragraph or recommendation"
    counts = [
        (len(comparison.added), "added"),
        (len(comparison.deleted), "deleted"),
        (len(comparison.moved), "moved"),
        (len(comparison.changed), "reworded"),
        (len(comparison.renumbered), "renumbered"),
    ]
    pieces = [f"{count} {what}" for count, what in counts if count]
    if not pieces:
        return "The texts of the two versions are the same."
    return f"Changes by {noun}: " + ", ".join(pieces) + "."


def _note(unit: UnitChange) -> str:
    notes = []
    if unit.status == "added":
        notes.append("new")
    elif unit.status == "deleted":
        notes.append("deleted")
    if unit.moved:
        notes.append("moved")
    if unit.status == "changed":
        notes.append("reworded")
    return ", ".join(notes)


def number_table(target: WorkingDocument, comparison: Comparison) -> None:
    by_id = {unit.id: unit for unit in comparison.units}
    old_name, new_name = comparison.old.name, comparison.new.name
    old_head = f"Version {old_name}"
    new_head = "Current drafts" if new_name == CURRENT else f"Version {new_name}"
    kind_column = comparison.scope == "report"
    rows = []
    for row in comparison.number_map():
        unit = by_id[row.id]
        cells = [row.old_number or "\u2014", row.new_number or "\u2014", row.id, _note(unit)]
        if kind_column:
            cells.insert(0, unit.kind)
        rows.append(cells)
    header = [old_head, new_head, "Identifier", "Change"]
    widths = [2.2, 2.2, 7.0, 2.6]
    if kind_column:
        header.insert(0, "Kind")
        widths = [2.6, 1.8, 1.8, 6.0, 2.6]
    table(target, header, rows, widths)


def write_redline_docx(comparison: Comparison, author: str = DEFAULT_AUTHOR) -> bytes:
    """The comparison as tracked changes, dated the later version's date and signed `author`."""
    old, new = comparison.old, comparison.new
    what = "draft recommendations" if comparison.scope == "recommendations" else "draft report"
    target = WorkingDocument(
        new.style,
        snapshot_masthead(
            new.meeting, ("Comparison of versions", f"From: {old.name}", f"To: {new.name}"), new.moment.date()
        ),
        f"Changes to the {what} from {version_label(old)} to {version_label(new)}",
        (f"{new.meeting.symbol} \u2014 changes from {old.name} to {new.name}", new.meeting.symbol),
        paper=new.meeting.paper,
    )
    target.track_revisions()
    revisions = Revisions(author, new.moment)
    body = target.style("SingleTxt")
    target.add(
        body,
        "Every change is shown as a tracked change that can be accepted or rejected in Word. Texts are "
        "compared by their identifiers, not by their places: a recommendation that only received a new "
        "number shows that number alone as changed, and one that was moved is shown as moved. The table "
        "at the end gives the number of each text in both versions.",
    )
    target.add(body, _summary(comparison))
    renderer = UnitRenderer(
        target,
        revisions,
        recommendation_headings=new.meeting.recommendation_style != "paragraphs",
        style=new.style,
    )
    renderer.entries(comparison.sequence)
    noun = "recommendations" if comparison.scope == "recommendations" else "paragraphs and recommendations"
    target.add(
        target.style("H1", "HCh"), f"\t\t{noun.capitalize()}: numbers in both versions", keep_next=True
    )
    number_table(target, comparison)
    # The body ends with an untracked paragraph: a tracked mark on the last paragraph cannot be removed.
    target.add(body, f"Comparison made by reportkit; changes are attributed to \u201c{author}\u201d.", QUIET)
    title = f"{new.meeting.symbol}: changes from {old.name} to {new.name}"
    return target.save(title, "Redline", new.moment)
