"""Editorial checks on the finished model: lengths that point at an accident, the word limit, and two
rules of the UN Editorial Manual that a machine can check without false alarms: "per cent" is written
out (never "%"), and dates read "31 May 2021", without a comma.

A text of hundreds of thousands of characters is never a paragraph: it is a paste gone wrong, and it
would make a DOCX that Word struggles to open, so it is an error. A paragraph of more than a
thousand-odd words is unusual in a UN report and worth a look (a warning). Reports of intergovernmental
bodies have a word limit (10,700 words, headings and footnotes included; UN-FORMAT.md), set per report
with `options.word_limit`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reportkit.diagnostics import Diagnostic, Severity, SourceLoc
from reportkit.model import (
    Footnote,
    Inlines,
    Paragraph,
    Recommendation,
    Report,
    Section,
    SubItem,
    all_blocks,
    plain_text,
    walk_sub_items,
)

MAX_TEXT_CHARACTERS = 100_000
LONG_TEXT_WORDS = 1_500
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# "May 31, 2021" (United States order) and "31 May, 2021" both break the UN form "31 May 2021".
_DATE_WITH_COMMA = re.compile(rf"\b(?:(?:{_MONTHS}) \d{{1,2}}, \d{{4}}|\d{{1,2}} (?:{_MONTHS}), \d{{4}})\b")


def _footnote_texts(inlines: Inlines) -> Iterator[str]:
    for inline in inlines:
        if isinstance(inline, Footnote):
            yield plain_text(inline.content)


def _texts(report: Report) -> Iterator[tuple[str, str, SourceLoc]]:
    """(what, text, where) for every text of the report, headings and footnotes included."""
    for chapter in report.chapters:
        yield f"chapter '{chapter.id}'", chapter.title, chapter.loc
    for block in all_blocks(report):
        if isinstance(block, Section):
            yield f"section '{block.id}'", block.title, block.loc
            continue
        if isinstance(block, Recommendation) and block.status == "withdrawn":
            continue
        kind = "paragraph" if isinstance(block, Paragraph) else "recommendation"
        yield f"{kind} '{block.id}'", plain_text(block.text), block.loc
        for note in _footnote_texts(block.text):
            yield f"a footnote of {kind} '{block.id}'", note, block.loc
        item: SubItem
        for item in walk_sub_items(block.items):
            yield f"a subparagraph of {kind} '{block.id}'", plain_text(item.text), item.loc
            for note in _footnote_texts(item.text):
                yield f"a footnote of {kind} '{block.id}'", note, item.loc


def _style_of(what: str, text: str, loc: SourceLoc) -> Iterator[Diagnostic]:
    if "%" in text:
        yield Diagnostic(
            "per-cent",
            f"{what} uses '%'",
            loc,
            'the UN writes "per cent" in full: "70 per cent"',
            severity=Severity.WARNING,
        )
    if match := _DATE_WITH_COMMA.search(text):
        yield Diagnostic(
            "date-form",
            f"{what} writes the date '{match.group()}'",
            loc,
            'UN dates read "31 May 2021": day, month, year, no comma',
            severity=Severity.WARNING,
        )


def check_editorial(report: Report) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    total_words = 0
    for what, text, loc in _texts(report):
        words = len(text.split())
        total_words += words
        if len(text) > MAX_TEXT_CHARACTERS:
            diagnostics.append(
                Diagnostic(
                    "text-too-long",
                    f"{what} is {len(text):,} characters long",
                    loc,
                    "no paragraph is this long: probably a paste gone wrong; remove what does not belong",
                )
            )
        elif words > LONG_TEXT_WORDS:
            diagnostics.append(
                Diagnostic(
                    "long-text",
                    f"{what} has {words:,} words",
                    loc,
                    "UN paragraphs rarely pass a few hundred words; consider splitting it",
                    severity=Severity.WARNING,
                )
            )
        diagnostics.extend(_style_of(what, text, loc))
    limit = report.options.word_limit
    if limit and total_words > limit:
        diagnostics.append(
            Diagnostic(
                "word-limit",
                f"the report has {total_words:,} words, over its limit of {limit:,}",
                report.meeting.loc,
                "shorten it, or set options.word_limit if this body has another limit",
                severity=Severity.WARNING,
            )
        )
    return diagnostics
