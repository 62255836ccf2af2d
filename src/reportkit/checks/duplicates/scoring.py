"""Scoring: every draft recommendation against every other and against the registry.

Paragraph 39 of the 2021 report asks that recommendations be streamlined "to avoid duplication", and
the UN's rules forbid republishing texts already published, or published with minor changes. This
module finds the candidates; people decide.

Two levels:

- **duplicate**: the whole texts say the same (whole-text score ≥ `Thresholds.duplicate`): a
  restatement. Suggested action: delete it (or, against the registry, cite the earlier one).
- **overlap** (possible overlap): the whole texts are close (≥ `Thresholds.overlap`), or a part of one
  (a sentence, a sub-item) repeats the other (part score ≥ `Thresholds.part`): merge them, or cite.

Pairs that a person recorded in `reviewed_pairs` are not reported (they are kept in `Findings.reviewed`).
The thresholds were calibrated on tests/data/duplicate_pairs.yaml; docs/duplicates.md has the figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib.resources import files

import numpy as np
import scipy.sparse as sp

from reportkit.checks import scoring as unit_scoring
from reportkit.checks.collector import collecting_rarely
from reportkit.checks.duplicates.advice import ADVICE, ReportKind
from reportkit.checks.duplicates.candidates import Candidate, candidates_at, draft_candidates, reviewed_index
from reportkit.checks.duplicates.findings import (
    LEVELS,
    Finding,
    Findings,
    Level,
    Neighbour,
    Thresholds,
)
from reportkit.checks.duplicates.shortlist import CHUNK_ROWS, centred_rows, shortlist
from reportkit.checks.embeddings import Embedder
from reportkit.checks.formulas import learned_openings
from reportkit.checks.index import TermIndex, build_index
from reportkit.checks.instruments import CONFLICT_FACTOR, Mention, different_instruments, mentions
from reportkit.checks.similarity import (
    document_frequencies,
    frequent_columns,
    inverse_document_frequencies,
    units_of,
    weighted,
    with_columns,
)
from reportkit.checks.vocabulary import growable_copy
from reportkit.model import Report

# The fallback when the model cannot be loaded (or with --method lexical): calibrated on the firearms
# pairs of tests/data/duplicate_pairs.yaml (docs/duplicates.md).
LEXICAL_THRESHOLDS = Thresholds(duplicate=0.50, overlap=0.32, part=0.40)
# The default, semantic scoring: tuned on the Slovenia UPR labels (tests/data/upr/, all 215 drafts;
# held-out figures from two folds in docs/duplicates.md), then measured on the firearms pairs.
# Flagged when the whole texts or any parts reach `overlap`; a duplicate when the whole texts reach
# `duplicate`, the lowest score at which 80% of the flagged pairs were labelled restatements (tuned
# again for each change of the vectors: 0.85/0.51 for the packaged model, 0.88/0.50 once quantized
# for integer arithmetic, 0.84/0.51 since each text is encoded alone, encoders.py).
SEMANTIC_THRESHOLDS = Thresholds(duplicate=0.84, overlap=0.51, part=0.51)
# Each unit pair's score is (1 - w) · lexical + w · semantic cosine. Mixing in the lexical cosine
# measured worse on the UPR at every weight tried (0.5, 0.7, 0.85, 0.9), so the score is semantic;
# the lexical analysis still marks the shared wording and is the fallback.
SEMANTIC_WEIGHT = 1.0
# Vectors are moved away from the corpus' mean by this share of it (`_centred`). Without it a single
# field's recommendations all look alike: 406 of the 2,080 unlabelled firearms pairs were flagged at
# the UPR's threshold; with all of it broad UPR restatements are lost (81% found held out). 0.7 was
# chosen among 0, 0.5, 0.7, 0.85 and 1 on the UPR held-out figures and the firearms pairs' noise.
CENTRE_VECTORS = True
CENTRE_SHARE = 0.7
PRIOR_TEXTS = 20


# From this many registry units on (and with the semantic score alone) only the shortlisted entries
# are scored in full (shortlist.py): below it, scoring every pair takes well under a second.
SHORTLIST_FROM = 20_000


@dataclass(frozen=True)
class _Prepared:
    draft: unit_scoring.Side
    registry: unit_scoring.Side | None
    draft_index: TermIndex
    registry_index: TermIndex | None
    frequent: np.ndarray
    openings: tuple[str, ...]
    # Set when the registry's vectors were left raw (a large registry, to be shortlisted): the shift
    # that centres them, applied to the shortlisted rows only; and the registry's rows are then left
    # as counted, to be weighted by this IDF once shortlisted (weighting is row by row).
    shift: np.ndarray | None = None
    registry_idf: np.ndarray | None = None


def _prepare_sides(
    drafts: Sequence[Candidate],
    registry_entries: Sequence[Candidate],
    registry_index: TermIndex | None,
    embedder: Embedder | None,
    registry_vectors: np.ndarray | None = None,
    shortlisting: bool = False,
) -> _Prepared:
    """Count the draft over the registry's vocabulary, fit the IDF on both, weight both sides.

    Openings are learned from the registry for its own counts (stored in its cached index, which stays
    valid whatever the draft); the draft's are the registry's and those the draft's own texts share
    (not learned again over the whole registry: that would cost a pass over 20,000 texts per check).
    `registry_vectors`, when given, are the registry's unit vectors from its index (raw, in row order);
    with `shortlisting` a large registry's are left raw, to be centred once shortlisted."""
    if registry_entries and registry_index is None:
        registry_index = build_index(
            [(c.text, c.items) for c in registry_entries],
            openings=learned_openings([c.text for c in registry_entries]),
        )
    vocabulary = growable_copy(registry_index.vocabulary) if registry_index is not None else {}
    registry_openings = registry_index.openings if registry_index is not None else ()
    own = learned_openings([c.text for c in drafts])
    openings = tuple(sorted(set(registry_openings) | set(own), key=lambda o: (-len(o), o)))
    draft_index = build_index([(c.text, c.items) for c in drafts], vocabulary, openings)
    columns = len(vocabulary)
    draft_tf = with_columns(draft_index.tf, columns)
    df = document_frequencies(draft_tf, draft_index.owner_starts)
    documents = len(drafts)
    registry_tf: sp.csr_matrix | None = None
    if registry_index is not None:
        registry_tf = with_columns(registry_index.tf, columns)
        registry_df = registry_index.document_frequencies()
        df[: len(registry_df)] += registry_df  # the draft's new terms are the last columns
        documents += registry_index.owner_count
    idf = inverse_document_frequencies(df, documents)
    draft_vectors = shift = None
    if embedder is not None:
        # Every unit (whole text, sentence, clause, sub-item) gets a vector, in the index's row order.
        draft_vectors = embedder.vectors(unit_texts(drafts))
        if registry_vectors is None and registry_entries:
            registry_vectors = embedder.vectors(unit_texts(registry_entries))
        centring = _centring_shift(draft_vectors, registry_vectors)
        draft_vectors = centred_rows(draft_vectors, centring)
        if registry_vectors is not None and shortlisting and len(registry_vectors) >= SHORTLIST_FROM:
            shift = centring  # left raw: only the shortlisted rows are centred
        elif registry_vectors is not None:
            registry_vectors = centred_rows(registry_vectors, centring)
    draft_side = unit_scoring.Side(weighted(draft_tf, idf), draft_index.owner_starts, draft_vectors)
    registry_side = None
    if registry_tf is not None and registry_index is not None:
        registry_side = unit_scoring.Side(
            registry_tf if shift is not None else weighted(registry_tf, idf),
            registry_index.owner_starts,
            registry_vectors,
        )
    return _Prepared(
        draft_side,
        registry_side,
        draft_index,
        registry_index,
        frequent_columns(df, documents),
        openings,
        shift,
        idf if shift is not None else None,
    )


@cache
def _prior_mean() -> np.ndarray:
    """The mean vector of the recommendations reportkit ships (scripts/make_mean_vector.py)."""
    text = files("reportkit.checks").joinpath("data/un-recommendations-mean.txt").read_text("utf-8")
    return np.asarray([float(value) for value in text.split()], dtype=np.float32)


def _row_sum(vectors: np.ndarray) -> np.ndarray:
    """The sum of the rows, a chunk at a time: a registry's memory map is never copied whole."""
    total = np.zeros(vectors.shape[1], dtype=np.float64)
    for start in range(0, len(vectors), CHUNK_ROWS):
        total += np.asarray(vectors[start : start + CHUNK_ROWS], dtype=np.float32).sum(axis=0)
    return total


def _centring_shift(draft_vectors: np.ndarray, registry_vectors: np.ndarray | None) -> np.ndarray:
    """What both sides are moved by: CENTRE_SHARE of the corpus' mean (nothing without CENTRE_VECTORS).

    What every recommendation of a body shares (its field: firearms, human rights) is a direction common
    to all its vectors; in one field unrelated recommendations sit at 0.5–0.7. Taking the corpus' mean
    out is the semantic counterpart of cutting its formulas, learned from the texts compared. A few
    texts' mean is noise (two texts' mean lies between them and would push them apart), so the mean
    starts from the shipped recommendations' mean, worth PRIOR_TEXTS texts.
    """
    width = (
        draft_vectors.shape[1]
        if len(draft_vectors) or registry_vectors is None
        else registry_vectors.shape[1]
    )
    if not CENTRE_VECTORS:
        return np.zeros(width, dtype=np.float32)
    total = draft_vectors.astype(np.float64).sum(axis=0)
    count = len(draft_vectors)
    if registry_vectors is not None:
        total = total + _row_sum(registry_vectors)
        count += len(registry_vectors)
    prior = _prior_mean()
    if prior.shape[0] == width:  # the prior is all-MiniLM-L6-v2's; another model has none
        mean = (total + PRIOR_TEXTS * prior) / (count + PRIOR_TEXTS)
    else:
        mean = total / max(count, 1)
    return (CENTRE_SHARE * mean).astype(np.float32)


def unit_texts(candidates: Sequence[Candidate]) -> list[str]:
    """The texts of every unit of the candidates, in the order build_index gives their rows."""
    return [
        unit.text
        for owner, candidate in enumerate(candidates)
        for unit in units_of(owner, candidate.text, candidate.items)
    ]


def _part_label(candidate: Candidate, index: TermIndex, row: int) -> str:
    part = index.parts[row]
    return f"{part} of {candidate.label}" if part else "whole text"


def _basis(
    first: Candidate, second: Candidate, prepared: _Prepared, query: int, target: int, in_registry: bool
) -> str:
    """Which parts matched, for a pair found by its part score."""
    draft_starts = prepared.draft.owner_starts
    query_end = draft_starts[query + 1] if query + 1 < len(draft_starts) else prepared.draft.matrix.shape[0]
    side = prepared.registry if in_registry else prepared.draft
    index = prepared.registry_index if in_registry else prepared.draft_index
    assert side is not None and index is not None
    target_end = side.owner_starts[target + 1] if target + 1 < side.owners else side.matrix.shape[0]
    query_rows = prepared.draft.matrix[draft_starts[query] : query_end]
    target_rows = side.matrix[side.owner_starts[target] : target_end]
    row, column, _ = unit_scoring.best_parts(query_rows, target_rows)
    left = _part_label(first, prepared.draft_index, int(draft_starts[query]) + row)
    right = _part_label(second, index, int(side.owner_starts[target]) + column)
    return f"{left} ~ {right}"


def _named_apart(first: Candidate, second: Candidate) -> bool:
    """Both name instruments (conventions, protocols, treaty bodies, SDG targets), none in common."""
    # The draft's mentions first: most name none, and then the registry entry's are not read at all.
    named = _instruments_of(first)
    return bool(named) and different_instruments(named, _instruments_of(second))


def _instruments_of(candidate: Candidate) -> tuple[Mention, ...]:
    if candidate.instruments is not None:
        return candidate.instruments
    return _mentions(candidate.full_text)


# A draft recommendation meets many entries: its instruments are found once (the expressions are the
# costliest step of scoring a pair; a registry's cached index has its entries' already).
_mentions = lru_cache(maxsize=4096)(mentions)


def _instrument_checked(
    pairs: list[unit_scoring.PairScore],
    queries: Sequence[Candidate],
    targets: Sequence[Candidate],
    recognise_instruments: bool = True,
) -> list[unit_scoring.PairScore]:
    """Pairs naming different instruments keep CONFLICT_FACTOR of their scores: the shared words of two
    conventions' titles do not make a match."""
    if not recognise_instruments:
        return pairs
    return [
        pair._replace(whole=pair.whole * CONFLICT_FACTOR, part=pair.part * CONFLICT_FACTOR)
        if _named_apart(queries[pair.query], targets[pair.target])
        else pair
        for pair in pairs
    ]


def _level(whole: float, part: float, thresholds: Thresholds) -> Level | None:
    if whole >= thresholds.duplicate:
        return "duplicate"
    if whole >= thresholds.overlap or part >= thresholds.part:
        return "overlap"
    return None


def _shortlisted(
    prepared: _Prepared, registry_entries: Sequence[Candidate], floor: float, neighbours: int
) -> tuple[_Prepared, list[Candidate]]:
    """The registry side cut down to the entries the shortlist keeps, their vectors centred; the
    scoring that follows is the same as for a small registry."""
    side, index, shift = prepared.registry, prepared.registry_index, prepared.shift
    assert side is not None and side.vectors is not None and index is not None and shift is not None
    assert prepared.draft.vectors is not None
    owners = shortlist(
        prepared.draft.vectors,
        prepared.draft.owner_starts,
        side.vectors,
        side.owner_starts,
        shift,
        floor,
        neighbours,
    )
    ends = np.append(side.owner_starts[1:], side.matrix.shape[0])
    lengths = ends[owners] - side.owner_starts[owners]
    # The rows of the kept owners, in order; each owner's rows stay contiguous, its whole text first.
    rows = np.repeat(side.owner_starts[owners] - np.cumsum(lengths) + lengths, lengths) + np.arange(
        int(lengths.sum())
    )
    kept_index = TermIndex(
        owners=np.repeat(np.arange(len(owners), dtype=np.int32), lengths),
        parts=tuple(index.parts[row] for row in rows.tolist()),
        tf=index.tf[rows],
        vocabulary=index.vocabulary,
        openings=index.openings,
    )
    assert prepared.registry_idf is not None
    kept_side = unit_scoring.Side(
        weighted(side.matrix[rows], prepared.registry_idf),
        kept_index.owner_starts,
        centred_rows(side.vectors[rows], shift),
    )
    narrowed = replace(prepared, registry=kept_side, registry_index=kept_index, shift=None, registry_idf=None)
    return narrowed, candidates_at(registry_entries, owners.tolist())


@collecting_rarely()  # tens of thousands of pairs and entries against a large registry
def compare_candidates(
    drafts: Sequence[Candidate],
    registry_entries: Sequence[Candidate] = (),
    registry_index: TermIndex | None = None,
    thresholds: Thresholds | None = None,
    embedder: Embedder | None = None,
    reviewed: dict[frozenset[str], str] | None = None,
    neighbours: int = 3,
    semantic_weight: float | None = None,
    kind: ReportKind = "working-group",
    registry_vectors: np.ndarray | None = None,
) -> Findings:
    """The core: findings and nearest neighbours for `drafts`, among themselves and against the registry.

    `registry_index`, when given, must have been built from `registry_entries` in the same order
    (index.open_registry does both); without it the registry is counted here. `registry_vectors`, when
    given, are its units' vectors in the same order (from the registry's index, not embedded here).
    """
    thresholds = thresholds or (SEMANTIC_THRESHOLDS if embedder is not None else LEXICAL_THRESHOLDS)
    reviewed = reviewed or {}
    weight = SEMANTIC_WEIGHT if semantic_weight is None else semantic_weight
    # Shortlisting is exact only when the score is the semantic one alone (see shortlist.py).
    prepared = _prepare_sides(
        drafts, registry_entries, registry_index, embedder, registry_vectors, shortlisting=weight == 1.0
    )
    registry_size = len(registry_entries)
    if prepared.shift is not None:
        prepared, registry_entries = _shortlisted(
            prepared, registry_entries, min(thresholds.overlap, thresholds.part), neighbours
        )
    within = unit_scoring.compare(
        prepared.draft,
        prepared.draft,
        True,
        thresholds.overlap,
        thresholds.part,
        neighbours,
        prepared.frequent,
        weight,
    )
    against = None
    if prepared.registry is not None:
        against = unit_scoring.compare(
            prepared.draft,
            prepared.registry,
            False,
            thresholds.overlap,
            thresholds.part,
            neighbours,
            prepared.frequent,
            weight,
        )
    reported: list[Finding] = []
    suppressed: list[Finding] = []
    sources = [(within, drafts, False)] + ([(against, registry_entries, True)] if against is not None else [])
    for comparison, targets, in_registry in sources:
        for pair in _instrument_checked(comparison.pairs, drafts, targets):
            level = _level(pair.whole, pair.part, thresholds)
            if level is None:
                continue
            first, second = drafts[pair.query], targets[pair.target]
            # A duplicate is a matter of the whole texts; an overlap is shown by what matched best.
            by_whole = level == "duplicate" or pair.part < thresholds.part or pair.whole >= pair.part
            score = pair.whole if by_whole else pair.part
            basis = (
                "whole texts"
                if by_whole
                else _basis(first, second, prepared, pair.query, pair.target, in_registry)
            )
            action, advice = ADVICE[kind](first, second, level)
            finding = Finding(first, second, round(float(score), 3), level, basis, action, advice)
            reason = reviewed.get(frozenset((first.key, second.key)))
            if reason is not None:
                suppressed.append(replace(finding, reviewed=reason))
            else:
                reported.append(finding)
    rank = {level: position for position, level in enumerate(LEVELS)}
    reported.sort(key=lambda f: (rank[f.level], -f.score, f.first.number, f.second.key))
    suppressed.sort(key=lambda f: (rank[f.level], -f.score, f.first.number, f.second.key))
    nearest = _neighbours(drafts, registry_entries, within, against, neighbours)
    method = f"semantic ({embedder.name})" if embedder is not None else "lexical"
    return Findings(
        tuple(reported),
        tuple(suppressed),
        nearest,
        method,
        thresholds,
        (),
        len(drafts),
        registry_size,
        prepared.openings,
    )


def pair_scores(
    candidates: Sequence[Candidate],
    embedder: Embedder | None = None,
    semantic_weight: float | None = None,
    recognise_instruments: bool = True,
) -> dict[frozenset[str], tuple[float, float]]:
    """(whole, part) scores of every pair of a small list, for calibration and for the benchmark."""
    weight = SEMANTIC_WEIGHT if semantic_weight is None else semantic_weight
    prepared = _prepare_sides(candidates, (), None, embedder)
    comparison = unit_scoring.compare(
        prepared.draft, prepared.draft, True, -1.0, -1.0, 1, prepared.frequent, weight
    )
    return {
        frozenset((candidates[pair.query].key, candidates[pair.target].key)): (pair.whole, pair.part)
        for pair in _instrument_checked(comparison.pairs, candidates, candidates, recognise_instruments)
    }


def cross_scores(
    drafts: Sequence[Candidate],
    registry_entries: Sequence[Candidate],
    embedder: Embedder | None = None,
    semantic_weight: float | None = None,
    recognise_instruments: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """(whole, part) score matrices, drafts × registry entries, for calibration on a labelled review."""
    weight = SEMANTIC_WEIGHT if semantic_weight is None else semantic_weight
    prepared = _prepare_sides(drafts, registry_entries, None, embedder)
    assert prepared.registry is not None
    comparison = unit_scoring.compare(
        prepared.draft, prepared.registry, False, -9.0, -9.0, 1, prepared.frequent, weight
    )
    whole = np.zeros((len(drafts), len(registry_entries)), dtype=np.float32)
    part = np.zeros_like(whole)
    for pair in _instrument_checked(comparison.pairs, drafts, registry_entries, recognise_instruments):
        whole[pair.query, pair.target] = pair.whole
        part[pair.query, pair.target] = pair.part
    return whole, part


def level_of(whole: float, part: float, thresholds: Thresholds) -> Level | None:
    return _level(whole, part, thresholds)


def _neighbours(
    drafts: Sequence[Candidate],
    registry_entries: Sequence[Candidate],
    within: unit_scoring.Comparison,
    against: unit_scoring.Comparison | None,
    k: int,
) -> tuple[tuple[Candidate, tuple[Neighbour, ...]], ...]:
    """Each draft recommendation's k nearest, from the draft and the registry together, no threshold."""
    result = []
    for query, candidate in enumerate(drafts):
        options = [
            (float(score), drafts[int(target)])
            for target, score in zip(within.nearest[query], within.nearest_scores[query], strict=True)
            if target >= 0
        ]
        if against is not None:
            options += [
                (float(score), registry_entries[int(target)])
                for target, score in zip(against.nearest[query], against.nearest_scores[query], strict=True)
                if target >= 0
            ]
        options.sort(key=lambda option: -option[0])
        result.append((candidate, tuple(Neighbour(other, round(score, 3)) for score, other in options[:k])))
    return tuple(result)


# --------------------------------------------------------------------------- the report-level entry point


def check_duplicates(
    report: Report,
    registry: Sequence[Candidate] | None = None,
    registry_index: TermIndex | None = None,
    embedder: Embedder | None = None,
    thresholds: Thresholds | None = None,
    neighbours: int = 3,
    kind: ReportKind = "working-group",
    registry_vectors: np.ndarray | None = None,
) -> Findings:
    """Compare a numbered, resolved report's recommendations with each other and with the registry's
    entries (as candidates; reportkit.registry.check opens a registry store and its cached index)."""
    drafts = draft_candidates(report)
    reviewed, diagnostics = reviewed_index(report, drafts, registry)
    findings = compare_candidates(
        drafts,
        registry or (),
        registry_index,
        thresholds,
        embedder,
        reviewed,
        neighbours,
        kind=kind,
        registry_vectors=registry_vectors,
    )
    return replace(findings, diagnostics=tuple(diagnostics))
