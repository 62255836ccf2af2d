"""The structure of a UN report read from its printed lines: what any reader (PDF, DOCX) hands over.

The recogniser is shared by the readers: each gives `Line`s (text, where it came from, size, bold,
indent) and the recogniser finds the chapters, sections, numbered paragraphs with their
subparagraphs, and the recommendations listed inside a paragraph with their States. What it cannot
place is kept as a paragraph of its own and reported, so no text is lost.

Numbers are read in sequence, never trusted alone: "12." starts paragraph 12 only after paragraph 11,
and "3." or "121.3" is a listed recommendation only after its second one; so "1." items of
paragraph 111 are not taken for paragraphs, and "paragraph 98" in a sentence breaks nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportkit.readers.pdf_text import SOFT_HYPHEN

CHAPTER_NUMBER = re.compile(r"^([IVXL]+)\.\s+(.*)$")
SECTION_LETTER = re.compile(r"^([A-Z])\.\s+(.*)$")
PARAGRAPH_NUMBER = re.compile(r"^(\d{1,3})\.\s+(.*)$")
LISTED_NUMBER = re.compile(r"^(\d{1,3})\.(\d{1,3})?\s+(.*)$")
SUB_ITEM = re.compile(r"^\((?:[a-z]{1,2}|[ivx]{1,5})\)\s+(.*)$")
BULLET = re.compile(r"^[•\uf0b7\uf0a7▪◦·]\s*(.*)$")
RECOMMENDATION_HEADING = re.compile(r"^Recommendation (\d{1,3})$")
ANNEX = re.compile(r"^Annex(?:\s+([IVXL]+))?\**$")
RESPONSES = (  # the lead-in's words → the Geneva house style's response
    ("did not enjoy the support", "noted"),
    ("enjoy the support", "supported"),
    ("will be examined", "to be examined"),
    ("have been noted", "noted"),
    ("has noted", "noted"),
)


@dataclass(frozen=True)
class Line:
    """One printed line: `where` says where it came from for messages (`REPORT.pdf:3:14`)."""

    text: str
    where: str
    size: float
    bold: bool
    indent: float  # from the text column's left edge, in points
    gap: float  # blank space above it, in points


@dataclass
class Listed:
    label: str  # as printed: "121.14" or "14."
    lines: list[str]
    where: str
    text: str = ""
    states: list[str] = field(default_factory=list)
    bold: bool = False  # printed in bold (UPR reports set the recommendations' texts so)


@dataclass
class AgendaEntry:
    """An item of an agenda printed after a paragraph ("1. Organizational matters:"), its sub-items."""

    lines: list[str]
    where: str
    items: list[list[str]] = field(default_factory=list)


@dataclass
class Paragraph:
    number: int | None  # None: text the recogniser could not number (kept, with a warning)
    lines: list[str]
    where: str
    items: list[list[str]] = field(default_factory=list)
    bullets: bool = False
    listed: list[Listed] = field(default_factory=list)
    compound: bool = True
    agenda: list[AgendaEntry] = field(default_factory=list)  # the agenda printed after the text
    recommendation: int | None = None  # under a "Recommendation N" heading: a recommendation, not a paragraph
    bold_lines: list[bool] = field(default_factory=list)  # which of `lines` were printed in bold

    @property
    def bold(self) -> bool:
        """Printed in bold throughout, as UPR reports print their conclusions' lead-ins."""
        return bool(self.bold_lines) and all(self.bold_lines)


@dataclass
class Section:
    title: str
    where: str
    blocks: list[Paragraph] = field(default_factory=list)


@dataclass
class Chapter:
    title: str
    where: str
    numbered: bool
    annex: bool = False
    title_footnote: str = ""
    blocks: list[Paragraph | Section] = field(default_factory=list)


@dataclass
class Unmapped:
    """What the recogniser could not map as it is (kept in the drafts all the same), and where."""

    where: str
    code: str
    message: str


@dataclass
class Body:
    chapters: list[Chapter] = field(default_factory=list)
    warnings: list[Unmapped] = field(default_factory=list)
    contents: bool = False  # the report opened with a Contents page: the build makes it anew


def join_lines(lines: list[str]) -> str:
    """Lines of one text joined: a soft hyphen at a line's end joins the halves; a hard hyphen after a
    letter (UN texts are not hyphenated automatically: "same-" "sex") is kept and joined without space."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith(SOFT_HYPHEN):
            out = out[:-1] + line
        elif re.search(r"[A-Za-zÀ-ž]-$", out) and re.match(r"[A-Za-zÀ-ž0-9]", line):
            out += line
        else:
            out += " " + line
    return " ".join(out.replace(SOFT_HYPHEN, "").split())


def response_of(lead_in: str) -> str | None:
    low = lead_in.lower()
    return next((response for words, response in RESPONSES if words in low), None)


# ── States after a recommendation ───────────────────────────────────────────────────────────────

STATE_WORD = re.compile(r"^(?:[a-z]+[’'])?(?:[A-Z][a-zà-ž’'\-]*|[a-zà-ž’'\-]+)$")


def _top_level_split(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in text:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    return [*parts, current.strip()]


def _names_states(inner: str) -> bool:
    """A parenthesised group that reads as State names: words only (no digits, no acronym such as
    "ICRMW"), each name capitalised, a name possibly qualified ("Iran (Islamic Republic of)")."""
    for name in _top_level_split(inner):
        match = re.match(r"^([^()]+?)(?:\s*\(([^()]+)\))?$", name)
        if not match:
            return False
        words = (match.group(1) + " " + (match.group(2) or "")).split()
        if not words or not all(STATE_WORD.match(word) for word in words):
            return False
        if not re.search(r"[A-Za-z]", match.group(1)):
            return False
    return True


def _group_start(text: str) -> int:
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        depth += (text[index] == ")") - (text[index] == "(")
        if depth == 0:
            return index
    return -1


def split_states(printed: str) -> tuple[str, list[str]]:
    """A recommendation as printed → its text and the States after it ("… (France) (Lithuania);").
    A cluster ("Text A (Ukraine); text B (Slovakia)") keeps its parts' texts and gathers all States."""
    body = re.sub(r"\s*[;.]$", "", printed.strip())
    texts: list[str] = []
    states: list[str] = []
    # The first cycle's alternatives, "To ratify (Spain)/consider ratifying (Argentina) the …": each
    # verb's States stand before its "/"; they are taken out of the text and listed first.
    for match in list(re.finditer(r"\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)(?=/)", body))[::-1]:
        if _names_states(match.group(1)):
            found = [name for name in _top_level_split(match.group(1)) if name]
            states[:0] = [state for state in found if state not in states]
            body = body[: match.start()] + body[match.end() :]
    if states:  # … and the last alternative's own States, before the shared object ("… (Argentina) of the")
        last = body.rfind("/")
        own = re.search(r"\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)(?=\s)", body[last:])
        if own and _names_states(own.group(1)):
            found = [name for name in _top_level_split(own.group(1)) if name]
            states.extend(state for state in found if state not in states)
            body = body[: last + own.start()] + body[last + own.end() :]
        # Groups inside the shared object that repeat States already named ("… Disappearance (Spain,
        # Argentina) and of accepting …") say again who made which part; the States are listed once.
        inner = r"\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)(?=\s+[a-z])"
        for repeated in list(re.finditer(inner, body))[::-1]:
            names = [name for name in _top_level_split(repeated.group(1)) if name]
            if _names_states(repeated.group(1)) and set(names) <= set(states):
                body = body[: repeated.start()] + body[repeated.end() :]
    for part in re.split(r"(?<=\));\s+(?=[A-Za-z])", body):
        text, found = _trailing_states(part)
        texts.append(text)
        states.extend(state for state in found if state not in states)
    if len(texts) > 1 and not all(_trailing_states(part)[1] for part in re.split(r"(?<=\));\s+", body)[:-1]):
        text, found = _trailing_states(body)  # not a cluster: semicolons inside one recommendation
        return text, states + [state for state in found if state not in states]
    return "; ".join(texts), states


def _trailing_states(text: str) -> tuple[str, list[str]]:
    groups: list[str] = []
    text = text.rstrip()
    while text.endswith(")"):
        start = _group_start(text)
        if start < 0 or not _names_states(text[start + 1 : -1]):
            break
        groups.insert(0, text[start + 1 : -1])
        text = text[:start].rstrip()
    return text, [name for group in groups for name in _top_level_split(group) if name]


# ── the recogniser ──────────────────────────────────────────────────────────────────────────────


class _Reader:
    def __init__(self, body_size: float) -> None:
        self.body = Body()
        self.body_size = body_size
        self.expected = 1
        self.paragraph: Paragraph | None = None
        self.target: list[str] | None = None
        self.heading: Chapter | Section | None = None
        self.heading_lines: list[str] = []
        self.annex_pending = False
        self.in_contents = False
        self.expected_recommendation = 1

    # where new blocks go
    def _blocks(self) -> list[Paragraph | Section]:
        if not self.body.chapters:
            self.body.chapters.append(Chapter("", "", numbered=False))
        chapter = self.body.chapters[-1]
        if chapter.blocks and isinstance(chapter.blocks[-1], Section):
            return chapter.blocks[-1].blocks  # type: ignore[return-value]
        return chapter.blocks

    def close_heading(self) -> None:
        if self.heading is not None:
            self.heading.title = join_lines(self.heading_lines)
        self.heading = None

    def _start_paragraph(self, number: int | None, text: str, line: Line) -> None:
        self.paragraph = Paragraph(number, [text], line.where, bold_lines=[line.bold])
        self._blocks().append(self.paragraph)
        self.target = self.paragraph.lines

    def line(self, line: Line) -> None:
        text = line.text
        heading_size = line.bold and line.size >= self.body_size * 1.1
        if self.heading is not None and heading_size and line.gap < line.size * 0.8:
            self.heading_lines.append(text)  # a heading broken over two lines
            return
        self.close_heading()
        if text == "Contents" and not self.paragraph:
            self.in_contents = True  # the table of contents: the build makes it anew, pages and all
            self.body.contents = True
            self.body.warnings.append(
                Unmapped(
                    line.where,
                    "contents-regenerated",
                    "the Contents page is not imported as text: `options.contents: true` makes it anew",
                )
            )
            return
        if self.in_contents and not heading_size:
            return
        self.in_contents = False
        annex = ANNEX.match(text)
        if annex and line.bold:
            chapter = Chapter("", line.where, numbered=True, annex=True)
            self.body.chapters.append(chapter)
            self.heading, self.heading_lines, self.annex_pending = chapter, [], True
            self.paragraph, self.target, self.expected = None, None, 1
            return
        if heading_size:
            self._heading(line)
            return
        self._text(line)

    def _heading(self, line: Line) -> None:
        text = line.text
        if self.annex_pending and self.body.chapters and self.body.chapters[-1].annex:
            self.annex_pending = False
            self.heading, self.heading_lines = self.body.chapters[-1], [text]
            return
        chapter_match = CHAPTER_NUMBER.match(text)
        section_match = SECTION_LETTER.match(text)
        if chapter_match or (line.size >= self.body_size * 1.3 and not section_match):
            chapter = Chapter("", line.where, numbered=chapter_match is not None)
            self.body.chapters.append(chapter)
            self.heading = chapter
            self.heading_lines = [chapter_match.group(2) if chapter_match else text]
        else:
            if not self.body.chapters:
                self.body.chapters.append(Chapter("", line.where, numbered=False))
            section = Section("", line.where)
            self.body.chapters[-1].blocks.append(section)
            self.heading = section
            self.heading_lines = [section_match.group(2) if section_match else text]
        self.paragraph, self.target = None, None

    def _text(self, line: Line) -> None:
        text = line.text
        heading = RECOMMENDATION_HEADING.match(text)
        if heading and line.bold and int(heading.group(1)) == self.expected_recommendation:
            self.expected_recommendation += 1
            self.paragraph = Paragraph(None, [], line.where, recommendation=int(heading.group(1)))
            self._blocks().append(self.paragraph)
            self.target = self.paragraph.lines
            return
        numbered = PARAGRAPH_NUMBER.match(text)
        listed = LISTED_NUMBER.match(text)
        paragraph = self.paragraph
        if paragraph is not None and listed and self._is_listed(paragraph, listed, line):
            label = f"{listed.group(1)}.{listed.group(2)}" if listed.group(2) else f"{listed.group(1)}."
            paragraph.compound = listed.group(2) is not None
            item = Listed(label, [listed.group(3)], line.where, bold=line.bold)
            paragraph.listed.append(item)
            self.target = item.lines
            return
        if paragraph is not None and self._agenda_line(paragraph, line):
            return
        if numbered and int(numbered.group(1)) == self.expected:
            self.expected += 1
            self._start_paragraph(int(numbered.group(1)), numbered.group(2), line)
            return
        sub_item = SUB_ITEM.match(text)
        bullet = BULLET.match(text)
        if paragraph is not None and not paragraph.listed and (sub_item or bullet):
            paragraph.bullets = paragraph.bullets or (bool(bullet) and not paragraph.items)
            paragraph.items.append([(sub_item or bullet).group(1)])  # type: ignore[union-attr]
            self.target = paragraph.items[-1]
            return
        if self.target is None:
            self._start_paragraph(None, text, line)
            self.body.warnings.append(
                Unmapped(
                    line.where, "unnumbered-text", "text outside any numbered paragraph, kept as a paragraph"
                )
            )
            return
        self.target.append(text)
        if paragraph is not None and self.target is paragraph.lines:
            paragraph.bold_lines.append(line.bold)
        if paragraph is not None and paragraph.listed and self.target is paragraph.listed[-1].lines:
            paragraph.listed[-1].bold = paragraph.listed[-1].bold or line.bold

    def _agenda_line(self, paragraph: Paragraph, line: Line) -> bool:
        """An indented "1.", "2." list after a paragraph that lists no recommendations is its agenda,
        with "(a)", "(b)" sub-items; their lines are kept for the agenda file."""
        numbered = PARAGRAPH_NUMBER.match(line.text)
        if paragraph.listed or paragraph.items or line.indent <= 15:
            return False
        if numbered and int(numbered.group(1)) == len(paragraph.agenda) + 1:
            if "recommendation" in join_lines(paragraph.lines).lower():
                return False
            paragraph.agenda.append(AgendaEntry([numbered.group(2)], line.where))
            self.target = paragraph.agenda[-1].lines
            return True
        sub_item = SUB_ITEM.match(line.text)
        if paragraph.agenda and sub_item:
            paragraph.agenda[-1].items.append([sub_item.group(1)])
            self.target = paragraph.agenda[-1].items[-1]
            return True
        return False

    def _is_listed(self, paragraph: Paragraph, match: re.Match[str], line: Line) -> bool:
        """ "121.3" after 121.2 inside paragraph 121, or "3." after "2." indented further than the
        paragraphs (the first cycle's lead-in may end with a full stop, so its colon is not asked for)."""
        following = len(paragraph.listed) + 1
        major, minor = int(match.group(1)), match.group(2)
        if minor is not None:
            return paragraph.number == major and int(minor) == following
        if paragraph.listed:
            return major == following and (line.indent > 15 or major != self.expected)
        lead_in = join_lines(paragraph.lines).lower()
        # Indented, or numbered out of the paragraphs' sequence (a DOCX gives no indent to go by).
        apart = line.indent > 15 or major != self.expected
        return major == following and apart and not paragraph.items and "recommendation" in lead_in


def recognise(lines: list[Line]) -> Body:
    """The chapters, sections, paragraphs and listed recommendations of the report's body."""
    sizes = sorted(line.size for line in lines) or [10.0]
    reader = _Reader(sizes[len(sizes) // 2])
    for line in lines:
        reader.line(line)
    reader.close_heading()
    for chapter in reader.body.chapters:
        marks = re.search(r"(\*+)$", chapter.title)
        if marks:
            chapter.title = chapter.title[: marks.start()].rstrip()
        for block in chapter.blocks:
            for paragraph in block.blocks if isinstance(block, Section) else [block]:
                for item in paragraph.listed:
                    item.text, item.states = split_states(join_lines(item.lines))
    return reader.body
