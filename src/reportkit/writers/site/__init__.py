"""The static site's pages: the report model → Markdown files for mkdocs-material, plus the navigation.

`write_site_pages(report)` returns `{path relative to the docs folder: bytes}`: a home page, one page per
chapter, the recommendations page, the thematic index and the agenda view, a settings file that the
mkdocs hook reads for the navigation and the site's name, and the emblem image when the report names
one. Pure but for that image, read from the path the report's options give, as the DOCX writer does.

Every piece of text from the drafts is escaped by `markup.text()`, so a draft can never inject markup or
HTML into the site.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from reportkit.model import Report
from reportkit.writers.site.chapters import write_chapter_page
from reportkit.writers.site.crossindex import build_cross_index
from reportkit.writers.site.home import write_home_page
from reportkit.writers.site.indexes import write_agenda_page, write_themes_page
from reportkit.writers.site.links import (
    AGENDA,
    HOME,
    RECOMMENDATIONS,
    SETTINGS,
    THEMES,
    SiteMap,
    chapter_page,
)
from reportkit.writers.site.markup import template_text
from reportkit.writers.site.masthead import emblem_file
from reportkit.writers.site.recommendations import write_recommendations_page


@dataclass(frozen=True, slots=True)
class ExtraPage:
    """A page made elsewhere (versions, compendium, duplication check), listed under `group` in the nav.

    Its Markdown must already escape every text from the drafts or the registry."""

    path: str
    group: str
    title: str
    markdown: str


def site_settings(report: Report, extra_pages: Sequence[ExtraPage] = ()) -> dict[str, object]:
    """The navigation in report order (mkdocs would sort the files by name) and the site's name.

    Navigation titles are fixed words; chapter pages take their titles from their own front matter.
    The site name is printed unescaped by the theme, so it is escaped here.
    """
    meeting = report.meeting
    name = f"{meeting.meeting_name} · {meeting.symbol}" if meeting.meeting_name else meeting.symbol
    nav: list[dict[str, object]] = [
        {"Home": HOME},
        {"Report": [chapter_page(chapter.id) for chapter in (*report.chapters, *report.annexes)]},
        {"Recommendations": RECOMMENDATIONS},
        {"Themes": THEMES},
        {"Agenda": AGENDA},
    ]
    groups: dict[str, list[dict[str, str]]] = {}
    for page in extra_pages:
        groups.setdefault(page.group, []).append({page.title: page.path})
    nav.extend({group: entries} for group, entries in groups.items())
    return {"site_name": template_text(name), "nav": nav}


def write_site_pages(report: Report, extra_pages: Sequence[ExtraPage] = ()) -> dict[str, bytes]:
    site_map = SiteMap(report)
    index = build_cross_index(report)
    pages = {
        HOME: write_home_page(report),
        RECOMMENDATIONS: write_recommendations_page(report, site_map, index),
        THEMES: write_themes_page(report, site_map),
        AGENDA: write_agenda_page(report, site_map, index),
    }
    for chapter in (*report.chapters, *report.annexes):  # an annex has a page as a chapter has
        pages[chapter_page(chapter.id)] = write_chapter_page(report, site_map, chapter)
    for extra in extra_pages:
        pages[extra.path] = extra.markdown
    pages[SETTINGS] = json.dumps(site_settings(report, extra_pages), ensure_ascii=False, indent=2) + "\n"
    files = {path: content.encode("utf-8") for path, content in pages.items()}
    emblem = emblem_file(report)
    if emblem is not None and report.options.emblem is not None:
        with open(report.options.emblem, "rb") as image:  # the loader checked that it exists
            files[emblem] = image.read()
    return files
