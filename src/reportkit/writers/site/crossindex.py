"""Who refers to what: the reverse of the cross-references, for the recommendations and agenda pages.

A paragraph refers to a target when its text, its subparagraphs or its footnotes hold a reference to it.
A range `[[first..last]]` refers to everything between its ends, in document order. A reference to a
subparagraph of a recommendation counts as a reference to the recommendation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from reportkit.model import (
    Block,
    Chapter,
    Footnote,
    Inlines,
    Paragraph,
    Recommendation,
    Reference,
    Report,
    Section,
    SubItem,
    Target,
    published_recommendations,
    walk_sub_items,
)


@dataclass(frozen=True, slots=True)
class ParagraphPlace:
    """A numbered paragraph with the chapter and the innermost section it is in."""

    paragraph: Paragraph
    chapter: Chapter
    section: Section | None


@dataclass(frozen=True, slots=True)
class SectionPlace:
    section: Section
    chapter: Chapter
    paragraphs: tuple[Paragraph, ...]  # every numbered paragraph in the section, subsections included


@dataclass
class CrossIndex:
    paragraphs: list[ParagraphPlace] = field(default_factory=list)
    # target id → the paragraphs that refer to it, in reading order, each once
    citing_paragraphs: dict[str, list[ParagraphPlace]] = field(default_factory=dict)
    # recommendation id and ids of its subparagraphs → recommendation id
    recommendation_of: dict[str, str] = field(default_factory=dict)
    # recommendation id → its chapter and the innermost section it is in
    home_of_recommendation: dict[str, tuple[Chapter, Section | None]] = field(default_factory=dict)
    # agenda item id → the sections given that item (`agenda_item:` on the section)
    sections_for_item: dict[str, list[SectionPlace]] = field(default_factory=dict)

    def citations_of_recommendation(self, recommendation_id: str) -> list[ParagraphPlace]:
        """The paragraphs that refer to a recommendation or to one of its subparagraphs."""
        keys = [key for key, owner in self.recommendation_of.items() if owner == recommendation_id]
        citing = {place.paragraph.id for key in keys for place in self.citing_paragraphs.get(key, [])}
        return [place for place in self.paragraphs if place.paragraph.id in citing]


def referenced_ids(inlines: Inlines, ranges: _Ranges) -> Iterator[str]:
    for inline in inlines:
        if isinstance(inline, Reference):
            if inline.is_range and len(inline.targets) == 2:
                yield from ranges.expand(inline.targets[0], inline.targets[1])
            else:
                yield from inline.targets
        elif isinstance(inline, Footnote):
            yield from referenced_ids(inline.content, ranges)


class _Ranges:
    """Document order of the targets, to list what a range `[[first..last]]` spans."""

    def __init__(self, targets: tuple[Target, ...]) -> None:
        self.targets = targets
        self.position = {target.id: index for index, target in enumerate(targets)}

    def expand(self, first: str, last: str) -> list[str]:
        if first not in self.position or last not in self.position:
            return [first, last]
        kind = self.targets[self.position[first]].kind
        span = self.targets[self.position[first] : self.position[last] + 1]
        return [target.id for target in span if target.kind == kind]


def _paragraph_ids(paragraph: Paragraph, ranges: _Ranges) -> set[str]:
    ids = set(referenced_ids(paragraph.text, ranges))
    for item in walk_sub_items(paragraph.items):
        ids.update(referenced_ids(item.text, ranges))
    return ids


def _sub_item_ids(items: tuple[SubItem, ...]) -> Iterator[str]:
    return (item.id for item in walk_sub_items(items) if item.id)


class _Builder:
    def __init__(self, report: Report) -> None:
        self.index = CrossIndex()
        self.ranges = _Ranges(report.targets)
        self.published = {recommendation.id for recommendation in published_recommendations(report)}

    def recommendation(self, block: Recommendation, chapter: Chapter, section: Section | None) -> None:
        if block.id not in self.published:
            return
        for key in (block.id, *_sub_item_ids(block.items)):
            self.index.recommendation_of[key] = block.id
        self.index.home_of_recommendation[block.id] = (chapter, section)

    def walk(self, blocks: tuple[Block, ...], chapter: Chapter, section: Section | None) -> list[Paragraph]:
        """Index the blocks; return the numbered paragraphs among them, for the section above."""
        paragraphs: list[Paragraph] = []
        for block in blocks:
            if isinstance(block, Paragraph):
                place = ParagraphPlace(block, chapter, section)
                self.index.paragraphs.append(place)
                paragraphs.append(block)
                for target_id in sorted(_paragraph_ids(block, self.ranges)):
                    self.index.citing_paragraphs.setdefault(target_id, []).append(place)
                for listed in block.recommendations:  # the UPR's "121.1 …" inside the paragraph
                    self.recommendation(listed, chapter, section)
            elif isinstance(block, Recommendation):
                self.recommendation(block, chapter, section)
            else:
                inner = self.walk(block.blocks, chapter, block)
                if block.agenda_item:
                    place = SectionPlace(block, chapter, tuple(inner))
                    self.index.sections_for_item.setdefault(block.agenda_item, []).append(place)
                paragraphs.extend(inner)
        return paragraphs


def build_cross_index(report: Report) -> CrossIndex:
    builder = _Builder(report)
    for chapter in report.chapters:
        builder.walk(chapter.blocks, chapter, None)
    return builder.index
