"""Term counts of a list of recommendations, and their on-disk cache for the registry.

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

import contextlib
import datetime
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from reportkit.checks.similarity import Unit, count_terms, units_of
from reportkit.diagnostics import Diagnostic, has_errors
from reportkit.registry import Registry, RegistryEntry, RegistryMeeting, load_registry, registry_hash

# Bump when the analysis changes (boilerplate, stop words, stemming, units): old caches then miss.
INDEX_VERSION = "4"
DEFAULT_CACHE_DIR = Path(".reportkit-cache")


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

    @cached_property
    def owner_starts(self) -> np.ndarray:
        """The row of each recommendation's whole text, which is also where its group of rows starts."""
        return np.flatnonzero(np.asarray([part == "" for part in self.parts], dtype=bool))

    @property
    def owner_count(self) -> int:
        return len(self.owner_starts)


def build_index(
    texts: Sequence[tuple[str, Sequence[str]]], vocabulary: dict[str, int] | None = None
) -> TermIndex:
    """Count the terms of (lead-in, sub-items) pairs; grows `vocabulary` (a fresh one by default)."""
    vocabulary = {} if vocabulary is None else vocabulary
    units: list[Unit] = []
    for owner, (text, items) in enumerate(texts):
        units.extend(units_of(owner, text, items))
    tf = count_terms((unit.text for unit in units), vocabulary, grow=True)
    return TermIndex(
        owners=np.asarray([unit.owner for unit in units], dtype=np.int32),
        parts=tuple(unit.part for unit in units),
        tf=tf,
        vocabulary=vocabulary,
    )


# --------------------------------------------------------------------------- the registry's cache


def _entry_json(entry: RegistryEntry) -> dict[str, object]:
    data = asdict(entry)
    data.pop("loc")
    return data


def _meeting_json(meeting: RegistryMeeting) -> dict[str, object]:
    data = asdict(meeting)
    for key in ("start_date", "end_date"):
        value = data[key]
        data[key] = value.isoformat() if value else None
    return data


def _meeting_from(data: dict[str, object]) -> RegistryMeeting:
    def day(value: object) -> datetime.date | None:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None

    return RegistryMeeting(
        symbol=str(data["symbol"]),
        name=str(data["name"]),
        title=str(data["title"]),
        venue=str(data["venue"]),
        start_date=day(data["start_date"]),
        end_date=day(data["end_date"]),
        themes=tuple((str(a), str(b)) for a, b in data["themes"]),  # type: ignore[attr-defined]
        path=str(data["path"]),
    )


def _entry_from(data: dict[str, object]) -> RegistryEntry:
    return RegistryEntry(
        symbol=str(data["symbol"]),
        meeting=str(data["meeting"]),
        number=str(data["number"]),
        id=str(data["id"]),
        text=str(data["text"]),
        items=tuple(data["items"]),  # type: ignore[arg-type]
        themes=tuple(data["themes"]),  # type: ignore[arg-type]
        status=str(data["status"]),
    )


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _cache_paths(cache_dir: Path, key: str) -> tuple[Path, Path]:
    stem = f"registry-{key[:24]}-v{INDEX_VERSION}"
    return cache_dir / f"{stem}.npz", cache_dir / f"{stem}.json"


def _save(cache_dir: Path, registry: Registry, index: TermIndex) -> None:
    matrix_path, json_path = _cache_paths(cache_dir, registry.content_hash)
    terms = [""] * len(index.vocabulary)
    for term, column in index.vocabulary.items():
        terms[column] = term
    document = {
        "content_hash": registry.content_hash,
        "meetings": [_meeting_json(meeting) for meeting in registry.meetings],
        "entries": [_entry_json(entry) for entry in registry.entries],
        "parts": list(index.parts),
        "terms": terms,
    }
    _write_atomically(json_path, json.dumps(document, ensure_ascii=False).encode("utf-8"))
    buffer_path = matrix_path.with_suffix(".tmp.npz")
    np.savez(
        buffer_path,
        owners=index.owners,
        data=index.tf.data,
        indices=index.tf.indices,
        indptr=index.tf.indptr,
        shape=np.asarray(index.tf.shape),
    )
    os.replace(buffer_path, matrix_path)


def _load(cache_dir: Path, key: str) -> tuple[Registry, TermIndex] | None:
    matrix_path, json_path = _cache_paths(cache_dir, key)
    if not (matrix_path.is_file() and json_path.is_file()):
        return None
    try:
        document = json.loads(json_path.read_text("utf-8"))
        with np.load(matrix_path, allow_pickle=False) as arrays:
            tf = sp.csr_matrix(
                (arrays["data"], arrays["indices"], arrays["indptr"]), shape=tuple(arrays["shape"])
            )
            owners = arrays["owners"]
        if document["content_hash"] != key:
            return None
        registry = Registry(
            meetings=tuple(_meeting_from(m) for m in document["meetings"]),
            entries=tuple(_entry_from(e) for e in document["entries"]),
            content_hash=key,
        )
        vocabulary = {term: column for column, term in enumerate(document["terms"])}
        return registry, TermIndex(owners, tuple(document["parts"]), tf, vocabulary)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a damaged cache is rebuilt, never trusted


def registry_texts(registry: Registry) -> list[tuple[str, Sequence[str]]]:
    return [(entry.text, entry.items) for entry in registry.entries]


def open_registry(
    registry_dir: Path, cache_dir: Path | None = DEFAULT_CACHE_DIR
) -> tuple[Registry, TermIndex | None, list[Diagnostic]]:
    """The registry and its term index, from the cache when the registry has not changed.

    Without a usable cache the registry is read and counted, and the result stored for next time
    (unless the registry has errors, or `cache_dir` is None). The index is None when reading failed.
    """
    if cache_dir is not None and registry_dir.is_dir():
        cached = _load(cache_dir, registry_hash(registry_dir))
        if cached is not None:
            return cached[0], cached[1], []
    registry, diagnostics = load_registry(registry_dir)
    if has_errors(diagnostics):
        return registry, None, diagnostics
    index = build_index(registry_texts(registry))
    if cache_dir is not None:
        with contextlib.suppress(OSError):  # an unwritable cache only costs time
            _save(cache_dir, registry, index)
    return registry, index, diagnostics
