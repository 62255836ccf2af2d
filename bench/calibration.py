"""Labelled pairs → precision and recall of the duplication check, and the sweep behind its thresholds.

The labels live in tests/data/duplicate_pairs.yaml (pairs of SOURCE/ID, see that file). Every
recommendation of every source is scored against every other in one pool, as `reportkit check` does
for a draft against a registry (one IDF over both), and each labelled pair is then judged at the
given thresholds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ruamel.yaml import YAML

from reportkit.checks.duplicates import Candidate, Thresholds, draft_candidates, level_of, pair_scores
from reportkit.checks.embeddings import Embedder
from reportkit.pipeline import prepare

Label = Literal["duplicate", "overlap", "distinct"]

# Where SOURCE/ID names a recommendation, relative to the project folder.
SOURCES: dict[str, str] = {"2021": "content", "2022": "examples/wg-firearms-2022"}


@dataclass(frozen=True, slots=True)
class LabelledPair:
    first: str  # SOURCE/ID
    second: str
    label: Label
    reason: str


@dataclass(frozen=True, slots=True)
class ScoredPair:
    pair: LabelledPair
    whole: float
    part: float


@dataclass(frozen=True, slots=True)
class Metrics:
    """Precision and recall on the labelled pairs, for "found at all" and for "found as duplicate"."""

    found_precision: float  # of the labelled pairs flagged at any level, the share labelled duplicate|overlap
    found_recall: float  # of the pairs labelled duplicate|overlap, the share flagged at any level
    duplicate_precision: float  # of the pairs flagged "duplicate", the share labelled duplicate
    duplicate_recall: float  # of the pairs labelled duplicate, the share flagged "duplicate"
    level_accuracy: float  # of the pairs labelled duplicate|overlap, the share flagged at exactly that level
    false_positives: tuple[str, ...]
    misses: tuple[str, ...]


def load_labelled_pairs(path: Path) -> list[LabelledPair]:
    data = YAML(typ="safe", pure=True).load(path.read_text("utf-8"))
    return [
        LabelledPair(str(p["a"]), str(p["b"]), p["label"], str(p.get("reason", ""))) for p in data["pairs"]
    ]


def pooled_candidates(root: Path, sources: dict[str, str] | None = None) -> list[Candidate]:
    """Every recommendation of every source, keyed SOURCE/ID."""
    pool: list[Candidate] = []
    for name, folder in (sources or SOURCES).items():
        prepared = prepare(root / folder)
        if prepared.report is None:
            raise ValueError(f"cannot read the example {folder}")
        for candidate in draft_candidates(prepared.report):
            pool.append(
                Candidate(
                    f"{name}/{candidate.id}",
                    candidate.id,
                    f"{name}:{candidate.number}",
                    candidate.text,
                    candidate.items,
                    candidate.themes,
                    loc=candidate.loc,
                )
            )
    return pool


def score_labelled(
    pairs: Sequence[LabelledPair],
    pool: Sequence[Candidate],
    embedder: Embedder | None = None,
    semantic_weight: float | None = None,
    recognise_instruments: bool = True,
) -> list[ScoredPair]:
    scores = pair_scores(pool, embedder, semantic_weight, recognise_instruments)
    result = []
    for pair in pairs:
        whole, part = scores[frozenset((pair.first, pair.second))]
        result.append(ScoredPair(pair, whole, part))
    return result


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


def evaluate(scored: Iterable[ScoredPair], thresholds: Thresholds) -> Metrics:
    flagged_true = flagged_false = missed = 0
    duplicate_hits = duplicate_flagged = duplicate_labelled = exact = positives = 0
    false_positives: list[str] = []
    misses: list[str] = []
    for item in scored:
        level = level_of(item.whole, item.part, thresholds)
        label = item.pair.label
        name = f"{item.pair.first} ~ {item.pair.second}"
        positive = label != "distinct"
        positives += positive
        if level is not None and positive:
            flagged_true += 1
        elif level is not None:
            flagged_false += 1
            false_positives.append(f"{name} ({level}, labelled {label})")
        elif positive:
            missed += 1
            misses.append(f"{name} (labelled {label})")
        exact += positive and level == label
        duplicate_labelled += label == "duplicate"
        duplicate_flagged += level == "duplicate"
        duplicate_hits += level == "duplicate" and label == "duplicate"
    return Metrics(
        found_precision=_ratio(flagged_true, flagged_true + flagged_false),
        found_recall=_ratio(flagged_true, flagged_true + missed),
        duplicate_precision=_ratio(duplicate_hits, duplicate_flagged),
        duplicate_recall=_ratio(duplicate_hits, duplicate_labelled),
        level_accuracy=_ratio(exact, positives),
        false_positives=tuple(false_positives),
        misses=tuple(misses),
    )


def sweep(
    scored: Sequence[ScoredPair], base: Thresholds, steps: Iterable[float]
) -> list[tuple[Thresholds, Metrics]]:
    """Metrics over a grid of thresholds (duplicate ≥ overlap), for choosing them."""
    grid = sorted(set(steps))
    results = []
    for duplicate in grid:
        for overlap in grid:
            if overlap > duplicate:
                continue
            for part in grid:
                thresholds = Thresholds(duplicate, overlap, part)
                results.append((thresholds, evaluate(scored, thresholds)))
    return results
