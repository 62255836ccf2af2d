"""A vocabulary (term → column) read from a registry's cached index without building a dict of it.

A registry's index numbers its terms in sorted order (checks/index.py `with_sorted_terms`), and a check
looks up only its draft's few thousand terms among them. Building a dict of every term costs 0.1 s a
400,000 terms on each check (a registry of 200,000 recommendations, its pairs of words included, has
that many and more), where finding a term by bisection in the sorted list costs a microsecond. Terms
a draft adds come after the sorted ones, in a small dict.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import ItemsView, Iterator, MutableMapping, Sequence
from itertools import chain


class SortedTerms(MutableMapping[str, int]):
    """Column i is `terms[i]` (sorted); columns from len(terms) on are the terms added since."""

    def __init__(self, terms: Sequence[str], added: dict[str, int] | None = None) -> None:
        self._terms = terms
        self._added = dict(added or {})

    def _position(self, term: str) -> int:
        position = bisect_left(self._terms, term)
        return position if position < len(self._terms) and self._terms[position] == term else -1

    def __getitem__(self, term: str) -> int:
        position = self._position(term)
        if position >= 0:
            return position
        return self._added[term]

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and (self._position(term) >= 0 or term in self._added)

    def __setitem__(self, term: str, column: int) -> None:
        """Only new terms, each taking the next column (as counting grows a vocabulary)."""
        if term in self or column != len(self):
            raise ValueError(f"'{term}' is not a new term for column {column}")
        self._added[term] = column

    def __delitem__(self, term: str) -> None:
        raise TypeError("a vocabulary's columns are never taken back")

    def __iter__(self) -> Iterator[str]:
        return chain(self._terms, self._added)

    def __len__(self) -> int:
        return len(self._terms) + len(self._added)

    def items(self) -> ItemsView[str, int]:
        return dict(
            chain(((term, column) for column, term in enumerate(self._terms)), self._added.items())
        ).items()

    def grown(self) -> SortedTerms:
        """A copy to grow: the sorted terms shared (never changed), the added ones copied."""
        return SortedTerms(self._terms, self._added)


def growable_copy(vocabulary: MutableMapping[str, int]) -> MutableMapping[str, int]:
    """A copy of `vocabulary` that can take new terms without changing it."""
    return vocabulary.grown() if isinstance(vocabulary, SortedTerms) else dict(vocabulary)
