"""The draft's texts embedded in the background while the registry's index is read."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from reportkit.checks import embeddings
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


class SlowEncoder(CountingEncoder):
    """Takes a twentieth of a second a call; `called` is set on the first."""

    def __init__(self) -> None:
        super().__init__()
        self.called = threading.Event()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.called.set()
        time.sleep(0.05)
        return super().encode(texts)


def test_a_stopped_prefetch_ends_after_the_texts_under_way_and_keeps_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check that ends early does not wait for a large draft's texts nobody will use."""
    monkeypatch.setattr(embeddings, "STOP_CHUNK", 10)
    texts = [f"Recommendation number {number} on firearms" for number in range(1000)]
    encoder = SlowEncoder()
    embedder = Embedder(encoder, tmp_path)
    embedder.prefetch(texts)
    assert encoder.called.wait(10)
    embedder.stop_prefetch()
    assert 10 <= len(encoder.encoded) <= 30  # the chunk under way (or the next), not the 1,000
    # What was encoded is in the text cache; the rest is encoded when asked for.
    cached = Embedder(None, tmp_path, encoder.name)
    assert len(cached.vectors(encoder.encoded)) == len(encoder.encoded)
    with pytest.raises(LookupError):
        cached.vectors(texts)


def test_a_check_whose_registry_cannot_be_read_stops_embedding_its_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportkit.checks.duplicates import draft_candidates, unit_texts
    from reportkit.pipeline import prepare
    from reportkit.registry import check as registry_check
    from tests.conftest import EXAMPLE

    report = prepare(EXAMPLE).report
    assert report is not None
    encoder = SlowEncoder()
    monkeypatch.setattr(embeddings, "STOP_CHUNK", 2)
    monkeypatch.setattr(registry_check, "load_embedder", lambda cache: Embedder(encoder, cache))
    broken = tmp_path / "registry"
    broken.mkdir()
    (broken / "meeting.yaml").write_text("meeting: [not a meeting\n", "utf-8")
    outcome = registry_check.run_duplicate_check(report, broken, tmp_path / "cache")
    assert outcome.findings is None and outcome.diagnostics
    time.sleep(0.3)  # a prefetch still running would encode a dozen more texts meanwhile
    # Returned with the prefetch stopped: two texts a call at most twice or so, not the draft's units.
    assert len(encoder.encoded) <= 6 < len(set(unit_texts(draft_candidates(report))))
