"""Term counts of a list of recommendations, each unit a row (the registry's are cached by
reportkit.registry.index, keyed by the registry's hash and the analysis version)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from reportkit.checks.formulas import openings_pattern
from reportkit.checks.similarity import Unit, count_terms, units_of


@dataclass(frozen=True)
class TermIndex:
    """Sublinear term frequencies of every unit (whole texts and parts) of a list of recommendations.

    Units are in owner order and each owner's whole text comes first, so `owner_starts` cuts the rows
    into one contiguous group per recommendation.
    """

    owners: np.ndarray  # owner of each unit (int32)
    parts: tuple[str, ...]  # "" for a whole text, else the part's label
    tf: sp.csr_matrix
    vocabulary: dict[str, int]
    openings: tuple[str, ...] = ()  # the learned openings cut before counting (formulas.py)

    @cached_property
    def owner_starts(self) -> np.ndarray:
        """The row of each recommendation's whole text, which is also where its group of rows starts."""
        return np.flatnonzero(np.asarray([part == "" for part in self.parts], dtype=bool))

    @property
    def owner_count(self) -> int:
        return len(self.owner_starts)


def build_index(
    texts: Sequence[tuple[str, Sequence[str]]],
    vocabulary: dict[str, int] | None = None,
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
