"""The duplication findings as a terminal report (rich): both texts side by side, shared wording marked.

Marks: wording in a shared two-word term in bold yellow, other shared words in yellow, the UN
formulas and hedges ("States parties to the Firearms Protocol should", "upon request") dimmed, since
sharing them means nothing.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

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

STYLES = {"boilerplate": "dim", "shared": "bold yellow", "common": "yellow", "": ""}
LEVEL_STYLES = {"duplicate": "bold red", "overlap": "bold magenta"}
LEVEL_NAMES = {"duplicate": "DUPLICATE", "overlap": "POSSIBLE OVERLAP"}


def marked_text(text: str, other: str, openings: Openings = None) -> Text:
    result = Text()
    for piece, tag in mark_shared(text, other, openings).runs:
        result.append(piece, style=STYLES[tag])
    return result


def _display(candidate: Candidate) -> str:
    return "\n".join((candidate.text, *candidate.items))


def _heading(candidate: Candidate) -> Text:
    heading = Text(candidate.label[:1].upper() + candidate.label[1:], style="bold")
    if candidate.in_registry:
        heading.append(f"\n{candidate.id}\n{candidate.meeting}", style="dim")
    elif candidate.loc.line:
        heading.append(f"\n{candidate.loc}", style="dim")
    return heading


def finding_view(finding: Finding, openings: Openings = None) -> Group:
    title = Text()
    title.append(LEVEL_NAMES[finding.level], style=LEVEL_STYLES[finding.level])
    title.append(f"  score {finding.score:.2f}  ", style="bold")
    title.append(f"{finding.first.label} ~ {finding.second.label}")
    table = Table(box=box.ROUNDED, expand=True, show_lines=False)
    table.add_column(_heading(finding.first), ratio=1)
    table.add_column(_heading(finding.second), ratio=1)
    first, second = _display(finding.first), _display(finding.second)
    table.add_row(marked_text(first, second, openings), marked_text(second, first, openings))
    footer = Text()
    footer.append("matched: ", style="dim")
    footer.append(f"{finding.basis}\n")
    footer.append(f"suggested action: {finding.action}", style="bold")
    footer.append(f" — {finding.advice}")
    return Group(title, table, footer, Text(""))


def neighbours_table(findings: Findings) -> Table:
    table = Table(title="Nearest recommendations (no threshold)", box=box.SIMPLE_HEAVY, expand=True)
    table.add_column("Recommendation", ratio=2)
    for rank in range(1, 4):
        table.add_column(f"{rank}.", ratio=3)
    for candidate, nearest in findings.neighbours:
        cells = [Text(f"{candidate.number} {candidate.id}")]
        for neighbour in nearest:
            other = neighbour.candidate
            name = f"{other.symbol} {other.number}" if other.in_registry else other.number
            cells.append(Text(f"{neighbour.score:.2f} {name} {other.id}"))
        cells.extend(Text("") for _ in range(4 - len(cells)))
        table.add_row(*cells)
    return table


def summary(findings: Findings) -> str:
    against = f" and with {findings.registry_size} registry entries" if findings.registry_size else ""
    parts = [
        f"{findings.count('duplicate')} duplicate(s)",
        f"{findings.count('overlap')} possible overlap(s)",
    ]
    if findings.reviewed:
        parts.append(f"{len(findings.reviewed)} reviewed pair(s) not reported")
    return (
        f"{findings.compared} draft recommendations compared with each other{against} "
        f"({findings.method}): {', '.join(parts)}."
    )


def left_out_line(left_out: int) -> str:
    return (
        f"{left_out} further finding(s) not shown: each recommendation's {MOST_SHOWN} strongest with "
        f"the draft and with the registry are. --view recommendations lists every earlier "
        f"recommendation, --format json every pair."
    )


def print_findings(findings: Findings, console: Console, show_neighbours: bool = False) -> None:
    openings = openings_pattern(findings.openings)
    shown, left_out = shown_in_full(findings)
    for finding in shown:
        console.print(finding_view(finding, openings))
    if left_out:
        console.print(left_out_line(left_out), style="dim", markup=False)
    if show_neighbours:
        console.print(neighbours_table(findings))
    console.print(summary(findings), markup=False, highlight=False)
    if not show_neighbours:
        console.print("Each recommendation's three nearest: add --neighbours.", style="dim", markup=False)


def earlier_line(finding: Finding) -> str:
    """ "duplicate  CTOC/COP/WG.6/2021/4 (2021) recommendation 41, response: Supported, score 0.78"."""
    earlier = finding.second
    year = f" ({earlier.date.year})" if earlier.date else ""
    response = f", response: {earlier.response}" if earlier.response else ""
    return (
        f"{finding.level:<9}  {earlier.symbol}{year} {earlier.noun} {earlier.number}{response}, "
        f"score {finding.score:.2f}"
    )


def recommendation_heading(candidate: Candidate) -> str:
    label = candidate.label[:1].upper() + candidate.label[1:]
    return f"{label}: {opening_words(candidate.text)}"


def print_by_recommendation(findings: Findings, console: Console) -> None:
    """`check --view recommendations`: each draft recommendation with the earlier ones it restates."""
    view = by_recommendation(findings)
    for candidate, earlier in view:
        # soft_wrap: one line per earlier recommendation whatever the terminal's width, so it can be
        # read by grep and compared in tests; markup off, since the texts are the drafters' and registry's.
        console.print(recommendation_heading(candidate), style="bold", markup=False, soft_wrap=True)
        for finding in earlier:
            console.print(f"  {earlier_line(finding)}", markup=False, soft_wrap=True)
        console.print()
    if not view:
        console.print("No draft recommendation restates or overlaps an earlier one.", markup=False)
    console.print(summary(findings), markup=False, highlight=False, soft_wrap=True)
