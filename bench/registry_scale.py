"""Benchmark of the registry's index at scale: a draft of 250 against registries of 500 and 200,000.

    .venv/bin/python bench/registry_scale.py [--entries 200000] [--sample 2000]

Each measured step runs in a fresh process (`child` below), so "cold" means what a user gets: Python
starting, reportkit imported, the model loaded, the registry's index read from its cache.

- **500 entries, real texts**: the issue's cold case. The index (term counts and vectors) is built
  once, as `registry add` builds it; the check then runs cold with an empty text cache (the draft's
  250 texts all new), and again with the draft's vectors cached.
- **200,000 entries**: generated from the real recommendations (each a real text with a distinct
  suffix). Embedding them all with MiniLM takes longer than this benchmark should, so the build time
  is measured on `--sample` texts and extrapolated, and the vectors index of the 200,000 is filled
  from the real texts' vectors, each with a small random perturbation (stated in the output). The
  query then runs on that index exactly as on a real one.

Prints, it does not assert.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

DRAFTS = 250
# The perturbation of the generated registry's vectors (noise of this norm on unit vectors): a copy
# sits at a raw cosine of about 1 / √(1 + NOISE²) ≈ 0.55 from its real text, two copies at ≈ 0.3, so a
# draft is not the duplicate of all 370 copies of its text, as no real draft is of 370 entries.
NOISE = 1.5


def real_texts() -> list[str]:
    from calibration import pooled_candidates
    from upr import load_truth

    truth = load_truth(ROOT)
    seen: dict[str, None] = {}
    for candidate in (*truth.drafts, *truth.registry, *pooled_candidates(ROOT)):
        seen.setdefault(candidate.text, None)
    return list(seen)


def write_registry(folder: Path, texts: list[str], per_meeting: int = 500, first_meeting: int = 0) -> None:
    """YAML files of `per_meeting` entries each, as `registry add` would leave them; meetings are
    numbered from `first_meeting` (their symbols, file names and dates follow the number)."""
    folder.mkdir(parents=True, exist_ok=True)
    for meeting, start in enumerate(range(0, len(texts), per_meeting), start=first_meeting):
        lines = [
            "meeting:",
            f"  symbol: BENCH/{meeting}",
            f"  name: Bench meeting {meeting}",
            "  title: Generated",
            "  venue: Geneva",
            f"  start_date: {2000 + meeting % 20}-01-01",
            f"  end_date: {2000 + meeting % 20}-01-02",
            "themes: {}",
            "recommendations:",
        ]
        for number, text in enumerate(texts[start : start + per_meeting], start=1):
            lines += [f"  - id: r{number}", f"    number: '{number}'", f"    text: {json.dumps(text)}"]
        (folder / f"bench-{meeting:05d}.yaml").write_text("\n".join(lines) + "\n", "utf-8")


def texts_for(count: int, real: list[str], offset: int = 0) -> list[str]:
    """`count` distinct texts: the real ones in turn, each with a suffix no other text has."""
    return [f"{real[(offset + i) % len(real)]} ({offset + i})" for i in range(count)]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_index(registry: str, cache: str) -> dict[str, float]:
    started = time.perf_counter()
    from reportkit.checks.embeddings import load_embedder
    from reportkit.registry.index import index_registry

    embedder = load_embedder(Path(cache))
    index_registry(Path(registry), embedder, Path(cache))
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb()}


def child_terms(registry: str, cache: str) -> dict[str, float]:
    """The term index opened in this fresh process (after the import): updated from the previous
    cache when the registry changed."""
    from reportkit.registry.index import open_registry

    started = time.perf_counter()
    _, index, _ = open_registry(Path(registry), Path(cache))
    assert index is not None
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb()}


def child_check(registry: str, cache: str, drafts_json: str) -> dict[str, float]:
    """The check of a draft against the registry, by phase, in this fresh process. As the CLI does,
    the draft's texts are embedded in the background from "model load" on, while the registry's index
    is read and the draft's terms counted: "scoring" includes what is left of that to wait for."""
    phases: dict[str, float] = {}
    started = mark = time.perf_counter()

    def phase(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        phases[name] = now - mark
        mark = now

    from reportkit.checks.duplicates import Candidate, compare_candidates, unit_texts
    from reportkit.checks.embeddings import load_embedder
    from reportkit.registry.check import RegistryCandidates
    from reportkit.registry.index import open_registry, open_vectors_index

    phase("import")
    texts = json.loads(Path(drafts_json).read_text("utf-8"))
    drafts = [Candidate(f"d{i}", f"d{i}", str(i + 1), text) for i, text in enumerate(texts)]
    embedder = load_embedder(Path(cache))
    assert embedder is not None
    embedder.prefetch(unit_texts(drafts))  # as run_duplicate_check: embedded while the index is read
    phase("model load")
    stored, index, _ = open_registry(Path(registry), Path(cache))
    assert index is not None
    entries = RegistryCandidates(stored)
    phase("registry index")
    vectors = open_vectors_index(stored, index, embedder, Path(cache))
    phase("registry vectors")
    findings = compare_candidates(drafts, entries, index, embedder=embedder, registry_vectors=vectors)
    phase("scoring")
    phases["total"] = time.perf_counter() - started
    phases["findings"] = len(findings.findings)
    phases["peak_mb"] = _peak_mb()
    return phases


def child_fill(registry: str, cache: str, sample: int, seed: int) -> dict[str, float]:
    """Fill the vectors index of a generated registry from the real texts' vectors, perturbed, and
    measure the encoder's throughput on `sample` of the generated texts."""
    import numpy as np

    from reportkit.checks.embeddings import Embedder, load_embedder
    from reportkit.checks.encoders import encode_in_processes, load_minilm
    from reportkit.registry.index import open_registry, open_vectors_index, registry_units

    started = time.perf_counter()
    stored, index, _ = open_registry(Path(registry), Path(cache))
    assert index is not None
    term_seconds = time.perf_counter() - started
    embedder = load_embedder(None)
    assert embedder is not None
    units = registry_units(stored)
    one_thread = load_minilm(threads=1)
    started = time.perf_counter()
    one_thread.encode(units[:sample])
    per_text = (time.perf_counter() - started) / sample
    # The same on both cores, as `registry add` embeds a large registry (process starts included).
    spread = units[sample : 3 * sample]
    started = time.perf_counter()
    list(encode_in_processes([spread[i : i + 256] for i in range(0, len(spread), 256)]))
    per_text_spread = (time.perf_counter() - started) / len(spread)
    base = {text: text.rsplit(" (", 1)[0] for text in units}
    distinct = sorted(set(base.values()))
    base_vectors = dict(zip(distinct, embedder.encode(distinct), strict=True))
    generator = np.random.default_rng(seed)

    class Replay:
        """The real text's vector, perturbed (noise of norm NOISE): stands in for MiniLM here only."""

        name = embedder.name

        def encode(self, texts: list[str]) -> np.ndarray:
            rows = np.stack([base_vectors[base[text]] for text in texts])
            rows = rows + generator.normal(0, NOISE / np.sqrt(rows.shape[1]), rows.shape).astype(np.float32)
            return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    started = time.perf_counter()
    open_vectors_index(stored, index, Embedder(Replay(), Path(cache)), Path(cache))  # type: ignore[arg-type]
    fill_seconds = time.perf_counter() - started
    return {
        "term_index_seconds": term_seconds,
        "units": len(units),
        "seconds_per_text": per_text,
        "seconds_per_text_spread": per_text_spread,
        "fill_seconds": fill_seconds,
        "peak_mb": _peak_mb(),
    }


def _run(*arguments: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "child", *arguments], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def _phases(result: dict[str, float]) -> str:
    names = ("import", "model load", "registry index", "registry vectors", "scoring")
    return ", ".join(f"{name} {result[name]:.2f}" for name in names)


def _check_twice(folder: Path) -> None:
    """The check in a fresh process with the draft's texts new (an empty text cache), then again."""
    arguments = (str(folder / "registry"), str(folder / "cache"), str(folder / "drafts.json"))
    for label in ("draft texts new", "draft texts cached"):
        result = _run("check", *arguments)
        print(
            f"   {label:19} {result['total']:.2f} s in the process ({_phases(result)}), "
            f"peak {result['peak_mb']:.0f} MB, {result['findings']:.0f} pairs"
        )


def small(real: list[str]) -> None:
    print(f"\n== Cold check: {DRAFTS} drafts vs 500 registry entries (real texts), fresh processes")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        write_registry(folder / "registry", texts_for(500, real))
        (folder / "drafts.json").write_text(json.dumps(texts_for(DRAFTS, real, offset=500)), "utf-8")
        built = _run("index", str(folder / "registry"), str(folder / "cache"))
        print(f"   index built (registry add): {built['seconds']:.1f} s, peak {built['peak_mb']:.0f} MB")
        _check_twice(folder)


def large(real: list[str], entries: int, sample: int) -> None:
    print(f"\n== Scale: {DRAFTS} drafts vs {entries:,} registry entries, fresh processes")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        started = time.perf_counter()
        write_registry(folder / "registry", texts_for(entries, real))
        print(f"   registry generated from {len(real)} real texts in {time.perf_counter() - started:.0f} s")
        (folder / "drafts.json").write_text(json.dumps(texts_for(DRAFTS, real, offset=entries)), "utf-8")
        filled = _run("fill", str(folder / "registry"), str(folder / "cache"), str(sample))
        embed_all = filled["seconds_per_text"] * filled["units"]
        spread_all = filled["seconds_per_text_spread"] * filled["units"]
        print(
            f"   term index built (YAML read, terms counted, cached): {filled['term_index_seconds']:.0f} s\n"
            f"   MiniLM, 1 thread, {sample} of its texts: {1 / filled['seconds_per_text']:.0f} texts/s, its "
            f"{filled['units']:,.0f} units would take {embed_all / 60:.0f} min to embed on one thread\n"
            f"   one process per core (registry add): {1 / filled['seconds_per_text_spread']:.0f} texts/s, "
            f"{spread_all / 60:.0f} min (build: {(spread_all + filled['term_index_seconds']) / 60:.0f} min)\n"
            f"   vectors index filled from the real texts' vectors (perturbed), not by MiniLM: "
            f"{filled['fill_seconds']:.0f} s, peak {filled['peak_mb']:.0f} MB"
        )
        _check_twice(folder)
        # One meeting of 500 new texts, dated like the generated ones (2000–2019): it sorts among them.
        write_registry(
            folder / "registry",
            texts_for(500, real, offset=entries + DRAFTS),
            first_meeting=entries // 500 + 1,
        )
        added = _run("terms", str(folder / "registry"), str(folder / "cache"))
        print(
            f"   one meeting added (500 entries): term index updated in {added['seconds']:.1f} s "
            f"(built whole above: {filled['term_index_seconds']:.0f} s), peak {added['peak_mb']:.0f} MB"
        )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        kind, *rest = sys.argv[2:]
        if kind == "index":
            result = child_index(*rest)
        elif kind == "check":
            result = child_check(*rest)
        elif kind == "terms":
            result = child_terms(*rest)
        else:
            result = child_fill(rest[0], rest[1], int(rest[2]), 7)
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--skip-small", action="store_true")
    arguments = parser.parse_args()
    real = real_texts()
    if not arguments.skip_small:
        small(real)
    large(real, arguments.entries, arguments.sample)


if __name__ == "__main__":
    main()
