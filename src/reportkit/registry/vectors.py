"""The registry's sentence vectors: one row per unit of its term index, built once per registry change.

Embedding is the slow part of indexing a registry (MiniLM int8 encodes about a hundred texts a second
on one core), so a check never embeds the registry: its vectors are built when the registry changes
(`reportkit registry add`, or the first check after a change) and read back as a memory map. Rows of
texts embedded before are copied from the previous vectors file by text hash, so recording one meeting
embeds only that meeting's texts.

Files, beside the term index in the cache folder and keyed by the same registry hash and analysis
version: `registry-<hash>-i<index version>-v<N>-<model>.vectors.npy` (float32, one unit-length row
per unit, in the term index's row order) and `….hashes.npy` (the SHA-256 digest of each row's
text). float32 rather than float16: the scores then equal those computed from fresh vectors, and
200,000 entries take about 330 MB of disk and of page cache.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from reportkit.checks.embeddings import Embedder

VECTORS_VERSION = "1"
CHUNK = 256  # texts encoded between two progress reports (a few seconds of MiniLM on one core)
COPY_ROWS = 16_384  # earlier rows copied at a time (6 MB)

# (texts done, texts to embed): called after each chunk, and once with (0, total) before the first.
Progress = Callable[[int, int], None]


def text_digests(texts: Sequence[str]) -> np.ndarray:
    """The SHA-256 digest of each text, as 32-byte rows (what rows are matched by across versions)."""
    return np.asarray([hashlib.sha256(text.encode("utf-8")).digest() for text in texts], dtype="S32")


def vectors_paths(cache_dir: Path, key: str, model: str) -> tuple[Path, Path]:
    stem = f"registry-{key}-v{VECTORS_VERSION}-{model}"
    return cache_dir / f"{stem}.vectors.npy", cache_dir / f"{stem}.hashes.npy"


def _read(matrix_path: Path, hashes_path: Path) -> tuple[np.ndarray, np.ndarray] | None:
    try:
        matrix = np.load(matrix_path, mmap_mode="r", allow_pickle=False)
        hashes = np.load(hashes_path, allow_pickle=False)
    except (OSError, ValueError):
        return None  # a damaged file is rebuilt, never trusted
    if matrix.ndim != 2 or len(matrix) != len(hashes) or hashes.dtype != np.dtype("S32"):
        return None
    return matrix, hashes


def _previous(cache_dir: Path, model: str, skip: Path) -> list[tuple[Path, Path]]:
    """Other vectors files of the same model, newest first: where earlier texts' rows may be."""
    found = [
        path for path in cache_dir.glob(f"registry-*-v{VECTORS_VERSION}-{model}.vectors.npy") if path != skip
    ]
    found.sort(key=lambda path: path.stat().st_mtime, reverse=True)
    return [(path, path.with_name(path.name.replace(".vectors.npy", ".hashes.npy"))) for path in found]


def _reused_rows(
    digests: np.ndarray, sources: list[tuple[Path, Path]]
) -> tuple[np.ndarray, np.ndarray, list[Path]]:
    """Rows found in earlier vectors files: (matrix with those rows filled, mask of found, files used)."""
    matrix = np.zeros((len(digests), 0), dtype=np.float32)
    found = np.zeros(len(digests), dtype=bool)
    used: list[Path] = []
    for matrix_path, hashes_path in sources:
        read = _read(matrix_path, hashes_path)
        if read is None:
            continue
        old_matrix, old_hashes = read
        if matrix.shape[1] == 0:
            matrix = np.zeros((len(digests), old_matrix.shape[1]), dtype=np.float32)
        if old_matrix.shape[1] != matrix.shape[1]:
            continue
        # Sorted digests and a binary search: a dict of 200,000 byte strings would cost more.
        order = np.argsort(old_hashes)
        sorted_hashes = old_hashes[order]
        position = np.searchsorted(sorted_hashes, digests)
        position = np.minimum(position, len(sorted_hashes) - 1)
        hit = (sorted_hashes[position] == digests) & ~found
        if hit.any():
            rows = np.flatnonzero(hit)
            sources = order[position[rows]]
            # A run at a time: copying 200,000 rows at once made a 300 MB temporary beside both files.
            for start in range(0, len(rows), COPY_ROWS):
                matrix[rows[start : start + COPY_ROWS]] = old_matrix[sources[start : start + COPY_ROWS]]
            found |= hit
            used.append(matrix_path)
        if found.all():
            break
    return matrix, found, used


def build_vectors(
    texts: Sequence[str],
    embedder: Embedder,
    cache_dir: Path,
    key: str,
    progress: Progress | None = None,
) -> np.ndarray:
    """Every text's vector, reusing earlier files' rows and embedding only new texts; written to the
    cache (unless it cannot be written) and returned as a memory map when it could be."""
    matrix_path, hashes_path = vectors_paths(cache_dir, key, embedder.name)
    digests = text_digests(texts)
    previous = _previous(cache_dir, embedder.name, matrix_path) if cache_dir.is_dir() else []
    matrix, found, used = _reused_rows(digests, previous)
    missing = np.flatnonzero(~found)
    # Each distinct new text once (a registry repeats its formulas and its States' wordings).
    distinct: dict[bytes, list[int]] = {}
    for row in missing.tolist():
        distinct.setdefault(digests[row].tobytes(), []).append(row)
    firsts = [rows[0] for rows in distinct.values()]
    if progress is not None:
        progress(0, len(firsts))
    chunks = [firsts[start : start + CHUNK] for start in range(0, len(firsts), CHUNK)]
    done = 0
    for chunk, encoded in zip(
        chunks, embedder.encode_chunks([[texts[row] for row in chunk] for chunk in chunks]), strict=True
    ):
        if matrix.shape[1] == 0:
            matrix = np.zeros((len(texts), encoded.shape[1]), dtype=np.float32)
        for row, vector in zip(chunk, encoded, strict=True):
            matrix[distinct[digests[row].tobytes()]] = vector
        done += len(chunk)
        if progress is not None:
            progress(done, len(firsts))
    if matrix.shape[1] == 0:  # nothing to embed and nothing reused: an empty registry
        matrix = np.zeros((len(texts), 384), dtype=np.float32)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        _write(matrix_path, matrix)
        _write(hashes_path, digests)
    except OSError:
        return matrix  # an unwritable cache only costs time
    for old in used:
        # The previous version's rows live on in this one: one registry keeps one vectors file.
        for path in (old, old.with_name(old.name.replace(".vectors.npy", ".hashes.npy"))):
            path.unlink(missing_ok=True)
    read = _read(matrix_path, hashes_path)
    return read[0] if read is not None else matrix


def _write(path: Path, array: np.ndarray) -> None:
    temporary = path.with_suffix(".tmp.npy")
    np.save(temporary, array, allow_pickle=False)
    os.replace(temporary, path)


def open_vectors(
    texts: Callable[[], Sequence[str]],
    rows: int,
    embedder: Embedder,
    cache_dir: Path | None,
    key: str,
    progress: Progress | None = None,
) -> np.ndarray:
    """The registry's vectors: from the cache when it holds `rows` of them for this key, else built
    (and stored). `texts` is called only to build: cutting 200,000 entries into units takes seconds."""
    if cache_dir is None:
        return embedder.vectors(texts())
    matrix_path, hashes_path = vectors_paths(cache_dir, key, embedder.name)
    read = _read(matrix_path, hashes_path) if matrix_path.is_file() else None
    if read is not None and len(read[1]) == rows:
        return read[0]
    return build_vectors(texts(), embedder, cache_dir, key, progress)
