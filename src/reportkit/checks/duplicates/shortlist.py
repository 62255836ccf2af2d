"""The registry entries worth scoring in full, for a registry too large to score every pair of units.

Scoring is every unit of a draft recommendation against every unit of a registry entry, lexical and
semantic. Against 200,000 entries that is minutes and gigabytes; but with the semantic score alone
(the default, SEMANTIC_WEIGHT 1) a pair's score *is* the best centred cosine of its units, so one pass
of matrix products over the registry's vectors finds every pair that can reach a threshold, exactly,
and each draft's nearest entries. Only those entries are then scored in full (parts, instruments,
advice) as before. The registry's vectors stay a memory map; each chunk is centred as it is read, so
no centred copy of the registry is ever held.
"""

from __future__ import annotations

import numpy as np

CHUNK_ROWS = 16_384  # registry rows per product: 16,384 × 384 float32 = 25 MB per chunk
MOST_PER_DRAFT = 200  # entries above the floor kept per draft recommendation, best first


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


def centred_rows(rows: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """Rows moved by `shift` and brought back to unit length (the scoring's centring)."""
    shifted = np.asarray(rows, dtype=np.float32) - shift
    lengths = np.linalg.norm(shifted, axis=1, keepdims=True)
    return (shifted / np.maximum(lengths, 1e-12)).astype(np.float32)


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
    for first, last in _chunks(registry_starts, len(registry_vectors)):
        row_start = int(registry_starts[first])
        row_end = int(registry_starts[last]) if last < len(registry_starts) else len(registry_vectors)
        block = centred_rows(registry_vectors[row_start:row_end], shift)
        unit_scores = draft_vectors @ block.T
        # Best over each draft recommendation's units, then over each entry's units.
        by_draft = np.maximum.reduceat(unit_scores, draft_starts, axis=0)
        best = np.maximum.reduceat(by_draft, registry_starts[first:last] - row_start, axis=1)
        take = min(nearest, best.shape[1])
        top = np.argpartition(-best, take - 1, axis=1)[:, :take] if take else np.zeros((len(best), 0), int)
        above = best >= floor
        above[np.arange(len(best))[:, None], top] = True
        rows, columns = np.nonzero(above)
        drafts.append(rows)
        kept.append(columns + first)
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
