"""The registry's index, cached on disk: its entries and term counts, and its units' sentence vectors.

A registry of 200,000 recommendations takes half a minute to read (YAML) and count, and half an hour
of a core to embed; a check must answer in about a second. So the index is built once per registry
change (`registry add`, or the first check after it) and kept in `.reportkit-cache/`:

- the term index (`index_cache.py`: the files; `index_update.py`: building it whole, or updating the
  previous cache when the registry changed, reading and counting only the files that changed). The
  IDF is *not* cached: it depends on the draft as well, and recomputing it from cached counts takes
  milliseconds.
- the vectors (`vectors.py`), keyed by the same hash, built reusing the previous version's rows.

A cache file can be deleted at any time, and a damaged one is ignored. This module joins the registry
store and the checks, which know nothing of each other.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from reportkit.checks.duplicates import Candidate
from reportkit.checks.embeddings import Embedder
from reportkit.checks.index import TermIndex
from reportkit.checks.instruments import Mention
from reportkit.checks.similarity import units_of
from reportkit.diagnostics import Diagnostic
from reportkit.registry.index_cache import (
    DEFAULT_CACHE_DIR,
    INDEX_VERSION,
    StoredEntries,
    load_index,
)
from reportkit.registry.index_update import full_build, registry_texts, update_previous
from reportkit.registry.model import Registry, RegistryEntry, RegistryMeeting
from reportkit.registry.stale_cache import remove_stale
from reportkit.registry.store import RegistryStore
from reportkit.registry.vectors import Progress, open_vectors, vectors_paths
from reportkit.registry.yaml_store import (
    YamlRegistryStore,
)

__all__ = [
    "DEFAULT_CACHE_DIR",
    "INDEX_VERSION",
    "StoredEntries",
    "index_registry",
    "open_registry",
    "open_vectors_index",
    "registry_candidate",
    "registry_texts",
    "registry_units",
]


def open_registry(
    registry: RegistryStore | Path, cache_dir: Path | None = DEFAULT_CACHE_DIR
) -> tuple[Registry, TermIndex | None, list[Diagnostic]]:
    """The registry and its term index, from the cache when the registry has not changed.

    When it has, a YAML folder's previous cache is updated: only the files that changed are read and
    counted. Without a usable cache the registry is read and counted whole, and the result stored for
    next time (unless the registry has errors, or `cache_dir` is None). The index is None when reading
    failed. A folder stands for the YAML store of that folder.
    """
    store = YamlRegistryStore(registry) if isinstance(registry, Path) else registry
    if cache_dir is not None and store.exists():
        key = store.content_hash()
        cached = load_index(cache_dir, key)
        if cached is not None:
            return cached[0], cached[1], []
        if isinstance(store, YamlRegistryStore):
            updated = update_previous(store.folder, cache_dir, key)
            if updated is not None:
                return updated[0], updated[1], []
    return full_build(store, cache_dir)


def registry_units(registry: Registry) -> list[str]:
    """The text of every unit of the registry, in its term index's row order."""
    return [
        unit.text
        for owner, (text, items) in enumerate(registry_texts(registry))
        for unit in units_of(owner, text, items)
    ]


def open_vectors_index(
    registry: Registry,
    index: TermIndex,
    embedder: Embedder,
    cache_dir: Path | None = DEFAULT_CACHE_DIR,
    progress: Progress | None = None,
) -> np.ndarray:
    """The registry's unit vectors (row i is the term index's row i): read from the cache, or built
    now, embedding only the texts no earlier version of the registry had."""
    # The units (and so the rows) follow the analysis: a new INDEX_VERSION is a new vectors file too.
    key = f"{registry.content_hash[:24]}-i{INDEX_VERSION}"
    building = cache_dir is not None and not vectors_paths(cache_dir, key, embedder.name)[0].is_file()
    vectors = open_vectors(
        lambda: registry_units(registry), index.tf.shape[0], embedder, cache_dir, key, progress
    )
    if building and cache_dir is not None and cache_dir.is_dir():
        # A new model's vectors replace a retired one's (whose files nothing reads any more).
        remove_stale(cache_dir)
    return vectors


def index_registry(
    registry: RegistryStore | Path,
    embedder: Embedder | None,
    cache_dir: Path = DEFAULT_CACHE_DIR,
    progress: Progress | None = None,
) -> list[Diagnostic]:
    """Build the registry's index now (term counts, and vectors with an embedder), as `registry add`
    does after recording, so that the next check embeds only the draft's texts."""
    stored, index, diagnostics = open_registry(registry, cache_dir)
    if index is not None and embedder is not None and stored.entries:
        open_vectors_index(stored, index, embedder, cache_dir, progress)
    return diagnostics


def registry_candidate(
    entry: RegistryEntry,
    meeting: RegistryMeeting | None = None,
    instruments: tuple[Mention, ...] | None = None,
) -> Candidate:
    """A registry entry as the duplication check sees it; its meeting, when given, dates it (and the
    instruments it names, when the index has them)."""
    return Candidate(
        key=entry.key,
        id=entry.id,
        number=entry.number,
        text=entry.text,
        items=entry.items,
        themes=entry.themes,
        symbol=entry.symbol,
        meeting=entry.meeting,
        loc=entry.loc,
        by=entry.by,
        response=entry.response,
        date=meeting.start_date if meeting is not None else None,
        instruments=instruments,
    )
