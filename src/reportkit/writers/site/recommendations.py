"""The recommendations page: every published recommendation with its status, themes, agenda item and
the paragraphs of the report that refer to it. Each one's anchor is its stable id, the link to send out."""

from __future__ import annotations

from itertools import groupby

from reportkit.house import HouseStyle, house_style
from reportkit.house.style import capitalized
from reportkit.model import Chapter, Recommendation, Report, Section, published_recommendations
from reportkit.writers.site.chapters import heading, recommendation_title, status_badge
from reportkit.writers.site.crossindex import CrossIndex, ParagraphPlace
from reportkit.writers.site.links import AGENDA, RECOMMENDATIONS, THEMES, SiteMap, chapter_page
from reportkit.writers.site.markup import anchor, block_attributes, front_matter, line, link, text
from reportkit.writers.site.render import PageRenderer


def enumerate_un(pieces: list[str]) -> str:
    """UN enumeration, without the serial comma: "a", "a and b", "a, b and c"."""
    if len(pieces) <= 1:
        return "".join(pieces)
    return f"{', '.join(pieces[:-1])} and {pieces[-1]}"


class RecommendationsWriter:
    def __init__(self, report: Report, site_map: SiteMap, index: CrossIndex) -> None:
        self.report = report
        self.index = index
        self.recommendations = list(published_recommendations(report))
        self.theme_titles = {theme.id: theme.title for theme in report.themes}
        self.numbers = {target.id: target.number for target in report.targets}
        self.single_chapter = len({self.home(r)[0].id for r in self.recommendations}) <= 1
        # The page shows every recommendation and its subparagraphs, and the sections that group them:
        # references to those stay on the page.
        local = set(index.recommendation_of)
        local.update(section.id for _, section in map(self.home, self.recommendations) if section is not None)
        self.renderer = PageRenderer(report, site_map, RECOMMENDATIONS, frozenset(local))

    def home(self, recommendation: Recommendation) -> tuple[Chapter, Section | None]:
        return self.index.home_of_recommendation[recommendation.id]

    def write(self) -> str:
        count = len(self.recommendations)
        lines = [*front_matter("Recommendations"), "# Recommendations", ""]
        noun = "recommendation" if count == 1 else "recommendations"
        by_response = self.by_response()
        if by_response:
            # A UPR report: grouped as the State concerned answered them, the grouping its readers look for.
            counts = enumerate_un(
                [f"{len(group)} {response or 'without a response'}" for response, group in by_response]
            )
            lines.extend(
                [
                    f"{count} {noun}, grouped by the response of the State concerned ({counts}), with "
                    "the States that made them, and the paragraphs of the report that refer to them. The "
                    "link to a recommendation ends with its permanent id, which does not change when the "
                    "recommendations are renumbered.",
                    "",
                ]
            )
            for response, group in by_response:
                lines.extend(self.response_heading(response, len(group)))
                for recommendation in group:
                    lines.extend(self.recommendation(recommendation))
        else:
            lines.extend(
                [
                    f"{count} {noun}, with their status, themes and agenda item, and the paragraphs of the "
                    "report that refer to them. The link to a recommendation ends with its permanent id, "
                    "which does not change when the recommendations are renumbered.",
                    "",
                ]
            )
            for (chapter, section), group in groupby(self.recommendations, key=self.home):
                lines.extend(self.group_heading(chapter, section))
                for recommendation in group:
                    lines.extend(self.recommendation(recommendation))
        lines.extend(self.renderer.footnote_lines())
        return "\n".join(lines).rstrip() + "\n"

    def by_response(self) -> list[tuple[str | None, list[Recommendation]]]:
        """The recommendations by response, in the order of the style's responses (those without one
        last); empty when none has a response, and the page then follows the report's chapters."""
        if not any(r.response for r in self.recommendations):
            return []
        order = {
            response: position for position, response in enumerate(house_style(self.report.style).responses)
        }
        groups: dict[str | None, list[Recommendation]] = {}
        for recommendation in self.recommendations:
            groups.setdefault(recommendation.response, []).append(recommendation)
        return sorted(
            groups.items(), key=lambda item: order.get(item[0], len(order)) if item[0] else len(order) + 1
        )

    @staticmethod
    def response_heading(response: str | None, count: int) -> list[str]:
        title = capitalized(response) if response else "Without a response"
        target = f"response-{response or 'none'}"
        return [heading(2, text(f"{title} ({count})"), target, "rk-response-group"), ""]

    def group_heading(self, chapter: Chapter, section: Section | None) -> list[str]:
        if section is None:
            return [
                heading(2, text(HouseStyle.numbered_title(chapter.number, chapter.title)), chapter.id),
                "",
            ]
        number = section.number if self.single_chapter else f"{chapter.number}.{section.number}"
        return [heading(2, text(f"{number}. {section.title}"), section.id), ""]

    def recommendation(self, recommendation: Recommendation) -> list[str]:
        renderer = self.renderer
        title = text(recommendation_title(self.report, recommendation))
        lines = [heading(3, title, recommendation.id, "rk-recommendation"), ""]
        body = renderer.inlines(recommendation.text)
        if body:
            lines.extend([line(body), block_attributes(None, "rk-recommendation-text"), ""])
        lines.extend(renderer.sub_items(recommendation.items))
        lines.extend(self.facts(recommendation))
        if recommendation.by:
            states = enumerate_un([text(state) for state in recommendation.by])
            lines.extend(
                [line(f"Recommended by {states}"), block_attributes(None, "rk-meta", "rk-states"), ""]
            )
        citations = self.index.citations_of_recommendation(recommendation.id)
        if citations:
            lines.extend([self.referred_to(citations), block_attributes(None, "rk-meta", "rk-cited-by"), ""])
        return lines

    def facts(self, recommendation: Recommendation) -> list[str]:
        """Two lines: status, agenda item and place in the report; then the themes."""
        renderer = self.renderer
        facts: list[str] = []
        if recommendation.agenda_item:
            number = self.numbers.get(recommendation.agenda_item, recommendation.agenda_item)
            target = renderer.to_page(AGENDA, anchor(recommendation.agenda_item))
            facts.append(link(text(f"Agenda item {number}"), target))
        chapter = self.home(recommendation)[0]
        in_report = renderer.to_page(chapter_page(chapter.id), anchor(recommendation.id))
        facts.append(link(text(f"In chapter {chapter.number} of the report"), in_report))
        badges = status_badge(recommendation.status)
        if recommendation.response:
            badges += " " + response_badge(recommendation.response)
        lines = [
            line(f"{badges} {' · '.join(facts)}"),
            block_attributes(None, "rk-meta"),
            "",
        ]
        # One chip per theme: theme titles contain commas, so a comma-separated list would not read.
        themes = [
            link(
                text(self.theme_titles.get(theme_id, theme_id)),
                renderer.to_page(THEMES, anchor(theme_id)),
                ".rk-theme",
            )
            for theme_id in recommendation.themes
        ]
        if themes:
            lines.extend([line(" ".join(themes)), block_attributes(None, "rk-meta", "rk-themes"), ""])
        return lines

    def referred_to(self, citations: list[ParagraphPlace]) -> str:
        links = [
            link(text(place.paragraph.number), self.renderer.href(place.paragraph.id) or "#", ".rk-ref")
            for place in citations
        ]
        noun = "paragraph" if len(links) == 1 else "paragraphs"
        return f"Referred to in {noun} {enumerate_un(links)}."


def response_badge(response: str) -> str:
    return f'<span class="rk-response rk-response-{anchor(response)}">{text(capitalized(response))}</span>'


def write_recommendations_page(report: Report, site_map: SiteMap, index: CrossIndex) -> str:
    return RecommendationsWriter(report, site_map, index).write()
