"""Building a registry's term index: whole, or from a previous cache when the registry changed.

A full build reads every registry file and counts every unit. When a YAML folder changes, the newest
previous cache's unchanged files keep their entries and rows; only changed and new files are read and
counted (a few seconds for one meeting added to 200,000 entries, against half a minute), and the
previous cache is then removed. The result equals a full rebuild: the openings are chosen from the
summed per-file counts (if they changed, every unit is counted again, from the cached texts), and
terms are numbered in sorted order however the rows were gathered. A changed file with a problem, or
a store other than the YAML folder, gets the full build and its diagnostics.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np
import scipy.sparse as sp

from reportkit.checks.formulas import learned_openings, opening_counts, openings_from_counts
from reportkit.checks.index import TermIndex, build_index, with_sorted_terms
from reportkit.checks.similarity import with_columns
from reportkit.checks.vocabulary import growable_copy
from reportkit.diagnostics import Diagnostic, has_errors
from reportkit.registry.index_cache import (
    INDEX_VERSION,
    FileRecord,
    StoredEntries,
    cache_paths,
    entry_lines,
    line_ends,
    read_file_records,
    read_index,
    remove_index,
    save_index,
)
from reportkit.registry.model import Registry, RegistryEntry, RegistryMeeting
from reportkit.registry.stale_cache import remove_stale
from reportkit.registry.store import RegistryStore
from reportkit.registry.yaml_store import (
    YamlRegistryStore,
    meeting_order,
    read_meeting,
    registry_file_digests,
    registry_hash,
)


def entry_texts(entries: Iterable[RegistryEntry]) -> list[tuple[str, Sequence[str]]]:
    """(lead-in, sub-items) of each entry: what the term index counts."""
    return [(entry.text, entry.items) for entry in entries]


def registry_texts(registry: Registry) -> list[tuple[str, Sequence[str]]]:
    return entry_texts(registry.entries)


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
        lines=entry_lines(entries),
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


def full_build(
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
            if save_index(cache_dir, loaded, entry_lines(loaded.entries), index, records):
                # A full build is what a new version of the analysis or the model starts with.
                remove_stale(cache_dir)
    return loaded, index, diagnostics


# --------------------------------------------------------------------------- updating a previous cache


@dataclass(frozen=True)
class _Previous:
    """A previous cache of the registry, to take its unchanged files' entries and rows from."""

    arrays_dir: Path
    json_path: Path
    registry: Registry
    index: TermIndex
    files: dict[str, FileRecord]


def _previous_cache(cache_dir: Path, skip: Path, digests: dict[str, str]) -> _Previous | None:
    """The newest other term-index cache of this analysis version that has one of these files."""
    if not cache_dir.is_dir():
        return None
    found = [path for path in cache_dir.glob(f"registry-*-v{INDEX_VERSION}.arrays") if path != skip]
    found.sort(key=lambda path: path.stat().st_mtime, reverse=True)
    for arrays_dir in found:
        files = read_file_records(arrays_dir)
        if not files or not any(digests.get(record.name) == record.digest for record in files):
            continue  # damaged, too old to record its files, or another registry's
        json_path = arrays_dir.with_suffix(".json")
        cached = read_index(arrays_dir, json_path)
        if cached is not None and _records_fit(files, *cached):
            return _Previous(arrays_dir, json_path, *cached, {record.name: record for record in files})
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
            counted = build_index(entry_texts(piece.entries), vocabulary, previous.openings)
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
        gathered = build_index(entry_texts(_all_entries(pieces, previous.registry)), openings=openings)
    index = with_sorted_terms(gathered)
    lines = b"".join(piece.lines for piece in pieces)
    meetings_in_order = tuple(piece.meeting for piece in pieces)
    registry = Registry(meetings_in_order, StoredEntries(lines, line_ends(lines)), key)
    return registry, index, lines, _file_records(pieces, index)


def update_previous(folder: Path, cache_dir: Path, key: str) -> tuple[Registry, TermIndex] | None:
    """The registry and its index from a previous cache, reading and counting only the files that
    changed since; the previous cache is removed once the new one is written (one registry keeps one
    term index). None when no previous cache helps or a changed file has a problem."""
    digests = registry_file_digests(folder)
    arrays_dir, _ = cache_paths(cache_dir, key)
    previous = _previous_cache(cache_dir, arrays_dir, {path.name: digest for path, digest in digests})
    if previous is None:
        return None
    updated = _updated(key, previous, digests)
    if updated is None or registry_hash(folder) != key:
        return None  # a problem to report, or the folder changed while it was read
    registry, index, lines, records = updated
    try:
        saved = save_index(cache_dir, registry, lines, index, records)
    except OSError:
        saved = False  # an unwritable cache only costs time
    if saved:
        remove_index(previous.arrays_dir, previous.json_path)
    return registry, index
