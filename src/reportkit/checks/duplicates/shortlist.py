"""The registry entries worth scoring in full, for a registry too large to score every pair of units.

Scoring is every unit of a draft recommendation against every unit of a registry entry, lexical and
semantic. Against 200,000 entries that is minutes and gigabytes; but with the semantic score alone
(the default, SEMANTIC_WEIGHT 1) a pair's score *is* the best centred cosine of its units, so one pass
of matrix products over the registry's vectors finds every pair that can reach a threshold, exactly,
and each draft's nearest entries. Those entries (the strongest MOST_PER_DRAFT per draft) are then
scored in full (parts, instruments, advice) as before. The registry's vectors
stay a memory map; each chunk is centred as it is read, so no centred copy of the registry is held.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CHUNK_ROWS = 16_384  # registry rows per product: 16,384 × 384 float32 = 25 MB per chunk
# Entries above the floor scored in full per draft recommendation, strongest first: a recommendation
# that many States made in every cycle may match hundreds in a registry of every mechanism; the
# strongest fifty show what it restates, and the rest would only lengthen the list.
MOST_PER_DRAFT = 50


def _chunks(starts: np.ndarray, rows: int) -> list[tuple[int, int]]:
    """Runs of whole owners (first owner, end owner) of about CHUNK_ROWS rows each."""
    ends = np.append(starts[1:], rows)
    runs: list[tuple[int, int]] = []
    first = 0
    while first < len(starts):
        last = int(np.searchsorted(ends, starts[first] + CHUNK_ROWS, side="right"))
        last = max(last, first + 1)
        runs.append((first, last))
        first = last
    return runs


@dataclass(frozen=True)
class _DraftRows:
    """The draft's unit rows reordered, each recommendation's whole text first (row i is owner i's)
    and then its other units, so that a product's first rows are already one row per owner."""

    vectors: np.ndarray
    owners: int
    extra_owner: np.ndarray  # the owner of each row after the first `owners`


def _draft_rows(vectors: np.ndarray, starts: np.ndarray) -> _DraftRows:
    is_first = np.zeros(len(vectors), dtype=bool)
    is_first[starts] = True
    extra = np.flatnonzero(~is_first)
    order = np.concatenate((starts, extra))
    return _DraftRows(vectors[order], len(starts), np.searchsorted(starts, extra, side="right") - 1)


def _best_per_owner(scores: np.ndarray, drafts: _DraftRows, starts: np.ndarray) -> np.ndarray:
    """The best score of each draft owner (rows) with each registry unit column, written over
    `scores`: each owner's best unit is folded into its first row and its registry owner's first
    column; the other columns are set to −inf, so that only first columns (one per owner) count.
    Most owners are one unit (a UPR recommendation is one sentence), so only the few extra rows and
    columns are touched: taking one row and one column per owner copied the whole product twice."""
    best = scores[: drafts.owners]
    for row, owner in enumerate(drafts.extra_owner.tolist(), start=drafts.owners):
        np.maximum(best[owner], scores[row], out=best[owner])
    if len(starts) < best.shape[1]:
        is_first = np.zeros(best.shape[1], dtype=bool)
        is_first[starts] = True
        extra = np.flatnonzero(~is_first)
        owners = np.searchsorted(starts, extra, side="right") - 1
        boundaries = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
        maxima = np.maximum.reduceat(best[:, extra], boundaries, axis=1)
        firsts = starts[owners[boundaries]]
        best[:, firsts] = np.maximum(best[:, firsts], maxima)
        best[:, extra] = -np.inf
    return best


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """The columns of each row's k best, by repeated argmax (for a small k, much faster than a
    partition of 16,000 columns); `scores` is left as it was."""
    k = min(k, scores.shape[1])
    columns = np.zeros((len(scores), k), dtype=np.int64)
    rows = np.arange(len(scores))
    taken = []
    for rank in range(k):
        columns[:, rank] = np.argmax(scores, axis=1)
        taken.append(scores[rows, columns[:, rank]].copy())
        scores[rows, columns[:, rank]] = -np.inf
    for rank in range(k):
        scores[rows, columns[:, rank]] = taken[rank]
    return columns


def centred_rows(rows: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """Rows moved by `shift` and brought back to unit length (the scoring's centring)."""
    shifted = np.asarray(rows, dtype=np.float32) - shift
    lengths = np.linalg.norm(shifted, axis=1, keepdims=True)
    return (shifted / np.maximum(lengths, 1e-12)).astype(np.float32)


def _centred_scores(draft_vectors: np.ndarray, rows: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """Cosines of the (centred) draft rows with `rows` once centred, without centring `rows`:
    d · (r − s) / |r − s|, where |r − s|² = |r|² − 2 r · s + |s|². Writing a centred copy of every
    chunk cost more than the product itself."""
    rows = np.asarray(rows, dtype=np.float32)
    squares = np.einsum("ij,ij->i", rows, rows) - 2.0 * (rows @ shift) + float(shift @ shift)
    scores = draft_vectors @ rows.T
    scores -= (draft_vectors @ shift)[:, None]
    scores /= np.sqrt(np.maximum(squares, 1e-24))[None, :]
    return scores


def shortlist(
    draft_vectors: np.ndarray,
    draft_starts: np.ndarray,
    registry_vectors: np.ndarray,
    registry_starts: np.ndarray,
    shift: np.ndarray,
    floor: float,
    nearest: int,
) -> np.ndarray:
    """The registry owners (sorted) that some draft recommendation reaches `floor` with, by its best
    pair of units, or has among its `nearest` best. `draft_vectors` are centred already; the
    registry's are raw and centred here by `shift`."""
    if len(draft_starts) == 0 or len(registry_starts) == 0:
        return np.zeros(0, dtype=np.int64)
    kept: list[np.ndarray] = []
    scores: list[np.ndarray] = []
    drafts: list[np.ndarray] = []
    draft_rows = _draft_rows(draft_vectors, draft_starts)
    for first, last in _chunks(registry_starts, len(registry_vectors)):
        row_start = int(registry_starts[first])
        row_end = int(registry_starts[last]) if last < len(registry_starts) else len(registry_vectors)
        local_starts = registry_starts[first:last] - row_start
        best = _best_per_owner(
            _centred_scores(draft_rows.vectors, registry_vectors[row_start:row_end], shift),
            draft_rows,
            local_starts,
        )
        above = best >= floor
        above[np.arange(len(best))[:, None], _top(best, nearest)] = True
        above &= best > -np.inf  # a unit that is not its owner's first column (or a chunk of few owners)
        # Most entries reach no draft: look for the pairs only in the columns that some draft reaches.
        reached = np.flatnonzero(above.any(axis=0))
        rows, reached_columns = np.nonzero(above[:, reached])
        columns = reached[reached_columns]
        drafts.append(rows)
        kept.append(np.searchsorted(local_starts, columns) + first)  # first columns: their owners
        scores.append(best[rows, columns])
    draft_of = np.concatenate(drafts)
    owner = np.concatenate(kept)
    score = np.concatenate(scores)
    # Per draft, its best MOST_PER_DRAFT: a draft that matches thousands of entries (a formula) does
    # not make the full scoring of them all; its strongest pairs are reported.
    order = np.lexsort((-score, draft_of))
    draft_of, owner = draft_of[order], owner[order]
    rank = np.arange(len(order)) - np.searchsorted(draft_of, draft_of, side="left")
    return np.unique(owner[rank < max(MOST_PER_DRAFT, nearest)])
