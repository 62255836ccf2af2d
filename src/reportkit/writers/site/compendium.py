"""The compendium and thematic index of recommendations (paragraph 35 of the 2021 report) as a site page,
from the registry: every recorded recommendation by theme, then by meeting, each citing its report
symbol and number (the DOCX is writers/docx/compendium.py)."""

from __future__ import annotations

from reportkit.house import HouseStyle
from reportkit.number import letters, roman
from reportkit.registry import Registry, RegistryEntry, entries_by_meeting, iter_by_theme
from reportkit.writers.compendium_text import (
    TITLE,
    citation,
    entry_heading,
    entry_style,
    introduction,
    meeting_heading,
)
from reportkit.writers.site.markup import text

# A compendium of 20,000 recommendations is a 4 MB page that takes minutes to build; of 200,000, hours.
SITE_COMPENDIUM_MOST = 5_000


def _markdown_entry(entry: RegistryEntry, style: HouseStyle, cite: bool) -> list[str]:
    # Registry texts are drafts' texts: escaped so that nothing in them becomes markup or HTML on the site.
    lead = f"**{text(citation(entry, style) if cite else entry_heading(entry, style))}**"
    # The compendium is published: it cites symbol and number, never the registry's internal ids.
    lines = [lead, "", text(entry.text), ""]
    lines += [f"- {text(item)}" for item in entry.items]
    if entry.items:
        lines.append("")
    return lines


def compendium_page(registry: Registry) -> str:
    """The compendium as one Markdown page: by theme, then by meeting."""
    lines = [f"# {TITLE}", "", introduction(registry), ""]
    lines += [f"## {roman(1)}. Recommendations by theme", ""]
    for position, (_, title, entries) in enumerate(iter_by_theme(registry), start=1):
        lines += [f"### {letters(position).upper()}. {text(title)}", ""]
        for entry in entries:
            lines += _markdown_entry(entry, entry_style(registry, entry), cite=True)
    lines += [f"## {roman(2)}. Recommendations by meeting", ""]
    by_meeting = entries_by_meeting(registry)
    for position, meeting in enumerate(registry.meetings, start=1):
        lines += [f"### {letters(position).upper()}. {text(meeting_heading(meeting))}", ""]
        if meeting.title:
            lines += [f"*{text(meeting.title)}*", ""]
        for entry in by_meeting.get(meeting.symbol, ()):
            lines += _markdown_entry(entry, entry_style(registry, entry), cite=False)
    return "\n".join(lines).rstrip() + "\n"


def site_compendium_page(registry: Registry) -> str:
    """The site's page of earlier meetings: the compendium, or for a registry too large to read as one
    page (every mechanism's recommendations), its meetings, and where its compendium is written."""
    if len(registry.entries) <= SITE_COMPENDIUM_MOST:
        return compendium_page(registry)
    lines = [
        f"# {TITLE}",
        "",
        f"The registry records {len(registry.entries):,} recommendations of {len(registry.meetings):,} "
        f"meetings: more than one page can show (the site lists them up to {SITE_COMPENDIUM_MOST:,}). "
        "`reportkit registry compendium` writes the whole compendium, by theme and by meeting, as a "
        "DOCX and a Markdown file.",
        "",
        "## Meetings recorded",
        "",
    ]
    for meeting in registry.meetings:
        title = f": *{text(meeting.title)}*" if meeting.title else ""
        lines.append(f"- {text(meeting_heading(meeting))}{title}")
    return "\n".join(lines) + "\n"
