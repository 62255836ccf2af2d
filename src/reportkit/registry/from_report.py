"""Registry entries from a numbered, resolved report: what `registry add` records."""

from __future__ import annotations

from reportkit.model import Report, SubItem, plain_text, published_recommendations, walk_sub_items
from reportkit.registry.model import REGISTRY_STATUS, RegistryEntry, RegistryMeeting


def _labelled_items(items: tuple[SubItem, ...]) -> tuple[str, ...]:
    """Sub-items flattened in reading order, each with its derived label, as the report prints them."""
    return tuple(f"{item.label} {plain_text(item.text).strip()}".strip() for item in walk_sub_items(items))


def entries_from_report(report: Report) -> tuple[RegistryMeeting, list[RegistryEntry]]:
    """The adopted recommendations of a numbered, resolved report, as registry entries."""
    meeting = report.meeting
    record = RegistryMeeting(
        symbol=meeting.symbol,
        name=meeting.meeting_name,
        title=meeting.title,
        venue=meeting.venue,
        start_date=meeting.start_date,
        end_date=meeting.end_date,
        themes=tuple((theme.id, theme.title) for theme in report.themes),
        style=report.style,
    )
    entries = [
        RegistryEntry(
            symbol=meeting.symbol,
            meeting=record.label,
            number=recommendation.number,
            id=recommendation.id,
            text=" ".join(plain_text(recommendation.text).split()),
            items=tuple(" ".join(item.split()) for item in _labelled_items(recommendation.items)),
            themes=recommendation.themes,
            status=recommendation.status,
            by=recommendation.by,
            response=recommendation.response,
        )
        for recommendation in published_recommendations(report)
        if recommendation.status == REGISTRY_STATUS
    ]
    return record, entries
