"""Candidate encoders measured by bench_duplicates.py but not used by reportkit.

WordLlama (package wordllama, MIT, l2_supercat 256-d table in the wheel): a static model, the fastest
candidate, and the weakest on the UPR labels. Install it in a scratch environment to measure it:
`pip install wordllama==0.4.0.post1`.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path

import numpy as np


def wordllama_available() -> bool:
    return importlib.util.find_spec("wordllama") is not None


class WordLlamaStatic:
    """WordLlama's token table, averaged over a text's tokens (its own `embed`, loaded from the package:
    its `load()` looks for the tokenizer in a folder the wheel does not have, then tries the network)."""

    name = "wordllama-l2-supercat-256"

    def __init__(self) -> None:
        from safetensors.numpy import load_file
        from wordllama.inference import WordLlamaInference
        from wordllama.tokenizers import tokenizer_from_file

        folder = Path(importlib.util.find_spec("wordllama").origin).parent  # type: ignore[union-attr, arg-type]
        table = load_file(str(folder / "weights" / "l2_supercat_256.safetensors"))["embedding.weight"]
        self._model = WordLlamaInference(table, tokenizer_from_file("l2_supercat_tokenizer_config.json"))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 256), dtype=np.float32)
        vectors = np.asarray(self._model.embed(list(texts), norm=True), dtype=np.float32)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
