"""The compendium and thematic index of recommendations (paragraph 35 of the 2021 report), from the registry.

Two pure functions of the registry: `compendium_page` (Markdown for the site) and `compendium_docx`
(a Word document in the UN template's styles). Both list every recorded recommendation twice: by
theme, then by meeting, each citing its report symbol and number.
"""

from __future__ import annotations

import datetime
import io

from docx import Document

from reportkit.house import DEFAULT_STYLE, HouseStyle, house_style
from reportkit.number import letters, roman
from reportkit.registry import Registry, RegistryEntry, RegistryMeeting, iter_by_theme
from reportkit.writers.docx.determinism import normalize_zip, set_core_properties
from reportkit.writers.docx.template import TEMPLATE_PATH
from reportkit.writers.site.markup import text

TITLE = "Compendium of recommendations"


def _style(registry: Registry, entry: RegistryEntry) -> HouseStyle:
    """The house style of the meeting that adopted `entry`: each is cited in its own report's words."""
    meeting = next((m for m in registry.meetings if m.symbol == entry.symbol), None)
    return house_style(meeting.style if meeting else DEFAULT_STYLE)


def _citation(entry: RegistryEntry, style: HouseStyle) -> str:
    return f"{entry.symbol}, {style.recommendation_word} {entry.number}"


def _heading(entry: RegistryEntry, style: HouseStyle) -> str:
    return style.recommendation_heading(entry.number)


def _meeting_heading(meeting: RegistryMeeting) -> str:
    return f"{meeting.label} ({meeting.symbol})"


def _introduction(registry: Registry) -> str:
    count = len(registry.entries)
    meetings = len(registry.meetings)
    return (
        f"This compendium lists the {count} recommendations adopted at the {meetings} meeting(s) recorded in "
        "the registry, first by theme (a recommendation with several themes appears under each), then by "
        "meeting in the order of adoption."
    )


# --------------------------------------------------------------------------- Markdown


def _markdown_entry(entry: RegistryEntry, style: HouseStyle, cite: bool) -> list[str]:
    # Registry texts are drafts' texts: escaped so that nothing in them becomes markup or HTML on the site.
    lead = f"**{text(_citation(entry, style) if cite else _heading(entry, style))}**"
    # The compendium is published: it cites symbol and number, never the registry's internal ids.
    lines = [lead, "", text(entry.text), ""]
    lines += [f"- {text(item)}" for item in entry.items]
    if entry.items:
        lines.append("")
    return lines


def compendium_page(registry: Registry) -> str:
    """The compendium as one Markdown page: by theme, then by meeting."""
    lines = [f"# {TITLE}", "", _introduction(registry), ""]
    lines += [f"## {roman(1)}. Recommendations by theme", ""]
    for position, (_, title, entries) in enumerate(iter_by_theme(registry), start=1):
        lines += [f"### {letters(position).upper()}. {text(title)}", ""]
        for entry in entries:
            lines += _markdown_entry(entry, _style(registry, entry), cite=True)
    lines += [f"## {roman(2)}. Recommendations by meeting", ""]
    for position, meeting in enumerate(registry.meetings, start=1):
        lines += [f"### {letters(position).upper()}. {text(_meeting_heading(meeting))}", ""]
        if meeting.title:
            lines += [f"*{text(meeting.title)}*", ""]
        for entry in (e for e in registry.entries if e.symbol == meeting.symbol):
            lines += _markdown_entry(entry, _style(registry, entry), cite=False)
    return "\n".join(lines).rstrip() + "\n"


# --------------------------------------------------------------------------- Word


def compendium_docx(registry: Registry) -> bytes:
    """The compendium in the UN template's styles (HCh, H1, RecHead, SingleTxt, SubPara1); same registry,
    same bytes."""
    document = Document(str(TEMPLATE_PATH))
    document.add_paragraph(TITLE, style="ReportTitle")
    document.add_paragraph(_introduction(registry), style="SingleTxt")

    def add_entry(entry: RegistryEntry, heading: str) -> None:
        document.add_paragraph(heading, style="RecHead")
        document.add_paragraph(entry.text, style="SingleTxt")
        for item in entry.items:
            document.add_paragraph(item, style="SubPara1")

    document.add_paragraph(f"{roman(1)}.\tRecommendations by theme", style="HCh")
    for position, (_, title, entries) in enumerate(iter_by_theme(registry), start=1):
        document.add_paragraph(f"{letters(position).upper()}.\t{title}", style="H1")
        for entry in entries:
            add_entry(entry, _citation(entry, _style(registry, entry)))
    document.add_paragraph(f"{roman(2)}.\tRecommendations by meeting", style="HCh")
    for position, meeting in enumerate(registry.meetings, start=1):
        document.add_paragraph(f"{letters(position).upper()}.\t{_meeting_heading(meeting)}", style="H1")
        for entry in (e for e in registry.entries if e.symbol == meeting.symbol):
            add_entry(entry, _heading(entry, _style(registry, entry)))
    # Dated by the latest meeting, not by the clock, so the same registry gives the same bytes.
    latest = max((m.end_date or m.start_date for m in registry.meetings if m.start_date), default=None)
    set_core_properties(document, TITLE, "Compendium", latest or datetime.date(2000, 1, 1))
    stream = io.BytesIO()
    document.save(stream)
    return normalize_zip(stream.getvalue())
