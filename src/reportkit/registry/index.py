"""The registry's index, cached on disk: its entries and term counts, and its units' sentence vectors.

A registry of 200,000 recommendations takes half a minute to read (YAML) and count, and half an hour
of a core to embed; a check must answer in about a second. So the index is built once per registry
change (`registry add`, or the first check after it) and kept in `.reportkit-cache/`:

- `registry-<hash>-v<N>.npz` (+ `.json`): term counts, unit labels, terms and entries, keyed by a hash
  of every registry file and of the analysis (INDEX_VERSION): any edit to the registry, or to how
  texts are cut into terms, gives a new key and a fresh index. Entries are JSON lines read one by one
  when asked for (`StoredEntries`). The IDF is *not* cached: it depends on the draft as well, and
  recomputing it from cached counts takes milliseconds.
- the vectors (`vectors.py`), keyed by the same hash, built reusing the previous version's rows.

Only numbers and JSON are stored (no pickle): a cache file can be deleted at any time, and a damaged
one is ignored. This module joins the registry store and the checks, which know nothing of each other.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import overload

import numpy as np
import scipy.sparse as sp

from reportkit.atomic import write_atomically
from reportkit.checks.duplicates import Candidate
from reportkit.checks.embeddings import Embedder
from reportkit.checks.formulas import learned_openings
from reportkit.checks.index import TermIndex, build_index
from reportkit.checks.similarity import units_of
from reportkit.diagnostics import Diagnostic, has_errors
from reportkit.house import DEFAULT_STYLE
from reportkit.registry.model import Registry, RegistryEntry, RegistryMeeting
from reportkit.registry.store import RegistryStore
from reportkit.registry.vectors import Progress, open_vectors
from reportkit.registry.yaml_store import YamlRegistryStore

# Bump when the analysis changes (boilerplate, stop words, stemming, units): old caches then miss.
# 9: entries read lazily by byte offset; 8: entries, unit labels and terms as lines; 7: meetings
# keep their house style
INDEX_VERSION = "9"
DEFAULT_CACHE_DIR = Path(".reportkit-cache")


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
        style=str(data.get("style") or DEFAULT_STYLE),  # caches of version 6 dropped it: Vienna's
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
        # Kept in the cache: the per-recommendation view shows who made an entry and its response.
        by=tuple(data.get("by") or ()),  # type: ignore[arg-type]
        response=str(data["response"]) if data.get("response") else None,
    )


def _cache_paths(cache_dir: Path, key: str) -> tuple[Path, Path]:
    stem = f"registry-{key[:24]}-v{INDEX_VERSION}"
    return cache_dir / f"{stem}.npz", cache_dir / f"{stem}.json"


def _lines_blob(lines: Sequence[str]) -> np.ndarray:
    """Texts without line breaks as one UTF-8 array: read back with one decode and one split, where a
    JSON list of 400,000 strings takes a second to parse."""
    return np.frombuffer("\n".join(lines).encode("utf-8"), dtype=np.uint8)


def _blob_lines(blob: np.ndarray) -> list[str]:
    return blob.tobytes().decode("utf-8").split("\n") if blob.size else [""]


def _save(cache_dir: Path, registry: Registry, index: TermIndex) -> None:
    matrix_path, json_path = _cache_paths(cache_dir, registry.content_hash)
    terms = [""] * len(index.vocabulary)
    for term, column in index.vocabulary.items():
        terms[column] = term
    if any("\n" in text for text in (*terms, *index.parts)):
        return  # terms and labels never hold a line break; if one did, the lines would not read back
    entry_lines = [json.dumps(_entry_json(entry), ensure_ascii=False) for entry in registry.entries]
    document = {
        "content_hash": registry.content_hash,
        "meetings": [_meeting_json(meeting) for meeting in registry.meetings],
        "openings": list(index.openings),
        "entries": len(registry.entries),
    }
    write_atomically(json_path, json.dumps(document, ensure_ascii=False).encode("utf-8"))
    buffer_path = matrix_path.with_suffix(".tmp.npz")
    np.savez(
        buffer_path,
        owners=index.owners,
        data=index.tf.data,
        indices=index.tf.indices,
        indptr=index.tf.indptr,
        shape=np.asarray(index.tf.shape),
        # One JSON line per entry (json.dumps escapes line breaks), read only when asked for.
        entries=_lines_blob(entry_lines),
        entry_ends=np.cumsum([len(line.encode("utf-8")) + 1 for line in entry_lines], dtype=np.int64),
        parts=_lines_blob(index.parts),
        terms=_lines_blob(terms),
    )
    os.replace(buffer_path, matrix_path)


class StoredEntries(Sequence[RegistryEntry]):
    """The cached registry's entries, each read from its JSON line when first asked for: a check of a
    200,000-entry registry reads only the entries its shortlist keeps (reading all takes seconds).
    `blob` holds the lines (each ending with a line break), `ends` where each line ends in it."""

    def __init__(self, blob: bytes, ends: np.ndarray) -> None:
        self._blob = blob
        self._ends = ends
        self._read: dict[int, RegistryEntry] = {}

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, position: int) -> RegistryEntry: ...

    @overload
    def __getitem__(self, position: slice) -> tuple[RegistryEntry, ...]: ...

    def __getitem__(self, position: int | slice) -> RegistryEntry | tuple[RegistryEntry, ...]:
        if isinstance(position, slice):
            return tuple(self[i] for i in range(*position.indices(len(self))))
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError(position)
        entry = self._read.get(position)
        if entry is None:
            start = int(self._ends[position - 1]) if position else 0
            line = self._blob[start : int(self._ends[position]) - 1].decode("utf-8")
            entry = self._read[position] = _entry_from(json.loads(line))
        return entry

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or len(other) != len(self):
            return False
        return all(mine == theirs for mine, theirs in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # a sequence compared by its contents, like a list


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
            entry_blob = arrays["entries"].tobytes() + b"\n"  # the last line's break, as the others'
            entry_ends = arrays["entry_ends"]
            parts = tuple(_blob_lines(arrays["parts"])) if tf.shape[0] else ()
            terms = _blob_lines(arrays["terms"]) if tf.shape[1] else []
        if document["content_hash"] != key or len(entry_ends) != document["entries"]:
            return None
        if len(parts) != tf.shape[0] or len(terms) != tf.shape[1]:
            return None
        registry = Registry(
            meetings=tuple(_meeting_from(m) for m in document["meetings"]),
            entries=StoredEntries(entry_blob, entry_ends),
            content_hash=key,
        )
        vocabulary = {term: column for column, term in enumerate(terms)}
        openings = tuple(document["openings"])
        return registry, TermIndex(owners, parts, tf, vocabulary, openings)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a damaged cache is rebuilt, never trusted


def registry_texts(registry: Registry) -> list[tuple[str, Sequence[str]]]:
    return [(entry.text, entry.items) for entry in registry.entries]


def open_registry(
    registry: RegistryStore | Path, cache_dir: Path | None = DEFAULT_CACHE_DIR
) -> tuple[Registry, TermIndex | None, list[Diagnostic]]:
    """The registry and its term index, from the cache when the registry has not changed.

    Without a usable cache the registry is read and counted, and the result stored for next time
    (unless the registry has errors, or `cache_dir` is None). The index is None when reading failed.
    A folder stands for the YAML store of that folder.
    """
    store = YamlRegistryStore(registry) if isinstance(registry, Path) else registry
    if cache_dir is not None and store.exists():
        cached = _load(cache_dir, store.content_hash())
        if cached is not None:
            return cached[0], cached[1], []
    loaded, diagnostics = store.load()
    if has_errors(diagnostics):
        return loaded, None, diagnostics
    texts = registry_texts(loaded)
    index = build_index(texts, openings=learned_openings([text for text, _ in texts]))
    if cache_dir is not None:
        with contextlib.suppress(OSError):  # an unwritable cache only costs time
            _save(cache_dir, loaded, index)
    return loaded, index, diagnostics


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
    return open_vectors(
        lambda: registry_units(registry), index.tf.shape[0], embedder, cache_dir, key, progress
    )


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


def registry_candidate(entry: RegistryEntry, meeting: RegistryMeeting | None = None) -> Candidate:
    """A registry entry as the duplication check sees it; its meeting, when given, dates it."""
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
    )
