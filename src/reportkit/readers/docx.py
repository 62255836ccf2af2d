"""A report in Word (DOCX) → the same particulars and body structure as a PDF gives.

Read with lxml from the package's parts, since what matters lies below python-docx's API: tracked
changes (accepted: deletions dropped, insertions kept), comments (ignored), footnotes at their
references, and Word's automatic numbering (`w:numPr`), whose numbers exist only when counted.
Each paragraph becomes one `Line` for the shared recogniser: headings by style (HCh, Heading 1 …
H1, Heading 2) or by shape (bold, 12 pt or larger), the text indent from the paragraph's or its
style's `w:ind`. The masthead is read from the first page's header and footer and from the
paragraphs before the first heading (session lines, title, subtitle).
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

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
from reportkit.readers.pdf_text import JOB_NUMBER, PROCESSING_DATES
from reportkit.readers.report_structure import Line, Unmapped, recognise

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
CHAPTER_STYLES = {"hch", "heading1", "heading 1", "title"}
SECTION_STYLES = {"h1", "heading2", "heading 2"}
BODY_SIZE = 10.0
TWIPS_PER_CM = 1440 / 2.54
ROMAN = (("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90), ("l", 50),
         ("xl", 40), ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))  # fmt: skip


class DocxProblem(Exception):
    def __init__(self, code: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


@dataclass(frozen=True)
class _Style:
    bold: bool | None
    size: float | None
    left: float | None
    num_id: str | None
    level: int
    based_on: str | None
    name: str


def _roman(number: int) -> str:
    out = ""
    for letters, value in ROMAN:
        while number >= value:
            out, number = out + letters, number - value
    return out


def _letters(number: int) -> str:
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


class _Package:
    """The parts of the DOCX that the reader needs, parsed once."""

    def __init__(self, path: Path, shown: str) -> None:
        try:
            self.zip = zipfile.ZipFile(path)
            self.document = self._xml("word/document.xml")
        except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError):
            raise DocxProblem(
                "bad-docx",
                f"'{shown}' is not a readable Word document (no word/document.xml)",
                "save it again from Word as .docx, or import the published PDF",
            ) from None
        if self.document is None:
            raise DocxProblem(
                "bad-docx", f"'{shown}' has no document part", "save it again from Word as .docx"
            )
        self.styles = self._styles()
        self.numbering = self._numbering()
        self.notes = self._footnotes()

    def _xml(self, name: str) -> etree._Element | None:
        if name not in self.zip.namelist():
            if name == "word/document.xml":
                raise KeyError(name)
            return None
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        return etree.fromstring(self.zip.read(name), parser)

    def _styles(self) -> dict[str, _Style]:
        root = self._xml("word/styles.xml")
        found: dict[str, _Style] = {}
        for style in [] if root is None else root.iter(f"{W}style"):
            bold = style.find(f"{W}rPr/{W}b")
            size = style.find(f"{W}rPr/{W}sz")
            indent = style.find(f"{W}pPr/{W}ind")
            num = style.find(f"{W}pPr/{W}numPr/{W}numId")
            level = style.find(f"{W}pPr/{W}numPr/{W}ilvl")
            based = style.find(f"{W}basedOn")
            name = style.find(f"{W}name")
            left = None if indent is None else indent.get(f"{W}left") or indent.get(f"{W}start")
            found[style.get(f"{W}styleId", "")] = _Style(
                None if bold is None else bold.get(f"{W}val", "1") not in ("0", "false"),
                None if size is None else int(size.get(f"{W}val", "20")) / 2,
                None if left is None else int(left) / 20,
                None if num is None else num.get(f"{W}val"),
                0 if level is None else int(level.get(f"{W}val", "0")),
                None if based is None else based.get(f"{W}val"),
                "" if name is None else name.get(f"{W}val", ""),
            )
        return found

    def style_value(self, style_id: str | None, attribute: str) -> object:
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            value = getattr(self.styles[style_id], attribute)
            if value is not None:
                return value
            style_id = self.styles[style_id].based_on
        return None

    def _numbering(self) -> dict[str, dict[int, tuple[str, str, int]]]:
        """numId → level → (format, level text, start)."""
        root = self._xml("word/numbering.xml")
        if root is None:
            return {}
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iter(f"{W}abstractNum"):
            levels = {}
            for level in node.iter(f"{W}lvl"):
                fmt = level.find(f"{W}numFmt")
                text = level.find(f"{W}lvlText")
                start = level.find(f"{W}start")
                levels[int(level.get(f"{W}ilvl", "0"))] = (
                    "decimal" if fmt is None else fmt.get(f"{W}val", "decimal"),
                    "" if text is None else text.get(f"{W}val", ""),
                    1 if start is None else int(start.get(f"{W}val", "1")),
                )
            abstract[node.get(f"{W}abstractNumId", "")] = levels
        found = {}
        for num in root.iter(f"{W}num"):
            link = num.find(f"{W}abstractNumId")
            if link is not None:
                found[num.get(f"{W}numId", "")] = abstract.get(link.get(f"{W}val", ""), {})
        return found

    def _footnotes(self) -> dict[str, str]:
        root = self._xml("word/footnotes.xml")
        notes: dict[str, str] = {}
        for note in [] if root is None else root.iter(f"{W}footnote"):
            if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            texts = [paragraph_text(p, self, {}) for p in note.iter(f"{W}p")]
            text = " ".join(" ".join(texts).split())
            notes[note.get(f"{W}id", "")] = re.sub(r"^(\d+|\*+)\s+", "", text)
        return notes

    def first_page_parts(self) -> list[etree._Element]:
        """The first page's header and footer (or the default ones when the first page has none)."""
        rels_root = self._xml("word/_rels/document.xml.rels")
        targets = (
            {}
            if rels_root is None
            else {rel.get("Id"): rel.get("Target", "") for rel in rels_root.iter(f"{REL}Relationship")}
        )
        parts = []
        for section in self.document.iter(f"{W}sectPr"):  # type: ignore[union-attr]
            for kind in ("headerReference", "footerReference"):
                refs = {ref.get(f"{W}type"): ref.get(f"{R}id") for ref in section.iter(f"{W}{kind}")}
                target = targets.get(refs.get("first") or refs.get("default"))
                if target:
                    part = self._xml(str(PurePosixPath("word") / target))
                    if part is not None:
                        parts.append(part)
            break
        return parts


def paragraph_text(paragraph: etree._Element, package: _Package, counts: dict[str, int]) -> str:
    """The paragraph's text with tracked changes accepted, footnotes as NOTE_OPEN … NOTE_CLOSE."""
    out = ""
    for node in paragraph.iter():
        tag = node.tag
        if not isinstance(tag, str):
            continue
        if any(ancestor.tag in (f"{W}del", f"{W}moveFrom") for ancestor in node.iterancestors()):
            if tag == f"{W}delText":
                counts["tracked"] = counts.get("tracked", 0) + 1
            continue
        if tag == f"{W}ins":
            counts["tracked"] = counts.get("tracked", 0) + 1
        elif tag in (f"{W}commentReference", f"{W}commentRangeStart"):
            counts["comments"] = counts.get("comments", 0) + 1
        elif tag == f"{W}t":
            if node.getprevious() is not None and node.getprevious().tag == f"{W}footnoteReference":
                continue  # a custom mark ("*") printed after its reference
            out += node.text or ""
        elif tag in (f"{W}tab", f"{W}br", f"{W}cr"):
            out += " "
        elif tag == f"{W}noBreakHyphen":
            out += "-"
        elif tag == f"{W}footnoteReference":
            note = package.notes.get(node.get(f"{W}id", ""), "")
            out += NOTE_OPEN + note + NOTE_CLOSE
    return out.replace("\u00ad", "")


class _Counter:
    """Word's automatic numbering counted as Word counts it: per list, deeper levels restarting."""

    def __init__(self, package: _Package) -> None:
        self.package = package
        self.counts: dict[str, dict[int, int]] = {}

    def label(self, num_id: str, level: int) -> str:
        levels = self.package.numbering.get(num_id, {})
        if level not in levels:
            return ""
        counts = self.counts.setdefault(num_id, {})
        counts[level] = counts.get(level, levels[level][2] - 1) + 1
        for deeper in [key for key in counts if key > level]:
            del counts[deeper]
        fmt, text, _ = levels[level]
        if fmt == "bullet":
            return "•"
        if fmt == "none":
            return ""

        def number(match: re.Match[str]) -> str:
            at = int(match.group(1)) - 1
            value = counts.get(at, levels.get(at, ("decimal", "", 1))[2])
            kind = levels.get(at, ("decimal", "", 1))[0]
            return {
                "lowerLetter": _letters(value),
                "upperLetter": _letters(value).upper(),
                "lowerRoman": _roman(value),
                "upperRoman": _roman(value).upper(),
            }.get(kind, str(value))

        return re.sub(r"%(\d)", number, text)


def _length(run: etree._Element) -> int:
    return len("".join(text.text or "" for text in run.iter(f"{W}t")).strip())


def _paragraph_line(
    paragraph: etree._Element, package: _Package, counter: _Counter, counts: dict[str, int]
) -> tuple[str, float, bool, float, str]:
    """(text, size, bold, left indent, style id) of one paragraph."""
    properties = paragraph.find(f"{W}pPr")
    style_node = None if properties is None else properties.find(f"{W}pStyle")
    style_id = None if style_node is None else style_node.get(f"{W}val")
    text = paragraph_text(paragraph, package, counts)
    num = None if properties is None else properties.find(f"{W}numPr")
    num_id = None if num is None or num.find(f"{W}numId") is None else num.find(f"{W}numId").get(f"{W}val")
    level_node = None if num is None else num.find(f"{W}ilvl")
    level = int(level_node.get(f"{W}val", "0")) if level_node is not None else 0
    num_id = num_id or package.style_value(style_id, "num_id")  # type: ignore[assignment]
    if num_id and num_id != "0" and text.strip():
        label = counter.label(num_id, level)
        text = f"{label} {text}" if label else text
    runs = [
        run for run in paragraph.iter(f"{W}r") if "".join(t.text or "" for t in run.iter(f"{W}t")).strip()
    ]
    bolds: list[tuple[bool, int]] = []  # (bold, characters) per run: bold when most of the text is
    sizes = []
    for run in runs:
        bold = run.find(f"{W}rPr/{W}b")
        size = run.find(f"{W}rPr/{W}sz")
        run_style = run.find(f"{W}rPr/{W}rStyle")
        run_style_id = None if run_style is None else run_style.get(f"{W}val")
        if bold is not None:
            bolds.append((bold.get(f"{W}val", "1") not in ("0", "false"), _length(run)))
        elif run_style_id and package.style_value(run_style_id, "bold") is not None:
            bolds.append((bool(package.style_value(run_style_id, "bold")), _length(run)))
        else:
            bolds.append((bool(package.style_value(style_id, "bold")), _length(run)))
        if size is not None:
            sizes.append(int(size.get(f"{W}val", "20")) / 2)
    style_size = package.style_value(style_id, "size")
    size = max(sizes) if sizes else (float(style_size) if isinstance(style_size, float) else BODY_SIZE)
    bold = sum(length for is_bold, length in bolds if is_bold) * 2 > sum(length for _, length in bolds)
    indent_node = None if properties is None else properties.find(f"{W}ind")
    left_value = None if indent_node is None else indent_node.get(f"{W}left") or indent_node.get(f"{W}start")
    style_left = package.style_value(style_id, "left")
    left = (
        int(left_value) / 20 if left_value else (float(style_left) if isinstance(style_left, float) else 0.0)
    )
    names = {(style_id or "").lower(), str(package.style_value(style_id, "name") or "").lower()}
    if names & CHAPTER_STYLES:
        size, bold = 14.0, True
    elif names & SECTION_STYLES:
        size, bold = 12.0, True
    elif names & {"rechead"}:
        bold = True
    return " ".join(text.split()), size, bold, left, style_id or ""


def _has_qr_code(footer: etree._Element) -> bool:
    """A picture the QR code's size in the first page's footer (the emblem is in the header).
    Extents are in EMU: 360,000 a centimetre."""
    return any(
        qr_code_sized(int(extent.get("cx", "0")) / 360_000, int(extent.get("cy", "0")) / 360_000)
        for extent in footer.iter(f"{WP}extent")
    )


def _masthead(package: _Package, before: list[tuple[str, float, bool, str]]) -> Masthead:
    masthead = Masthead()
    header_lines: list[tuple[str, float, bool, str]] = []
    for part in package.first_page_parts():
        is_footer = part.tag == f"{W}ftr"
        if is_footer:
            masthead.qr_code = masthead.qr_code or _has_qr_code(part)
        for paragraph in part.iter(f"{W}p"):
            text, size, bold, _, style = _paragraph_line(paragraph, package, _Counter(package), {})
            raw = paragraph_text(paragraph, package, {})
            if is_footer and "please recycle" in raw.lower():
                masthead.please_recycle = True
            if text:
                header_lines.append((text, size, bold, style))
            for piece in re.split(r"\s{2,}|\t", raw):
                job = JOB_NUMBER.match(piece.strip())
                if job:
                    masthead.job_number = job.group(0)
                    rest = piece.strip()[job.end() :].replace("(E)", "").strip()
                    if PROCESSING_DATES.match(rest):
                        masthead.processing_dates = rest
    for text, size, bold, style in header_lines:
        if SYMBOL.match(text) and not masthead.symbol:
            masthead.symbol = text
        elif text.startswith("Distr.:"):
            masthead.distribution = text.split(":", 1)[1].strip()
        elif text.startswith("Original:"):
            masthead.original_language = text.split(":", 1)[1].strip()
        elif parse_date(text):
            masthead.date = parse_date(text)
        elif "body" in style.lower() or (bold and size >= 13):
            masthead.issuing_body = f"{masthead.issuing_body} {text}".strip()
    titles = []
    for text, size, bold, style in before:  # a masthead typed at the top of the text, not in a header
        if SYMBOL.match(text) and not masthead.symbol:
            masthead.symbol = text
        elif text.startswith("Distr.:"):
            masthead.distribution = text.split(":", 1)[1].strip()
        elif text.startswith("Original:"):
            masthead.original_language = text.split(":", 1)[1].strip()
        elif parse_date(text) and masthead.date is None:
            masthead.date = parse_date(text)
        elif JOB_NUMBER.match(text) and not masthead.job_number:
            masthead.job_number = JOB_NUMBER.match(text).group(0)  # type: ignore[union-attr]
        else:
            titles.append((text, size, bold, style))
    for text, size, bold, style in titles:
        if "subtitle" in style.lower() or (masthead.title and bold and size >= 13):
            masthead.subtitle = text
        elif "title" in style.lower() or (bold and size >= 13 and not masthead.title):
            note = re.search(f"{NOTE_OPEN}(.*?){NOTE_CLOSE}", text)
            if note:
                masthead.title_footnote = note.group(1)
            masthead.title = re.sub(f"{NOTE_OPEN}.*?{NOTE_CLOSE}", "", text).strip()
        else:
            masthead.session_lines.append(text)
            if bold:
                masthead.session_lines_bold.append(len(masthead.session_lines))
    masthead.style = "geneva" if masthead.job_number.startswith("GE.") else "vienna"
    held_in = re.search(r"held in ([A-Z][a-z]+)", masthead.title)
    masthead.venue = held_in.group(1) if held_in else ("Geneva" if masthead.style == "geneva" else "Vienna")
    return masthead


def import_docx(path: Path, shown: str) -> ImportedReport:
    """The report in `path` (a DocxProblem when it is not a Word document)."""
    package = _Package(path, shown)
    counter = _Counter(package)
    counts: dict[str, int] = {}
    read: list[tuple[str, float, bool, float, str, str]] = []
    body = package.document.find(f"{W}body")  # type: ignore[union-attr]
    for index, paragraph in enumerate([] if body is None else body.iter(f"{W}p"), 1):
        where = f"{shown}:{index}"
        text, size, bold, left, style = _paragraph_line(paragraph, package, counter, counts)
        if text:
            read.append((text, size, bold, left, style, where))
    first_heading = next(
        (
            i
            for i, (text, size, bold, *_rest) in enumerate(read)
            if bold and size >= 12 and re.match(r"^([IVXL]+\.\s|Introduction)", text)
        ),
        0,
    )
    masthead = _masthead(package, [(t, s, b, st) for t, s, b, _, st, _ in read[:first_heading]])
    numbered_lefts = Counter(left for text, _, _, left, _, _ in read if re.match(r"^\d{1,3}\.\s", text))
    column = numbered_lefts.most_common(1)[0][0] if numbered_lefts else 0.0
    lines = [
        Line(text, where, size, bold, left - column, 99.0)
        for text, size, bold, left, _, where in read[first_heading:]
    ]
    structure = recognise(lines)
    for chapter in structure.chapters:
        note = re.search(f"{NOTE_OPEN}(.*?){NOTE_CLOSE}", chapter.title)
        if note:
            chapter.title_footnote = note.group(1)
            chapter.title = re.sub(f"{NOTE_OPEN}.*?{NOTE_CLOSE}", "", chapter.title).strip()
    if counts.get("tracked"):
        structure.warnings.append(
            Unmapped(
                f"{shown}:0",
                "tracked-changes-accepted",
                f"{counts['tracked']} tracked change(s) were accepted",
            )
        )
    if counts.get("comments"):
        structure.warnings.append(
            Unmapped(f"{shown}:0", "comments-ignored", f"{counts['comments']} comment(s) were ignored")
        )
    meeting_dates(masthead, " ".join(line.text for line in lines[:60]))
    return ImportedReport(masthead, structure, 0, _margins(body))


def _margins(body: etree._Element | None) -> tuple[float, float] | None:
    """The top and bottom margins of the document's last section (Word keeps the body's there), in cm:
    the rebuilt report then breaks its pages as the Word file does."""
    margins = None if body is None else body.find(f"{W}sectPr/{W}pgMar")
    if margins is None:
        return None
    try:
        top, bottom = (abs(int(margins.get(f"{W}{side}", ""))) for side in ("top", "bottom"))
    except ValueError:  # a margin not written, or not as twips
        return None
    return round(top / TWIPS_PER_CM, 1), round(bottom / TWIPS_PER_CM, 1)
