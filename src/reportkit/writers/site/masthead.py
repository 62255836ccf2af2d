"""The home page's masthead, laid out as page 1 of the Word document: "United Nations" and the symbol over
a thin rule; the emblem slot, the issuing body and the distribution block over a thick rule.

Raw HTML (Markdown leaves a block of it alone), so every value goes through `attribute()`. The emblem is
the image named by the report's `emblem` option, the same one the DOCX puts in its slot; the site writer
copies it beside the pages (`emblem_file`), and an empty slot keeps the layout when there is none.
"""

from __future__ import annotations

from pathlib import PurePath

from reportkit.house import house_style
from reportkit.model import Report
from reportkit.writers.site.markup import attribute

EMBLEM_STEM = "assets/emblem"


def emblem_file(report: Report) -> str | None:
    """Where the emblem goes in the site (relative to the pages), keeping its type: .png or .jpg."""
    if not report.options.emblem:
        return None
    return EMBLEM_STEM + PurePath(report.options.emblem).suffix.lower()


def _day(report: Report) -> str:
    return house_style(report.style).date(report.meeting.date)


def masthead(report: Report) -> list[str]:
    meeting = report.meeting
    lead, slash, rest = meeting.symbol.partition("/")
    emblem = emblem_file(report)
    image = f'<img src="{emblem}" alt="Emblem">' if emblem else ""
    distribution = [
        f"Distr.: {attribute(meeting.distribution)}",
        attribute(_day(report)),
        "",
        f"Original: {attribute(meeting.original_language)}",
    ]
    return [
        '<div class="rk-masthead">',
        '<div class="rk-masthead-un">United Nations</div>',
        f'<div class="rk-masthead-symbol"><span class="rk-symbol-lead">{attribute(lead)}</span>'
        f"{attribute(slash + rest)}</div>",
        f'<div class="rk-masthead-emblem">{image}</div>',
        f'<div class="rk-masthead-body">{attribute(meeting.issuing_body)}</div>',
        f'<div class="rk-masthead-distribution">{"<br>".join(distribution)}</div>',
        "</div>",
        "",
    ]
