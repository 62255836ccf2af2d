"""The recommendations the duplication check compares, and the pairs a person has already reviewed.

A `Candidate` is a draft recommendation or a registry entry (with its `symbol`); the registry's come
from the caller (reportkit.registry.check), so the checks never read a store themselves.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from reportkit.checks.instruments import Mention
from reportkit.diagnostics import UNKNOWN_LOC, Diagnostic, Severity, SourceLoc, closest_hint
from reportkit.house import house_style
from reportkit.model import (
    Recommendation,
    Report,
    SubItem,
    plain_text,
    published_recommendations,
    walk_sub_items,
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A recommendation as the check sees it: from the draft, or a registry entry (with `symbol`)."""

    key: str  # the draft id, or the registry key SYMBOL#ID
    id: str
    number: str
    text: str  # lead-in
    items: tuple[str, ...] = ()  # labelled sub-items
    themes: tuple[str, ...] = ()
    symbol: str = ""
    meeting: str = ""
    loc: SourceLoc = field(default=UNKNOWN_LOC, compare=False)
    by: tuple[str, ...] = ()  # who recommended it (the States of a UPR item); empty when the body did
    noun: str = "recommendation"  # what its report calls it: the house style's word
    response: str | None = None  # a registry entry's recorded response (the State's), when there is one
    date: datetime.date | None = None  # its meeting's first day: orders the earlier recommendations
    # The instruments it names, when known beforehand (a registry's cached index stores them);
    # found from the text when None.
    instruments: tuple[Mention, ...] | None = field(default=None, compare=False, repr=False)

    @property
    def in_registry(self) -> bool:
        return bool(self.symbol)

    @property
    def full_text(self) -> str:
        return "\n".join((self.text, *self.items))

    @property
    def label(self) -> str:
        """ "recommendation 12 (use-confiscated-proceeds)", "recommendation 17 of CTOC/COP/WG.6/2021/4"."""
        if self.in_registry:
            return f"{self.noun} {self.number} of {self.symbol}"
        return f"{self.noun} {self.number} ({self.id})" if self.number else f"{self.noun} {self.id}"


@runtime_checkable
class ReadTogether(Protocol):
    """Candidates that are read faster many at a time than one by one (a cached registry's entries)."""

    def take(self, positions: Sequence[int]) -> list[Candidate]: ...


def candidates_at(candidates: Sequence[Candidate], positions: Sequence[int]) -> list[Candidate]:
    """The candidates at `positions`, in their order: a large registry's shortlisted entries."""
    if isinstance(candidates, ReadTogether):
        return candidates.take(positions)
    return [candidates[position] for position in positions]


def _labelled_items(items: tuple[SubItem, ...]) -> tuple[str, ...]:
    return tuple(
        f"{item.label} {' '.join(plain_text(item.text).split())}".strip() for item in walk_sub_items(items)
    )


def draft_candidate(recommendation: Recommendation, noun: str = "recommendation") -> Candidate:
    return Candidate(
        key=recommendation.id,
        id=recommendation.id,
        number=recommendation.number,
        text=" ".join(plain_text(recommendation.text).split()),
        items=_labelled_items(recommendation.items),
        themes=recommendation.themes,
        loc=recommendation.loc,
        noun=noun,
    )


def draft_candidates(report: Report) -> list[Candidate]:
    """The draft's recommendations that will be published (withdrawn ones are left out)."""
    noun = house_style(report.style).recommendation_word
    return [draft_candidate(recommendation, noun) for recommendation in published_recommendations(report)]


def _normalise_key(
    key: str, drafts: dict[str, Candidate], registry: Sequence[Candidate] | None
) -> str | None:
    """A reviewed pair's member as a candidate key; None when it names nothing known."""
    if key in drafts:
        return key
    if "#" in key and registry is not None:
        symbol, _, local = key.partition("#")
        for entry in registry:
            if entry.symbol == symbol and local in (entry.id, entry.number):
                return entry.key
    return None


def reviewed_index(
    report: Report, drafts: Sequence[Candidate], registry: Sequence[Candidate] | None
) -> tuple[dict[frozenset[str], str], list[Diagnostic]]:
    """{pair of keys: reason}, and a warning for each member that names nothing known.

    A registry key (SYMBOL#ID or SYMBOL#NUMBER) can only be checked when a registry is given; without
    one it is kept as written.
    """
    by_key = {candidate.key: candidate for candidate in drafts}
    pairs: dict[frozenset[str], str] = {}
    diagnostics: list[Diagnostic] = []
    for pair in report.reviewed_pairs:
        members: list[str] = []
        for written in (pair.first, pair.second):
            key = _normalise_key(written, by_key, registry)
            if key is None and "#" in written and registry is None:
                key = written
            if key is None:
                # Every key, for the hint, only when one is wrong: a large registry's are many.
                known = [*by_key, *(entry.key for entry in registry or ())]
                diagnostics.append(
                    Diagnostic(
                        "unknown-reviewed-pair",
                        f"reviewed pair names '{written}', which is neither a draft recommendation nor a "
                        "registry entry",
                        pair.loc,
                        closest_hint(written, known) or "write a draft id, or a registry key SYMBOL#ID",
                        severity=Severity.WARNING,
                    )
                )
            else:
                members.append(key)
        if len(members) == 2:
            pairs[frozenset(members)] = pair.reason
    return pairs, diagnostics
