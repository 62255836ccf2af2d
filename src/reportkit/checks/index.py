"""Term counts of a list of recommendations, each unit a row (the registry's are cached by
reportkit.registry.index, keyed by the registry's hash and the analysis version)."""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from reportkit.checks.formulas import openings_pattern
from reportkit.checks.similarity import Unit, count_terms, document_frequencies, units_of


@dataclass(frozen=True)
class TermIndex:
    """Sublinear term frequencies of every unit (whole texts and parts) of a list of recommendations.

    Units are in owner order and each owner's whole text comes first, so `owner_starts` cuts the rows
    into one contiguous group per recommendation.
    """

    owners: np.ndarray  # owner of each unit (int32)
    parts: tuple[str, ...]  # "" for a whole text, else the part's label
    tf: sp.csr_matrix
    vocabulary: MutableMapping[str, int]  # a dict, or SortedTerms read from a registry's cache
    openings: tuple[str, ...] = ()  # the learned openings cut before counting (formulas.py)
    # In how many recommendations (whole texts) each term occurs, when known: a registry's cached
    # index stores it, as counting it over 200,000 rows took 0.03–0.1 s of every check.
    frequencies: np.ndarray | None = None

    @cached_property
    def owner_starts(self) -> np.ndarray:
        """The row of each recommendation's whole text, which is also where its group of rows starts."""
        return np.flatnonzero(np.asarray([part == "" for part in self.parts], dtype=bool))

    @property
    def owner_count(self) -> int:
        return len(self.owner_starts)

    def document_frequencies(self) -> np.ndarray:
        """Per term (column), in how many recommendations' whole texts it occurs."""
        if self.frequencies is not None:
            return np.asarray(self.frequencies, dtype=np.float64)
        return document_frequencies(self.tf, self.owner_starts)


def build_index(
    texts: Sequence[tuple[str, Sequence[str]]],
    vocabulary: MutableMapping[str, int] | None = None,
    openings: tuple[str, ...] = (),
) -> TermIndex:
    """Count the terms of (lead-in, sub-items) pairs, each unit's learned opening cut first; grows
    `vocabulary` (a fresh one by default)."""
    vocabulary = {} if vocabulary is None else vocabulary
    pattern = openings_pattern(openings)
    units: list[Unit] = []
    for owner, (text, items) in enumerate(texts):
        units.extend(units_of(owner, text, items))
    tf = count_terms((unit.text for unit in units), vocabulary, grow=True, openings=pattern)
    return TermIndex(
        owners=np.asarray([unit.owner for unit in units], dtype=np.int32),
        parts=tuple(unit.part for unit in units),
        tf=tf,
        vocabulary=vocabulary,
        openings=openings,
    )


def with_sorted_terms(index: TermIndex) -> TermIndex:
    """The same counts over a vocabulary of the terms present, numbered in sorted order.

    Counting numbers terms by first appearance, which depends on how the rows were gathered (all at
    once, or an earlier index's rows with a new meeting's counted after them). Sorted, equal rows give
    an equal matrix however they were gathered, so no score depends on it (not even in its last bit:
    a sum's order follows the columns').
    """
    terms = [""] * len(index.vocabulary)
    for term, column in index.vocabulary.items():
        terms[column] = term
    present = np.unique(index.tf.indices)  # terms of removed rows are not kept
    order = sorted(range(len(present)), key=lambda position: terms[present[position]])
    new_column = np.full(len(terms), -1, dtype=np.int32)
    new_column[present[order]] = np.arange(len(order), dtype=np.int32)
    tf = sp.csr_matrix(
        (index.tf.data.copy(), new_column[index.tf.indices], index.tf.indptr.copy()),
        shape=(index.tf.shape[0], len(order)),
    )
    tf.sort_indices()  # in place, which is why the data was copied
    vocabulary = {terms[present[position]]: column for column, position in enumerate(order)}
    return TermIndex(index.owners, index.parts, tf, vocabulary, index.openings)
