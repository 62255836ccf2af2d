"""build/report.md: the whole report as pandoc Markdown.

Every paragraph and heading carries its id as an anchor, references are internal links, footnotes are
pandoc inline notes (`^[…]`). Paragraph numbers are written as escaped text ("39\\.") rather than as a
Markdown list, so that pandoc keeps them exactly and the text reads like the UN document.
"""

from __future__ import annotations

import json
import re

from reportkit.house import DEFAULT_STYLE, HouseStyle, house_style
from reportkit.model import (
    BULLET,
    Block,
    DocumentSymbol,
    Footnote,
    Inlines,
    Paragraph,
    Recommendation,
    Reference,
    Report,
    SubItem,
    Text,
    agenda_lines,
)

# Characters pandoc Markdown could read as markup; a backslash makes each literal.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~^$@])")


def escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def document_url(symbol: str, style: HouseStyle | None = None) -> str:
    """Where the official documents system serves a document by its symbol (the house style says)."""
    return (style or house_style(DEFAULT_STYLE)).document_url(symbol)


EMPHASIS_MARKERS = {"bold": "**", "italic": "*", "": ""}


def emphasized(markdown: str, emphasis: str) -> str:
    """`markdown` between the emphasis markers, spaces at its ends left outside ("**word** ", not
    "**word **", which Markdown would not read as emphasis)."""
    marker = EMPHASIS_MARKERS[emphasis]
    core = markdown.strip()
    if not marker or not core:
        return markdown
    start = markdown.index(core)
    return f"{markdown[:start]}{marker}{core}{marker}{markdown[start + len(core) :]}"


def render_inlines(inlines: Inlines, style: HouseStyle | None = None) -> str:
    pieces: list[str] = []
    for inline in inlines:
        if isinstance(inline, Text):
            pieces.append(emphasized(escape(inline.value), inline.emphasis))
        elif isinstance(inline, DocumentSymbol):
            pieces.append(f"[{escape(inline.symbol)}]({document_url(inline.symbol, style)})")
        elif isinstance(inline, Reference):
            for part in inline.rendered:
                pieces.append(f"[{escape(part.text)}](#{part.target})" if part.target else escape(part.text))
        elif isinstance(inline, Footnote):
            pieces.append(f"^[{render_inlines(inline.content, style)}]")
    return "".join(pieces)


def _number(label: str) -> str:
    """A printed number as literal text: "39\\.", "121\\.14", never a Markdown list marker."""
    return label.replace(".", "\\.")


def _sub_items(items: tuple[SubItem, ...], style: HouseStyle, depth: int = 0) -> list[str]:
    lines: list[str] = []
    indent = "    " * depth
    for item in items:
        anchor = f"[]{{#{item.id}}}" if item.id else ""
        # A real pandoc "fancy list" item: "(a)" and "(i)" markers are read back with their style.
        marker = "-" if item.label == BULLET else item.label  # a bullet is a Markdown list item
        lines.append(f"{indent}{marker} {anchor}{render_inlines(item.text, style)}".rstrip())
        lines.append("")
        lines.extend(_sub_items(item.items, style, depth + 1))
    return lines


def _agenda(report: Report) -> list[str]:
    lines: list[str] = []
    for depth, number, text in agenda_lines(report.agenda):
        lines.extend([f"{'    ' * depth}{number} {escape(text)}", ""])
    return lines


def _listed(paragraph: Paragraph, style: HouseStyle, together: bool) -> list[str]:
    """A paragraph's list of recommendations, "121.1 Ratify … (France) (Lithuania);", one per line."""
    published = [r for r in paragraph.recommendations if r.status != "withdrawn"]
    lines: list[str] = []
    for position, recommendation in enumerate(published, start=1):
        ending = escape(style.listed_ending(recommendation.by, position == len(published), together))
        text = render_inlines(recommendation.text, style)
        lines.extend([f"[]{{#{recommendation.id}}}{_number(recommendation.label)} {text}{ending}", ""])
        lines.extend(_sub_items(recommendation.items, style))
    return lines


def _block(block: Block, report: Report, style: HouseStyle) -> list[str]:
    if isinstance(block, Paragraph):
        number = f"{_number(block.number + '.')} " if block.number else ""
        lines = [f"[]{{#{block.id}}}{number}{render_inlines(block.text, style)}", ""]
        if block.show_agenda:
            lines.extend(_agenda(report))
        together = report.options.states_together
        return lines + _sub_items(block.items, style) + _listed(block, style, together)
    if isinstance(block, Recommendation):
        if block.status == "withdrawn":
            return []
        if report.options.recommendation_style == "paragraphs":
            lines = [
                f"[]{{#{block.id}}}{_number(block.number + '.')} {render_inlines(block.text, style)}",
                "",
            ]
        else:
            text = render_inlines(block.text, style)
            if report.options.recommendations_bold:
                text = f"**{text}**"
            lines = [f"#### {style.recommendation_heading(block.number)} {{#{block.id}}}", "", text, ""]
        return lines + _sub_items(block.items, style)
    marks = "##" if block.level == 2 else "###"
    lines = [f"{marks} {block.number}. {escape(block.title)} {{#{block.id}}}", ""]
    for child in block.blocks:
        lines.extend(_block(child, report, style))
    return lines


def _title_lines(report: Report) -> list[str]:
    """The title with its footnote and the subtitle, where a report has them (A/HRC/43/15's page 1)."""
    meeting = report.meeting
    if not (meeting.subtitle or meeting.title_footnote):
        return []
    note = f"^[{escape(meeting.title_footnote)}]" if meeting.title_footnote else ""
    lines = [f"| **{escape(meeting.title)}**{note}"]
    if meeting.subtitle:
        lines.append(f"| **{escape(meeting.subtitle)}**")
    return [*lines, ""]


def write_markdown(report: Report) -> str:
    meeting = report.meeting
    style = house_style(report.style)
    lines = [
        "---",
        f"title: {json.dumps(meeting.title, ensure_ascii=False)}",
        f"subtitle: {json.dumps(meeting.symbol)}",
        "lang: en",
        "---",
        "",
        f"| {style.organization} {meeting.symbol}",
        f"| **{escape(meeting.issuing_body)}**",
        f"| {style.distribution_label}{meeting.distribution}",
        f"| {style.date(meeting.date)}",
        f"| {style.original_label}{meeting.original_language}",
        "",
        *_title_lines(report),
    ]
    for chapter in report.chapters:
        numeral = f"{chapter.number}. " if chapter.number else ""
        note = f"^[{escape(chapter.title_footnote)}]" if chapter.title_footnote else ""
        lines.extend([f"# {numeral}{escape(chapter.title)}{note} {{#{chapter.id}}}", ""])
        for block in chapter.blocks:
            lines.extend(_block(block, report, style))
    for annex in report.annexes:
        lines.extend(
            [f"# {style.annex_heading(annex.number)} {{#{annex.id}}}", "", f"**{escape(annex.title)}**", ""]
        )
        for block in annex.blocks:
            lines.extend(_block(block, report, style))
    return "\n".join(lines).rstrip() + "\n"
