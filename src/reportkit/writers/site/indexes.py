"""The thematic index (theme → recommendations) and the agenda view (item → recommendations and the
parts of the report under it)."""

from __future__ import annotations

from reportkit.model import AgendaItem, Recommendation, Report, plain_text, published_recommendations
from reportkit.writers.site.chapters import heading, recommendation_title
from reportkit.writers.site.crossindex import CrossIndex, ParagraphPlace, SectionPlace
from reportkit.writers.site.links import AGENDA, RECOMMENDATIONS, THEMES, SiteMap, page_href
from reportkit.writers.site.markup import anchor, front_matter, line, link, text

EXCERPT_LENGTH = 180


def excerpt(recommendation: Recommendation) -> str:
    """The start of a recommendation's text, cut at a word: the full text lives on the recommendations page,
    and repeating it here would make every search return the same recommendation several times."""
    kept: list[str] = []
    length = -1  # of the words kept, with a space between each two
    for word in plain_text(recommendation.text).split():
        length += 1 + len(word)
        if length > EXCERPT_LENGTH:
            return " ".join(kept) + " …"
        kept.append(word)
    return " ".join(kept)


def recommendation_item(report: Report, recommendation: Recommendation, page: str) -> str:
    # To the recommendations page rather than the chapter: that is where its status and themes are.
    href = page_href(RECOMMENDATIONS, page, anchor(recommendation.id))
    label = text(recommendation_title(report, recommendation))
    return line(f"- {link(label, href)}: {text(excerpt(recommendation))}")


def write_themes_page(report: Report, site_map: SiteMap) -> str:
    recommendations = list(published_recommendations(report))
    lines = [*front_matter("Themes"), "# Themes", ""]
    lines.extend(["Each recommendation is indexed under one or more themes.", ""])
    for theme in report.themes:
        under = [r for r in recommendations if theme.id in r.themes]
        lines.extend([heading(2, text(theme.title), theme.id), ""])
        if not under:
            lines.extend(["No recommendation under this theme.", ""])
            continue
        lines.extend([f"{len(under)} recommendation{'s' if len(under) > 1 else ''}:", ""])
        lines.extend(recommendation_item(report, r, THEMES) for r in under)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


class AgendaWriter:
    def __init__(self, report: Report, site_map: SiteMap, index: CrossIndex) -> None:
        self.report = report
        self.site_map = site_map
        self.index = index
        self.recommendations = list(published_recommendations(report))
        self.labels = {target.id: target.label for target in report.targets}

    def write(self) -> str:
        lines = [*front_matter("Agenda"), "# Agenda", ""]
        lines.extend(
            [
                "The agenda of the meeting as adopted, and under each item its recommendations and the parts "
                "of the report that deal with it.",
                "",
            ]
        )
        for item in self.report.agenda:
            lines.extend(self.item(item, 2, ""))
        return "\n".join(lines).rstrip() + "\n"

    def item(self, item: AgendaItem, level: int, parent_number: str) -> list[str]:
        number = f"{parent_number} {item.number}" if parent_number else item.number
        shown = f"{item.number}." if not parent_number else item.number
        lines = [heading(level, text(f"{shown} {item.title}"), item.id, "rk-agenda-item"), ""]
        under = [r for r in self.recommendations if r.agenda_item == item.id]
        if under:
            lines.extend([f"**Recommendations under item {text(number)}**", ""])
            lines.extend(recommendation_item(self.report, r, AGENDA) for r in under)
            lines.append("")
        places = self.report_places(item)
        if places:
            lines.extend(["**In the report**", "", *places, ""])
        if not under and not places and not item.items:
            lines.extend(["No recommendation or paragraph refers to this item.", ""])
        for sub in item.items:
            lines.extend(self.item(sub, level + 1, number))
        return lines

    def report_places(self, item: AgendaItem) -> list[str]:
        places: list[str] = []
        for place in self.index.sections_for_item.get(item.id, []):
            places.append(line(f"- {self.section_link(place)}{self.paragraph_span(place)}"))
        cited = self.index.citing_paragraphs.get(item.id, [])
        for place in cited:
            places.append(line(f"- {self.cited_paragraph(place)}"))
        return places

    def section_link(self, place: SectionPlace) -> str:
        label = self.labels.get(place.section.id, f"section {place.section.number}")
        href = self.site_map.href(place.section.id, AGENDA) or "#"
        return f"{link(text(label[:1].upper() + label[1:]), href)}: {text(place.section.title)}"

    def paragraph_span(self, place: SectionPlace) -> str:
        paragraphs = place.paragraphs
        if not paragraphs:
            return ""
        links = [self.paragraph_link(p.id, p.number) for p in (paragraphs[0], paragraphs[-1])]
        if len(paragraphs) == 1:
            return f", paragraph {links[0]}"
        return f", paragraphs {links[0]}–{links[1]}"

    def cited_paragraph(self, place: ParagraphPlace) -> str:
        if place.section is not None:
            label = self.labels.get(place.section.id, f"section {place.section.number}")
            where = f", in {text(label)}: {text(place.section.title)}"
        else:
            where = f", in chapter {text(place.chapter.number)}: {text(place.chapter.title)}"
        return f"Paragraph {self.paragraph_link(place.paragraph.id, place.paragraph.number)}{where}"

    def paragraph_link(self, paragraph_id: str, number: str) -> str:
        return link(text(number), self.site_map.href(paragraph_id, AGENDA) or "#", ".rk-ref")


def write_agenda_page(report: Report, site_map: SiteMap, index: CrossIndex) -> str:
    return AgendaWriter(report, site_map, index).write()
