"""The registry's term index on disk: what a cache holds, and reading and writing it.

`registry-<hash>-v<N>.arrays/` (one `.npy` file per array) and `registry-<hash>-v<N>.json` hold the
term counts, unit labels, terms and entries of a registry, keyed by a hash of every registry file and
of the analysis (INDEX_VERSION), and a record of each registry file for incremental updates
(index_update.py). The arrays are read as memory maps: a check of 200,000 entries touches only the
pages it uses, where reading a zip of them copied and checked every byte (0.1 s). Entries are JSON
lines read one by one when asked for (`StoredEntries`). Only numbers and JSON are stored (no
pickle): a cache can be deleted at any time, and a damaged one is ignored.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import overload

import numpy as np
import scipy.sparse as sp

from reportkit.atomic import write_atomically
from reportkit.checks.index import TermIndex
from reportkit.checks.instruments import Mention, mentions, mentions_from_json, mentions_json
from reportkit.checks.vocabulary import SortedTerms
from reportkit.house import DEFAULT_STYLE
from reportkit.registry.model import Registry, RegistryEntry, RegistryMeeting

# Bump when the analysis changes (boilerplate, stop words, stemming, units, what instruments.py
# finds): old caches then miss. 12: each term's document frequency and each entry's instruments
# stored; 11: the arrays as .npy files in a folder, read as memory maps; 10: each registry file
# recorded (digest, meeting, entry and row ranges, opening counts) for incremental updates, terms
# numbered in sorted order, every entry line stored with its line break; 9: entries read lazily by
# byte offset; 8: entries, unit labels and terms as lines; 7: meetings keep their house style
INDEX_VERSION = "12"
DEFAULT_CACHE_DIR = Path(".reportkit-cache")


INSTRUMENTS = "instruments"  # an entry line's key for what the check reads of its text (instruments.py)


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


def entry_lines(entries: Iterable[RegistryEntry]) -> bytes:
    """One JSON line per entry (json.dumps escapes line breaks), each ending with a line break; with
    the instruments it names, found once here rather than by every check that shortlists it."""
    lines = "".join(
        json.dumps(
            {**_entry_json(entry), INSTRUMENTS: mentions_json(mentions(entry.full_text))}, ensure_ascii=False
        )
        + "\n"
        for entry in entries
    )
    return lines.encode("utf-8")


def line_ends(lines: bytes) -> np.ndarray:
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


def cache_paths(cache_dir: Path, key: str) -> tuple[Path, Path]:
    """The folder of the index's arrays, and its JSON document (written last: a reader that finds it
    finds the arrays whole)."""
    stem = f"registry-{key[:24]}-v{INDEX_VERSION}"
    return cache_dir / f"{stem}.arrays", cache_dir / f"{stem}.json"


def remove_index(arrays_dir: Path, json_path: Path) -> None:
    """Remove a cached index (the document first, so that no reader takes the arrays for whole)."""
    json_path.unlink(missing_ok=True)
    shutil.rmtree(arrays_dir, ignore_errors=True)


def _lines_blob(lines: Sequence[str]) -> np.ndarray:
    """Texts without line breaks as one UTF-8 array: read back with one decode and one split, where a
    JSON list of 400,000 strings takes a second to parse."""
    return np.frombuffer("\n".join(lines).encode("utf-8"), dtype=np.uint8)


def _blob_lines(blob: np.ndarray) -> list[str]:
    return blob.tobytes().decode("utf-8").split("\n") if blob.size else [""]


def save_index(
    cache_dir: Path, registry: Registry, entry_lines: bytes, index: TermIndex, files: Sequence[FileRecord]
) -> bool:
    """Write the index under the registry's hash; False when it cannot be stored as lines."""
    arrays_dir, json_path = cache_paths(cache_dir, registry.content_hash)
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
    # Read only to update the index incrementally, so kept out of the JSON every check reads.
    files_json = json.dumps([_file_json(record) for record in files], ensure_ascii=False)
    arrays = {
        "owners": index.owners,
        "data": index.tf.data,
        "indices": index.tf.indices,
        "indptr": index.tf.indptr,
        "shape": np.asarray(index.tf.shape),
        "entries": np.frombuffer(entry_lines, dtype=np.uint8),  # read only when asked for
        "entry_ends": line_ends(entry_lines),
        "parts": _lines_blob(index.parts),
        "terms": _lines_blob(terms),
        "frequencies": index.document_frequencies().astype(np.int32),
        "files": np.frombuffer(files_json.encode("utf-8"), dtype=np.uint8),
    }
    # Written beside its place and renamed into it whole. The same key is the same registry and
    # analysis: arrays another process put there first are these arrays.
    cache_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{arrays_dir.name}.", dir=cache_dir))
    staging.chmod(0o755)  # mkdtemp makes it private; the cache's files are readable like the others
    try:
        for name, array in arrays.items():
            np.save(staging / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
        if not arrays_dir.is_dir():
            os.replace(staging, arrays_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    write_atomically(json_path, json.dumps(document, ensure_ascii=False).encode("utf-8"))
    return True


class StoredEntries(Sequence[RegistryEntry]):
    """The cached registry's entries, each read from its JSON line when first asked for: a check of a
    200,000-entry registry reads only the entries its shortlist keeps (reading all takes seconds).
    `blob` holds the lines (each ending with a line break), `ends` where each line ends in it."""

    def __init__(self, blob: bytes | np.ndarray, ends: np.ndarray) -> None:
        # A plain view of a memory map: slicing the map itself costs a new memmap object per slice.
        self._blob = memoryview(np.asarray(blob, dtype=np.uint8) if isinstance(blob, np.ndarray) else blob)
        self._ends = np.asarray(ends)
        self._read: dict[int, RegistryEntry] = {}
        self._instruments: dict[int, tuple[Mention, ...] | None] = {}

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
            entry = self._parsed(position, json.loads(bytes(self._line(position))))
        return entry

    def instruments(self, position: int) -> tuple[Mention, ...] | None:
        """The instruments entry `position` names, as stored with it (None when its line has none)."""
        if position not in self._instruments:
            self[position]  # reading the entry's line stores its instruments too
        return self._instruments[position]

    def _parsed(self, position: int, data: dict[str, object]) -> RegistryEntry:
        found = data.get(INSTRUMENTS)
        self._instruments[position] = mentions_from_json(found) if isinstance(found, list) else None
        entry = self._read[position] = _entry_from(data)
        return entry

    def take(self, positions: Sequence[int]) -> list[RegistryEntry]:
        """The entries at `positions`, those not read yet parsed as one JSON list: a shortlist of
        11,500 entries took 0.14 s read one by one (a parse, a slice of the map each)."""
        unread = sorted({position for position in positions if position not in self._read})
        if unread and (unread[0] < 0 or unread[-1] >= len(self)):
            raise IndexError(unread[0] if unread[0] < 0 else unread[-1])
        if unread:
            at = np.asarray(unread)
            starts = np.where(at > 0, self._ends[at - 1], 0).tolist()
            stops = (self._ends[at] - 1).tolist()
            lines = [self._blob[start:stop] for start, stop in zip(starts, stops, strict=True)]
            for position, data in zip(unread, json.loads(b"[" + b",".join(lines) + b"]"), strict=True):
                self._parsed(position, data)
        return [self._read[position] for position in positions]

    def _line(self, position: int) -> memoryview:
        """Entry `position`'s JSON line, without its line break."""
        start = int(self._ends[position - 1]) if position else 0
        return self._blob[start : int(self._ends[position]) - 1]

    def lines(self, start: int, stop: int) -> bytes:
        """The stored lines of entries `start` to `stop`, unread: an unchanged meeting's entries are
        copied into the next index as they are."""
        first = int(self._ends[start - 1]) if start else 0
        last = int(self._ends[stop - 1]) if stop else 0
        return bytes(self._blob[first:last])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or len(other) != len(self):
            return False
        return all(mine == theirs for mine, theirs in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # a sequence compared by its contents, like a list


def _mapped(arrays_dir: Path, name: str) -> np.ndarray:
    return np.load(arrays_dir / f"{name}.npy", mmap_mode="r", allow_pickle=False)


def read_index(arrays_dir: Path, json_path: Path) -> tuple[Registry, TermIndex] | None:
    """A cache's registry and index, if its files are whole and agree with each other."""
    if not (arrays_dir.is_dir() and json_path.is_file()):
        return None
    try:
        document = json.loads(json_path.read_text("utf-8"))
        shape = tuple(int(size) for size in _mapped(arrays_dir, "shape"))
        tf = sp.csr_matrix(
            (_mapped(arrays_dir, "data"), _mapped(arrays_dir, "indices"), _mapped(arrays_dir, "indptr")),
            shape=shape,
        )
        owners = _mapped(arrays_dir, "owners")
        entry_blob = _mapped(arrays_dir, "entries")
        entry_ends = _mapped(arrays_dir, "entry_ends")
        parts = tuple(_blob_lines(_mapped(arrays_dir, "parts"))) if tf.shape[0] else ()
        terms = _blob_lines(_mapped(arrays_dir, "terms")) if tf.shape[1] else []
        if len(entry_ends) != document["entries"] or int(entry_ends[-1] if len(entry_ends) else 0) != len(
            entry_blob
        ):
            return None
        frequencies = _mapped(arrays_dir, "frequencies")
        if len(parts) != tf.shape[0] or len(terms) != tf.shape[1] or len(owners) != tf.shape[0]:
            return None
        if len(frequencies) != tf.shape[1]:
            return None
        registry = Registry(
            meetings=tuple(_meeting_from(m) for m in document["meetings"]),
            entries=StoredEntries(entry_blob, entry_ends),
            content_hash=str(document["content_hash"]),
        )
        vocabulary = SortedTerms(terms)  # numbered in sorted order (with_sorted_terms)
        openings = tuple(document["openings"])
        return registry, TermIndex(owners, parts, tf, vocabulary, openings, frequencies)
    except (OSError, ValueError, KeyError, TypeError, EOFError, IndexError):
        return None  # a damaged cache is rebuilt, never trusted (a cut .npy does not read back)


def load_index(cache_dir: Path, key: str) -> tuple[Registry, TermIndex] | None:
    cached = read_index(*cache_paths(cache_dir, key))
    return cached if cached is not None and cached[0].content_hash == key else None


def read_file_records(arrays_dir: Path) -> list[FileRecord] | None:
    """The files a cache records (only this array of it is read)."""
    try:
        records = json.loads(_mapped(arrays_dir, "files").tobytes().decode("utf-8"))
        return [_file_from(data) for data in records]
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, EOFError):
        return None  # damaged: the full build then reads every file
