"""The body: chapters, sections, numbered paragraphs, recommendations, subparagraphs and the agenda.

Numbers come from the model (number.py); this module only lays them out: a paragraph's number at the
column edge followed by a tab, heading numerals hanging left of the column between two tabs, labels of
subparagraphs and agenda lines followed by a tab. Every numbered target gets a bookmark named from its id.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.document import Document
from lxml import etree

from reportkit.house import HouseStyle, house_style
from reportkit.house.style import capitalized
from reportkit.model import (
    BULLET,
    Block,
    Chapter,
    Inlines,
    Paragraph,
    Recommendation,
    Report,
    Section,
    SubItem,
    agenda_lines,
)
from reportkit.writers.docx.bookmarks import Bookmarks
from reportkit.writers.docx.contents import ContentsWriter
from reportkit.writers.docx.footnotes import Footnotes
from reportkit.writers.docx.inlines import InlineContext, append_inlines
from reportkit.writers.docx.layout import Layout, layout_for, twips
from reportkit.writers.docx.ooxml import element, text_run

BODY_STYLE = "SingleTxt"
CHAPTER_STYLE = "HCh"
SECTION_STYLES = {2: "H1", 3: "H23"}
DEEPER_SECTION_STYLE = "H4"
RECOMMENDATION_HEADING_STYLE = "RecHead"
BOLD_RECOMMENDATION_STYLE = "RecBold"
SUB_ITEM_DEPTHS = 4  # SubPara1 … SubPara4; deeper lists reuse the last


@dataclass
class BodyWriter:
    document: Document
    report: Report
    footnotes: Footnotes
    bookmarks: Bookmarks
    style_ids: dict[str, str] = field(default_factory=dict)
    # Page 1 holds only the masthead and title (the house style's cover page): the text starts on page 2.
    break_before_next: bool = False

    @property
    def house(self) -> HouseStyle:
        return house_style(self.report.style)

    @property
    def layout(self) -> Layout:
        return layout_for(self.report.options.paper, style=self.house)

    def _indent(
        self, paragraph: etree._Element, left: float, hanging: float, tab: float, clear: float | None = None
    ) -> None:
        """Lengths a list's paragraphs take beyond their style's (cm from the frame's edge), added after
        pStyle and any pageBreakBefore, where CT_PPr puts tabs and ind; `clear` removes the style's tab
        stop there, which would otherwise catch a label ending just before it."""
        properties = paragraph[0]
        tabs = element("w:tabs")
        stops = sorted([(tab, "left"), *([(clear, "clear")] if clear is not None else [])])
        for position, kind in stops:
            tabs.append(element("w:tab", {"w:val": kind, "w:pos": str(twips(position))}))
        properties.append(tabs)
        first = {"w:hanging": str(twips(hanging))} if hanging else {"w:firstLine": "0"}
        properties.append(element("w:ind", {"w:left": str(twips(left)), **first}))

    def _paragraph(self, style: str) -> etree._Element:
        # python-docx looks a style name up among all styles on every call; look each up once instead.
        # Built directly and placed before the body's closing section properties, as add_paragraph would.
        if style not in self.style_ids:
            self.style_ids[style] = self.document.styles[style].style_id
        properties = element("w:pPr", None, element("w:pStyle", {"w:val": self.style_ids[style]}))
        if self.break_before_next:
            properties.append(element("w:pageBreakBefore"))
            self.break_before_next = False
        paragraph = element("w:p", None, properties)
        self.document.element.body.sectPr.addprevious(paragraph)
        return paragraph

    def _context(self, bold: bool = False) -> InlineContext:
        return InlineContext(
            part=self.document.part,
            footnote_reference=self.footnotes.reference,
            character_style=BOLD_RECOMMENDATION_STYLE if bold else None,
            style=self.house,
        )

    def _heading(self, style: str, number: str, title: str, target_id: str) -> None:
        # Leading tab: the numeral is right-aligned at a tab stop just before the column. An unnumbered
        # chapter's title stands at the column, where the numbered ones' titles do.
        paragraph = self._paragraph(style)
        paragraph.append(text_run(f"\t{number}.\t{title}" if number else f"\t\t{title}"))
        self.bookmarks.wrap(paragraph, target_id)

    def _numbered(self, number: str, text: Inlines, target_id: str, bold: bool = False) -> None:
        paragraph = self._paragraph(BODY_STYLE)
        # An unnumbered paragraph keeps the tab, so that its text starts where numbered paragraphs' do.
        marker = f"{number}.\t" if number else "\t"
        paragraph.append(text_run(marker, BOLD_RECOMMENDATION_STYLE if bold else None))
        append_inlines(paragraph, text, self._context(bold))
        self.bookmarks.wrap(paragraph, target_id)

    def _sub_items(self, items: tuple[SubItem, ...], depth: int = 1, bold: bool = False) -> None:
        for item in items:
            paragraph = self._paragraph(f"SubPara{min(depth, SUB_ITEM_DEPTHS)}")
            if item.label == BULLET:
                # A bullet hangs before its text, whose later lines align with it.
                layout = self.layout
                text_at = layout.column_indent + layout.bullet_indent + (depth - 1) * layout.sub_item_step
                self._indent(paragraph, text_at, layout.bullet_hanging, text_at)
            paragraph.append(text_run(f"{item.label}\t", BOLD_RECOMMENDATION_STYLE if bold else None))
            append_inlines(paragraph, item.text, self._context(bold))
            if item.id:
                self.bookmarks.wrap(paragraph, item.id)
            self._sub_items(item.items, depth + 1, bold)

    def _agenda(self) -> None:
        """The adopted agenda as a nested list, each line a bookmark target for "item 2" references."""
        ids = [item.id for top in self.report.agenda for item in (top, *top.items)]
        for (depth, number, text), item_id in zip(agenda_lines(self.report.agenda), ids, strict=True):
            paragraph = self._paragraph(f"Agenda{depth + 1}")
            paragraph.append(text_run(f"{number}\t{text}"))
            self.bookmarks.wrap(paragraph, item_id)

    def _recommendation(self, recommendation: Recommendation) -> None:
        if recommendation.status == "withdrawn":
            return
        bold = self.report.options.recommendations_bold
        if self.report.options.recommendation_style == "paragraphs":
            self._numbered(recommendation.number, recommendation.text, recommendation.id, bold)
        else:
            heading = self._paragraph(RECOMMENDATION_HEADING_STYLE)
            heading.append(text_run(self.house.recommendation_heading(recommendation.number)))
            self.bookmarks.wrap(heading, recommendation.id)
            paragraph = self._paragraph(BODY_STYLE)
            append_inlines(paragraph, recommendation.text, self._context(bold))
        self._sub_items(recommendation.items, bold=bold)

    def _listed(self, paragraph: Paragraph) -> None:
        """A paragraph's recommendations, laid out as its subparagraphs are ("121.1", a tab, the text)
        and followed by who made them: "(France) (Lithuania);" (A/HRC/43/15)."""
        published = [r for r in paragraph.recommendations if r.status != "withdrawn"]
        for position, recommendation in enumerate(published, start=1):
            item = self._paragraph("SubPara1")
            layout = self.layout
            left = layout.column_indent + layout.listed_indent
            style_tab = layout.column_indent + layout.sub_item_first_line + layout.sub_item_label_width
            self._indent(item, left, 0, left + layout.listed_label_width, clear=style_tab)
            item.append(text_run(f"{recommendation.label}\t"))
            # The issued lists print the text bold (option recommendations_bold), the number plain.
            bold = self.report.options.recommendations_bold
            append_inlines(item, recommendation.text, self._context(bold))
            together = self.report.options.states_together
            ending = self.house.listed_ending(recommendation.by, position == len(published), together)
            item.append(text_run(ending, BOLD_RECOMMENDATION_STYLE if bold else None))
            self.bookmarks.wrap(item, recommendation.id)
            self._sub_items(recommendation.items, depth=2)

    def block(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            self._numbered(block.number, block.text, block.id)
            if block.show_agenda:
                self._agenda()
            self._sub_items(block.items)
            self._listed(block)
        elif isinstance(block, Recommendation):
            self._recommendation(block)
        elif isinstance(block, Section):
            style = SECTION_STYLES.get(block.level, DEEPER_SECTION_STYLE)
            self._heading(style, block.number, block.title, block.id)
            for child in block.blocks:
                self.block(child)

    def annex(self, annex: Chapter) -> None:
        """An annex starts on a new page: "Annex I" over its title, both as chapter headings."""
        self.break_before_next = True
        heading = self._paragraph(CHAPTER_STYLE)
        # "Annex" stands at the frame's edge, where heading numerals hang; the title at the column.
        heading.append(text_run(self.house.annex_heading(annex.number)))
        self.bookmarks.wrap(heading, annex.id)
        self._paragraph(CHAPTER_STYLE).append(text_run(f"\t\t{annex.title}"))
        for block in annex.blocks:
            self.block(block)

    def chapter(self, chapter: Chapter) -> None:
        self._heading(CHAPTER_STYLE, chapter.number, chapter.title, chapter.id)
        if chapter.title_footnote:
            heading = self.document.element.body.sectPr.getprevious()
            # The mark follows the heading's text (and the end of the bookmark around it).
            heading.append(
                self.footnotes.marked_reference(chapter.title_footnote, self.footnotes.next_mark())
            )
        for block in chapter.blocks:
            self.block(block)


def write_body(document: Document, report: Report, footnotes: Footnotes, bookmarks: Bookmarks) -> None:
    writer = BodyWriter(document, report, footnotes, bookmarks)
    writer.break_before_next = writer.house.cover_page
    if report.options.contents:
        # "Contents" stands at the frame's edge, as "Annex" does; the text starts on the next page.
        heading = writer._paragraph(CHAPTER_STYLE)
        several = len(report.annexes) > 1  # "Annexes" over several (English plural)
        annexes = capitalized(writer.house.annex_word) + ("es" if several else "")
        ContentsWriter(report, writer.layout, writer._paragraph).write(heading, annexes)
        writer.break_before_next = True
    for chapter in report.chapters:
        writer.chapter(chapter)
    for annex in report.annexes:
        writer.annex(annex)
