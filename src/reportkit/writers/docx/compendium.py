"""The compendium and thematic index of recommendations (paragraph 35 of the 2021 report) as a Word
document, from the registry: every recorded recommendation by theme, then by meeting, each citing its
report symbol and number (the same as a site page is writers/site/compendium.py).

It is laid out as the other working documents: the template, masthead and running heads of the house
style of the latest recorded meeting, whose body it lists. Pure: same registry, same bytes.
"""

from __future__ import annotations

import datetime

from reportkit.house import DEFAULT_STYLE, house_style
from reportkit.number import letters, roman
from reportkit.registry import Registry, RegistryEntry, RegistryMeeting, entries_by_meeting, iter_by_theme
from reportkit.writers.compendium_text import (
    TITLE,
    citation,
    entry_heading,
    entry_style,
    introduction,
    meeting_heading,
)
from reportkit.writers.docx.masthead import Masthead
from reportkit.writers.docx.working_document import WorkingDocument

# Dated by the latest meeting, not by the clock, so the same registry gives the same bytes.
UNDATED = datetime.date(2000, 1, 1)


def _latest(registry: Registry) -> tuple[RegistryMeeting | None, datetime.date]:
    dated = [(m.end_date or m.start_date, m) for m in registry.meetings if m.start_date]
    if not dated:
        return (registry.meetings[-1] if registry.meetings else None), UNDATED
    day, meeting = max(dated, key=lambda pair: pair[0] or UNDATED)
    return meeting, day or UNDATED


def _document(registry: Registry) -> tuple[WorkingDocument, datetime.date]:
    """A compendium is no meeting's document: no symbol; the issuing body's place names the meeting
    whose recommendations it gathers (the latest, when several are recorded)."""
    latest, day = _latest(registry)
    style = house_style(latest.style if latest else DEFAULT_STYLE)
    status = (TITLE, style.date(day))  # the registry records no original language
    masthead = Masthead(style.organization, "", latest.name if latest else "", status)
    return WorkingDocument(style, masthead, TITLE, (TITLE, "")), day


def compendium_docx(registry: Registry) -> bytes:
    """The compendium in the UN template's styles (HCh, H1, RecHead, SingleTxt, SubPara1)."""
    target, day = _document(registry)
    target.add("SingleTxt", introduction(registry))

    def add_entry(entry: RegistryEntry, heading: str) -> None:
        target.add("RecHead", heading)
        target.add("SingleTxt", entry.text)
        for item in entry.items:
            target.add("SubPara1", item)

    target.add("HCh", f"\t{roman(1)}.\tRecommendations by theme")  # numerals hang, as in the report
    for position, (_, title, entries) in enumerate(iter_by_theme(registry), start=1):
        target.add("H1", f"\t{letters(position).upper()}.\t{title}")
        for entry in entries:
            add_entry(entry, citation(entry, entry_style(registry, entry)))
    target.add("HCh", f"\t{roman(2)}.\tRecommendations by meeting")
    by_meeting = entries_by_meeting(registry)
    for position, meeting in enumerate(registry.meetings, start=1):
        target.add("H1", f"\t{letters(position).upper()}.\t{meeting_heading(meeting)}")
        for entry in by_meeting.get(meeting.symbol, ()):
            add_entry(entry, entry_heading(entry, entry_style(registry, entry)))
    return target.save(TITLE, "Compendium", day)
