"""All-pairs scoring between two lists of recommendations, in blocks that fit in memory.

The scores of a pair of recommendations (query q, target t):

- `whole`: the score of their whole texts;
- `part`: the best score between a part of one (a sentence, a clause, a sub-item) and the other, whole
  or part.

A score is the lexical cosine or, when both sides carry sentence vectors (one per unit), the weighted
mean of the lexical and the embedding cosine of the two units: (1 - w) · lexical + w · semantic.

Exact comparison: every query unit against every target unit, a dense block of a few hundred query
rows at a time, reduced to one value per pair of recommendations with `np.maximum.reduceat` (rows of
a recommendation are contiguous, its whole text first).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

from reportkit.checks.similarity import Targets, cosine_block, split_targets

BLOCK_UNITS = 768  # query rows per block: 768 × 25,000 float32 ≈ 77 MB


@dataclass(frozen=True)
class Side:
    """One side of a comparison: weighted, normalised unit rows grouped by recommendation."""

    matrix: sp.csr_matrix
    owner_starts: np.ndarray  # row of each recommendation's whole text; its other rows follow
    vectors: np.ndarray | None = None  # normalised embeddings of every unit row, or None

    @property
    def owners(self) -> int:
        return len(self.owner_starts)


class PairScore(NamedTuple):
    """A pair's scores (a tuple: a check against a large registry makes tens of thousands)."""

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
    semantic_weight: float = 0.0,
) -> Comparison:
    """Score every query recommendation against every target one.

    With `same` (a list against itself) a recommendation is not its own neighbour and each pair is
    reported once, as (earlier, later). The scores are then symmetric: cos(a, b) and cos(b, a) are
    the same products summed in the same order. So each block is scored only against itself and the
    later recommendations, half the work; what the earlier recommendations score against the block
    was found in their own blocks and kept as neighbour candidates.
    """
    nearest = np.full((query.owners, k), -1, dtype=np.int64)
    nearest_scores = np.zeros((query.owners, k), dtype=np.float32)
    pairs: list[PairScore] = []
    if query.owners == 0 or target.owners == 0:
        return Comparison(pairs, nearest, nearest_scores)
    semantic_only = semantic_weight >= 1.0 and query.vectors is not None and target.vectors is not None
    # The default scoring is by meaning alone: the terms' cosines would be weighted by nothing.
    split = None if semantic_only else split_targets(target.matrix, frequent)
    # With `same`: each recommendation's best among those of earlier blocks.
    earlier = _unranked(query.owners, k)
    for first, last in _blocks(query.owner_starts, query.matrix.shape[0]):
        columns_from = first if same else 0  # the first target scored in this block
        whole, part = _block_scores(query, target, split, first, last, columns_from, semantic_weight)
        pairs += _pairs_above(whole, part, whole_floor, part_floor, first, columns_from, same)
        # `whole` is not read after this, so the best scores may be written over it (no copy of
        # a block of 768 × 20,000).
        best = whole if part is None else np.maximum(whole, part)
        del whole, part
        if same:
            own = np.arange(last - first)
            best[own, own] = -1.0
            # This block's best rows for each later recommendation (the transpose makes them rows).
            later = _top_k(np.ascontiguousarray(best[:, last - first :].T), k, first)
            earlier.put(last, _merge(earlier.rows(last, query.owners), later, k))
        ranking = _top_k(best, k, columns_from)
        del best
        if same:
            ranking = _merge(earlier.rows(first, last), ranking, k)
        valid = ranking.scores >= 0  # the recommendation itself (-1) and missing ranks (-inf)
        nearest[first:last] = np.where(valid, ranking.columns, -1)
        nearest_scores[first:last] = np.where(valid, ranking.scores, 0.0)
    return Comparison(pairs, nearest, nearest_scores)


def _block_scores(
    query: Side,
    target: Side,
    split: Targets | None,
    first: int,
    last: int,
    columns_from: int,
    semantic_weight: float = 0.0,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Whole and part scores (None without parts) of query recommendations first … last - 1
    against target recommendations columns_from … (column 0 is target `columns_from`); by meaning
    alone without `split` (the target's terms)."""
    row_start = int(query.owner_starts[first])
    row_end = int(query.owner_starts[last]) if last < query.owners else query.matrix.shape[0]
    column_start = int(target.owner_starts[columns_from])
    if split is None:
        assert query.vectors is not None and target.vectors is not None
        scores = query.vectors[row_start:row_end] @ target.vectors[column_start:].T
    else:
        scores = cosine_block(query.matrix[row_start:row_end], split.from_row(column_start))
        if query.vectors is not None and target.vectors is not None and semantic_weight > 0:
            semantic = query.vectors[row_start:row_end] @ target.vectors[column_start:].T
            scores = (1.0 - semantic_weight) * scores + semantic_weight * semantic
    query_starts = query.owner_starts[first:last] - row_start
    target_starts = target.owner_starts[columns_from:] - column_start
    query_parts = _parts(query_starts, row_end - row_start)
    target_parts = _parts(target_starts, target.matrix.shape[0] - column_start)
    whole = _select(scores, query_starts, target_starts)
    part = _part_scores(scores, query_starts, query_parts, target_starts, target_parts)
    return whole, part


def _pairs_above(
    whole: np.ndarray,
    part: np.ndarray | None,
    whole_floor: float,
    part_floor: float,
    first: int,
    columns_from: int,
    same: bool,
) -> list[PairScore]:
    """A block's pairs above either floor (cell [i, j] is query first + i, target columns_from + j);
    with `same`, only (earlier, later)."""
    hits = whole >= whole_floor
    if part is not None:
        hits |= part >= part_floor
    # flatnonzero and divmod give np.nonzero's row-major order at a tenth of its cost on a 2-D array.
    rows, columns = np.divmod(np.flatnonzero(hits), hits.shape[1])
    if same:
        keep = columns_from + columns > first + rows
        rows, columns = rows[keep], columns[keep]
    wholes = whole[rows, columns].tolist()
    parts = part[rows, columns].tolist() if part is not None else [0.0] * len(wholes)
    return [
        PairScore(first + row, columns_from + column, whole_score, part_score)
        for row, column, whole_score, part_score in zip(
            rows.tolist(), columns.tolist(), wholes, parts, strict=True
        )
    ]


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


@dataclass(frozen=True)
class _Ranking:
    """The k best targets of some query rows, best first: target indices (-1 for none) and scores."""

    columns: np.ndarray  # rows × k, int64
    scores: np.ndarray  # rows × k, float32; -inf for none

    def rows(self, start: int, stop: int) -> _Ranking:
        return _Ranking(self.columns[start:stop], self.scores[start:stop])

    def put(self, start: int, ranking: _Ranking) -> None:
        self.columns[start : start + len(ranking.columns)] = ranking.columns
        self.scores[start : start + len(ranking.scores)] = ranking.scores


def _unranked(rows: int, k: int) -> _Ranking:
    return _Ranking(np.full((rows, k), -1, dtype=np.int64), np.full((rows, k), -np.inf, dtype=np.float32))


def _top_k(best: np.ndarray, k: int, offset: int) -> _Ranking:
    """The k best columns of each row (numbered from `offset`), best first and the lower column first
    among equals, by repeated argmax (much faster than a partition of 20,000 columns for k = 3).
    Overwrites `best`."""
    ranking = _unranked(best.shape[0], k)
    rows = np.arange(best.shape[0])
    for rank in range(min(k, best.shape[1])):
        column = np.argmax(best, axis=1)
        ranking.columns[:, rank] = column + offset
        ranking.scores[:, rank] = best[rows, column]
        best[rows, column] = -np.inf
    return ranking


def _merge(lower: _Ranking, higher: _Ranking, k: int) -> _Ranking:
    """The k best of two rankings of the same rows, where every column of `lower` comes before every
    column of `higher`: a stable sort by score then keeps the lower column first among equals, as the
    argmax over a whole row would."""
    columns = np.concatenate((lower.columns, higher.columns), axis=1)
    scores = np.concatenate((lower.scores, higher.scores), axis=1)
    order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    return _Ranking(np.take_along_axis(columns, order, axis=1), np.take_along_axis(scores, order, axis=1))


def best_parts(query_rows: sp.csr_matrix, target_rows: sp.csr_matrix) -> tuple[int, int, float]:
    """For one pair, which unit rows gave the part score: (query row, target row, cosine).

    Row 0 of each is the whole text; the whole–whole cell is left out as in `compare`.
    """
    shared, query_dense, target_dense = _dense_over_their_columns(query_rows, target_rows)
    scores = (
        (query_dense @ target_dense.T) if shared else np.zeros((query_rows.shape[0], target_rows.shape[0]))
    )
    scores[0, 0] = -1.0
    row, column = np.unravel_index(int(np.argmax(scores)), scores.shape)
    return int(row), int(column), float(scores[row, column])


def _dense_over_their_columns(
    first: sp.csr_matrix, second: sp.csr_matrix
) -> tuple[int, np.ndarray, np.ndarray]:
    """Both few-row matrices as dense arrays over the columns either uses (and how many those are):
    a sparse product or transpose costs an array as long as the vocabulary (400,000 terms in a large
    registry), for a pair of texts of thirty words."""
    columns = np.union1d(first.indices, second.indices)

    def dense(matrix: sp.csr_matrix) -> np.ndarray:
        result = np.zeros((matrix.shape[0], len(columns)), dtype=np.float32)
        rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
        result[rows, np.searchsorted(columns, matrix.indices)] = matrix.data
        return result

    return len(columns), dense(first), dense(second)
