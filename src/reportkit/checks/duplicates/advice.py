"""What to do about a pair found by the duplication check, by kind of report.

A negotiated working-group report speaks with one voice: a restatement is deleted, or the earlier
recommendation cited; two overlapping drafts are merged. A UPR report is a list of what each State
recommended: nothing is deleted, since every State's recommendation is recorded as made. Near-identical
recommendations of the same review are clustered (one item, the States listed together), and an
earlier cycle's recommendation is cited so that the review can follow up on it.

The kind is chosen by the caller (`compare_candidates(kind=…)`); a new kind of report is one new
function in `ADVICE`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from reportkit.checks.duplicates.candidates import Candidate

Level = Literal["duplicate", "overlap"]
Action = Literal["delete", "cite", "merge", "cluster"]
ReportKind = Literal["working-group", "upr"]
Advice = Callable[["Candidate", "Candidate", Level], tuple[Action, str]]


def working_group_advice(first: Candidate, second: Candidate, level: Level) -> tuple[Action, str]:
    if second.in_registry and level == "duplicate":
        return "delete", (
            f"Delete {first.label}: {second.label} ({second.meeting}) already says this. If it must stand, "
            f"cite that recommendation and declare the reused text."
        )
    if second.in_registry:
        return "cite", (
            f"Cite {second.label} for the shared clause, and keep in {first.label} only what is new."
        )
    if level == "duplicate":
        return "delete", f"Delete one of {first.label} and {second.label}, keeping the clearer wording."
    return "merge", f"Merge {first.label} and {second.label}, or keep the shared clause in one of them only."


def _states(candidate: Candidate) -> str:
    return f" ({', '.join(candidate.by)})" if candidate.by else ""


def upr_advice(first: Candidate, second: Candidate, level: Level) -> tuple[Action, str]:
    """Never "delete": each State's recommendation stands as made."""
    if second.in_registry:
        verb = "restates" if level == "duplicate" else "takes up"
        return "cite", (
            f"{first.label}{_states(first)} {verb} {second.label}{_states(second)} of the earlier cycle "
            f"({second.meeting}): cite it, so that the review follows up on the earlier recommendation."
        )
    if first.by and set(first.by) == set(second.by):
        return "merge", (
            f"{first.label} and {second.label} come from the same State{_states(first)}: merge them into "
            f"one recommendation."
        )
    return "cluster", (
        f"Cluster {first.label}{_states(first)} with {second.label}{_states(second)}: near-identical "
        f"recommendations by different States are listed together, each State's wording kept."
    )


ADVICE: dict[str, Advice] = {"working-group": working_group_advice, "upr": upr_advice}
