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

from reportkit.checks.similarity import cosine_block, split_targets

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
    target_parts = _parts(target_starts, target.matrix.shape[0])
    split = split_targets(target.matrix, frequent)
    for first, last in _blocks(query.owner_starts, query_rows):
        row_start = int(query.owner_starts[first])
        row_end = int(query.owner_starts[last]) if last < query.owners else query_rows
        scores = cosine_block(query.matrix[row_start:row_end], split)
        local_starts = query.owner_starts[first:last] - row_start
        query_parts = _parts(local_starts, row_end - row_start)
        whole = _select(scores, local_starts, target_starts)
        part = _part_scores(scores, local_starts, query_parts, target_starts, target_parts)
        del scores
        if query.vectors is not None and target.vectors is not None:
            whole = (whole + query.vectors[first:last] @ target.vectors.T) / 2
        best = whole.copy() if part is None else np.maximum(whole, part)
        if same:
            own = np.arange(first, last)
            best[own - first, own] = -1.0
        _top_k(best, k, nearest[first:last], nearest_scores[first:last])
        del best
        # Pairs above either floor; with `same`, only (earlier, later).
        hits = whole >= whole_floor
        if part is not None:
            hits |= part >= part_floor
        locals_, targets = np.nonzero(hits)
        if same:
            keep = targets > locals_ + first
            locals_, targets = locals_[keep], targets[keep]
        for local, target_index in zip(locals_.tolist(), targets.tolist(), strict=True):
            pairs.append(
                PairScore(
                    first + local,
                    target_index,
                    float(whole[local, target_index]),
                    float(part[local, target_index]) if part is not None else 0.0,
                )
            )
    return Comparison(pairs, nearest, nearest_scores)


def _parts(starts: np.ndarray, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """The rows that are parts (not whole texts), and the owner of each."""
    is_whole = np.zeros(rows, dtype=bool)
    is_whole[starts] = True
    part_rows = np.flatnonzero(~is_whole)
    owners = np.searchsorted(starts, part_rows, side="right") - 1
    return part_rows, owners


def _select(scores: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """scores[rows][:, columns], without copying when both are every index (no parts anywhere)."""
    if len(rows) == scores.shape[0] and len(columns) == scores.shape[1]:
        return scores
    return scores[np.ix_(rows, columns)]


def _group_max(
    values: np.ndarray, owners: np.ndarray, count: int, axis: int
) -> tuple[np.ndarray, np.ndarray]:
    """Max over consecutive rows (axis 0) or columns (axis 1) of the same owner: (owner ids, maxima)."""
    boundaries = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
    return owners[boundaries], np.maximum.reduceat(values, boundaries, axis=axis)


def _part_scores(
    scores: np.ndarray,
    query_starts: np.ndarray,
    query_parts: tuple[np.ndarray, np.ndarray],
    target_starts: np.ndarray,
    target_parts: tuple[np.ndarray, np.ndarray],
) -> np.ndarray | None:
    """Best cosine of any (unit, unit) pair of two recommendations other than whole–whole; None if
    neither side has parts. Only the part rows and part columns are touched, so a registry without
    sub-items costs nothing here."""
    query_part_rows, query_part_owners = query_parts
    target_part_columns, target_part_owners = target_parts
    if len(query_part_rows) == 0 and len(target_part_columns) == 0:
        return None
    part = np.zeros((len(query_starts), len(target_starts)), dtype=np.float32)
    if len(target_part_columns):
        # Whole query texts against the target's parts.
        block = scores[np.ix_(query_starts, target_part_columns)]
        owners, maxima = _group_max(block, target_part_owners, len(target_starts), axis=1)
        part[:, owners] = np.maximum(part[:, owners], maxima)
    if len(query_part_rows):
        # The query's parts against everything of the target (whole texts and parts).
        by_owner = np.maximum.reduceat(scores[query_part_rows], target_starts, axis=1)
        owners, maxima = _group_max(by_owner, query_part_owners, len(query_starts), axis=0)
        part[owners] = np.maximum(part[owners], maxima)
    return part


def _top_k(best: np.ndarray, k: int, nearest: np.ndarray, nearest_scores: np.ndarray) -> None:
    """The k best columns of each row, best first, by repeated argmax (much faster than a partition
    of 20,000 columns for k = 3). Overwrites `best`."""
    rows = np.arange(best.shape[0])
    for rank in range(min(k, best.shape[1])):
        column = np.argmax(best, axis=1)
        score = best[rows, column]
        valid = score >= 0
        nearest[:, rank] = np.where(valid, column, -1)
        nearest_scores[:, rank] = np.where(valid, score, 0.0)
        best[rows, column] = -np.inf


def best_parts(query_rows: sp.csr_matrix, target_rows: sp.csr_matrix) -> tuple[int, int, float]:
    """For one pair, which unit rows gave the part score: (query row, target row, cosine).

    Row 0 of each is the whole text; the whole–whole cell is left out as in `compare`.
    """
    scores = cosine_block(query_rows, target_rows)
    scores[0, 0] = -1.0
    row, column = np.unravel_index(int(np.argmax(scores)), scores.shape)
    return int(row), int(column), float(scores[row, column])
