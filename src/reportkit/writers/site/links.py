"""Where everything lives on the site, and the relative link from one page to another.

Pages are named by stable ids, never by numbers, so that a link sent to a delegation keeps working when
chapters or recommendations are renumbered: `chapters/<chapter-id>.md`, and `#<id>` anchors on them.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import cache

from reportkit.model import Report
from reportkit.writers.site.markup import anchor

HOME = "index.md"
RECOMMENDATIONS = "recommendations.md"
THEMES = "themes.md"
AGENDA = "agenda.md"
# Read by the mkdocs hook (src/reportkit/site_hooks.py): the navigation and the site name. mkdocs skips
# files whose name starts with a dot, so it never becomes a page or a file of the site.
SETTINGS = ".reportkit-site.json"


def chapter_page(chapter_id: str) -> str:
    return f"chapters/{anchor(chapter_id)}.md"


@cache  # a site has a few pages and thousands of links between them; relpath asks the OS for the cwd
def relative(target_page: str, from_page: str) -> str:
    """The path of `target_page` as written in a link on `from_page` (mkdocs resolves .md links)."""
    if target_page == from_page:
        return ""
    return posixpath.relpath(target_page, posixpath.dirname(from_page) or ".")


@dataclass(frozen=True, slots=True)
class Place:
    page: str
    fragment: str | None  # None: the top of the page


class SiteMap:
    """The canonical place of every target of a cross-reference: its chapter page, or the agenda page."""

    def __init__(self, report: Report) -> None:
        self.places: dict[str, Place] = {}
        for target in report.targets:
            if target.kind in ("chapter", "annex"):
                self.places[target.id] = Place(chapter_page(target.id), None)
            elif target.kind == "agenda-item":
                self.places[target.id] = Place(AGENDA, anchor(target.id))
            else:
                self.places[target.id] = Place(chapter_page(target.chapter_id), anchor(target.id))

    def href(self, target_id: str, from_page: str, local_ids: frozenset[str] = frozenset()) -> str | None:
        """A link to the target; to its copy on `from_page` when that page shows one (`local_ids`)."""
        if target_id in local_ids:
            return f"#{anchor(target_id)}"
        place = self.places.get(target_id)
        if place is None:
            return None
        return page_href(place.page, from_page, place.fragment)


def page_href(target_page: str, from_page: str, fragment: str | None = None) -> str:
    path = relative(target_page, from_page)
    if fragment is None:
        return path or "#"
    return f"{path}#{fragment}"
