"""The home page: the masthead, the meeting, its status, the download of the Word document, the contents."""

from __future__ import annotations

from reportkit.house import HouseStyle, house_style
from reportkit.model import Meeting, Report, published_recommendations
from reportkit.writers.site.links import AGENDA, HOME, RECOMMENDATIONS, THEMES, chapter_page, page_href
from reportkit.writers.site.markup import attribute, front_matter, line, link, text
from reportkit.writers.site.masthead import masthead

# build_site() copies build/report.docx beside index.html; the link is raw HTML because mkdocs would
# otherwise check it against the Markdown sources, where the Word document is not.
DOCX_NAME = "report.docx"

DOCUMENT_STATUS = {
    "draft": "Draft",
    "advance": "Advance unedited version",
    "final": "Final",
}


def _particulars(meeting: Meeting, style: HouseStyle) -> list[str]:
    """The meeting as a definition list, in raw HTML: every value goes through `attribute()`; dates as
    the report's house style writes them."""
    rows = [
        ("Symbol", meeting.symbol),
        ("Issuing body", meeting.issuing_body),
        ("Meeting", meeting.meeting_name),
        ("Venue and dates", f"{meeting.venue}, {style.date_range(meeting.start_date, meeting.end_date)}"),
        ("Date of the document", style.date(meeting.date)),
        ("Distribution", meeting.distribution),
        ("Original", meeting.original_language),
        ("Status", DOCUMENT_STATUS.get(meeting.document_status, meeting.document_status.capitalize())),
    ]
    lines = ['<dl class="rk-meeting">']
    for term, value in rows:
        if value:
            lines.append(f"<dt>{attribute(term)}</dt><dd>{attribute(value)}</dd>")
    lines.extend(["</dl>", ""])
    return lines


def write_home_page(report: Report) -> str:
    meeting = report.meeting
    lines = [*front_matter(meeting.symbol), *masthead(report), f"# {text(meeting.title)}", ""]
    lines.extend(_particulars(meeting, house_style(report.style)))
    lines.extend(
        [
            f'<p class="rk-download"><a class="md-button md-button--primary" href="{DOCX_NAME}" download>'
            "Download the report (Word)</a></p>",
            "",
            "## Contents",
            "",
        ]
    )
    for chapter in report.chapters:
        label = text(HouseStyle.numbered_title(chapter.number, chapter.title))
        lines.append(line(f"- {link(label, page_href(chapter_page(chapter.id), HOME))}"))
    count = sum(1 for _ in published_recommendations(report))
    lines.extend(
        [
            "",
            "## Browse",
            "",
            f"- {link('Recommendations', RECOMMENDATIONS)}: all {count} recommendations, with their status, "
            "themes, agenda item and the paragraphs that refer to them",
            f"- {link('Themes', THEMES)}: the recommendations by theme",
            f"- {link('Agenda', AGENDA)}: each agenda item with its recommendations and the parts of the "
            "report that deal with it",
        ]
    )
    return "\n".join(lines).rstrip() + "\n"
