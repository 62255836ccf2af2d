"""The draft's texts embedded in the background while the registry's index is read."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from reportkit.checks.embeddings import Embedder
from tests.test_registry_index import CountingEncoder

TEXTS = ["Ratify the Optional Protocol", "Combat trafficking in persons", "Ratify the Optional Protocol"]


class ThreadNotingEncoder(CountingEncoder):
    """Notes the thread each encoding ran on."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[threading.Thread] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.threads.append(threading.current_thread())
        return super().encode(texts)


def test_prefetched_vectors_are_those_computed_in_the_foreground(tmp_path: Path) -> None:
    encoder = ThreadNotingEncoder()
    embedder = Embedder(encoder, tmp_path / "cache")
    embedder.prefetch(TEXTS)
    vectors = embedder.vectors(TEXTS)

    np.testing.assert_array_equal(vectors, Embedder(CountingEncoder(), None).vectors(TEXTS))
    # Encoded once, each distinct text once, and not on the thread that asked for the vectors.
    assert sorted(encoder.encoded) == sorted(set(TEXTS))
    assert encoder.threads and all(thread is not threading.main_thread() for thread in encoder.threads)
    # The text cache was written whole: a new embedder without an encoder reads every vector from it.
    np.testing.assert_array_equal(Embedder(None, tmp_path / "cache", encoder.name).vectors(TEXTS), vectors)


class FailingEncoder(CountingEncoder):
    def encode(self, texts: Sequence[str]) -> np.ndarray:
        raise RuntimeError("the model cannot start")


def test_a_failed_prefetch_is_met_again_by_the_call_that_needs_the_vectors(tmp_path: Path) -> None:
    embedder = Embedder(FailingEncoder(), tmp_path)
    embedder.prefetch(TEXTS)
    with pytest.raises(RuntimeError, match="cannot start"):
        embedder.vectors(TEXTS)
