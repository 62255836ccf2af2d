"""Cross-references by stable id → their targets, rendered the way the UN writes them.

`resolve(report)` runs after numbering. It indexes every referenceable node (reporting duplicate ids
with both places), checks the themes and agenda items that recommendations name, and fills in every
`Reference.rendered`: "recommendation 27", "recommendations 9–11", "chapters I, II, IV and V",
"section III.B", "item 2", or a title taken from where it is defined.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeVar

from reportkit.diagnostics import Diagnostic, SourceLoc, closest_hint
from reportkit.house import HouseStyle, house_style
from reportkit.model import (
    BULLET,
    AgendaItem,
    Block,
    Footnote,
    Inlines,
    Paragraph,
    Recommendation,
    Reference,
    RefPart,
    Report,
    Section,
    SubItem,
    Target,
    TargetKind,
    walk_blocks,
)

_WithText = TypeVar("_WithText", Paragraph, Recommendation)
TITLED_KINDS: tuple[TargetKind, ...] = ("chapter", "annex", "section", "agenda-item")


@dataclass(frozen=True, slots=True)
class _Indexed:
    target: Target
    order: int  # position in the document, for ranges
    withdrawn: bool = False


class _Index:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.by_id: dict[str, _Indexed] = {}
        self.ordered: list[Target] = []
        self.diagnostics: list[Diagnostic] = []
        self.style: HouseStyle = house_style(report.style)
        self.recommendation_noun = (
            self.style.paragraph_word
            if report.options.recommendation_style == "paragraphs"
            else self.style.recommendation_word
        )

    def add(self, target: Target, withdrawn: bool = False) -> None:
        existing = self.by_id.get(target.id)
        if existing:
            self.diagnostics.append(
                Diagnostic(
                    "duplicate-id",
                    f"duplicate id '{target.id}': already used by {existing.target.label}",
                    target.loc,
                    "ids must be unique across the whole report; choose another one",
                    related=(existing.target.loc,),
                )
            )
            return
        self.by_id[target.id] = _Indexed(target, len(self.by_id), withdrawn)
        if not withdrawn:
            self.ordered.append(target)

    def add_sub_items(
        self, items: tuple[SubItem, ...], parent_number: str, chapter_id: str, noun: str, where: str = ""
    ) -> None:
        for item in items:
            # A bullet has no label to cite: its target has no number, and citing it is an error.
            number = "" if item.label == BULLET else f"{parent_number} {item.label}"
            if item.id:
                self.add(
                    Target(
                        item.id,
                        "subparagraph",
                        number,
                        f"{noun} {number}{where}" if number else f"a bulleted item of {noun} {parent_number}",
                        chapter_id=chapter_id,
                        where=where,
                        loc=item.loc,
                    )
                )
            self.add_sub_items(item.items, number or parent_number, chapter_id, noun, where)

    def add_recommendation(self, block: Recommendation, chapter_id: str, noun: str, where: str = "") -> None:
        label = f"{noun} {block.number}{where}" if block.number else "a withdrawn recommendation"
        self.add(
            Target(
                block.id,
                "recommendation",
                block.number,
                label,
                chapter_id=chapter_id,
                where=where,
                loc=block.loc,
            ),
            withdrawn=block.status == "withdrawn",
        )
        self.add_sub_items(block.items, block.number, chapter_id, noun, where)

    def add_blocks(
        self,
        blocks: tuple[Block, ...],
        chapter_number: str,
        section_number: str,
        chapter_id: str,
        where: str = "",
    ) -> None:
        """Index the blocks of a chapter, or of an annex: then `where` (" of annex I") follows every
        number, since an annex numbers its paragraphs from 1 and its sections from A."""
        for block in blocks:
            if isinstance(block, Paragraph):
                noun = self.style.paragraph_word
                self.add(
                    Target(
                        block.id,
                        "paragraph",
                        block.number,
                        f"{noun} {block.number}{where}",
                        chapter_id=chapter_id,
                        where=where,
                        loc=block.loc,
                    )
                )
                self.add_sub_items(block.items, block.number, chapter_id, noun, where)
                for listed in block.recommendations:
                    # "recommendation 121.14", whatever the report's recommendation_style.
                    self.add_recommendation(listed, chapter_id, self.style.recommendation_word, where)
            elif isinstance(block, Recommendation):
                self.add_recommendation(block, chapter_id, self.recommendation_noun, where)
            else:
                prefix = section_number or chapter_number
                number = f"{prefix}.{block.number}" if prefix else block.number
                self.add(
                    Target(
                        block.id,
                        "section",
                        number,
                        f"{self.style.section_word} {number}{where}",
                        block.title,
                        chapter_id=chapter_id,
                        where=where,
                        loc=block.loc,
                    )
                )
                self.add_blocks(block.blocks, chapter_number, number, chapter_id, where)

    def add_agenda(self, items: tuple[AgendaItem, ...], parent_number: str = "") -> None:
        for item in items:
            number = f"{parent_number} {item.number}" if parent_number else item.number
            label = f"{self.style.agenda_item_word} {number}"
            self.add(Target(item.id, "agenda-item", number, label, item.title, loc=item.loc))
            self.add_agenda(item.items, number)


def _join(parts: list[list[RefPart]]) -> list[RefPart]:
    """UN enumeration: "I", "I and II", "I, II, IV and V" (no serial comma)."""
    joined: list[RefPart] = []
    for position, part in enumerate(parts):
        if position == len(parts) - 1 and position > 0:
            joined.append(RefPart(" and "))
        elif position > 0:
            joined.append(RefPart(", "))
        joined.extend(part)
    return joined


class _Resolver:
    def __init__(self, index: _Index) -> None:
        self.index = index
        self.diagnostics = index.diagnostics
        self.current_block: str | None = None

    def unknown(self, target_id: str, loc: SourceLoc) -> None:
        if self.index.report.incomplete & {"blocks", "agenda"}:
            return  # the target may be in a file that could not be read; that file's error is reported
        known = list(self.index.by_id)
        self.diagnostics.append(
            Diagnostic(
                "unknown-ref",
                f"no chapter, section, paragraph, recommendation or agenda item '{target_id}'",
                loc,
                closest_hint(target_id, known) or "check the id where the target is defined",
            )
        )

    def render(self, reference: Reference) -> Reference:
        found: list[Target] = []
        for target_id in reference.targets:
            entry = self.index.by_id.get(target_id)
            if entry is None:
                self.unknown(target_id, reference.loc)
            elif entry.withdrawn:
                self.diagnostics.append(
                    Diagnostic(
                        "wrong-kind-ref",
                        f"'{target_id}' is a withdrawn recommendation",
                        reference.loc,
                        "refer to a recommendation that stays in the report, or restore its status",
                    )
                )
            elif target_id == self.current_block:
                self.diagnostics.append(
                    Diagnostic(
                        "self-ref",
                        f"'{target_id}' refers to itself",
                        reference.loc,
                        "write 'the present paragraph' or 'this recommendation' instead",
                    )
                )
            else:
                found.append(entry.target)
        if len(found) != len(reference.targets):
            return reference
        kinds = {target.kind for target in found}
        if len(kinds) > 1:
            self.diagnostics.append(
                Diagnostic(
                    "wrong-kind-ref",
                    f"[[{', '.join(reference.targets)}]] mixes {' and '.join(sorted(kinds))}",
                    reference.loc,
                    "one reference lists targets of one kind; write two references",
                )
            )
            return reference
        kind = found[0].kind
        if reference.form == "title":
            if kind not in TITLED_KINDS or len(found) != 1:
                self.diagnostics.append(
                    Diagnostic(
                        "wrong-kind-ref",
                        f"[[{reference.targets[0]}|title]]: a {found[0].label} has no title",
                        reference.loc,
                        "the title form is for one agenda item, chapter or section",
                    )
                )
                return reference
            return dataclasses.replace(reference, rendered=(RefPart(found[0].title, found[0].id),))
        if kind == "annex" and len(found) == 1 and not found[0].number and reference.form != "number":
            # A report's only annex is "the annex".
            label = found[0].label
            return dataclasses.replace(
                reference,
                rendered=(
                    RefPart(label[:1].upper() + label[1:] if reference.form == "cap" else label, found[0].id),
                ),
            )
        unnumbered = next((t for t in found if not t.number), None)
        if unnumbered is not None:
            self.diagnostics.append(
                Diagnostic(
                    "wrong-kind-ref",
                    f"'{unnumbered.id}' has no number to cite",
                    reference.loc,
                    f"refer to it by its title: [[{unnumbered.id}|title]]"
                    if unnumbered.kind in TITLED_KINDS
                    else "the paragraph has `numbered: false`: number it, or cite the chapter or annex"
                    if unnumbered.kind == "paragraph"
                    else "a bulleted item has no label: cite the paragraph it belongs to, or letter the list",
                )
            )
            return reference
        if reference.is_range:
            first, last = (self.index.by_id[t] for t in reference.targets)
            if first.order >= last.order:
                self.diagnostics.append(
                    Diagnostic(
                        "wrong-kind-ref",
                        f"range [[{'..'.join(reference.targets)}]] runs backwards",
                        reference.loc,
                        "name the earlier target first",
                    )
                )
                return reference
            numbers = [
                RefPart(found[0].number, found[0].id),
                RefPart("–"),
                RefPart(found[1].number, found[1].id),
                *([RefPart(found[1].where)] if found[1].where else []),
            ]
        else:
            numbers = _join(
                [[RefPart(t.number, t.id), *([RefPart(t.where)] if t.where else [])] for t in found]
            )
        if reference.form == "number":
            return dataclasses.replace(reference, rendered=tuple(numbers))
        # The noun is the one the target's own label uses ("recommendation 46 (a)" for a subparagraph of a
        # recommendation, "paragraph 12" for a recommendation in a report that numbers them as paragraphs).
        singular = found[0].label.removesuffix(found[0].where).removesuffix(found[0].number).strip()
        plural = singular + "s"
        noun = plural if reference.is_range or len(found) > 1 else singular
        if reference.form == "cap":
            noun = noun[:1].upper() + noun[1:]
        return dataclasses.replace(reference, rendered=(RefPart(noun + " "), *numbers))

    def inlines(self, inlines: Inlines) -> Inlines:
        resolved = []
        for inline in inlines:
            if isinstance(inline, Reference):
                inline = self.render(inline)
            elif isinstance(inline, Footnote):
                inline = dataclasses.replace(inline, content=self.inlines(inline.content))
            resolved.append(inline)
        return tuple(resolved)

    def sub_items(self, items: tuple[SubItem, ...]) -> tuple[SubItem, ...]:
        return tuple(
            dataclasses.replace(i, text=self.inlines(i.text), items=self.sub_items(i.items)) for i in items
        )

    def blocks(self, blocks: tuple[Block, ...]) -> tuple[Block, ...]:
        resolved: list[Block] = []
        for block in blocks:
            if isinstance(block, Section):
                resolved.append(dataclasses.replace(block, blocks=self.blocks(block.blocks)))
                continue
            resolved.append(self.block(block))
        return tuple(resolved)

    def block(self, block: Paragraph | Recommendation) -> Paragraph | Recommendation:
        if isinstance(block, Paragraph):
            listed = tuple(self.recommendation(r) for r in block.recommendations)
            return dataclasses.replace(self._texts(block), recommendations=listed)
        return self.recommendation(block)

    def recommendation(self, recommendation: Recommendation) -> Recommendation:
        return self._texts(recommendation)

    def _texts(self, block: _WithText) -> _WithText:
        """The block with its text and subparagraphs resolved; it may not cite itself."""
        self.current_block = block.id
        resolved = dataclasses.replace(
            block, text=self.inlines(block.text), items=self.sub_items(block.items)
        )
        self.current_block = None
        return resolved


def _check_recommendation_fields(report: Report, index: _Index) -> Iterator[Diagnostic]:
    theme_ids = [theme.id for theme in report.themes]
    agenda_ids = [t.id for t in index.ordered if t.kind == "agenda-item"]
    seen_themes: dict[str, SourceLoc] = {}
    for theme in report.themes:
        if theme.id in seen_themes:
            yield Diagnostic(
                "duplicate-id",
                f"duplicate theme '{theme.id}'",
                theme.loc,
                "each theme is listed once in themes.yaml",
                related=(seen_themes[theme.id],),
            )
        seen_themes.setdefault(theme.id, theme.loc)
    # Both files are optional: without one, say where it is named.
    theme_hint = (
        "add it to themes.yaml"
        if report.themes
        else "name a themes file in report.yaml (themes: themes.yaml) and add it there"
    )
    agenda_hint = (
        "see agenda.yaml"
        if report.agenda
        else "name an agenda file in report.yaml (agenda: agenda.yaml) and add it there"
    )
    for chapter in (*report.chapters, *report.annexes):
        for block in walk_blocks(chapter.blocks):
            if isinstance(block, Recommendation):
                for theme in block.themes:
                    if theme not in theme_ids and "themes" not in report.incomplete:
                        yield Diagnostic(
                            "unknown-theme",
                            f"recommendation '{block.id}' names unknown theme '{theme}'",
                            block.loc,
                            closest_hint(theme, theme_ids) or theme_hint,
                        )
            if (
                isinstance(block, Recommendation | Section)
                and block.agenda_item
                and block.agenda_item not in agenda_ids
                and "agenda" not in report.incomplete
            ):
                yield Diagnostic(
                    "unknown-agenda-item",
                    f"{'recommendation' if isinstance(block, Recommendation) else 'section'} "
                    f"'{block.id}' names unknown agenda item '{block.agenda_item}'",
                    block.loc,
                    closest_hint(block.agenda_item, agenda_ids) or agenda_hint,
                )


def resolve(report: Report) -> tuple[Report, list[Diagnostic]]:
    """A copy of the numbered report with every reference rendered and its targets listed."""
    index = _Index(report)
    index.add_agenda(report.agenda)
    for chapter in report.chapters:
        index.add(
            Target(
                chapter.id,
                "chapter",
                chapter.number,
                f"{index.style.chapter_word} {chapter.number}" if chapter.number else chapter.title,
                chapter.title,
                chapter_id=chapter.id,
                loc=chapter.loc,
            )
        )
        index.add_blocks(chapter.blocks, chapter.number, "", chapter.id)
    for annex in report.annexes:
        label = (
            f"{index.style.annex_word} {annex.number}" if annex.number else f"the {index.style.annex_word}"
        )
        where = f" of {label}"
        index.add(
            Target(annex.id, "annex", annex.number, label, annex.title, chapter_id=annex.id, loc=annex.loc)
        )
        index.add_blocks(annex.blocks, "", "", annex.id, where)
    resolver = _Resolver(index)
    chapters = tuple(dataclasses.replace(c, blocks=resolver.blocks(c.blocks)) for c in report.chapters)
    annexes = tuple(dataclasses.replace(a, blocks=resolver.blocks(a.blocks)) for a in report.annexes)
    diagnostics = [*index.diagnostics, *_check_recommendation_fields(report, index)]
    resolved = dataclasses.replace(report, chapters=chapters, annexes=annexes, targets=tuple(index.ordered))
    return resolved, diagnostics
