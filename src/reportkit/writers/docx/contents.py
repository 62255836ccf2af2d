"""The Contents page (option `contents`), as A/HRC/14/15 and A/HRC/28/15 open: each chapter and section
with the paragraphs it holds and the page it starts on, then each annex with its page.

The paragraph ranges are reportkit's (it numbered the paragraphs); the pages are PAGEREF fields to the
headings' bookmarks, which Word and LibreOffice compute when they lay the pages out, since only they know
where pages break. The cached result is left empty rather than guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from docx.oxml.ns import qn
from lxml import etree

from reportkit.model import Block, Chapter, Paragraph, Recommendation, Report, Section
from reportkit.writers.docx.bookmarks import bookmark_name
from reportkit.writers.docx.fields import field_runs
from reportkit.writers.docx.layout import Layout, twips
from reportkit.writers.docx.ooxml import element, text_run

TITLE = "Contents"
# Where the columns stand, in cm from the frame's right edge [M: A/HRC/28/15, page 2]: the dots end,
# then the paragraphs stand right-aligned, then the page at the edge.
LEADER_FROM_RIGHT = 2.6
PARAGRAPHS_FROM_RIGHT = 1.3
# A section's title after its letter [M].
SECTION_TITLE_STEP = 0.75
# The column heads are small italics [M: A/HRC/28/15, page 2].
HEAD_SIZE_HALF_POINTS = "16"


def _numbers(blocks: tuple[Block, ...], report: Report) -> Iterator[str]:
    """The numbers of the numbered paragraphs in `blocks`, in order (recommendations too, where they
    are numbered as paragraphs)."""
    as_paragraphs = report.options.recommendation_style == "paragraphs"
    for block in blocks:
        numbered = isinstance(block, Paragraph) or (isinstance(block, Recommendation) and as_paragraphs)
        if numbered and block.number:
            yield block.number
        elif isinstance(block, Section):
            yield from _numbers(block.blocks, report)


# CT_Settings children that come after updateFields, in schema order: it goes before the first present.
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
                        "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                        "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
                        "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
                        "decimalSymbol", "listSeparator")  # fmt: skip


def ask_to_update_fields(settings: etree._Element) -> None:
    """Word shows a field's cached result until it updates it; with updateFields it offers to on
    opening, so the Contents page's pages are Word's own (LibreOffice computes them anyway)."""
    later = next(
        (node for tag in _AFTER_UPDATE_FIELDS if (node := settings.find(qn(f"w:{tag}"))) is not None), None
    )
    flag = element("w:updateFields", {"w:val": "true"})
    if later is None:
        settings.append(flag)
    else:
        later.addprevious(flag)


def paragraph_range(blocks: tuple[Block, ...], report: Report) -> str:
    """ "5–110", "113" for one paragraph, "" for none."""
    numbers = list(_numbers(blocks, report))
    if not numbers:
        return ""
    return numbers[0] if numbers[0] == numbers[-1] else f"{numbers[0]}\u2013{numbers[-1]}"


class ContentsWriter:
    """Writes the page through `add`, which makes a paragraph of a style at the body's end."""

    def __init__(self, report: Report, layout: Layout, add: Callable[[str], etree._Element]) -> None:
        self.report = report
        self.layout = layout
        self.add = add

    def _line(self, tabs: list[tuple[str, float, str]], left: float, hanging: float) -> etree._Element:
        """A paragraph of the page: its own tab stops (kind, cm, leader), indents and left alignment."""
        paragraph = self.add("SingleTxt")
        properties = paragraph[0]
        stops = element("w:tabs")
        # SingleTxt's own stop (a paragraph number's tab) would catch the first tab of a line.
        style_stop = self.layout.column_indent + self.layout.paragraph_number_tab
        if all(abs(position - style_stop) > 0.01 for _, position, _ in tabs):
            tabs = [*tabs, ("clear", style_stop, "")]
        for kind, position, leader in sorted(tabs, key=lambda stop: stop[1]):
            attributes = {"w:val": kind, "w:pos": str(twips(position))}
            if leader:
                attributes["w:leader"] = leader
            stops.append(element("w:tab", attributes))
        properties.append(stops)
        properties.append(element("w:ind", {"w:left": str(twips(left)), "w:right": "0",
                                            "w:hanging": str(twips(hanging))}))  # fmt: skip
        properties.append(element("w:jc", {"w:val": "left"}))
        return paragraph

    def _columns(self) -> list[tuple[str, float, str]]:
        frame = self.layout.frame_width
        return [
            ("left", frame - LEADER_FROM_RIGHT, "dot"),
            ("right", frame - PARAGRAPHS_FROM_RIGHT, ""),
            ("right", frame, ""),
        ]

    def _entry(self, marker: str, title: str, target_id: str, paragraphs: str, level: int) -> None:
        column = self.layout.column_indent
        if level == 1:  # the numeral hanging before the column, as in the chapter headings
            tabs = [("right", column - self.layout.heading_numeral_gap, ""), ("left", column, "")]
        else:  # the letter at the column, the title one step in
            tabs = [("left", column, ""), ("left", column + SECTION_TITLE_STEP, "")]
        paragraph = self._line(tabs + self._columns(), column, column)
        paragraph.append(text_run(f"\t{marker}\t{title}\t\t{paragraphs}\t"))
        paragraph.extend(field_runs(f"PAGEREF {bookmark_name(target_id)} \\h", ""))

    def _heads(self) -> None:
        paragraph = self._line([("right", self.layout.frame_width - PARAGRAPHS_FROM_RIGHT, ""),
                                ("right", self.layout.frame_width, "")], 0, 0)  # fmt: skip
        run = text_run("\tParagraphs\tPage")
        run.insert(
            0, element("w:rPr", None, element("w:i"), element("w:sz", {"w:val": HEAD_SIZE_HALF_POINTS}))
        )
        paragraph.append(run)

    def _chapter(self, chapter: Chapter) -> None:
        marker = f"{chapter.number}." if chapter.number else ""
        self._entry(marker, chapter.title, chapter.id, paragraph_range(chapter.blocks, self.report), 1)
        for block in chapter.blocks:
            if isinstance(block, Section):
                paragraphs = paragraph_range(block.blocks, self.report)
                self._entry(f"{block.number}.", block.title, block.id, paragraphs, 2)

    def write(self, heading: etree._Element, annex_heading: str) -> None:
        """`heading` is the page's "Contents" paragraph, already made; `annex_heading` "Annex" or
        "Annexes", as the annexes are named."""
        heading.append(text_run(TITLE))
        self._heads()
        for chapter in self.report.chapters:
            self._chapter(chapter)
        if not self.report.annexes:
            return
        self._line([], 0, 0).append(text_run(annex_heading))
        for annex in self.report.annexes:  # titled at the column, as chapters are; no paragraphs given
            self._entry(f"{annex.number}." if annex.number else "", annex.title, annex.id, "", 1)
