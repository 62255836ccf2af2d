"""The document model of a UN meeting report: plain frozen data, no I/O, no behaviour.

Every node that can be referenced carries the author's stable `id`. Numbers (`number` fields,
footnote numbers, rendered references) are empty when the loader builds the model and are filled in
by `number.py` and `resolve.py`, which return new copies; writers only read them.
Every node keeps `loc`, where it was written, which takes no part in equality.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from reportkit.diagnostics import UNKNOWN_LOC, SourceLoc

# --------------------------------------------------------------------------- inline content


@dataclass(frozen=True, slots=True)
class Text:
    """A run of plain text as the author wrote it (already unescaped), quotes made typographic."""

    value: str


@dataclass(frozen=True, slots=True)
class DocumentSymbol:
    """A UN document symbol in running text, e.g. CTOC/COP/WG.6/2021/INF/1/Rev.1."""

    symbol: str


@dataclass(frozen=True, slots=True)
class RefPart:
    """One piece of a rendered reference: text, and the id it links to (None for connecting words)."""

    text: str
    target: str | None = None


ReferenceForm = Literal["default", "number", "title", "cap"]


@dataclass(frozen=True, slots=True)
class Reference:
    """A cross-reference by id: `[[rec-id]]`, `[[a, b, c]]`, `[[first..last]]`, `[[id|number]]`.

    `rendered` is filled by resolve.py, e.g. ("recommendations ", "9"→id9, "–", "11"→id11).
    """

    targets: tuple[str, ...]
    is_range: bool = False
    form: ReferenceForm = "default"
    rendered: tuple[RefPart, ...] = ()
    loc: SourceLoc = field(default=UNKNOWN_LOC, compare=False)


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote written inline at its place as `^[text]`; numbered continuously by number.py."""

    content: tuple[Inline, ...]
    number: int = 0
    loc: SourceLoc = field(default=UNKNOWN_LOC, compare=False)


Inline = Text | DocumentSymbol | Reference | Footnote
Inlines = tuple[Inline, ...]

# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class SubItem:
    """A subparagraph: (a), (b) … at depth 1, (i), (ii) … at depth 2, then a., b. and i., ii."""

    id: str | None
    text: Inlines
    items: tuple[SubItem, ...] = ()
    label: str = ""
    loc: SourceLoc = field(default=UNKNOWN_LOC, compare=False)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A numbered paragraph. `show_agenda` places the meeting's agenda after the text as a nested list."""

    id: str
    text: Inlines
    items: tuple[SubItem, ...] = ()
    show_agenda: bool = False
    number: str = ""
    loc: SourceLoc = field(default=UNKNOWN_LOC, compare=False)


RecommendationStatus = Literal["proposed", "agreed", "adopted", "withdrawn"]
RECOMMENDATION_STATUSES: tuple[str, ...] = ("proposed", "agreed", "adopted", "withdrawn")


@dataclass(frozen=True, slots=True)
class AppliedProposal:
    """A delegation's proposal on a circulated version that `amendments apply` put into the text: the
    secretariat's record of where a wording came from (internal pages only, never the report)."""

    by: str
    version: str


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A recommendation. Withdrawn ones stay in the drafts but are neither numbered nor published."""

    id: str
    text: Inlines
    status: RecommendationStatus
    themes: tuple[str, ...]
    agenda_item: str | None
    items: tuple[SubItem, ...] = ()
    number: str = ""
    loc: SourceLoc = field(default=UNKNOWN_LOC, compare=False)
    applied: tuple[AppliedProposal, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    """A lettered section (level 2: "A.") or a numbered subsection (level 3: "1.")."""

    id: str
    title: str
    level: int
    blocks: tuple[Block, ...]
    agenda_item: str | None = None
    number: str = ""
    loc: SourceLoc = field(default=UNKNOWN_LOC, compare=False)


Block = Paragraph | Recommendation | Section


@dataclass(frozen=True, slots=True)
class Chapter:
    id: str
    title: str
    blocks: tuple[Block, ...]
    number: str = ""
    loc: SourceLoc = field(default=UNKNOWN_LOC, compare=False)


# --------------------------------------------------------------------------- the meeting


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """An item of the agenda ("2.") or a sub-item ("(a)")."""

    id: str
    title: str
    items: tuple[AgendaItem, ...] = ()
    number: str = ""
    loc: SourceLoc = field(default=UNKNOWN_LOC, compare=False)


@dataclass(frozen=True, slots=True)
class Theme:
    id: str
    title: str
    loc: SourceLoc = field(default=UNKNOWN_LOC, compare=False)


@dataclass(frozen=True, slots=True)
class ReviewedPair:
    """Two recommendations (draft ids or registry keys) a person judged not to be duplicates."""

    first: str
    second: str
    reason: str
    loc: SourceLoc = field(default=UNKNOWN_LOC, compare=False)


@dataclass(frozen=True, slots=True)
class Meeting:
    issuing_body: str
    symbol: str
    job_number: str
    date: datetime.date
    title: str
    venue: str
    start_date: datetime.date
    end_date: datetime.date
    distribution: str = "General"
    original_language: str = "English"
    meeting_name: str = ""
    document_status: str = "final"
    session_lines: tuple[str, ...] = ()
    processing_dates: str = ""
    loc: SourceLoc = field(default=UNKNOWN_LOC, compare=False)


PaperSize = Literal["A4", "Letter"]
RecommendationStyle = Literal["headings", "paragraphs"]


@dataclass(frozen=True, slots=True)
class Options:
    """Per-report settings, written under `options:` in report.yaml."""

    recommendation_style: RecommendationStyle = "headings"
    paper: PaperSize = "A4"
    emblem: str | None = None
    show_session_lines: bool = False
    recommendations_bold: bool = False
    word_limit: int = 10_700  # reports of intergovernmental bodies; 0 for none
    qr_code: bool = True  # page 1: the QR code of https://undocs.org/<symbol>
    please_recycle: bool = True  # page 1: "Please recycle" beside it
    template: str | None = None  # a secretariat's own Word template (absolute path); None: the UN one
    template_loc: SourceLoc = field(default=UNKNOWN_LOC, compare=False)  # where `template:` is written


TargetKind = Literal["chapter", "section", "paragraph", "recommendation", "agenda-item", "subparagraph"]


@dataclass(frozen=True, slots=True)
class Target:
    """Something a reference can point at, as resolve.py found it: "recommendation 27" in chapter II."""

    id: str
    kind: TargetKind
    number: str  # "27", "III.B", "1 (a)", "56 (a)"
    label: str  # "recommendation 27", "section III.B", "item 1 (a)"
    title: str = ""
    chapter_id: str = ""
    loc: SourceLoc = field(default=UNKNOWN_LOC, compare=False)


@dataclass(frozen=True, slots=True)
class Report:
    meeting: Meeting
    options: Options
    agenda: tuple[AgendaItem, ...]
    themes: tuple[Theme, ...]
    chapters: tuple[Chapter, ...]
    reviewed_pairs: tuple[ReviewedPair, ...] = ()
    content_dir: str = "content"
    targets: tuple[Target, ...] = ()  # filled by resolve.py, in document order
    # Parts that a broken file left out ("themes", "agenda", "blocks"): an id missing from them may exist
    # in the broken file, so resolve.py does not call it unknown until the file reads again.
    incomplete: frozenset[str] = frozenset()


# --------------------------------------------------------------------------- trivial traversals


def walk_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block in reading order, sections before their contents."""
    for block in blocks:
        yield block
        if isinstance(block, Section):
            yield from walk_blocks(block.blocks)


def all_blocks(report: Report) -> Iterator[Block]:
    for chapter in report.chapters:
        yield from walk_blocks(chapter.blocks)


def all_recommendations(report: Report) -> Iterator[Recommendation]:
    """Every recommendation in reading order, withdrawn ones included."""
    for block in all_blocks(report):
        if isinstance(block, Recommendation):
            yield block


def published_recommendations(report: Report) -> Iterator[Recommendation]:
    return (r for r in all_recommendations(report) if r.status != "withdrawn")


def walk_sub_items(items: tuple[SubItem, ...]) -> Iterator[SubItem]:
    for item in items:
        yield item
        yield from walk_sub_items(item.items)


def plain_text(inlines: Inlines) -> str:
    """The text a reader sees, footnotes left out; references as rendered (or their ids before resolve)."""
    pieces: list[str] = []
    for inline in inlines:
        if isinstance(inline, Text):
            pieces.append(inline.value)
        elif isinstance(inline, DocumentSymbol):
            pieces.append(inline.symbol)
        elif isinstance(inline, Reference):
            if inline.rendered:
                pieces.append("".join(part.text for part in inline.rendered))
            else:
                pieces.append(", ".join(inline.targets))
    return "".join(pieces)
