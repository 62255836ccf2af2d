"""Term counts of a list of recommendations (the registry's are cached by reportkit.registry.index).

A registry of 20,000 recommendations takes seconds to read (YAML) and to count (Python); a check must
answer in a fraction of a second. So the registry's entries and term counts are stored once in
`.reportkit-cache/registry-<hash>.npz` (+ `.json`), keyed by a hash of every registry file and of the
analysis (INDEX_VERSION): any edit to the registry, or to how texts are cut into terms, gives a new
key and a fresh index. The IDF is *not* cached: it depends on the draft as well, and recomputing it
from cached counts takes milliseconds.

Only numbers and JSON are stored (no pickle): a cache file can be deleted at any time, and a damaged
one is ignored.
"""

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
