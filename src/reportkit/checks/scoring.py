"""All-pairs scoring between two lists of recommendations, in blocks that fit in memory.

The scores of a pair of recommendations (query q, target t):

- `whole`: the cosine of their whole texts (lexical; with embeddings, the mean of the lexical and the
  embedding cosine);
- `part`: the best lexical cosine between a part of one (a sentence, a sub-item) and the other, whole
  or part. It can make a pair a "possible overlap", never a "duplicate".

Exact comparison: every query unit against every target unit, a dense block of a few hundred query
rows at a time, reduced to one value per pair of recommendations with `np.maximum.reduceat` (rows of
a recommendation are contiguous, its whole text first).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from reportkit.checks.similarity import cosine_block

BLOCK_UNITS = 768  # query rows per block: 768 × 25,000 float32 ≈ 77 MB


@dataclass(frozen=True)
class Side:
    """One side of a comparison: weighted, normalised unit rows grouped by recommendation."""

    matrix: sp.csr_matrix
    owner_starts: np.ndarray  # row of each recommendation's whole text; its other rows follow
    vectors: np.ndarray | None = None  # normalised embeddings of the whole texts, or None

    @property
    def owners(self) -> int:
        return len(self.owner_starts)


@dataclass(frozen=True)
class PairScore:
    query: int
    target: int
    whole: float
    part: float


@dataclass(frozen=True)
class Comparison:
    pairs: list[PairScore]  # every pair with whole ≥ whole_floor or part ≥ part_floor
    nearest: np.ndarray  # (query owners × k) target indices, best first; -1 where there are fewer
    nearest_scores: np.ndarray  # max(whole, part) of those


def _blocks(starts: np.ndarray, total_rows: int) -> list[tuple[int, int]]:
    """Cut the owners into runs whose units fit in one block (an owner is never split)."""
    ends = np.append(starts[1:], total_rows)
    blocks: list[tuple[int, int]] = []
    first = 0
    while first < len(starts):
        last = first + 1
        while last < len(starts) and ends[last] - starts[first] <= BLOCK_UNITS:
            last += 1
        blocks.append((first, last))
        first = last
    return blocks


def compare(
    query: Side,
    target: Side,
    same: bool,
    whole_floor: float,
    part_floor: float,
    k: int = 3,
    frequent: np.ndarray | None = None,
) -> Comparison:
    """Score every query recommendation against every target one.

    With `same` (a list against itself) a recommendation is not its own neighbour and each pair is
    reported once, as (earlier, later).
    """
    query_rows = query.matrix.shape[0]
    nearest = np.full((query.owners, k), -1, dtype=np.int64)
    nearest_scores = np.zeros((query.owners, k), dtype=np.float32)
    pairs: list[PairScore] = []
    if query.owners == 0 or target.owners == 0:
        return Comparison(pairs, nearest, nearest_scores)
    target_starts = target.owner_starts
    for first, last in _blocks(query.owner_starts, query_rows):
        row_start = int(query.owner_starts[first])
        row_end = int(query.owner_starts[last]) if last < query.owners else query_rows
        scores = cosine_block(query.matrix[row_start:row_end], target.matrix, frequent)
        local_starts = query.owner_starts[first:last] - row_start
        whole = scores[np.ix_(local_starts, target_starts)]
        if query.vectors is not None and target.vectors is not None:
            whole = (whole + query.vectors[first:last] @ target.vectors.T) / 2
        # The part score ignores the whole–whole cell, then takes the best over each owner's rows.
        scores[np.ix_(local_starts, target_starts)] = 0.0
        part = np.maximum.reduceat(scores, local_starts, axis=0)
        part = np.maximum.reduceat(part, target_starts, axis=1)
        del scores
        best = np.maximum(whole, part)
        if same:
            own = np.arange(first, last)
            best[own - first, own] = -1.0
        # Neighbours: the k best targets of each query row, sorted.
        take = min(k, best.shape[1])
        top = np.argpartition(-best, take - 1, axis=1)[:, :take]
        top_scores = np.take_along_axis(best, top, axis=1)
        order = np.argsort(-top_scores, axis=1, kind="stable")
        top = np.take_along_axis(top, order, axis=1)
        top_scores = np.take_along_axis(top_scores, order, axis=1)
        valid = top_scores >= 0
        nearest[first:last, :take] = np.where(valid, top, -1)
        nearest_scores[first:last, :take] = np.where(valid, top_scores, 0.0)
        # Pairs above either floor; with `same`, only (earlier, later).
        hits = (whole >= whole_floor) | (part >= part_floor)
        if same:
            hits &= np.arange(target.owners)[None, :] > np.arange(first, last)[:, None]
        for local, target_index in zip(*np.nonzero(hits), strict=True):
            pairs.append(
                PairScore(
                    first + int(local),
                    int(target_index),
                    float(whole[local, target_index]),
                    float(part[local, target_index]),
                )
            )
    return Comparison(pairs, nearest, nearest_scores)


def best_parts(query_rows: sp.csr_matrix, target_rows: sp.csr_matrix) -> tuple[int, int, float]:
    """For one pair, which unit rows gave the part score: (query row, target row, cosine).

    Row 0 of each is the whole text; the whole–whole cell is left out as in `compare`.
    """
    scores = cosine_block(query_rows, target_rows)
    scores[0, 0] = -1.0
    row, column = np.unravel_index(int(np.argmax(scores)), scores.shape)
    return int(row), int(column), float(scores[row, column])
