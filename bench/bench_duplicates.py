"""Benchmark of the duplication check: quality on the labelled pairs, speed on a generated 20,000 registry.

    .venv/bin/python bench/bench_duplicates.py [--entries 20000] [--skip-self-check]

Prints, it does not assert (tests/test_duplicates*.py assert). Goals from issue 5: 50 draft
recommendations against a 20,000-entry registry in ≤ 0.3 s once the registry's index is built, and a
full self-check of 20,000 in ≤ 20 s. Takes a couple of minutes on the 2-core reference machine.
"""

# ruff: noqa: E402 - the imports follow the sys.path line, so the script runs from a checkout
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from calibration import (
    evaluate,
    load_labelled_pairs,
    pooled_candidates,
    score_labelled,
    sweep,
)

from reportkit.checks.duplicates import (
    EMBEDDING_THRESHOLDS,
    LEXICAL_THRESHOLDS,
    Candidate,
    Thresholds,
    compare_candidates,
    draft_candidates,
    level_of,
    pair_scores,
)
from reportkit.checks.embeddings import load_embedder
from reportkit.pipeline import prepare
from reportkit.registry_index import open_registry, registry_candidate

OPENINGS = (
    "States should",
    "States parties to the Firearms Protocol should",
    "UNODC is requested to",
    "States are encouraged to",
    "States and UNODC should",
    "States are invited to",
)
SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "ne",
    "ra",
    "su",
    "ti",
    "ve",
    "zo",
    "pa",
    "qui",
    "dor",
    "len",
    "mar",
    "sen",
    "tul",
)


def quality() -> None:
    print("== Quality on tests/data/duplicate_pairs.yaml")
    pairs = load_labelled_pairs(ROOT / "tests/data/duplicate_pairs.yaml")
    pool = pooled_candidates(ROOT)
    labelled = {frozenset((p.first, p.second)) for p in pairs}
    methods: list[tuple[str, object, Thresholds]] = [("lexical", None, LEXICAL_THRESHOLDS)]
    embedder = load_embedder(ROOT / ".reportkit-cache")
    if embedder is not None:
        methods.append(("lexical+embeddings", embedder, EMBEDDING_THRESHOLDS))
    else:
        print("   (embeddings extra not installed: lexical only)")
    for name, model, thresholds in methods:
        scored = score_labelled(pairs, pool, model)  # type: ignore[arg-type]
        metrics = evaluate(scored, thresholds)
        positives = sum(p.label != "distinct" for p in pairs)
        print(f"-- {name}: thresholds {thresholds}")
        print(
            f"   {len(pairs)} labelled pairs "
            f"({positives} duplicate|overlap, {len(pairs) - positives} distinct)"
        )
        print(
            f"   flagged at any level:  precision {metrics.found_precision:.2f}  "
            f"recall {metrics.found_recall:.2f}"
        )
        print(
            f"   flagged as duplicate:  precision {metrics.duplicate_precision:.2f}  "
            f"recall {metrics.duplicate_recall:.2f}"
        )
        print(f"   level exactly right:   {metrics.level_accuracy:.2f} of the duplicate|overlap pairs")
        for line in metrics.false_positives:
            print(f"   false positive: {line}")
        for line in metrics.misses:
            print(f"   missed: {line}")
        # Flags among the pairs nobody labelled: the noise a reader would wade through.
        all_scores = pair_scores(pool, model)  # type: ignore[arg-type]
        unlabelled = [
            key
            for key, (whole, part) in all_scores.items()
            if key not in labelled and level_of(whole, part, thresholds) is not None
        ]
        print(f"   unlabelled pairs flagged (of {len(all_scores)}): {len(unlabelled)}")
        for key in sorted(sorted(k) for k in unlabelled)[:8]:
            print(f"      {' ~ '.join(key)}")
        best = sweep(scored, thresholds, [round(x, 2) for x in np.arange(0.2, 0.9, 0.02)])
        best.sort(key=lambda r: (-(r[1].found_precision * r[1].found_recall), -r[1].duplicate_precision))
        top, top_metrics = best[0]
        print(
            f"   best of the sweep on these pairs alone: {top} → P {top_metrics.found_precision:.2f} "
            f"R {top_metrics.found_recall:.2f} (ignores unlabelled noise; not used as is)"
        )


def _pseudo_word(generator: random.Random) -> str:
    return "".join(generator.choice(SYLLABLES) for _ in range(generator.randint(2, 3)))


def generate_registry(folder: Path, entries: int, seed: int = 7) -> list[Candidate]:
    """A registry of `entries` recommendations written as YAML files of 200 entries (one per "meeting").

    Texts draw 20–45 words from the real recommendations' word frequencies, open with the usual
    formulas and carry a few made-up rare words: a vocabulary of the right shape (a few very common
    terms, a long tail of rare ones). One text in fifty is a reworded copy of an earlier one, so the
    self-check has duplicates to find.
    """
    generator = random.Random(seed)
    words = [word.strip(".,;:()").lower() for c in pooled_candidates(ROOT) for word in c.full_text.split()]
    words = [word for word in words if word]
    rare = [_pseudo_word(generator) for _ in range(8000)]
    per_meeting = 200
    folder.mkdir(parents=True, exist_ok=True)
    made: list[Candidate] = []
    texts: list[str] = []
    for meeting in range((entries + per_meeting - 1) // per_meeting):
        symbol = f"BENCH/WG.{meeting // 10}/{2000 + meeting % 10}/{meeting}"
        lines = [
            "meeting:",
            f"  symbol: {json.dumps(symbol)}",
            f"  name: Bench meeting {meeting}",
            "  title: Generated",
            "  venue: Vienna",
            "  start_date: 2001-01-01",
            "  end_date: 2001-01-02",
            "themes: {}",
            "recommendations:",
        ]
        for number in range(1, min(per_meeting, entries - meeting * per_meeting) + 1):
            if texts and generator.random() < 0.02:
                # A reworded copy: a fifth of the words replaced.
                original = generator.choice(texts).split()
                text = " ".join(w if generator.random() > 0.2 else generator.choice(words) for w in original)
            else:
                body = " ".join(generator.choices(words, k=generator.randint(20, 45)))
                extra = " ".join(generator.sample(rare, generator.randint(1, 3)))
                text = f"{generator.choice(OPENINGS)} {body} {extra}."
            texts.append(text)
            lines += [
                f"  - id: rec-{number}",
                f"    number: '{number}'",
                "    status: adopted",
                "    themes: []",
                f"    text: {json.dumps(text)}",
            ]
            made.append(
                Candidate(f"{symbol}#rec-{number}", f"rec-{number}", str(number), text, symbol=symbol)
            )
        (folder / f"bench-{meeting:04d}.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return made


def speed(entries: int, self_check: bool) -> None:
    print(f"\n== Speed: {entries} registry entries")
    with tempfile.TemporaryDirectory() as temporary:
        registry_dir = Path(temporary) / "registry"
        cache_dir = Path(temporary) / "cache"
        started = time.perf_counter()
        generated = generate_registry(registry_dir, entries)
        print(f"   generated in {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        registry, index, _ = open_registry(registry_dir, cache_dir)
        build_time = time.perf_counter() - started
        print(f"   index build (read YAML, count terms, write cache): {build_time:.2f} s")
        started = time.perf_counter()
        registry, index, _ = open_registry(registry_dir, cache_dir)
        warm_time = time.perf_counter() - started
        print(f"   index load from cache:                            {warm_time:.2f} s")

        report = prepare(ROOT / "content").report
        assert report is not None and index is not None
        drafts = [*draft_candidates(report)][:47]
        example = prepare(ROOT / "examples/wg-firearms-2022").report
        assert example is not None
        drafts = (drafts + draft_candidates(example))[:50]
        targets = [registry_candidate(entry) for entry in registry.entries]
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            compare_candidates(drafts, targets, index)
            timings.append(time.perf_counter() - started)
        best = min(timings)
        print(
            f"   50 drafts vs {entries} (after the index):          {best:.3f} s "
            f"(goal 0.3 s: {best / 0.3:.2f}× the budget)"
        )
        print(f"   ... with the cache load included:                  {best + warm_time:.3f} s")

        if self_check:
            started = time.perf_counter()
            result = compare_candidates(generated, ())
            elapsed = time.perf_counter() - started
            print(
                f"   full self-check of {entries}:                     {elapsed:.1f} s "
                f"(goal 20 s: {elapsed / 20:.2f}× the budget; {len(result.findings)} pairs flagged)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--skip-self-check", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    arguments = parser.parse_args()
    if not arguments.skip_quality:
        quality()
    speed(arguments.entries, not arguments.skip_self_check)


if __name__ == "__main__":
    main()
