"""One page per chapter: the report's text as the UN prints it, with numbers in the margin and links."""

from __future__ import annotations

from reportkit.house import HouseStyle, house_style
from reportkit.house.style import capitalized
from reportkit.model import Block, Chapter, Paragraph, Recommendation, Report, Section
from reportkit.writers.site.links import RECOMMENDATIONS, SiteMap, chapter_page
from reportkit.writers.site.markup import anchor, block_attributes, front_matter, line, link, text
from reportkit.writers.site.render import PageRenderer


def recommendation_title(report: Report, recommendation: Recommendation) -> str:
    """How the report names a recommendation: "Recommendation 12", or "Paragraph 12" in the older style."""
    style = house_style(report.style)
    if report.options.recommendation_style == "paragraphs":
        return f"{capitalized(style.paragraph_word)} {recommendation.number}"
    return style.recommendation_heading(recommendation.number)


def status_badge(status: str) -> str:
    return f'<span class="rk-status rk-status-{anchor(status)}">{text(status.capitalize())}</span>'


def heading(level: int, title_markdown: str, target_id: str, *classes: str) -> str:
    attributes = " ".join([f"#{anchor(target_id)}", *(f".{name}" for name in classes)])
    return f"{'#' * min(level, 6)} {title_markdown} {{ {attributes} }}"


class ChapterWriter:
    def __init__(self, report: Report, site_map: SiteMap, chapter: Chapter) -> None:
        self.report = report
        self.chapter = chapter
        self.page = chapter_page(chapter.id)
        self.renderer = PageRenderer(report, site_map, self.page, frozenset())

    def write(self) -> str:
        chapter = self.chapter
        title = HouseStyle.numbered_title(chapter.number, chapter.title)
        if chapter.annex:
            title = f"{house_style(self.report.style).annex_heading(chapter.number)}: {chapter.title}"
        lines = [*front_matter(title), heading(1, text(title), chapter.id), ""]
        for block in chapter.blocks:
            lines.extend(self.block(block, 2))
        lines.extend(self.renderer.footnote_lines())
        return "\n".join(lines).rstrip() + "\n"

    def block(self, block: Block, level: int) -> list[str]:
        if isinstance(block, Paragraph):
            return self.paragraph(block)
        if isinstance(block, Recommendation):
            return self.recommendation(block, level)
        return self.section(block, level)

    def paragraph(self, paragraph: Paragraph) -> list[str]:
        renderer = self.renderer
        if paragraph.number:
            lines = renderer.numbered(
                f"{paragraph.number}.", paragraph.id, renderer.inlines(paragraph.text), "rk-paragraph"
            )
        else:
            body = renderer.inlines(paragraph.text)
            lines = [line(body), block_attributes(anchor(paragraph.id), "rk-paragraph", "rk-unnumbered"), ""]
        if paragraph.show_agenda:
            lines.extend(renderer.agenda())
        return lines + renderer.sub_items(paragraph.items) + self.listed(paragraph)

    def listed(self, paragraph: Paragraph) -> list[str]:
        """A paragraph's recommendations, "121.1 … (France) (Lithuania);", as the report prints them."""
        style = house_style(self.report.style)
        published = [r for r in paragraph.recommendations if r.status != "withdrawn"]
        lines: list[str] = []
        for position, listed in enumerate(published, start=1):
            together = self.report.options.states_together
            ending = text(style.listed_ending(listed.by, position == len(published), together))
            body = self.renderer.inlines(listed.text) + ending
            lines.extend(self.renderer.numbered(listed.label, listed.id, body, "rk-paragraph"))
            lines.extend(self.renderer.sub_items(listed.items))
        return lines

    def section(self, section: Section, level: int) -> list[str]:
        lines = [heading(level, text(f"{section.number}. {section.title}"), section.id), ""]
        for child in section.blocks:
            lines.extend(self.block(child, level + 1))
        return lines

    def recommendation(self, recommendation: Recommendation, level: int) -> list[str]:
        if recommendation.status == "withdrawn":  # kept in the drafts, never published
            return []
        renderer = self.renderer
        body = renderer.inlines(recommendation.text)
        if self.report.options.recommendation_style == "paragraphs":
            lines = renderer.numbered(f"{recommendation.number}.", recommendation.id, body, "rk-paragraph")
        else:
            classes = ["rk-recommendation-text"] + (
                ["rk-bold"] if self.report.options.recommendations_bold else []
            )
            title = text(recommendation_title(self.report, recommendation))
            lines = [heading(level, title, recommendation.id, "rk-recommendation"), ""]
            lines.extend([line(body), block_attributes(None, *classes), ""])
        lines.extend(renderer.sub_items(recommendation.items))
        details = link(
            "Status, themes and references", renderer.to_page(RECOMMENDATIONS, anchor(recommendation.id))
        )
        lines.extend(
            [f"{status_badge(recommendation.status)} {details}", block_attributes(None, "rk-meta"), ""]
        )
        return lines


def write_chapter_page(report: Report, site_map: SiteMap, chapter: Chapter) -> str:
    return ChapterWriter(report, site_map, chapter).write()
