"""What the pack and the documents made from recorded versions say, in the DOCX and on the site alike."""

from __future__ import annotations

from reportkit.house import HouseStyle
from reportkit.versions import Snapshot, Unit


def pack_title(snapshot: Snapshot) -> str:
    name = snapshot.meeting.meeting_name
    return f"Draft recommendations of the {name}" if name else "Draft recommendations"


def pack_introduction(snapshot: Snapshot, internal: bool) -> list[str]:
    report_title = snapshot.meeting.title
    report_title = report_title[:1].lower() + report_title[1:]
    paragraphs = [
        f"The draft recommendations below are circulated to delegations for consultation before the "
        f"adoption of the {report_title}. This is version {snapshot.name} of {snapshot.date_label}.",
    ]
    if not internal:
        paragraphs.append(
            "Delegations are invited to propose amendments directly in this document, which opens with "
            "Track Changes turned on, to explain them in comments where useful, and to return the document "
            "to the secretariat. Recommendations may be renumbered in later versions."
        )
        return paragraphs
    paragraphs.append(
        "Internal copy for the secretariat, not for circulation. Each recommendation is shown with its "
        "number in this version and its identifier, which stays the same when recommendations are "
        "renumbered; later versions are compared with this one by identifier. Themes, status and the "
        "duplication check's findings are given under each heading."
    )
    if not snapshot.duplication_checked:
        paragraphs.append("This version has not been checked for duplication with earlier recommendations.")
    return paragraphs


def made_by_and_response(unit: Unit, style: HouseStyle) -> str:
    """What the UPR prints with a recommendation beyond its text: "(France) (Lithuania) — supported";
    empty for a recommendation that has neither."""
    return " \u2014 ".join(part for part in (style.by_line(unit.by), unit.response) if part)
