"""The vocabulary of a cached registry index: terms found by bisection, new ones added after them."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportkit.checks.similarity import count_terms
from reportkit.checks.vocabulary import SortedTerms, growable_copy
from reportkit.registry.index import open_registry
from tests.conftest import ROOT

TERMS = ["arms", "firearm", "mark", "mark firearm", "record"]


def test_terms_are_their_sorted_columns_and_new_ones_come_after() -> None:
    vocabulary = SortedTerms(TERMS)
    assert [vocabulary[term] for term in TERMS] == [0, 1, 2, 3, 4]
    assert "marking" not in vocabulary and "mark" in vocabulary and 3 not in vocabulary
    with pytest.raises(KeyError):
        vocabulary["marking"]
    grown = vocabulary.grown()
    grown["marking"] = 5
    assert grown["marking"] == 5 and len(grown) == 6 and "marking" not in vocabulary and len(vocabulary) == 5
    assert dict(grown.items()) == {**{term: column for column, term in enumerate(TERMS)}, "marking": 5}
    with pytest.raises(ValueError):
        grown["arms"] = 6  # a known term keeps its column
    with pytest.raises(ValueError):
        grown["trace"] = 9  # a new term takes the next column, no other


def test_counting_over_it_gives_what_counting_over_a_dict_gives() -> None:
    texts = ["States should mark every firearm.", "Record the marking of arms; trace them."]
    as_dict = {term: column for column, term in enumerate(TERMS)}
    from_dict = count_terms(texts, as_dict, grow=True)
    sorted_terms = growable_copy(SortedTerms(TERMS))
    from_sorted = count_terms(texts, sorted_terms, grow=True)
    assert dict(sorted_terms.items()) == as_dict
    assert (from_dict != from_sorted).nnz == 0 and from_dict.shape == from_sorted.shape


def test_a_cached_registry_index_reads_its_terms_without_a_dict(tmp_path: Path) -> None:
    """Built, its vocabulary is a dict; read back from the cache, the same terms at the same columns."""
    built = open_registry(ROOT / "registry", tmp_path)[1]
    cached = open_registry(ROOT / "registry", tmp_path)[1]
    assert built is not None and cached is not None
    assert isinstance(cached.vocabulary, SortedTerms)
    assert dict(cached.vocabulary.items()) == dict(built.vocabulary.items())
    assert all(cached.vocabulary[term] == column for term, column in built.vocabulary.items())
