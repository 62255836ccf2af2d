"""The only place that counts. Numbers follow the UN Editorial Manual (see UN-FORMAT.md):

- chapters in Roman numerals, but for unnumbered ones (an introduction before chapter I); sections
  "A." restarting in every chapter; subsections "1." in a section;
- paragraphs in one arabic series across the whole report (front matter is not numbered);
- recommendations in one series across the sections of their chapter, or, in reports that follow the
  older practice (`recommendation_style: paragraphs`), as paragraphs in the paragraph series;
- recommendations listed inside a paragraph as "121.1", "121.2" … (cited so, printed so or "1.");
- subparagraphs (a), (b) … then (i), (ii) … then a., b. … then i., ii.;
- annexes I, II … after the report, each numbering its paragraphs from 1;
- footnotes in one series across the report and its annexes, in reading order;
- agenda items 1, 2 … with sub-items (a), (b) ….
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator

from reportkit.diagnostics import Diagnostic
from reportkit.model import (
    BULLET,
    AgendaItem,
    Block,
    Chapter,
    Footnote,
    Inlines,
    Paragraph,
    Recommendation,
    Report,
    Section,
    SubItem,
)

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(value: int) -> str:
    pieces = []
    for amount, numeral in _ROMAN:
        count, value = divmod(value, amount)
        pieces.append(numeral * count)
    return "".join(pieces)


def letters(value: int) -> str:
    """1 → a, 26 → z, 27 → aa: the sequence the UN uses past (z)."""
    result = ""
    while value > 0:
        value, remainder = divmod(value - 1, 26)
        result = chr(ord("a") + remainder) + result
    return result


def sub_item_label(depth: int, position: int) -> str:
    """The label of the `position`-th (1-based) subparagraph at `depth` (1 = outermost)."""
    match (depth - 1) % 4:
        case 0:
            return f"({letters(position)})"
        case 1:
            return f"({roman(position).lower()})"
        case 2:
            return f"{letters(position)}."
        case _:
            return f"{roman(position).lower()}."


class _Counters:
    def __init__(self) -> None:
        self.paragraph = itertools.count(1)
        self.footnote = itertools.count(1)
        self.recommendation = itertools.count(1)
        self.diagnostics: list[Diagnostic] = []


def _number_inlines(inlines: Inlines, counters: _Counters) -> Inlines:
    numbered = []
    for inline in inlines:
        if isinstance(inline, Footnote):
            inline = dataclasses.replace(inline, number=next(counters.footnote))
        numbered.append(inline)
    return tuple(numbered)


def _number_sub_items(
    items: tuple[SubItem, ...], depth: int, counters: _Counters, bullets: bool = False
) -> tuple[SubItem, ...]:
    """Labels (a), (b) …, or "•" at every depth of a bulleted list."""
    return tuple(
        dataclasses.replace(
            item,
            label=BULLET if bullets else sub_item_label(depth, position),
            text=_number_inlines(item.text, counters),
            items=_number_sub_items(item.items, depth + 1, counters, bullets),
        )
        for position, item in enumerate(items, start=1)
    )


def _number_list(paragraph: Paragraph, number: str, counters: _Counters) -> tuple[Recommendation, ...]:
    """A paragraph's recommendations: "121.1", "121.2" … cited and, in the compound form, printed so;
    the plain form prints "1.", "2." (the UPR's first cycle)."""
    numbered: list[Recommendation] = []
    position = 0
    for recommendation in paragraph.recommendations:
        if recommendation.status == "withdrawn":
            numbered.append(recommendation)
            continue
        position += 1
        compound = f"{number}.{position}"
        numbered.append(
            dataclasses.replace(
                recommendation,
                number=compound,
                label=compound if paragraph.list_numbering == "compound" else f"{position}.",
                text=_number_inlines(recommendation.text, counters),
                items=_number_sub_items(recommendation.items, 1, counters, recommendation.bullets),
            )
        )
    return tuple(numbered)


def _number_blocks(blocks: tuple[Block, ...], report: Report, counters: _Counters) -> tuple[Block, ...]:
    numbered: list[Block] = []
    section_position = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            number = str(next(counters.paragraph)) if block.numbered else ""
            text = _number_inlines(block.text, counters)
            items = _number_sub_items(block.items, 1, counters, block.bullets)
            listed = _number_list(block, number, counters)
            numbered.append(
                dataclasses.replace(block, number=number, text=text, items=items, recommendations=listed)
            )
        elif isinstance(block, Recommendation):
            if block.status == "withdrawn":
                numbered.append(block)
                continue
            series = (
                counters.paragraph
                if report.options.recommendation_style == "paragraphs"
                else counters.recommendation
            )
            number = str(next(series))
            text = _number_inlines(block.text, counters)
            numbered.append(
                dataclasses.replace(
                    block,
                    number=number,
                    text=text,
                    items=_number_sub_items(block.items, 1, counters, block.bullets),
                )
            )
        else:
            section_position += 1
            label = letters(section_position).upper() if block.level == 2 else str(section_position)
            numbered.append(
                dataclasses.replace(
                    block, number=label, blocks=_number_blocks(block.blocks, report, counters)
                )
            )
    return tuple(numbered)


def _lone_subheadings(container_id: str, kind: str, blocks: tuple[Block, ...]) -> Iterator[Diagnostic]:
    sections = [b for b in blocks if isinstance(b, Section)]
    if len(sections) == 1:
        only = sections[0]
        yield Diagnostic(
            "lone-subheading",
            f"{kind} '{container_id}' has a single subsection '{only.id}'",
            only.loc,
            "if there is an A there must be a B: add a second subsection or fold this one into its parent",
        )
    for section in sections:
        yield from _lone_subheadings(section.id, "section", section.blocks)


def _number_agenda(items: tuple[AgendaItem, ...], depth: int) -> tuple[AgendaItem, ...]:
    return tuple(
        dataclasses.replace(
            item,
            number=str(position) if depth == 1 else sub_item_label(depth - 1, position),
            items=_number_agenda(item.items, depth + 1),
        )
        for position, item in enumerate(items, start=1)
    )


def number(report: Report) -> tuple[Report, list[Diagnostic]]:
    """A copy of the report with every number filled in, and the numbering problems found."""
    counters = _Counters()
    chapters: list[Chapter] = []
    # An unnumbered chapter (an introduction before chapter I) takes no numeral and no place in the series.
    numerals = itertools.count(1)
    for chapter in report.chapters:
        counters.recommendation = itertools.count(1)  # recommendations restart in every chapter
        blocks = _number_blocks(chapter.blocks, report, counters)
        numeral = roman(next(numerals)) if chapter.numbered else ""
        chapters.append(dataclasses.replace(chapter, number=numeral, blocks=blocks))
        counters.diagnostics.extend(_lone_subheadings(chapter.id, "chapter", chapter.blocks))
    annexes: list[Chapter] = []
    for position, annex in enumerate(report.annexes, start=1):
        # An annex numbers its paragraphs from 1; footnotes run on from the report's.
        counters.paragraph = itertools.count(1)
        counters.recommendation = itertools.count(1)
        blocks = _number_blocks(annex.blocks, report, counters)
        # A report with one annex calls it "Annex", without a numeral.
        numeral = roman(position) if len(report.annexes) > 1 else ""
        annexes.append(dataclasses.replace(annex, number=numeral, blocks=blocks))
        counters.diagnostics.extend(_lone_subheadings(annex.id, "annex", annex.blocks))
    numbered = dataclasses.replace(
        report, chapters=tuple(chapters), annexes=tuple(annexes), agenda=_number_agenda(report.agenda, 1)
    )
    return numbered, counters.diagnostics
