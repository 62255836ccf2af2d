"""Benchmark of the duplication check: quality on the labelled pairs, speed on a generated 20,000 registry.

    .venv/bin/python bench/bench_duplicates.py [--entries 20000] [--skip-self-check]

Prints, it does not assert (tests/test_duplicates*.py assert). Goals from issue 5: 50 draft
recommendations against a 20,000-entry registry in ≤ 0.3 s once the registry's index is built, and a
full self-check of 20,000 in ≤ 20 s. Takes a couple of minutes on the 2-core reference machine.
"""

# ruff: noqa: E402 - the imports follow the sys.path line, so the script runs from a checkout
from __future__ import annotations

import argparse
import importlib.util
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import registry_scale
from calibration import pooled_candidates

from reportkit.checks.duplicates import Candidate, compare_candidates, draft_candidates
from reportkit.checks.embeddings import load_embedder
from reportkit.pipeline import prepare
from reportkit.registry.index import open_registry, registry_candidate

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


METHODS = ("lexical", "wordllama", "minilm+lexical", "minilm-not-centred", "minilm-no-instruments", "minilm")


def _share(numerator: int, denominator: int) -> str:
    return f"{numerator}/{denominator} ({numerator / denominator:.0%})" if denominator else "-"


def _run_method(method: str) -> dict[str, object] | None:
    """bench/quality.py in a child process: each method's memory is its own."""
    if method == "wordllama" and importlib.util.find_spec("wordllama") is None:
        print("   wordllama: not installed here (pip install wordllama==0.4.0.post1 to measure it)")
        return None
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench/quality.py"), method], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        print(f"   {method}: failed\n{done.stderr[-2000:]}")
        return None
    return json.loads(done.stdout)


def quality() -> None:
    """Each scoring method on both bodies: per draft and per pair, time, memory, installed size."""
    print("== Quality: UPR (Slovenia, 3rd cycle vs 1st+2nd) and firearms (tests/data/duplicate_pairs.yaml)")
    print(
        "   UPR held out: 2 folds of alternate drafts, thresholds tuned on one, counted on the other.\n"
        "   found = restating drafts with a restated item flagged; flagged = drafts restating nothing\n"
        "   that get any flag; pairs: recall of restates pairs, precision (flagged pairs labelled)."
    )
    header = (
        f"{'method':22} {'UPR found':>13} {'UPR flagged':>12} {'UPR pair R/P':>13} "
        f"{'FA found':>10} {'FA flagged':>10} {'FA pair P/R':>12} {'cold s':>7} {'warm s':>7} "
        f"{'RSS MB':>7} {'+MB':>5}"
    )
    print(header)
    results = []
    for method in METHODS:
        result = _run_method(method)
        if result is None:
            continue
        results.append(result)
        upr = result["upr_held_out"]
        fire = result["firearms_per_draft"]
        pairs = result["firearms_pairs"]
        pair_precision = upr["flagged_pairs_labelled"] / max(upr["flagged_pairs"], 1)
        print(
            f"{method:22} {_share(upr['found'], upr['restating']):>13} "
            f"{_share(upr['flagged_nothing'], upr['nothing']):>12} "
            f"{upr['restates_pairs_flagged'] / upr['restates_pairs']:>6.2f}/{pair_precision:<6.2f} "
            f"{fire['found']:>4}/{fire['restating']:<5} {fire['flagged']:>4}/{fire['others']:<5} "
            f"{pairs['precision']:>5.2f}/{pairs['recall']:<6.2f} {result['cold_s']:>7.1f} "
            f"{result['warm_s']:>7.2f} {result['peak_rss_mb']:>7.0f} {result['added_mb']:>5.0f}"
        )
    for result in results:
        ten = result["upr_held_out_ten_folds"]
        found, flagged = (
            _share(ten["found"], ten["restating"]),
            _share(ten["flagged_nothing"], ten["nothing"]),
        )
        print(f"   {result['method']}: UPR held out over ten folds: found {found}, flagged {flagged}")
        print(
            f"   {result['method']}: thresholds per fold {result['fold_thresholds']}; shipped (tuned on "
            f"all 215) {result['shipped_thresholds']}; firearms judged at {result['firearms_thresholds']}"
        )
        print(
            f"      firearms: {result['firearms_unlabelled_flagged']} of the "
            f"{result['firearms_pairs_in_pool']} unlabelled pairs of the two examples flagged"
        )
        if result["upr_lexical_shipped"]:
            shipped = result["upr_lexical_shipped"]
            print(
                "   lexical at today's (firearms) thresholds on the UPR: found "
                f"{_share(shipped['found'], shipped['restating'])}, flagged "
                f"{_share(shipped['flagged_nothing'], shipped['nothing'])}"
            )
    print(
        "   torch all-MiniLM-L6-v2 (float32, the former extra): not measured here (6.5 GB with torch);\n"
        "   the int8 ONNX row is the same model."
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


def semantic_speed(drafts: int = 250, entries: int = 500) -> None:
    """The issue's case: a 250-recommendation draft against a 500-entry registry, scored by meaning.

    Texts are the real recommendations (UPR and firearms), each made distinct by a suffix so that no
    vector comes from the cache by accident.
    """
    print(f"\n== Speed, semantic: {drafts} drafts vs {entries} registry entries")
    from upr import load_truth

    truth = load_truth(ROOT)
    real = [c.text for c in (*truth.drafts, *truth.registry, *pooled_candidates(ROOT))]
    texts = [f"{real[i % len(real)]} ({i // len(real) + 1})" for i in range(drafts + entries)]
    draft_side = [Candidate(f"d{i}", f"d{i}", str(i), text) for i, text in enumerate(texts[:drafts])]
    registry = [
        Candidate(f"R#{i}", f"r{i}", str(i), text, symbol="R", meeting="m")
        for i, text in enumerate(texts[drafts:])
    ]
    with tempfile.TemporaryDirectory() as temporary:
        cache = Path(temporary)
        started = time.perf_counter()
        embedder = load_embedder(cache)
        loaded = time.perf_counter() - started
        if embedder is None:
            print("   the model is not installed: skipped")
            return
        started = time.perf_counter()
        compare_candidates([], registry, embedder=embedder)
        registry_time = time.perf_counter() - started
        started = time.perf_counter()
        compare_candidates(draft_side, registry, embedder=embedder)
        draft_time = time.perf_counter() - started
        started = time.perf_counter()
        compare_candidates(draft_side, registry, embedder=load_embedder(cache))
        cached_time = time.perf_counter() - started
    print(f"   model load:                                   {loaded:.2f} s")
    print(f"   registry embedded once (cold cache):          {registry_time:.1f} s")
    print(f"   {drafts} new drafts vs the cached registry:        {draft_time:.1f} s")
    print(f"   everything cached (a re-check):               {cached_time:.2f} s")
    print(f"   cold in all: {loaded + registry_time + draft_time:.1f} s (the check's onnxruntime threads)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--skip-self-check", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--scale-entries", type=int, default=200_000)
    arguments = parser.parse_args()
    if not arguments.skip_quality:
        quality()
        semantic_speed()
    speed(arguments.entries, not arguments.skip_self_check)
    if not arguments.skip_scale:
        # The registry's index (vectors and shortlist) beside the lexical figure above.
        real = registry_scale.real_texts()
        registry_scale.small(real)
        registry_scale.large(real, arguments.scale_entries, 1000)


if __name__ == "__main__":
    main()
