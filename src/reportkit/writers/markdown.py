"""build/report.md: the whole report as pandoc Markdown.

Every paragraph and heading carries its id as an anchor, references are internal links, footnotes are
pandoc inline notes (`^[…]`). Paragraph numbers are written as escaped text ("39\\.") rather than as a
Markdown list, so that pandoc keeps them exactly and the text reads like the UN document.
"""

from __future__ import annotations

import json
import re

from reportkit.model import (
    AgendaItem,
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
)

# Characters pandoc Markdown could read as markup; a backslash makes each literal.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~^$@])")


def escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def document_url(symbol: str) -> str:
    """Where the official documents system serves a document by its symbol."""
    return f"https://undocs.org/{symbol}"


def render_inlines(inlines: Inlines) -> str:
    pieces: list[str] = []
    for inline in inlines:
        if isinstance(inline, Text):
            pieces.append(escape(inline.value))
        elif isinstance(inline, DocumentSymbol):
            pieces.append(f"[{escape(inline.symbol)}]({document_url(inline.symbol)})")
        elif isinstance(inline, Reference):
            for part in inline.rendered:
                pieces.append(f"[{escape(part.text)}](#{part.target})" if part.target else escape(part.text))
        elif isinstance(inline, Footnote):
            pieces.append(f"^[{render_inlines(inline.content)}]")
    return "".join(pieces)


def _sub_items(items: tuple[SubItem, ...], depth: int = 0) -> list[str]:
    lines: list[str] = []
    indent = "    " * depth
    for item in items:
        anchor = f"[]{{#{item.id}}}" if item.id else ""
        # A real pandoc "fancy list" item: "(a)" and "(i)" markers are read back with their style.
        lines.append(f"{indent}{item.label} {anchor}{render_inlines(item.text)}".rstrip())
        lines.append("")
        lines.extend(_sub_items(item.items, depth + 1))
    return lines


def agenda_lines(items: tuple[AgendaItem, ...]) -> list[tuple[int, str, str]]:
    """(depth, number, text) of each agenda line with the punctuation of an adopted agenda."""
    lines: list[tuple[int, str, str]] = []
    for item in items:
        ending = ":" if item.items else "."
        lines.append((0, f"{item.number}.", f"{item.title}{ending}"))
        for position, sub in enumerate(item.items):
            sub_ending = "." if position == len(item.items) - 1 else ";"
            lines.append((1, sub.number, f"{sub.title}{sub_ending}"))
    return lines


def _agenda(report: Report) -> list[str]:
    lines: list[str] = []
    for depth, number, text in agenda_lines(report.agenda):
        lines.extend([f"{'    ' * depth}{number} {escape(text)}", ""])
    return lines


def _block(block: Block, report: Report) -> list[str]:
    if isinstance(block, Paragraph):
        lines = [f"[]{{#{block.id}}}{block.number}\\. {render_inlines(block.text)}", ""]
        if block.show_agenda:
            lines.extend(_agenda(report))
        return lines + _sub_items(block.items)
    if isinstance(block, Recommendation):
        if block.status == "withdrawn":
            return []
        if report.options.recommendation_style == "paragraphs":
            lines = [f"[]{{#{block.id}}}{block.number}\\. {render_inlines(block.text)}", ""]
        else:
            text = render_inlines(block.text)
            if report.options.recommendations_bold:
                text = f"**{text}**"
            lines = [f"#### Recommendation {block.number} {{#{block.id}}}", "", text, ""]
        return lines + _sub_items(block.items)
    marks = "##" if block.level == 2 else "###"
    lines = [f"{marks} {block.number}. {escape(block.title)} {{#{block.id}}}", ""]
    for child in block.blocks:
        lines.extend(_block(child, report))
    return lines


def write_markdown(report: Report) -> str:
    meeting = report.meeting
    date = f"{meeting.date.day} {meeting.date:%B %Y}"
    lines = [
        "---",
        f"title: {json.dumps(meeting.title, ensure_ascii=False)}",
        f"subtitle: {json.dumps(meeting.symbol)}",
        "lang: en",
        "---",
        "",
        f"| United Nations {meeting.symbol}",
        f"| **{escape(meeting.issuing_body)}**",
        f"| Distr.: {meeting.distribution}",
        f"| {date}",
        f"| Original: {meeting.original_language}",
        "",
    ]
    for chapter in report.chapters:
        lines.extend([f"# {chapter.number}. {escape(chapter.title)} {{#{chapter.id}}}", ""])
        for block in chapter.blocks:
            lines.extend(_block(block, report))
    return "\n".join(lines).rstrip() + "\n"
