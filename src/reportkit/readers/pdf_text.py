"""A PDF's text layer as positioned lines, with the page furniture taken off.

pdfminer's layout analysis (`extract_pages`) re-flows text into boxes by guesses that differ between
producers; an issued UN page is one column, so its characters are grouped here by baseline instead
(`PDFPageAggregator(laparams=None)` hands over the bare characters). Each line keeps where it stands,
its size, and whether it is bold, because the structure of a report is read from those.

Superscripts (footnote marks) are set smaller and raised; they are folded into the line they belong to
and kept as marks (`FOOTNOTE_MARK`), so the recogniser can put each footnote back at its place.
What lies below the footnote separator (a short rule at the left of the text column) is footnote text;
running heads above the top rule of later pages, page numbers, job numbers, barcode lines and
"Please recycle" are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import BinaryIO

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTComponent, LTCurve, LTFigure, LTImage, LTLine, LTPage, LTRect
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser, PDFSyntaxError
from pdfminer.psparser import PSException

# A footnote mark inside a line's text: MARK_OPEN + "1" + MARK_CLOSE (private-use characters, which no
# report's own text uses, so they cannot be confused with it).
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
FOOTNOTE_MARK = re.compile(f"{MARK_OPEN}([^{MARK_CLOSE}]*){MARK_CLOSE}")
JOB_NUMBER = re.compile(r"^[A-Z]{1,3}\.\d{2}-\d{5}\b")
PAGE_NUMBER = re.compile(r"^(?:\d{1,3}|\d{1,3}/\d{1,3}|-\s*\d{1,3}\s*-)$")
# Page 1's foot: the processing dates after the job number ("010621 020621") and a barcode's digits
# when its font has no private-use mapping ("*2103928*").
PROCESSING_DATES = re.compile(r"^\d{6}(?:\s+\d{6})*$")
BARCODE_DIGITS = re.compile(r"^\*\d{5,9}\*$")
SOFT_HYPHEN = "\u00ad"


class PdfProblem(Exception):
    """A PDF that cannot be imported: a diagnostic code, what is wrong, and what to do."""

    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


@dataclass(frozen=True)
class TextLine:
    """One line of text as printed: its page and line number (1-based, for messages), left edge and
    baseline in points from the page's top left, font size and emphasis."""

    page: int
    number: int
    text: str
    x: float
    top: float
    size: float
    bold: bool
    italic: bool


@dataclass
class PageText:
    number: int
    width: float
    height: float
    lines: list[TextLine] = field(default_factory=list)  # the body, top to bottom
    notes: list[TextLine] = field(default_factory=list)  # below the footnote separator
    furniture: list[TextLine] = field(default_factory=list)  # what was taken off
    images: list[ImageBox] = field(default_factory=list)  # pictures placed on the page


@dataclass(frozen=True)
class ImageBox:
    """Where a picture stands, in points from the page's top left."""

    x0: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class _Rule:
    x0: float
    x1: float
    top: float


def _is_barcode(text: str) -> bool:
    """Barcode fonts map their digits to private-use code points (U+F02A for '*' …)."""
    glyphs = text.replace(" ", "")
    return bool(glyphs) and all(0xE000 <= ord(c) <= 0xF8FF for c in glyphs)


def is_running_matter(text: str) -> bool:
    """A footer's or header's line: a page number, a job number, a barcode, "Please recycle"."""
    plain = " ".join(text.split())
    return bool(
        PAGE_NUMBER.match(plain)
        or JOB_NUMBER.match(plain)
        or _is_barcode(plain)
        or PROCESSING_DATES.match(plain)
        or BARCODE_DIGITS.match(plain)
        or plain.lower().startswith("please recycle")
    )


def _collect(
    node: LTComponent, height: float, chars: list[LTChar], rules: list[_Rule], images: list[ImageBox]
) -> None:
    for child in node:  # type: ignore[attr-defined]
        if isinstance(child, LTChar):
            chars.append(child)
        elif isinstance(child, (LTRect, LTLine, LTCurve)) and not isinstance(child, LTFigure):
            if child.height <= 2 and child.width >= 20:  # a horizontal rule, not a glyph of an emblem
                rules.append(_Rule(child.x0, child.x1, height - child.y1))
        elif isinstance(child, LTImage):
            images.append(ImageBox(child.x0, height - child.y1, child.width, child.height))
        elif isinstance(child, LTFigure):
            _collect(child, height, chars, rules, images)


def _baseline(char: LTChar, height: float) -> float:
    return height - char.matrix[5]


def _group(chars: list[LTChar], height: float) -> list[list[LTChar]]:
    """Characters into lines by baseline (within a third of their size)."""
    groups: list[list[LTChar]] = []
    for char in sorted(chars, key=lambda c: (round(_baseline(c, height), 1), c.x0)):
        top = _baseline(char, height)
        if groups and abs(top - _baseline(groups[-1][0], height)) <= max(char.size, 1) / 3:
            groups[-1].append(char)
        else:
            groups.append([char])
    return groups


def _cells(group: list[LTChar], width: float) -> list[list[LTChar]]:
    """A baseline's characters cut where a wide gap separates them: the masthead sets "United Nations"
    and the symbol, or "General Assembly" and "Distr.: General", on one baseline, far apart (a gap
    of five characters anywhere, of two before the masthead's right-hand column)."""
    cells: list[list[LTChar]] = []
    for char in sorted(group, key=lambda c: c.x0):
        gap = char.x0 - max(c.x1 for c in cells[-1]) if cells else 0.0
        smaller = min(char.size, cells[-1][-1].size) if cells else char.size
        if cells and (gap > 5 * smaller or (gap > 2 * smaller and char.x0 > 0.6 * width)):
            cells.append([char])
        elif cells:
            cells[-1].append(char)
        else:
            cells.append([char])
    return [cell for cell in cells if any(c.get_text().strip() for c in cell)]


def _main_size(group: list[LTChar]) -> float:
    sizes = [c.size for c in group if c.get_text().strip()]
    return max(sizes) if sizes else group[0].size


def _is_mark_of(group: list[LTChar], line: list[LTChar], body: float) -> bool:
    """A few characters set smaller than the body or than the line beside them (a footnote mark)."""
    short = len("".join(c.get_text() for c in group).strip()) <= 4
    return short and _main_size(group) < 0.8 * max(body, _main_size(line))


def _fold_superscripts(groups: list[list[LTChar]], height: float) -> list[list[LTChar]]:
    """A line of small characters just above or beside a line of larger ones is its superscript.

    Small means beside the body's size or beside the line it is raised on: the note mark of a 14 pt
    title is set in 8 pt, larger than four fifths of a 10 pt body but not of its title."""
    body = median([_main_size(g) for g in groups if any(c.get_text().strip() for c in g)] or [10])
    out: list[list[LTChar]] = []
    pending: list[LTChar] = []
    for index, group in enumerate(groups):
        top = _baseline(group[0], height)
        following = groups[index + 1] if index + 1 < len(groups) else None
        if (
            following is not None
            and _is_mark_of(group, following, body)
            and 0 < _baseline(following[0], height) - top < 0.6 * max(body, _main_size(following))
        ):
            pending.extend(group)  # a mark raised above the line below it
            continue
        if out and _is_mark_of(group, out[-1], body) and 0 < top - _baseline(out[-1][0], height) < 0.6 * body:
            out[-1].extend(group)
            continue
        out.append(group + pending)
        pending = []
    if pending:
        out.append(pending)
    return out


def _line_text(group: list[LTChar]) -> tuple[str, LTChar | None]:
    """The line's text, spaces put where the glyphs leave a gap, superscripts as marks."""
    size = _main_size(group)
    base = min(c.matrix[5] for c in group if c.size >= size * 0.99)  # the main text's baseline (PDF y)
    text = ""
    last: LTChar | None = None
    first: LTChar | None = None
    in_mark = False
    for char in sorted(group, key=lambda c: c.x0):
        glyph = char.get_text().replace(SOFT_HYPHEN, "")
        superscript = char.size < 0.8 * size and char.matrix[5] > base + 1
        if superscript and not glyph.strip():
            continue
        if last is not None and char.x0 - last.x1 > 0.15 * size and not text.endswith(" ") and glyph != " ":
            if in_mark:
                text += MARK_CLOSE
                in_mark = False
            text += " "
        if superscript != in_mark:
            text += MARK_OPEN if superscript else MARK_CLOSE
            in_mark = superscript
        text += glyph
        last = char
        if first is None and glyph.strip():
            first = char
    if in_mark:
        text += MARK_CLOSE
    return " ".join(text.split()), first


def _font_share(group: list[LTChar], words: tuple[str, ...]) -> bool:
    visible = [c for c in group if c.get_text().strip()]
    hits = [c for c in visible if any(word in c.fontname.lower() for word in words)]
    return bool(visible) and len(hits) * 2 > len(visible)


def _page_text(layout: LTPage, number: int) -> tuple[PageText, int]:
    height = layout.height
    chars: list[LTChar] = []
    rules: list[_Rule] = []
    images: list[ImageBox] = []
    _collect(layout, height, chars, rules, images)
    page = PageText(number, layout.width, height, images=images)
    cells = [cell for group in _group(chars, height) for cell in _cells(group, layout.width)]
    groups = _fold_superscripts(
        sorted(cells, key=lambda g: (round(_baseline(g[0], height)), g[0].x0)), height
    )
    lines: list[TextLine] = []
    for group in groups:
        text, first = _line_text(group)
        if not text or first is None:
            continue
        size = _main_size(group)
        bold = _font_share(group, ("bold", "black", "heavy"))
        italic = _font_share(group, ("italic", "oblique"))
        top = _baseline(first, height)
        lines.append(TextLine(number, len(lines) + 1, text, first.x0, top, size, bold, italic))
    # The footnote separator: a short rule (a third of the column or less) in the lower half.
    separators = [r for r in rules if r.top > height / 2 and r.x1 - r.x0 < layout.width / 3]
    separator = min((r.top for r in separators), default=None)
    # A running head stands above a full-width rule near the top of pages after the first.
    head_rules = [r.top for r in rules if r.top < height / 6 and r.x1 - r.x0 > layout.width / 2]
    head_limit = min(head_rules) if head_rules and number > 1 else None
    for line in lines:
        if (head_limit is not None and line.top < head_limit) or (
            is_running_matter(line.text) and (line.top > height * 0.85 or line.top < height * 0.12)
        ):
            page.furniture.append(line)
        elif separator is not None and line.top > separator:
            page.notes.append(line)
        else:
            page.lines.append(line)
    return page, len(chars)


def _open(stream: BinaryIO, shown: str) -> PDFDocument:
    try:
        return PDFDocument(PDFParser(stream))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise PdfProblem(
            "encrypted-pdf",
            f"'{shown}' is encrypted and cannot be read without its password",
            "ask for an unprotected copy, or remove the protection (qpdf --decrypt) and import that",
        ) from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as error:
        raise PdfProblem(
            "bad-pdf",
            f"'{shown}' is not a readable PDF ({error.__class__.__name__})",
            "check that the file is a whole PDF (download it again)",
        ) from None


def read_pdf(path: Path, shown: str | None = None) -> list[PageText]:
    """Every page's body lines, footnote lines and furniture; a PdfProblem when it cannot be read."""
    shown = shown or path.as_posix()
    pages: list[PageText] = []
    characters = 0
    with path.open("rb") as stream:
        document = _open(stream, shown)
        if not document.is_extractable:
            raise PdfProblem(
                "encrypted-pdf",
                f"'{shown}' forbids extracting its text",
                "ask for an unprotected copy, or import the published DOCX",
            )
        manager = PDFResourceManager()
        device = PDFPageAggregator(manager, laparams=None)
        interpreter = PDFPageInterpreter(manager, device)
        try:
            for number, pdf_page in enumerate(PDFPage.create_pages(document), 1):
                interpreter.process_page(pdf_page)
                page, count = _page_text(device.get_result(), number)
                pages.append(page)
                characters += count
        except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError) as error:
            raise PdfProblem(
                "bad-pdf",
                f"'{shown}' is damaged: page {len(pages) + 1} cannot be read ({error.__class__.__name__})",
                "check that the file is a whole PDF (download it again)",
            ) from None
    if not pages:
        raise PdfProblem("bad-pdf", f"'{shown}' has no pages", "check that the file is a whole PDF")
    if characters < 20 * len(pages) and not any(page.lines for page in pages[1:]):
        raise PdfProblem(
            "no-text-layer",
            f"'{shown}' has no text layer (a scanned document?): there is no text to import",
            "run OCR on it first (for instance `ocrmypdf REPORT.pdf REPORT-ocr.pdf`) and import the result",
        )
    return pages
