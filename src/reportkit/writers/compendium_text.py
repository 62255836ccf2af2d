"""What the compendium of recommendations says, in the DOCX and on the site alike: each recommendation
cited in its own report's house style's words."""

from __future__ import annotations

from reportkit.house import DEFAULT_STYLE, HouseStyle, house_style
from reportkit.registry import Registry, RegistryEntry, RegistryMeeting

TITLE = "Compendium of recommendations"


def entry_style(registry: Registry, entry: RegistryEntry) -> HouseStyle:
    """The house style of the meeting that adopted `entry`: each is cited in its own report's words."""
    meeting = next((m for m in registry.meetings if m.symbol == entry.symbol), None)
    return house_style(meeting.style if meeting else DEFAULT_STYLE)


def citation(entry: RegistryEntry, style: HouseStyle) -> str:
    return f"{entry.symbol}, {style.recommendation_word} {entry.number}"


def entry_heading(entry: RegistryEntry, style: HouseStyle) -> str:
    return style.recommendation_heading(entry.number)


def meeting_heading(meeting: RegistryMeeting) -> str:
    return f"{meeting.label} ({meeting.symbol})"


def introduction(registry: Registry) -> str:
    count = len(registry.entries)
    meetings = len(registry.meetings)
    return (
        f"This compendium lists the {count} recommendations adopted at the {meetings} meeting(s) recorded in "
        "the registry, first by theme (a recommendation with several themes appears under each), then by "
        "meeting in the order of adoption."
    )
