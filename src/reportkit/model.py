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


Emphasis = Literal["", "bold", "italic"]


@dataclass(frozen=True, slots=True)
class Text:
    """A run of text as the author wrote it (already unescaped), quotes made typographic; `emphasis`
    is "bold" (`**…**`) or "italic" (`*…*`) where the author asked for it. A reader that ignores
    emphasis still has every word."""

    value: str
    emphasis: Emphasis = ""


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
BULLET = "\u2022"  # the label of an item of a bulleted list: it has no number to cite
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
    """A recommendation. Withdrawn ones stay in the drafts but are neither numbered nor published.

    `by` names who made it and `response` is the answer of the State concerned in the house style's
    words (the UPR's "supported", "noted"), apart from the drafting `status`. In a paragraph's list its
    `number` is compound ("121.14", what references cite) and `label` what the list prints ("121.14" or
    "14.")."""

    id: str
    text: Inlines
    status: RecommendationStatus
    themes: tuple[str, ...]
    agenda_item: str | None
    items: tuple[SubItem, ...] = ()
    bullets: bool = False  # the items are a bulleted list (•), not (a), (b)
    by: tuple[str, ...] = ()
    response: str | None = None
    number: str = ""
    label: str = ""
    loc: SourceLoc = field(default=UNKNOWN_LOC, compare=False)
    applied: tuple[AppliedProposal, ...] = ()


ListNumbering = Literal["compound", "plain"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A numbered paragraph. `show_agenda` places the meeting's agenda after the text as a nested list.

    `recommendations` are a numbered list inside the paragraph, after its own text, as the UPR writes
    them: "121.1", "121.2" … (`list_numbering: compound`) or "1.", "2." … (`plain`)."""

    id: str
    text: Inlines
    items: tuple[SubItem, ...] = ()
    bullets: bool = False  # the items are a bulleted list (•), not (a), (b)
    show_agenda: bool = False
    recommendations: tuple[Recommendation, ...] = ()
    list_numbering: ListNumbering = "compound"
    # False: printed without a number and left out of the series, as the running text of an annex
    # listing a delegation (A/HRC/43/15); it cannot be cited by number.
    numbered: bool = True
    number: str = ""
    loc: SourceLoc = field(default=UNKNOWN_LOC, compare=False)


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
    """A chapter ("I. Introduction"); `numbered: false` makes an unnumbered one (an introduction
    before chapter I), which takes no numeral and leaves the Roman series to the chapters after it."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    numbered: bool = True
    title_footnote: str = ""  # a note on the heading, marked "**" (A/HRC/28/15: "… have not been edited.")
    annex: bool = False  # an annex after the report: "Annex I", its paragraphs numbered from 1
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
    session_lines_bold: tuple[int, ...] | None = None  # 1-based; None: as the house style says
    subtitle: str = ""  # a line under the title ("Slovenia")
    title_footnote: str = ""  # a note on the title, marked "*" (A/HRC/43/15: circulated without editing)
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
    show_session_lines: bool | None = None  # None: as the house style says
    recommendations_bold: bool = False
    word_limit: int = 10_700  # reports of intergovernmental bodies; 0 for none
    qr_code: bool = True  # page 1: the QR code of https://undocs.org/<symbol>
    please_recycle: bool = True  # page 1: "Please recycle" beside it
    contents: bool = False  # a Contents page before the text: chapters, sections, paragraphs and pages
    template: str | None = None  # a secretariat's own Word template (absolute path); None: the UN one
    template_loc: SourceLoc = field(default=UNKNOWN_LOC, compare=False)  # where `template:` is written
    # The page's top and bottom margins in cm where the report's differ from its house style's (an
    # imported report keeps the ones it was printed with); None: as the house style's template has them.
    margin_top: float | None = None
    margin_bottom: float | None = None
    # A listed recommendation's States in one pair of brackets, "(Spain, Tunisia)", as UPR reports
    # printed them until 2016; False: one pair each, "(Spain) (Tunisia)", as the house style does.
    states_together: bool = False


TargetKind = Literal[
    "chapter", "annex", "section", "paragraph", "recommendation", "agenda-item", "subparagraph"
]


@dataclass(frozen=True, slots=True)
class Target:
    """Something a reference can point at, as resolve.py found it: "recommendation 27" in chapter II."""

    id: str
    kind: TargetKind
    number: str  # "27", "III.B", "1 (a)", "56 (a)"
    label: str  # "recommendation 27", "section III.B", "item 1 (a)"
    title: str = ""
    chapter_id: str = ""
    where: str = ""  # after the number, for what an annex holds: " of annex I"
    loc: SourceLoc = field(default=UNKNOWN_LOC, compare=False)


@dataclass(frozen=True, slots=True)
class Report:
    meeting: Meeting
    options: Options
    agenda: tuple[AgendaItem, ...]
    themes: tuple[Theme, ...]
    chapters: tuple[Chapter, ...]
    annexes: tuple[Chapter, ...] = ()  # after the report, each with its own paragraph numbers
    reviewed_pairs: tuple[ReviewedPair, ...] = ()
    style: str = "vienna"  # the house style's name (reportkit.house): words, dates, job numbers
    targets: tuple[Target, ...] = ()  # filled by resolve.py, in document order
    # Parts that a broken file left out ("themes", "agenda", "blocks"): an id missing from them may exist
    # in the broken file, so resolve.py does not call it unknown until the file reads again.
    incomplete: frozenset[str] = frozenset()


# --------------------------------------------------------------------------- trivial traversals


def walk_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block in reading order, sections before their contents, paragraphs before their lists."""
    for block in blocks:
        yield block
        if isinstance(block, Section):
            yield from walk_blocks(block.blocks)
        elif isinstance(block, Paragraph):
            yield from block.recommendations


def all_blocks(report: Report) -> Iterator[Block]:
    """Every block of the report's chapters (annexes, which are not the report's text, left out)."""
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


def agenda_lines(items: tuple[AgendaItem, ...]) -> list[tuple[int, str, str]]:
    """(depth, number, text) of each agenda line with the punctuation of an adopted agenda.

    Here rather than in a writer because the versions record the agenda as printed, and the writers
    read the versions: the one place every side may import is the model."""
    lines: list[tuple[int, str, str]] = []
    for item in items:
        ending = ":" if item.items else "."
        lines.append((0, f"{item.number}.", f"{item.title}{ending}"))
        for position, sub in enumerate(item.items):
            sub_ending = "." if position == len(item.items) - 1 else ";"
            lines.append((1, sub.number, f"{sub.title}{sub_ending}"))
    return lines
