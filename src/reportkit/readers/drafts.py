"""The recognised report written as drafts: report.yaml and one file per chapter and annex.

Ids are made from the text (`ratify-international-convention-enforced`), so they read as what they
name and come out the same on every import of the same file; a clash takes the next free "-2", "-3".
Texts are written as YAML double-quoted scalars with reportkit's markup characters escaped, footnotes
as `^[…]`, and "recommendation 121.14" pointing inside the report as `[[id]]`.
"""

from __future__ import annotations

import json
import re
import unicodedata

from reportkit.readers.particulars import NOTE_CLOSE, NOTE_OPEN, ImportedReport, Masthead
from reportkit.readers.report_structure import (
    AgendaEntry,
    Chapter,
    Paragraph,
    Section,
    join_lines,
    response_of,
)

# Words left out of ids: they make ids longer without telling them apart.
STOP_WORDS = frozenset((
    "a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "by", "with", "at", "from", "as",
    "its", "their", "that", "this", "these", "those", "be", "is", "are", "was", "were", "which", "who",
    "has", "have", "had", "it", "all", "any", "into", "such", "under", "also", "should", "shall",
    "will", "would", "may", "can"
))  # fmt: skip
SCHEMA_LINE = "# yaml-language-server: $schema={depth}.reportkit/reportkit.schema.json\n"


class Ids:
    """Readable unique ids from text, in document order (so the same input gives the same ids)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def make(self, text: str, words: int = 5, fallback: str = "part") -> str:
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
        kept = [word for word in re.findall(r"[a-z0-9]+", plain) if word not in STOP_WORDS][:words]
        base = "-".join(kept) or fallback
        if not base[0].isalpha():
            base = f"{fallback}-{base}"
        candidate, suffix = base, 2
        while candidate in self.taken:
            candidate, suffix = f"{base}-{suffix}", suffix + 1
        self.taken.add(candidate)
        return candidate


def escaped(text: str) -> str:
    """Text as printed → draft text: markup characters escaped, footnotes as ^[…]."""
    text = text.replace("\\", "\\\\").replace("*", "\\*").replace("[[", "\\[[").replace("^[", "\\^[")
    return re.sub(
        f"{NOTE_OPEN}(.*?){NOTE_CLOSE}", lambda m: "^[" + m.group(1).replace("]", "\\]") + "]", text
    )


MARGIN_RANGE = (0.5, 8.0)  # centimetres, as the schema allows


def quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _text(lines: list[str]) -> str:
    return quoted(escaped(join_lines(lines)))


def _paragraph_yaml(
    paragraph: Paragraph, ids: Ids, labels: dict[str, str], indent: str, style: str, agenda: list[AgendaEntry]
) -> str:
    lead = join_lines(paragraph.lines)
    if paragraph.recommendation is not None:
        rec_id = ids.make(lead, 5, "recommendation")
        labels[str(paragraph.recommendation)] = rec_id
        out = f"{indent}- recommendation: {rec_id}\n{indent}  status: adopted\n"
    else:
        paragraph_id = ids.make(lead, 4, "paragraph")
        if paragraph.number is not None:
            labels.setdefault(f"paragraph {paragraph.number}", paragraph_id)  # the report's, not an annex's
        out = f"{indent}- paragraph: {paragraph_id}\n"
    # Printed without a number (an annex's list of the delegation, text the recogniser kept as it
    # found it): so built again, and the numbers after it stay as printed. A paragraph that lists
    # recommendations is numbered whatever it printed, since their numbers are made from its own.
    if paragraph.recommendation is None and paragraph.number is None and not paragraph.listed:
        out += f"{indent}  numbered: false\n"
    text = escaped(join_lines(paragraph.lines))
    out += f"{indent}  text: {quoted(f'**{text}**' if paragraph.bold else text)}\n"
    if paragraph.agenda and agenda and paragraph.agenda[0] is agenda[0]:
        out += f"{indent}  show_agenda: true\n"
    if paragraph.items:
        out += f"{indent}  bullets: true\n" if paragraph.bullets else ""
        out += f"{indent}  items:\n" + "".join(f"{indent}    - {_text(item)}\n" for item in paragraph.items)
    if paragraph.listed:
        response = response_of(lead) if style == "geneva" else None
        out += "" if paragraph.compound else f"{indent}  list_numbering: plain\n"
        out += f"{indent}  recommendations:\n"
        for item in paragraph.listed:
            rec_id = ids.make(item.text, 5, "recommendation")
            number = item.label if paragraph.compound else f"{paragraph.number}.{item.label.rstrip('.')}"
            labels[number] = rec_id
            out += f"{indent}    - recommendation: {rec_id}\n{indent}      status: adopted\n"
            out += f"{indent}      response: {response}\n" if response else ""
            if item.states:
                out += f"{indent}      by: [{', '.join(quoted(state) for state in item.states)}]\n"
            out += f"{indent}      text: {quoted(escaped(item.text))}\n"
    return out


def chapter_yaml(
    chapter: Chapter, chapter_id: str, ids: Ids, labels: dict[str, str], style: str, agenda: list[AgendaEntry]
) -> str:
    out = (
        SCHEMA_LINE.format(depth="../")
        + f"chapter: {chapter_id}\ntitle: {quoted(chapter.title or 'Untitled')}\n"
    )
    out += "" if chapter.numbered or chapter.annex else "numbered: false\n"
    out += f"title_footnote: {quoted(chapter.title_footnote)}\n" if chapter.title_footnote else ""
    out += "content:\n" if chapter.blocks else "content: []\n"
    for block in chapter.blocks:
        if isinstance(block, Section):
            out += f"  - section: {ids.make(block.title, 4, 'section')}\n    title: {quoted(block.title)}\n"
            out += "    content:\n" if block.blocks else "    content: []\n"
            out += "".join(_paragraph_yaml(p, ids, labels, "      ", style, agenda) for p in block.blocks)
        else:
            out += _paragraph_yaml(block, ids, labels, "  ", style, agenda)
    return out


def _references(text: str, labels: dict[str, str], paragraphs: dict[str, str], items: dict[str, str]) -> str:
    """References printed as text → [[id]] where they point inside the report: "recommendation
    121.14" or "Recommendation 27" (a number of this report's), "paragraph 39 above" or "below" (a
    bare "paragraph 15" may be another document's, as in "paragraph 15 of the annex to resolution
    5/1", so it stays text) and "agenda item 3" (an item of the agenda printed in the report)."""

    def recommendation(match: re.Match[str]) -> str:
        target = labels.get(match.group(2))
        if target is None:
            return match.group(0)
        return f"[[{target}|cap]]" if match.group(1)[0] == "R" else f"[[{target}]]"

    def paragraph(match: re.Match[str]) -> str:
        target = paragraphs.get(match.group(1))
        return match.group(0) if target is None else f"[[{target}]] {match.group(2)}"

    def item(match: re.Match[str]) -> str:
        target = items.get(match.group(1))
        return match.group(0) if target is None else f"agenda [[{target}]]"

    text = re.sub(r"\b([Rr]ecommendation) (\d{1,3}(?:\.\d{1,3})?)\b(?![.\d])", recommendation, text)
    text = re.sub(r"\bparagraph (\d{1,3}) (above|below)\b", paragraph, text)
    return re.sub(r"\bagenda item (\d{1,2})\b(?!\.?\d| \()", item, text)


def _agenda_title(lines: list[str]) -> str:
    """An agenda item's title as printed, without its closing ":", ";" or "." (titles carry none)."""
    return re.sub(r"[:;.]$", "", join_lines(lines))


def agenda_yaml(agenda: list[AgendaEntry], ids: Ids, numbers: dict[str, str]) -> str:
    """agenda.yaml; `numbers` gets each item's id by its number ("3"), for references."""
    out = SCHEMA_LINE.format(depth="") + "agenda:\n"
    for number, entry in enumerate(agenda, 1):
        title = _agenda_title(entry.lines)
        numbers[str(number)] = ids.make(title, 4, "item")
        out += f"  - item: {numbers[str(number)]}\n    title: {quoted(title)}\n"
        if entry.items:
            out += "    items:\n"
            for sub in entry.items:
                sub_title = _agenda_title(sub)
                out += f"      - item: {ids.make(sub_title, 4, 'item')}\n        title: {quoted(sub_title)}\n"
    return out


def report_yaml(
    masthead: Masthead,
    chapters: list[str],
    annexes: list[str],
    bold: bool,
    headings: bool,
    contents: bool = False,
    margins: tuple[float, float] | None = None,
    states_together: bool = False,
) -> str:
    def line(key: str, value: str) -> str:
        return f"  {key}: {quoted(value)}\n" if value else ""

    out = SCHEMA_LINE.format(depth="") + f"style: {masthead.style}\nmeeting:\n"
    out += line("issuing_body", masthead.issuing_body or "United Nations")
    out += line("symbol", masthead.symbol)
    out += line("job_number", masthead.job_number)
    for key, value in (
        ("date", masthead.date),
        ("start_date", masthead.start_date),
        ("end_date", masthead.end_date),
    ):
        out += f"  {key}: {value.isoformat()}\n" if value else ""
    out += line("distribution", masthead.distribution) + line("original_language", masthead.original_language)
    out += line("venue", masthead.venue) + line("title", masthead.title) + line("subtitle", masthead.subtitle)
    out += line("title_footnote", masthead.title_footnote) + line(
        "processing_dates", masthead.processing_dates
    )
    if masthead.session_lines:
        out += "  session_lines:\n" + "".join(f"    - {quoted(text)}\n" for text in masthead.session_lines)
        out += f"  session_lines_bold: [{', '.join(map(str, masthead.session_lines_bold))}]\n"
    out += "options:\n"
    out += f"  qr_code: {'true' if masthead.qr_code else 'false'}\n"
    out += f"  please_recycle: {'true' if masthead.please_recycle else 'false'}\n"
    out += "  word_limit: 0\n"
    out += "  recommendations_bold: true\n" if bold else ""
    out += "  recommendation_style: headings\n" if headings else ""
    out += "  contents: true\n" if contents else ""
    out += "  states_together: true\n" if states_together else ""
    # Margins the schema would refuse (text printed to the paper's edge) are left to the house style.
    if margins is not None and all(MARGIN_RANGE[0] <= side <= MARGIN_RANGE[1] for side in margins):
        top, bottom = margins
        out += "  margins:  # as the issued report has them, so that pages break where they did\n"
        out += f"    top: {top}\n    bottom: {bottom}\n"
    out += "chapters:\n" + "".join(f"  - {path}\n" for path in chapters)
    out += ("annexes:\n" + "".join(f"  - {path}\n" for path in annexes)) if annexes else ""
    return out


def draft_files(report: ImportedReport) -> dict[str, str]:
    """Every draft file of the imported report, by its path in the meeting folder."""
    ids = Ids()
    labels: dict[str, str] = {}
    files: dict[str, str] = {}
    chapters: list[str] = []
    annexes: list[str] = []
    blocks = [
        paragraph
        for chapter in report.body.chapters
        for block in chapter.blocks
        for paragraph in (block.blocks if isinstance(block, Section) else [block])
    ]
    # The first agenda printed in the text becomes agenda.yaml (its ids made first, for references).
    agenda = next(([*p.agenda] for p in blocks if p.agenda), [])
    item_ids: dict[str, str] = {}
    if agenda:
        files["agenda.yaml"] = agenda_yaml(agenda, ids, item_ids)
    for chapter in report.body.chapters:
        if not chapter.blocks and not chapter.title:
            continue
        chapter_id = ids.make(chapter.title or "untitled", 4, "chapter")
        folder, listing = ("annexes", annexes) if chapter.annex else ("chapters", chapters)
        path = f"{folder}/{len(listing) + 1}-{chapter_id}.yaml"
        listing.append(path)
        files[path] = chapter_yaml(chapter, chapter_id, ids, labels, report.masthead.style, agenda)
    paragraphs = {key.split()[1]: value for key, value in labels.items() if key.startswith("paragraph ")}
    files = {path: _references(text, labels, paragraphs, item_ids) for path, text in files.items()}
    listed = [item for paragraph in blocks for item in paragraph.listed]
    bold = bool(listed) and sum(item.bold for item in listed) * 2 > len(listed)
    # "(Spain, Tunisia, Portugal)" or "(Spain) (Tunisia) (Portugal)": as most lists with several States print.
    several = [item for item in listed if len(item.states) > 1]
    together = sum(f"{item.states[0]}, {item.states[1]}" in join_lines(item.lines) for item in several)
    states_together = together * 2 > len(several)
    headings = any(paragraph.recommendation is not None for paragraph in blocks)
    files["report.yaml"] = report_yaml(
        report.masthead,
        chapters,
        annexes,
        bold,
        headings,
        report.body.contents,
        report.margins,
        states_together,
    )
    if agenda:
        files["report.yaml"] = files["report.yaml"].replace(
            "chapters:\n", "agenda: agenda.yaml\nchapters:\n", 1
        )
    return files
