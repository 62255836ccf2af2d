"""The registry's index, cached on disk: its entries and term counts, and its units' sentence vectors.

A registry of 200,000 recommendations takes half a minute to read (YAML) and count, and half an hour
of a core to embed; a check must answer in about a second. So the index is built once per registry
change (`registry add`, or the first check after it) and kept in `.reportkit-cache/`:

- `registry-<hash>-v<N>.npz` (+ `.json`): term counts, unit labels, terms and entries, keyed by a hash
  of every registry file and of the analysis (INDEX_VERSION): any edit to the registry, or to how
  texts are cut into terms, gives a new key. Entries are JSON lines read one by one when asked for
  (`StoredEntries`). The IDF is *not* cached: it depends on the draft as well, and recomputing it from
  cached counts takes milliseconds.
- **Incremental**: the cache also records each registry file (name, SHA-256 of its bytes, meeting,
  where its entries and rows are, its texts' opening counts). When the registry changes, the previous
  cache's unchanged files keep their entries and rows; only changed and new files are read and
  counted (a few seconds for one meeting added to 200,000 entries, against half a minute), and the
  previous cache is then removed. The result equals a full rebuild: the openings are chosen from the
  summed counts (if they changed, every unit is counted again, from the cached texts), and terms are
  numbered in sorted order however the rows were gathered. A changed file with a problem, or a store
  other than the YAML folder, gets the full build and its diagnostics.
- the vectors (`vectors.py`), keyed by the same hash, built reusing the previous version's rows.

Only numbers and JSON are stored (no pickle): a cache file can be deleted at any time, and a damaged
one is ignored. This module joins the registry store and the checks, which know nothing of each other.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import json
import os
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import overload

import numpy as np
import scipy.sparse as sp

from reportkit.atomic import write_atomically
from reportkit.checks.duplicates import Candidate
from reportkit.checks.embeddings import Embedder
from reportkit.checks.formulas import learned_openings, opening_counts, openings_from_counts
from reportkit.checks.index import TermIndex, build_index, with_sorted_terms
from reportkit.checks.similarity import units_of, with_columns
from reportkit.checks.vocabulary import SortedTerms, growable_copy
from reportkit.diagnostics import Diagnostic, has_errors
from reportkit.house import DEFAULT_STYLE
from reportkit.registry.model import Registry, RegistryEntry, RegistryMeeting
from reportkit.registry.stale_cache import remove_stale
from reportkit.registry.store import RegistryStore
from reportkit.registry.vectors import VECTORS_VERSION, Progress, open_vectors, vectors_paths
from reportkit.registry.yaml_store import (
    YamlRegistryStore,
    meeting_order,
    read_meeting,
    registry_file_digests,
    registry_hash,
)

# Bump when the analysis changes (boilerplate, stop words, stemming, units): old caches then miss.
# 10: each registry file recorded (digest, meeting, entry and row ranges, opening counts) for
# incremental updates, terms numbered in sorted order, every entry line stored with its line break;
# 9: entries read lazily by byte offset; 8: entries, unit labels and terms as lines; 7: meetings
# keep their house style
INDEX_VERSION = "10"
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


def _entry_lines(entries: Iterable[RegistryEntry]) -> bytes:
    """One JSON line per entry (json.dumps escapes line breaks), each ending with a line break."""
    lines = "".join(json.dumps(_entry_json(entry), ensure_ascii=False) + "\n" for entry in entries)
    return lines.encode("utf-8")


def _line_ends(lines: bytes) -> np.ndarray:
    """Where each line ends (just after its break): no byte of a UTF-8 character is a line break."""
    return np.flatnonzero(np.frombuffer(lines, dtype=np.uint8) == ord("\n")).astype(np.int64) + 1


@dataclass(frozen=True)
class FileRecord:
    """What the cached index keeps of one registry file, to reuse while the file's bytes are the same."""

    name: str  # in the registry folder
    digest: str  # SHA-256 of its bytes
    symbol: str  # of the meeting it records
    entries: tuple[int, int]  # its entries' positions in the registry: start, end
    rows: tuple[int, int]  # its units' rows in the term index: start, end
    openings: dict[str, int]  # how many of its entries' texts each candidate opening opens


def _file_json(record: FileRecord) -> dict[str, object]:
    # Not dataclasses.asdict: it deep-copies every count (a third of a second at 200,000 entries).
    return {
        "name": record.name,
        "digest": record.digest,
        "symbol": record.symbol,
        "entries": list(record.entries),
        "rows": list(record.rows),
        "openings": record.openings,
    }


def _file_from(data: dict[str, object]) -> FileRecord:
    entries, rows, openings = data["entries"], data["rows"], data["openings"]
    return FileRecord(
        name=str(data["name"]),
        digest=str(data["digest"]),
        symbol=str(data["symbol"]),
        entries=(int(entries[0]), int(entries[1])),  # type: ignore[index]
        rows=(int(rows[0]), int(rows[1])),  # type: ignore[index]
        openings={str(opening): int(count) for opening, count in openings.items()},  # type: ignore[attr-defined]
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


def _save(
    cache_dir: Path, registry: Registry, entry_lines: bytes, index: TermIndex, files: Sequence[FileRecord]
) -> bool:
    """Write the index under the registry's hash; False when it cannot be stored as lines."""
    matrix_path, json_path = _cache_paths(cache_dir, registry.content_hash)
    terms = [""] * len(index.vocabulary)
    for term, column in index.vocabulary.items():
        terms[column] = term
    if any("\n" in text for text in (*terms, *index.parts)):
        return False  # terms and labels never hold a line break; if one did, the lines would not read back
    document = {
        "content_hash": registry.content_hash,
        "meetings": [_meeting_json(meeting) for meeting in registry.meetings],
        "openings": list(index.openings),
        "entries": len(registry.entries),
    }
    write_atomically(json_path, json.dumps(document, ensure_ascii=False).encode("utf-8"))
    buffer_path = matrix_path.with_suffix(".tmp.npz")
    # Read only to update the index incrementally, so kept out of the JSON every check reads.
    files_json = json.dumps([_file_json(record) for record in files], ensure_ascii=False)
    np.savez(
        buffer_path,
        owners=index.owners,
        data=index.tf.data,
        indices=index.tf.indices,
        indptr=index.tf.indptr,
        shape=np.asarray(index.tf.shape),
        entries=np.frombuffer(entry_lines, dtype=np.uint8),  # read only when asked for
        entry_ends=_line_ends(entry_lines),
        parts=_lines_blob(index.parts),
        terms=_lines_blob(terms),
        files=np.frombuffer(files_json.encode("utf-8"), dtype=np.uint8),
    )
    os.replace(buffer_path, matrix_path)
    return True


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

    def lines(self, start: int, stop: int) -> bytes:
        """The stored lines of entries `start` to `stop`, unread: an unchanged meeting's entries are
        copied into the next index as they are."""
        first = int(self._ends[start - 1]) if start else 0
        last = int(self._ends[stop - 1]) if stop else 0
        return self._blob[first:last]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or len(other) != len(self):
            return False
        return all(mine == theirs for mine, theirs in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # a sequence compared by its contents, like a list


def _read_cache(matrix_path: Path, json_path: Path) -> tuple[Registry, TermIndex] | None:
    """A cache's registry and index, if its files are whole and agree with each other."""
    if not (matrix_path.is_file() and json_path.is_file()):
        return None
    try:
        document = json.loads(json_path.read_text("utf-8"))
        with np.load(matrix_path, allow_pickle=False) as arrays:
            tf = sp.csr_matrix(
                (arrays["data"], arrays["indices"], arrays["indptr"]), shape=tuple(arrays["shape"])
            )
            owners = arrays["owners"]
            entry_blob = arrays["entries"].tobytes()
            entry_ends = arrays["entry_ends"]
            parts = tuple(_blob_lines(arrays["parts"])) if tf.shape[0] else ()
            terms = _blob_lines(arrays["terms"]) if tf.shape[1] else []
        if len(entry_ends) != document["entries"] or int(entry_ends[-1] if len(entry_ends) else 0) != len(
            entry_blob
        ):
            return None
        if len(parts) != tf.shape[0] or len(terms) != tf.shape[1] or len(owners) != tf.shape[0]:
            return None
        registry = Registry(
            meetings=tuple(_meeting_from(m) for m in document["meetings"]),
            entries=StoredEntries(entry_blob, entry_ends),
            content_hash=str(document["content_hash"]),
        )
        vocabulary = SortedTerms(terms)  # numbered in sorted order (with_sorted_terms)
        openings = tuple(document["openings"])
        return registry, TermIndex(owners, parts, tf, vocabulary, openings)
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile):
        return None  # a damaged cache is rebuilt, never trusted (a cut .npz is not a zip file)


def _load(cache_dir: Path, key: str) -> tuple[Registry, TermIndex] | None:
    cached = _read_cache(*_cache_paths(cache_dir, key))
    return cached if cached is not None and cached[0].content_hash == key else None


def _read_files(matrix_path: Path) -> list[FileRecord] | None:
    """The files a cache records (only this member of it is read)."""
    try:
        with np.load(matrix_path, allow_pickle=False) as arrays:
            return [_file_from(data) for data in json.loads(arrays["files"].tobytes().decode("utf-8"))]
    except (
        OSError,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        AttributeError,
        EOFError,
        zipfile.BadZipFile,
    ):
        return None  # damaged: the full build then reads every file


def registry_texts(registry: Registry) -> list[tuple[str, Sequence[str]]]:
    return [(entry.text, entry.items) for entry in registry.entries]


# --------------------------------------------------------------------------- building from files


@dataclass
class _Piece:
    """One registry file as the index is built: read now, or unchanged and found in a previous cache."""

    name: str
    digest: str
    meeting: RegistryMeeting
    entry_count: int
    openings: Counter[str]
    entries: Sequence[RegistryEntry] = ()  # when read now
    reused: FileRecord | None = None  # the previous cache's record, when unchanged
    lines: bytes = field(default=b"", repr=False)  # its entries' JSON lines


def _read_piece(path: Path, digest: str, diagnostics: list[Diagnostic]) -> _Piece | None:
    meeting, entries = read_meeting(path, diagnostics)
    if meeting is None:
        return None
    return _Piece(
        name=path.name,
        digest=digest,
        meeting=meeting,
        entry_count=len(entries),
        openings=opening_counts(entry.text for entry in entries),
        entries=entries,
        lines=_entry_lines(entries),
    )


def _digests_by_name(folder: Path) -> dict[str, str]:
    return {path.name: digest for path, digest in registry_file_digests(folder)}


def _pieces_of(registry: Registry, digests: dict[str, str]) -> list[_Piece] | None:
    """The files of a registry just read whole, in its meetings' order (None if one is not known)."""
    counts = Counter(entry.symbol for entry in registry.entries)
    pieces: list[_Piece] = []
    start = 0
    for meeting in registry.meetings:
        name = PurePosixPath(meeting.path).name
        if name not in digests:
            return None
        entries = registry.entries[start : start + counts[meeting.symbol]]
        start += len(entries)
        openings = opening_counts(entry.text for entry in entries)
        pieces.append(_Piece(name, digests[name], meeting, len(entries), openings, entries))
    return pieces


def _summed_openings(pieces: Sequence[_Piece]) -> tuple[str, ...]:
    counts: Counter[str] = Counter()
    for piece in pieces:
        counts.update(piece.openings)
    return openings_from_counts(counts, sum(piece.entry_count for piece in pieces))


def _file_records(pieces: Sequence[_Piece], index: TermIndex) -> list[FileRecord]:
    """Each piece's record in the index just built from the pieces, in their order."""
    starts = index.owner_starts

    def row_of(entry: int) -> int:
        return int(starts[entry]) if entry < len(starts) else index.tf.shape[0]

    records: list[FileRecord] = []
    start = 0
    for piece in pieces:
        end = start + piece.entry_count
        records.append(
            FileRecord(
                name=piece.name,
                digest=piece.digest,
                symbol=piece.meeting.symbol,
                entries=(start, end),
                rows=(row_of(start), row_of(end)),
                openings=dict(piece.openings),
            )
        )
        start = end
    return records


def _full_build(
    store: RegistryStore, cache_dir: Path | None
) -> tuple[Registry, TermIndex | None, list[Diagnostic]]:
    """Read the whole registry and count every unit; store the result (with each file's record, for
    the next update, when the store is a YAML folder that did not change while it was read)."""
    folder = store.folder if isinstance(store, YamlRegistryStore) and cache_dir is not None else None
    digests = _digests_by_name(folder) if folder is not None else {}
    loaded, diagnostics = store.load()
    if has_errors(diagnostics):
        return loaded, None, diagnostics
    pieces = None
    if folder is not None and _digests_by_name(folder) == digests:
        pieces = _pieces_of(loaded, digests)
    texts = registry_texts(loaded)
    if pieces is not None:
        openings = _summed_openings(pieces)  # the same as learned over all texts, counted once
    else:
        openings = learned_openings([text for text, _ in texts])
    index = with_sorted_terms(build_index(texts, openings=openings))
    if cache_dir is not None:
        records = _file_records(pieces, index) if pieces is not None else []
        with contextlib.suppress(OSError):  # an unwritable cache only costs time
            if _save(cache_dir, loaded, _entry_lines(loaded.entries), index, records):
                # A full build is what a new version of the analysis or the model starts with.
                remove_stale(cache_dir, INDEX_VERSION, VECTORS_VERSION)
    return loaded, index, diagnostics


# --------------------------------------------------------------------------- updating a previous cache


@dataclass(frozen=True)
class _Previous:
    """A previous cache of the registry, to take its unchanged files' entries and rows from."""

    matrix_path: Path
    json_path: Path
    registry: Registry
    index: TermIndex
    files: dict[str, FileRecord]


def _previous_cache(cache_dir: Path, skip: Path, digests: dict[str, str]) -> _Previous | None:
    """The newest other term-index cache of this analysis version that has one of these files."""
    if not cache_dir.is_dir():
        return None
    found = [path for path in cache_dir.glob(f"registry-*-v{INDEX_VERSION}.npz") if path != skip]
    found.sort(key=lambda path: path.stat().st_mtime, reverse=True)
    for matrix_path in found:
        files = _read_files(matrix_path)
        if not files or not any(digests.get(record.name) == record.digest for record in files):
            continue  # damaged, too old to record its files, or another registry's
        json_path = matrix_path.with_suffix(".json")
        cached = _read_cache(matrix_path, json_path)
        if cached is not None and _records_fit(files, *cached):
            return _Previous(matrix_path, json_path, *cached, {record.name: record for record in files})
    return None


def _records_fit(files: Sequence[FileRecord], registry: Registry, index: TermIndex) -> bool:
    """Whether the records point inside the cache and at its meetings: a damaged cache is not trusted."""
    symbols = {meeting.symbol for meeting in registry.meetings}
    return all(
        record.symbol in symbols
        and 0 <= record.entries[0] <= record.entries[1] <= len(registry.entries)
        and 0 <= record.rows[0] <= record.rows[1] <= index.tf.shape[0]
        for record in files
    )


def _reused_piece(
    path: Path, record: FileRecord, previous: _Previous, meetings: dict[str, RegistryMeeting]
) -> _Piece:
    entries = previous.registry.entries
    assert isinstance(entries, StoredEntries)  # what _read_cache gives
    return _Piece(
        name=path.name,
        digest=record.digest,
        # Where the folder is now (it may be named another way than when the cache was built).
        meeting=dataclasses.replace(meetings[record.symbol], path=path.as_posix()),
        entry_count=record.entries[1] - record.entries[0],
        openings=Counter(record.openings),
        reused=record,
        lines=entries.lines(*record.entries),
    )


def _recorded_twice(pieces: Sequence[_Piece]) -> bool:
    symbols = [piece.meeting.symbol for piece in pieces]
    return len(set(symbols)) != len(symbols)


def _reused_rows(pieces: Sequence[_Piece], previous: TermIndex) -> TermIndex:
    """The previous index's rows for unchanged files, new files' units counted over a copy of its
    vocabulary grown at its end, joined in the pieces' order (the openings must be the previous ones)."""
    vocabulary = growable_copy(previous.vocabulary)
    blocks: list[tuple[sp.csr_matrix, np.ndarray, tuple[str, ...]]] = []
    for piece in pieces:
        if piece.reused is not None:
            start, end = piece.reused.rows
            owners = previous.owners[start:end] - piece.reused.entries[0]  # from 0 within the file
            blocks.append((previous.tf[start:end], owners, previous.parts[start:end]))
        else:
            texts = [(entry.text, entry.items) for entry in piece.entries]
            counted = build_index(texts, vocabulary, previous.openings)
            blocks.append((counted.tf, counted.owners, counted.parts))
    first_entries = np.cumsum([0, *(piece.entry_count for piece in pieces)])[:-1]
    columns = len(vocabulary)
    return TermIndex(
        owners=np.concatenate(
            [np.zeros(0, dtype=np.int32)]
            + [owners + first for (_, owners, _), first in zip(blocks, first_entries, strict=True)]
        ).astype(np.int32),
        parts=tuple(part for _, _, parts in blocks for part in parts),
        tf=sp.vstack([with_columns(tf, columns) for tf, _, _ in blocks], format="csr"),
        vocabulary=vocabulary,
        openings=previous.openings,
    )


def _all_entries(pieces: Sequence[_Piece], previous: Registry) -> list[RegistryEntry]:
    """Every entry in the pieces' order, unchanged files' read from the previous cache's lines."""
    entries: list[RegistryEntry] = []
    for piece in pieces:
        if piece.reused is not None:
            entries.extend(previous.entries[slice(*piece.reused.entries)])
        else:
            entries.extend(piece.entries)
    return entries


def _updated(
    key: str, previous: _Previous, digests: list[tuple[Path, str]]
) -> tuple[Registry, TermIndex, bytes, list[FileRecord]] | None:
    """The registry and its index from the previous cache and the files that changed since; None when
    a changed file has a problem (the full read then reports it with everything else, as always)."""
    meetings = {meeting.symbol: meeting for meeting in previous.registry.meetings}
    diagnostics: list[Diagnostic] = []
    pieces: list[_Piece] = []
    for path, digest in digests:
        record = previous.files.get(path.name)
        if record is not None and record.digest == digest:
            pieces.append(_reused_piece(path, record, previous, meetings))
        else:
            piece = _read_piece(path, digest, diagnostics)
            pieces += [piece] if piece is not None else []
    if has_errors(diagnostics) or _recorded_twice(pieces):
        return None
    pieces.sort(key=lambda piece: meeting_order(piece.meeting))  # the registry's order, as load_registry's
    openings = _summed_openings(pieces)
    if openings == previous.index.openings:
        gathered = _reused_rows(pieces, previous.index)
    else:  # other openings cut other terms: every unit is counted again (from the cache, not the YAML)
        texts = [(entry.text, entry.items) for entry in _all_entries(pieces, previous.registry)]
        gathered = build_index(texts, openings=openings)
    index = with_sorted_terms(gathered)
    lines = b"".join(piece.lines for piece in pieces)
    meetings_in_order = tuple(piece.meeting for piece in pieces)
    registry = Registry(meetings_in_order, StoredEntries(lines, _line_ends(lines)), key)
    return registry, index, lines, _file_records(pieces, index)


def _update_previous(folder: Path, cache_dir: Path, key: str) -> tuple[Registry, TermIndex] | None:
    """The registry and its index from a previous cache, reading and counting only the files that
    changed since; the previous cache is removed once the new one is written (one registry keeps one
    term index). None when no previous cache helps or a changed file has a problem."""
    digests = registry_file_digests(folder)
    matrix_path, _ = _cache_paths(cache_dir, key)
    previous = _previous_cache(cache_dir, matrix_path, {path.name: digest for path, digest in digests})
    if previous is None:
        return None
    updated = _updated(key, previous, digests)
    if updated is None or registry_hash(folder) != key:
        return None  # a problem to report, or the folder changed while it was read
    registry, index, lines, records = updated
    try:
        saved = _save(cache_dir, registry, lines, index, records)
    except OSError:
        saved = False  # an unwritable cache only costs time
    if saved:
        for path in (previous.matrix_path, previous.json_path):
            path.unlink(missing_ok=True)
    return registry, index


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
        cached = _load(cache_dir, key)
        if cached is not None:
            return cached[0], cached[1], []
        if isinstance(store, YamlRegistryStore):
            updated = _update_previous(store.folder, cache_dir, key)
            if updated is not None:
                return updated[0], updated[1], []
    return _full_build(store, cache_dir)


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
        remove_stale(cache_dir, INDEX_VERSION, VECTORS_VERSION)
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
