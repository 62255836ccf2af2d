"""What every reader finds besides the body: the masthead's particulars, and the report as read.

Footnote references travel in texts as NOTE_OPEN text NOTE_CLOSE (private-use characters no report
uses) until the drafts are written, where they become `^[text]`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from reportkit.readers.report_structure import Body

NOTE_OPEN, NOTE_CLOSE = "\ue002", "\ue003"
SYMBOL = re.compile(r"^[A-Z][A-Za-z0-9.]*(/[A-Za-z0-9.]+)+$")
DATE = re.compile(r"^(\d{1,2}) ([A-Z][a-z]+) (\d{4})$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip
HELD = re.compile(r"from (\d{1,2})(?: ([A-Z][a-z]+))?(?: (\d{4}))? to (\d{1,2}) ([A-Z][a-z]+) (\d{4})")


@dataclass
class Masthead:
    symbol: str = ""
    issuing_body: str = ""
    distribution: str = "General"
    date: datetime.date | None = None
    original_language: str = "English"
    job_number: str = ""
    session_lines: list[str] = field(default_factory=list)
    session_lines_bold: list[int] = field(default_factory=list)  # 1-based, as printed
    title: str = ""
    subtitle: str = ""
    title_footnote: str = ""
    processing_dates: str = ""
    style: str = "vienna"
    venue: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    # Page 1's foot: the QR code of the document's address and "Please recycle" beside it (issued
    # documents have both since about 2013; earlier ones neither).
    qr_code: bool = False
    please_recycle: bool = False


@dataclass
class ImportedReport:
    masthead: Masthead
    body: Body
    pages: int
    margins: tuple[float, float] | None = None  # (top, bottom) in cm as printed, where they were measured


def qr_code_sized(width_cm: float, height_cm: float) -> bool:
    """Square and 1.4–3.2 cm a side: a picture the size of page 1's QR code (PDF and DOCX readers)."""
    return height_cm > 0 and abs(width_cm / height_cm - 1) < 0.15 and 1.4 <= width_cm <= 3.2


def parse_date(printed: str) -> datetime.date | None:
    match = DATE.match(printed.strip())
    if not match or match.group(2) not in MONTHS:
        return None
    try:
        return datetime.date(int(match.group(3)), MONTHS.index(match.group(2)) + 1, int(match.group(1)))
    except ValueError:
        return None


def meeting_dates(masthead: Masthead, body_text: str) -> None:
    """The meeting's dates as the title or the first paragraphs say them ("from 4 to 15 November 2019")."""
    for text in (masthead.title, body_text[:3000]):
        held = HELD.search(text)
        if held and held.group(5) in MONTHS:
            year, month = int(held.group(6)), MONTHS.index(held.group(5)) + 1
            start_month = MONTHS.index(held.group(2)) + 1 if held.group(2) in MONTHS else month
            try:
                masthead.start_date = datetime.date(
                    int(held.group(3) or year), start_month, int(held.group(1))
                )
                masthead.end_date = datetime.date(year, month, int(held.group(4)))
            except ValueError:
                continue
            return
