"""The Slovenia UPR ground truth as a registry, drafts and labels, and the per-draft figures of issue #19.

The first two cycles (A/HRC/14/15, A/HRC/28/15) become registry entries in memory, the third
(A/HRC/43/15) the draft; tests/data/upr/labels-43-vs-14-28.yaml says, for each of the 215 drafts,
which earlier recommendations it restates or overlaps.

Figures, for a set of drafts (121.x to tune, 122.x held out):

- found: of the drafts that restate something, the share for which a restated earlier item is flagged
  (at any level);
- flagged: of the drafts that restate nothing and overlap nothing, the share flagged against anything;
- per pair: recall of the labelled restates pairs, and precision of the flagged pairs (a flagged pair
  is right when labelled restates or overlaps; the labels list the clearest items only, so this is a
  lower bound).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from ruamel.yaml import YAML

from reportkit.checks.duplicates import Candidate, Thresholds

UPR = Path("tests/data/upr")
REGISTRY_FILES = ("A-HRC-14-15.yaml", "A-HRC-28-15.yaml")
DRAFT_FILE = "A-HRC-43-15.yaml"
LABELS_FILE = "labels-43-vs-14-28.yaml"


def _report(path: Path) -> dict[str, object]:
    return YAML(typ="safe", pure=True).load(path.read_text("utf-8"))


def report_candidates(path: Path, in_registry: bool) -> list[Candidate]:
    """One candidate per recommendation, keyed "SYMBOL NUMBER" as the labels name them."""
    data = _report(path)
    symbol = str(data["masthead"]["symbol"])  # type: ignore[index]
    meeting = f"{data['masthead']['subtitle']}, {data['masthead']['date']}"  # type: ignore[index]
    return [
        Candidate(
            key=f"{symbol} {item['number']}",
            id=str(item["number"]),
            number=str(item["number"]),
            text=str(item["text"]),
            symbol=symbol if in_registry else "",
            meeting=meeting if in_registry else "",
            by=tuple(str(state) for state in item.get("states") or ()),
        )
        for item in data["recommendations"]  # type: ignore[attr-defined]
    ]


@dataclass(frozen=True)
class UprTruth:
    drafts: list[Candidate]
    registry: list[Candidate]
    verdict: dict[str, str]  # draft number → restates | overlaps | nothing
    levels: dict[tuple[str, str], str]  # (draft number, registry key) → restates | overlaps


def load_truth(root: Path) -> UprTruth:
    folder = root / UPR
    registry = [c for name in REGISTRY_FILES for c in report_candidates(folder / name, True)]
    drafts = report_candidates(folder / DRAFT_FILE, False)
    verdict: dict[str, str] = {}
    levels: dict[tuple[str, str], str] = {}
    for row in YAML(typ="safe", pure=True).load((folder / LABELS_FILE).read_text("utf-8")):
        draft = str(row["draft"])
        verdict[draft] = str(row["verdict"])
        for match in row["matches"] or ():
            levels[(draft, str(match["ref"]))] = str(match["level"])
    return UprTruth(drafts, registry, verdict, levels)


@dataclass(frozen=True)
class UprFigures:
    drafts: int
    restating: int
    found: int  # restating drafts with a restated item flagged
    nothing: int
    flagged_nothing: int  # drafts labelled nothing with any flag
    overlap_only: int
    flagged_overlap_only: int
    restates_pairs: int
    restates_pairs_flagged: int
    flagged_pairs: int
    flagged_pairs_labelled: int
    duplicate_pairs: int  # flagged at the duplicate level
    duplicate_pairs_restates: int  # … of which labelled restates

    @property
    def found_share(self) -> float:
        return self.found / self.restating if self.restating else 0.0

    @property
    def flagged_share(self) -> float:
        return self.flagged_nothing / self.nothing if self.nothing else 0.0

    @property
    def pair_recall(self) -> float:
        return self.restates_pairs_flagged / self.restates_pairs if self.restates_pairs else 0.0

    @property
    def pair_precision(self) -> float:
        return self.flagged_pairs_labelled / self.flagged_pairs if self.flagged_pairs else 1.0

    def line(self) -> str:
        return (
            f"found {self.found}/{self.restating} ({self.found_share:.0%}), "
            f"flagged {self.flagged_nothing}/{self.nothing} ({self.flagged_share:.0%}) "
            f"[overlap-only flagged {self.flagged_overlap_only}/{self.overlap_only}]; "
            f"pairs: restates recall {self.pair_recall:.2f}, precision {self.pair_precision:.2f} "
            f"({self.flagged_pairs} flagged); duplicate level {self.duplicate_pairs_restates}/"
            f"{self.duplicate_pairs} labelled restates"
        )


def figures(
    truth: UprTruth,
    whole: np.ndarray,
    part: np.ndarray,
    thresholds: Thresholds,
    selection: Iterable[str],
) -> UprFigures:
    """Per-draft and per-pair figures for the drafts named in `selection`: a paragraph ("121") or a
    number ("121.7")."""
    chosen = set(selection)
    keep = [
        i for i, d in enumerate(truth.drafts) if d.number in chosen or d.number.partition(".")[0] in chosen
    ]
    flags = (whole >= thresholds.overlap) | (part >= thresholds.part)
    duplicates = whole >= thresholds.duplicate
    keys = [entry.key for entry in truth.registry]
    counts = dict.fromkeys(
        [
            "restating",
            "found",
            "nothing",
            "flagged_nothing",
            "overlap_only",
            "flagged_overlap_only",
            "restates_pairs",
            "restates_pairs_flagged",
            "flagged_pairs",
            "flagged_pairs_labelled",
            "duplicate_pairs",
            "duplicate_pairs_restates",
        ],
        0,
    )
    for row in keep:
        number = truth.drafts[row].number
        verdict = truth.verdict[number]
        flagged = {keys[column] for column in np.flatnonzero(flags[row])}
        restated = {key for key in keys if truth.levels.get((number, key)) == "restates"}
        counts["restates_pairs"] += len(restated)
        counts["restates_pairs_flagged"] += len(restated & flagged)
        counts["flagged_pairs"] += len(flagged)
        counts["flagged_pairs_labelled"] += sum((number, key) in truth.levels for key in flagged)
        for column in np.flatnonzero(duplicates[row]):
            counts["duplicate_pairs"] += 1
            counts["duplicate_pairs_restates"] += truth.levels.get((number, keys[column])) == "restates"
        if verdict == "restates":
            counts["restating"] += 1
            counts["found"] += bool(restated & flagged)
        elif verdict == "nothing":
            counts["nothing"] += 1
            counts["flagged_nothing"] += bool(flagged)
        else:
            counts["overlap_only"] += 1
            counts["flagged_overlap_only"] += bool(flagged)
    return UprFigures(drafts=len(keep), **counts)


def tune(
    truth: UprTruth,
    whole: np.ndarray,
    part: np.ndarray,
    selection: Iterable[str],
    most_flagged: float = 0.15,
) -> Thresholds:
    """Thresholds chosen on the selected drafts only. One threshold for whole texts and parts alike
    (a pair is flagged when either reaches it): the most restating drafts found with at most
    `most_flagged` of the drafts that restate nothing flagged, fewer flags among equals. Then the
    duplicate level: the lowest whole-text score whose flagged pairs are at least 80% labelled restates."""
    selection = tuple(selection)
    grid = [round(float(x), 2) for x in np.arange(0.10, 0.96, 0.01)]
    best: tuple[tuple[float, float], float] | None = None
    for threshold in grid:
        result = figures(truth, whole, part, Thresholds(2.0, threshold, threshold), selection)
        if result.flagged_share > most_flagged:
            continue
        rank = (result.found_share, -result.flagged_share)
        if best is None or rank > best[0]:
            best = (rank, threshold)
    assert best is not None, "no threshold flags few enough drafts"
    flag = best[1]
    for duplicate in grid:
        if duplicate < flag:
            continue
        result = figures(truth, whole, part, Thresholds(duplicate, flag, flag), selection)
        if result.duplicate_pairs and result.duplicate_pairs_restates >= 0.8 * result.duplicate_pairs:
            return Thresholds(duplicate, flag, flag)
    return Thresholds(1.0, flag, flag)


def folds(truth: UprTruth, count: int = 2) -> list[tuple[list[str], list[str]]]:
    """`count` folds of every `count`-th draft (121.x and 122.x in each): (tune on, report on). Two
    folds are the documented figure; with about 25 drafts restating nothing in each half, one draft
    more or less flagged moves it by 4%, so ten folds are printed beside it, a steadier estimate."""
    numbers = [draft.number for draft in truth.drafts]
    return [
        ([number for index, number in enumerate(numbers) if index % count != fold], numbers[fold::count])
        for fold in range(count)
    ]


def held_out(
    truth: UprTruth, whole: np.ndarray, part: np.ndarray, count: int = 2
) -> tuple[UprFigures, list[Thresholds]]:
    """Figures on each fold's held-out drafts with thresholds tuned on the other folds, added up."""
    results: list[UprFigures] = []
    chosen: list[Thresholds] = []
    for tune_on, report_on in folds(truth, count):
        thresholds = tune(truth, whole, part, tune_on)
        chosen.append(thresholds)
        results.append(figures(truth, whole, part, thresholds, report_on))
    total = {
        name: sum(getattr(result, name) for result in results) for name in UprFigures.__dataclass_fields__
    }
    return UprFigures(**total), chosen
