"""The duplication findings as a site page (Markdown for mkdocs-material): a pure function of the findings.

Shared wording is marked with <mark>, boilerplate dimmed with a span, inside a raw HTML table (which
Markdown leaves alone, so its text is HTML-escaped); everything Markdown reads is escaped with the site
writer's `text()`, so nothing in a recommendation or a registry file can add a link or markup. The site
has no Markdown tables extension, so the other listings are lists.
"""

from __future__ import annotations

import html

from reportkit.checks.duplicates import (
    MOST_SHOWN,
    Candidate,
    Finding,
    Findings,
    by_recommendation,
    opening_words,
    shown_in_full,
)
from reportkit.checks.formulas import openings_pattern
from reportkit.checks.similarity import Openings, mark_shared
from reportkit.house.style import capitalized
from reportkit.writers.site.markup import attribute, text
from reportkit.writers.terminal import LEVEL_NAMES, summary

# Earlier recommendations listed per draft recommendation on the page, most recent first (a page of
# every one of 200,000 entries' matches would not build in reasonable time).
MOST_LISTED = 10


def _marked_html(text: str, other: str, openings: Openings = None) -> str:
    pieces = []
    for piece, tag in mark_shared(text, other, openings).runs:
        escaped = html.escape(piece).replace("\n", "<br>")
        if tag == "boilerplate":
            pieces.append(f'<span class="boilerplate" style="opacity:.55">{escaped}</span>')
        elif tag == "shared":
            pieces.append(f"<mark>{escaped}</mark>")
        elif tag == "common":
            pieces.append(f"<u>{escaped}</u>")
        else:
            pieces.append(escaped)
    return "".join(pieces)


def _name(candidate: Candidate) -> str:
    """For the raw HTML table head."""
    if candidate.in_registry:
        return (
            f"{attribute(capitalized(candidate.noun))} {attribute(candidate.number)} of "
            f"{attribute(candidate.symbol)} ({attribute(candidate.meeting)})"
        )
    noun = attribute(capitalized(candidate.noun))
    return f"{noun} {attribute(candidate.number)} (<code>{attribute(candidate.id)}</code>)"


def _full(candidate: Candidate) -> str:
    return "\n".join((candidate.text, *candidate.items))


def _finding_section(index: int, finding: Finding, openings: Openings = None) -> list[str]:
    first, second = _full(finding.first), _full(finding.second)
    return [
        f"### {index}. {LEVEL_NAMES[finding.level].capitalize()}: "
        f"{text(finding.first.label)} ~ {text(finding.second.label)}",
        "",
        f"Score **{finding.score:.2f}** · matched: {text(finding.basis)} · "
        f"suggested action: **{finding.action}**",
        "",
        "<table><tr>",
        f"<th>{_name(finding.first)}</th><th>{_name(finding.second)}</th>",
        "</tr><tr>",
        f'<td style="vertical-align:top">{_marked_html(first, second, openings)}</td>',
        f'<td style="vertical-align:top">{_marked_html(second, first, openings)}</td>',
        "</tr></table>",
        "",
        text(finding.advice),
        "",
    ]


def _by_recommendation_section(findings: Findings) -> list[str]:
    """Each draft recommendation with the earlier ones it restates, most recent first. Every text is
    escaped: symbols, numbers and responses come from registry files anyone may have written."""
    view = by_recommendation(findings)
    if not view:
        return []
    lines = ["## By recommendation", ""]
    for candidate, earlier in view:
        noun = text(capitalized(candidate.noun))
        lines += [
            f"### {noun} {text(candidate.number)} ({text(candidate.id)})",
            "",
            f"*{text(opening_words(candidate.text))}*",
            "",
        ]
        for finding in earlier[:MOST_LISTED]:
            other = finding.second
            year = f" ({other.date.year})" if other.date else ""
            response = f", response: {text(other.response)}" if other.response else ""
            lines.append(
                f"- {text(LEVEL_NAMES[finding.level].capitalize())}: {text(other.symbol)}{year}, "
                f"{text(other.noun)} {text(other.number)}{response}, score {finding.score:.2f}"
            )
        if len(earlier) > MOST_LISTED:
            more = len(earlier) - MOST_LISTED
            lines.append(f"- … and {more} earlier ones (`reportkit check --view recommendations` lists them)")
        lines.append("")
    return lines


def findings_page(findings: Findings, title: str = "Duplication check") -> str:
    """The page: summary, one section per finding, reviewed pairs, and each recommendation's neighbours."""
    lines = [f"# {text(title)}", "", text(summary(findings)), ""]
    thresholds = findings.thresholds
    lines += [
        f"Levels: **duplicate** when the whole texts score {thresholds.duplicate:.2f} or more; "
        f"**possible overlap** from {thresholds.overlap:.2f}, or when a sentence or sub-item of one "
        f"scores {thresholds.part:.2f} or more against the other. "
        '<mark>Marked</mark> wording is shared; dimmed wording is formula ("States should").',
        "",
    ]
    if findings.findings:
        lines += ["## Findings", ""]
        openings = openings_pattern(findings.openings)
        shown, left_out = shown_in_full(findings)
        for index, finding in enumerate(shown, start=1):
            lines += _finding_section(index, finding, openings)
        if left_out:
            lines += [
                f"{left_out} further finding(s) are not shown: each recommendation's {MOST_SHOWN} "
                "strongest with the draft and with the registry are. `reportkit check --view "
                "recommendations` lists every earlier recommendation, `reportkit check --format json` "
                "every pair.",
                "",
            ]
    else:
        lines += ["No duplicates or overlaps were found.", ""]
    if findings.reviewed:
        lines += ["## Reviewed pairs (not reported)", ""]
        for finding in findings.reviewed:
            lines.append(
                f"- {text(finding.first.label)} ~ {text(finding.second.label)}, score {finding.score:.2f}: "
                f"{text(finding.reviewed)}"
            )
        lines.append("")
    lines += _by_recommendation_section(findings)
    lines += ["## Nearest recommendations", ""]
    for candidate, nearest in findings.neighbours:
        cells = "; ".join(f"{text(n.candidate.label)} ({n.score:.2f})" for n in nearest)
        noun = text(capitalized(candidate.noun))
        lines.append(f"- {noun} {text(candidate.number)} ({text(candidate.id)}): {cells}")
    lines.append("")
    return "\n".join(lines)
