"""Cache files of earlier analysis versions and retired models are removed by the build that replaces
them; current files, another registry's, and anything not named as reportkit names its files stay."""

from __future__ import annotations

import shutil
from pathlib import Path

from reportkit.checks.embeddings import Embedder
from reportkit.checks.encoders import MiniLmOnnx
from reportkit.registry.index import INDEX_VERSION, open_registry, open_vectors_index
from reportkit.registry.stale_cache import is_stale
from reportkit.registry.vectors import VECTORS_VERSION
from tests.conftest import ROOT
from tests.test_registry_index import CountingEncoder

OTHER = "0123456789abcdef01234567"  # another registry's hash, sharing the folder
OLD_INDEX = str(int(INDEX_VERSION) - 1)
STALE = [
    f"registry-{OTHER}-v{OLD_INDEX}.npz",
    f"registry-{OTHER}-v{OLD_INDEX}.json",
    f"registry-{OTHER}-i{INDEX_VERSION}-v0-counting-test-encoder.vectors.npy",
    f"registry-{OTHER}-i{INDEX_VERSION}-v{VECTORS_VERSION}-all-MiniLM-L6-v2-int8-dynamic.hashes.npy",
    "embeddings-all-MiniLM-L6-v2-int8-dynamic.npz",
    f"registry-{OTHER}-i{INDEX_VERSION}-v{VECTORS_VERSION}-all-MiniLM-L6-v2-int8-dynamic-per-text.vectors.npy",
    "embeddings-all-MiniLM-L6-v2-int8-dynamic-per-text.npz",
]
KEPT = [
    f"registry-{OTHER}-v{INDEX_VERSION}.npz",
    f"registry-{OTHER}-i{INDEX_VERSION}-v{VECTORS_VERSION}-{MiniLmOnnx.name}.vectors.npy",
    f"embeddings-{MiniLmOnnx.name}.npz",
    # The current model's vectors of another analysis version: their rows are reused by text hash.
    f"registry-{OTHER}-i{OLD_INDEX}-v{VECTORS_VERSION}-{MiniLmOnnx.name}.vectors.npy",
    "registry-notes.txt",
    f"registry-{OTHER}-v{OLD_INDEX}.npz.bak",
]


def test_names_are_judged_by_their_versions_and_model() -> None:
    assert [name for name in STALE if not is_stale(name, INDEX_VERSION, VECTORS_VERSION)] == []
    assert [name for name in KEPT if is_stale(name, INDEX_VERSION, VECTORS_VERSION)] == []


def test_a_full_build_removes_the_stale_files_and_keeps_the_rest(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    for name in (*STALE, *KEPT):
        (cache / name).write_bytes(b"not read")
    registry = tmp_path / "registry"
    shutil.copytree(ROOT / "registry", registry)
    stored, index, problems = open_registry(registry, cache)
    assert problems == [] and index is not None
    names = {path.name for path in cache.iterdir()}
    assert not names & set(STALE)
    assert set(KEPT) <= names
    # The vectors built next (a model's first) do the same for files left since.
    (cache / STALE[3]).write_bytes(b"not read")
    open_vectors_index(stored, index, Embedder(CountingEncoder(), cache), cache)
    assert not (cache / STALE[3]).exists() and (cache / KEPT[1]).exists()
