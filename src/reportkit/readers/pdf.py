"""A published UN report in PDF → its masthead's particulars and its body's structure.

Page 1 holds the masthead (symbol, issuing organ, distribution, date, original language), the session
lines, the title (with its "*" note) and the subtitle, and the job number at its foot; the house style
is the job number's duty station. The body is every later line (and page 1's after the title), its
footnotes put back at their marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from reportkit.readers.particulars import (
    NOTE_CLOSE,
    NOTE_OPEN,
    SYMBOL,
    ImportedReport,
    Masthead,
    meeting_dates,
    parse_date,
    qr_code_sized,
)
from reportkit.readers.pdf_margins import printed_margins
from reportkit.readers.pdf_text import (
    FOOTNOTE_MARK,
    JOB_NUMBER,
    MARK_CLOSE,
    MARK_OPEN,
    PROCESSING_DATES,
    ImageBox,
    PageText,
    TextLine,
)
from reportkit.readers.pdf_text import read_pdf as read_pdf_pages
from reportkit.readers.report_structure import (
    CHAPTER_NUMBER,
    Body,
    Line,
    Paragraph,
    Section,
    Unmapped,
    join_lines,
    recognise,
)

CM_PER_POINT = 2.54 / 72
HELD = re.compile(r"from (\d{1,2})(?: ([A-Z][a-z]+))?(?: (\d{4}))? to (\d{1,2}) ([A-Z][a-z]+) (\d{4})")
NOTE_START = re.compile(
    rf"^(?:{MARK_OPEN}([^{MARK_CLOSE}]+){MARK_CLOSE}|(\d{{1,3}}|\*{{1,3}})(?=\s))\s*(.*)$"
)


@dataclass
class _Note:
    """A footnote as printed below the separator: its text and where it starts."""

    lines: list[str]
    where: str
    page: int

    @property
    def text(self) -> str:
        return join_lines(self.lines)


def _footnotes(pages: list[PageText], shown: str) -> dict[str, list[_Note]]:
    """Footnotes by mark ("1", "*", "**"), each mark's in order (a mark may recur)."""
    notes: dict[str, list[_Note]] = {}
    for page in pages:
        current: _Note | None = None
        for line in page.notes:
            start = NOTE_START.match(line.text)
            if start:
                current = _Note([start.group(3)], f"{shown}:{line.page}:{line.number}", line.page)
                notes.setdefault((start.group(1) or start.group(2)).strip(), []).append(current)
            elif current is not None:
                current.lines.append(line.text)
    return notes


def _masthead(page: PageText) -> tuple[Masthead, int]:
    """The particulars of page 1, and the index of page 1's first body line (after title/subtitle)."""
    masthead = Masthead()
    lines = page.lines
    symbols = [line for line in lines if SYMBOL.match(line.text)]
    if symbols:
        masthead.symbol = max(symbols, key=lambda line: line.size).text
    # The masthead ends with "Original: English"; without one, nothing of page 1 is taken for it.
    original = next((line for line in lines if line.text.startswith("Original:")), None)
    # … and takes in what stands level with it (the issuing body's last line, a hair lower or higher).
    end = max((i for i, line in enumerate(lines) if original and line.top <= original.top + 3), default=-1)
    for line in lines[: end + 1]:
        text = line.text
        if text.startswith("Distr.:"):
            masthead.distribution = text.split(":", 1)[1].strip()
        elif text.startswith("Original:"):
            masthead.original_language = text.split(":", 1)[1].strip()
        elif parse_date(text):
            masthead.date = parse_date(text)
        elif line.bold and line.size >= 13:  # the issuing body, on one line or several
            masthead.issuing_body = f"{masthead.issuing_body} {text}".strip()
    index = end
    rest = lines[index + 1 :]
    title_start = next((i for i, line in enumerate(rest) if line.bold and line.size >= 13), len(rest))
    masthead.session_lines = [line.text for line in rest[:title_start]]
    masthead.session_lines_bold = [n for n, line in enumerate(rest[:title_start], start=1) if line.bold]
    title_lines: list[TextLine] = []
    position = title_start
    while position < len(rest) and rest[position].bold and rest[position].size >= 13:
        if title_lines and rest[position].top - title_lines[-1].top > rest[position].size * 1.6:
            break
        title_lines.append(rest[position])
        position += 1
    masthead.title = re.sub(r"\*+$", "", join_lines([FOOTNOTE_MARK.sub(r"\1", t.text) for t in title_lines]))
    if (
        position < len(rest)
        and rest[position].bold
        and rest[position].size >= 13
        and not CHAPTER_NUMBER.match(rest[position].text)
        and rest[position].text != "Introduction"
    ):
        masthead.subtitle = rest[position].text
        position += 1
    stars = [note for note in page.notes if re.match(rf"^(?:{MARK_OPEN})?\*", note.text)]
    if stars:
        masthead.title_footnote = join_lines(
            [NOTE_START.sub(r"\3", stars[0].text)]
            + [n.text for n in page.notes[page.notes.index(stars[0]) + 1 :]]
        )
    for line in page.furniture:
        job = JOB_NUMBER.match(line.text)
        if job:
            masthead.job_number = job.group(0)
        elif PROCESSING_DATES.match(line.text):
            masthead.processing_dates = line.text
    masthead.style = "geneva" if masthead.job_number.startswith("GE.") else "vienna"
    held_in = re.search(r"held in ([A-Z][a-z]+)", masthead.title)
    masthead.venue = held_in.group(1) if held_in else ("Geneva" if masthead.style == "geneva" else "Vienna")
    masthead.qr_code = any(_is_qr_code(image, page) for image in page.images)
    # Issued PDFs draw "Please recycle" as a picture with the recycling mark: it comes with the QR
    # code (both on every issued page 1 that has either); printed as text, it is read as text.
    recycle = any(line.text.lower().startswith("please recycle") for line in page.furniture)
    masthead.please_recycle = recycle or masthead.qr_code
    return masthead, index + 1 + position


def _is_qr_code(image: ImageBox, page: PageText) -> bool:
    """A picture the QR code's size in the bottom right corner of page 1: the QR code's place."""
    sized = qr_code_sized(image.width * CM_PER_POINT, image.height * CM_PER_POINT)
    return sized and image.x0 > page.width * 0.6 and image.top > page.height * 0.8


def _with_notes(text: str, notes: dict[str, list[_Note]], used: dict[str, int]) -> str:
    """Numbered marks become the footnote's text (as NOTE_OPEN … NOTE_CLOSE); "*" marks stay as "*"."""

    def put(match: re.Match[str]) -> str:
        mark = match.group(1).strip()
        found = notes.get(mark, [])
        if mark.startswith("*") or used.get(mark, 0) >= len(found):
            return mark if mark.startswith("*") else ""
        used[mark] = used.get(mark, 0) + 1
        return NOTE_OPEN + found[used[mark] - 1].text + NOTE_CLOSE

    return FOOTNOTE_MARK.sub(put, text)


def import_pdf(path: Path, shown: str) -> ImportedReport:
    """The report in `path` (a PdfProblem when it cannot be read at all)."""
    pages = read_pdf_pages(path, shown)
    masthead, first_body = _masthead(pages[0])
    notes = _footnotes(pages[1:], shown)
    used: dict[str, int] = {}
    body_lines = pages[0].lines[first_body:] + [line for page in pages[1:] for line in page.lines]
    column = sorted(line.x for line in body_lines)[len(body_lines) // 2] if body_lines else 0.0
    lines: list[Line] = []
    previous: TextLine | None = None
    for line in body_lines:
        gap = (
            line.top - previous.top - line.size
            if previous is not None and previous.page == line.page
            else 99.0
        )
        text = _with_notes(line.text, notes, used)
        where = f"{shown}:{line.page}:{line.number}"
        lines.append(Line(text, where, line.size, line.bold, line.x - column, gap))
        previous = line
    body = recognise(lines)
    meeting_dates(masthead, " ".join(line.text for line in lines[:60]))
    printed = {f"{shown}:{line.page}:{line.number}": line.text for page in pages for line in page.lines}
    for mark, found in notes.items():
        if mark.startswith("*"):  # a note on a chapter's heading ("**" after the title's "*")
            chapter = next(
                (c for c in body.chapters if _ends_with_mark(printed.get(c.where, ""), mark)), None
            )
            if chapter is not None:
                chapter.title_footnote = found[0].text
                continue
        for note in found[used.get(mark, 0) :]:
            _keep_unplaced(body, note, mark)
    return ImportedReport(masthead, body, len(pages), printed_margins(pages))


def _ends_with_mark(heading: str, mark: str) -> bool:
    """Whether a printed heading ends with exactly `mark` ("**", not "***")."""
    plain = FOOTNOTE_MARK.sub(r"\1", heading)
    return plain.endswith(mark) and not plain.endswith("*" + mark)


def _keep_unplaced(body: Body, note: _Note, mark: str) -> None:
    """A footnote whose mark is not in the text (the text layer lost it) is kept, as a footnote at the
    end of the last paragraph that starts on or before its page, and reported."""
    paragraphs = [
        paragraph
        for chapter in body.chapters
        for block in chapter.blocks
        for paragraph in (block.blocks if isinstance(block, Section) else [block])
        if int(paragraph.where.rsplit(":", 2)[-2]) <= note.page
    ]
    if paragraphs:
        paragraphs[-1].lines.append(NOTE_OPEN + note.text + NOTE_CLOSE)
    elif body.chapters:  # nothing before it to hang it on: its text becomes a paragraph of its own
        body.chapters[0].blocks.insert(0, Paragraph(None, [note.text], note.where))
    message = f"footnote {mark}'s mark is not in the text; the note is kept after the paragraph before it"
    body.warnings.append(Unmapped(note.where, "unplaced-footnote", message))
