"""reportkit's benchmark: figures measured side by side in one run on this machine.

    make bench                  # or: .venv/bin/python bench/run.py [--times 100] [--repeat 5]

1. cold `reportkit build --only docx` of the example, against pandoc converting the tool's own
   build/report.md to DOCX (ratio; goal ≤ 0.5), and the floor under any cold Python run of it:
   starting Python and importing PyYAML and python-docx (`--cold-only` measures this part alone);
2. warm rebuild as in watch mode after editing one recommendation: DOCX + site pages + numbers
   (goal ≤ 100 ms);
3. a generated report N times the example (default 100: ≈ 4,700 recommendations, 5,700 paragraphs):
   build time relative to the example (goal: linear, ≤ N×) and peak memory (goal ≤ 1 GiB);
4. the mkdocs site build for the example and the N× report;
5. the session view of `reportkit serve`: from saving a draft to Chromium's DOM showing the change, at the
   example's size and ten times it (goals 200 ms and 400 ms; bench/session_latency.py).

Machines are shared and noisy, so every timing is the median of several runs, and the figures that
matter are ratios against a peer measured in the same run. Nothing here asserts: it prints.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pypandoc

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import scale_content
from session_latency import session_latency

from reportkit.watch import Rebuilder

ROOT = Path(__file__).resolve().parents[1]
REPORTKIT = Path(sys.executable).parent / "reportkit"
EDITED_FILE = Path("recommendations") / "c-diversion.yaml"
EDITED_TEXT = "States parties should apply markings to all firearms"


def run_measured(command: list[str]) -> tuple[float, int]:
    """Wall time of a child process and its peak resident memory in bytes."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(
            f"failed: {' '.join(command)}\n{process.stderr.read().decode() if process.stderr else ''}"
        )
    return elapsed, usage.ru_maxrss * 1024  # Linux reports kilobytes


def median_of(repeat: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(repeat))


def build_command(content: Path, out: Path, *only: str) -> list[str]:
    return [
        str(REPORTKIT),
        "build",
        "--content",
        str(content),
        "--out",
        str(out),
        *[part for name in only for part in ("--only", name)],
    ]


def cold_docx_against_pandoc(work: Path, repeat: int) -> None:
    out = work / "example"
    run_measured(build_command(ROOT / "content", out, "md"))
    pandoc = pypandoc.get_pandoc_path()
    ours = median_of(repeat, lambda: run_measured(build_command(ROOT / "content", out, "docx"))[0])
    peer = median_of(
        repeat, lambda: run_measured([pandoc, str(out / "report.md"), "-o", str(work / "p.docx")])[0]
    )
    # The floor of any cold run: starting Python and importing the two libraries it cannot do without.
    floor = median_of(repeat, lambda: run_measured([sys.executable, "-c", "import yaml, docx"])[0])
    print("1. cold DOCX build of the example (median of", repeat, "runs)")
    print(f"   reportkit build --only docx   {ours * 1000:8.0f} ms")
    print(f"   pandoc report.md -o .docx     {peer * 1000:8.0f} ms")
    print(f"   ratio reportkit / pandoc      {ours / peer:8.2f}   (goal ≤ 0.5)")
    print(f"   python -c 'import yaml, docx' {floor * 1000:8.0f} ms = {floor / peer:.2f} × pandoc (a floor)")


def warm_rebuild(work: Path, repeat: int) -> None:
    content = work / "warm-content"
    shutil.copytree(ROOT / "content", content)
    rebuilder = Rebuilder(content, work / "warm-build", ["docx", "site", "md"], html=False)
    first = rebuilder()
    assert first.result.prepared.ok
    edited = content / EDITED_FILE
    original = edited.read_text("utf-8")
    timings = []
    for round_number in range(max(repeat, 5) * 2):
        # A new word each time, so every rebuild really changes the outputs.
        edited.write_text(original.replace(EDITED_TEXT, f"{EDITED_TEXT} (revision {round_number})"), "utf-8")
        rebuild = rebuilder()
        assert rebuild.result.prepared.ok and rebuild.result.written
        timings.append(rebuild.seconds)
    print("2. warm rebuild after editing one recommendation (DOCX + site pages + Markdown + numbers)")
    print(
        f"   median {statistics.median(timings) * 1000:6.0f} ms, slowest {max(timings) * 1000:6.0f} ms"
        f" over {len(timings)} saves   (goal ≤ 100 ms)"
    )


def scaling(work: Path, times: int, repeat: int) -> tuple[Path, Path]:
    big = work / f"content-{times}x"
    scale_content(ROOT / "content", big, times)
    outputs = ("docx", "md", "site")
    small_out, big_out = work / "scale-1x", work / f"scale-{times}x"
    # --only … site would also run mkdocs; the pages alone are timed here, mkdocs in part 4.
    small_time = median_of(repeat, lambda: _timed_pages_build(ROOT / "content", small_out, outputs)[0])
    big_time, big_memory = _timed_pages_build(big, big_out, outputs)
    print(f"3. a report {times}× the example (docx + md + site pages; cold process)")
    print(
        f"   example {small_time:8.2f} s   {times}×: {big_time:8.2f} s   ratio {big_time / small_time:6.1f}×"
        f"   (goal ≤ {times}×)"
    )
    print(f"   peak memory of the {times}× build: {big_memory / 2**20:6.0f} MiB   (goal ≤ 1024 MiB)")
    return big, big_out


def _timed_pages_build(content: Path, out: Path, outputs: tuple[str, ...]) -> tuple[float, int]:
    code = (
        "import sys; from pathlib import Path; from reportkit.build import build; "
        f"r = build(Path({str(content)!r}), Path({str(out)!r}), {list(outputs)!r}, html=False); "
        "sys.exit(0 if r.prepared.ok else 2)"
    )
    return run_measured([sys.executable, "-c", code])


def site_builds(work: Path, big: Path, big_out: Path, times: int) -> None:
    from reportkit.sitebuild import build_site

    small_out = work / "scale-1x"
    timings = {}
    for name, out in (("example", small_out), (f"{times}×", big_out)):
        started = time.perf_counter()
        build_site(out / "pages", out / "site", None)
        timings[name] = time.perf_counter() - started
    print("4. mkdocs site build (strict) from the generated pages")
    for name, seconds in timings.items():
        print(f"   {name:8s} {seconds:8.2f} s")
    print(f"   ratio {timings[f'{times}×'] / timings['example']:.1f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--times", type=int, default=100, help="size of the generated report")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing (the median is shown)")
    parser.add_argument("--cold-only", action="store_true", help="measure part 1 alone")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reportkit-bench-") as folder:
        work = Path(folder)
        cold_docx_against_pandoc(work, arguments.repeat)
        if arguments.cold_only:
            return
        warm_rebuild(work, arguments.repeat)
        big, big_out = scaling(work, arguments.times, arguments.repeat)
        site_builds(work, big, big_out, arguments.times)
        session_latency(work, 10, max(arguments.repeat, 5) * 2)
    print("Duplicate checks at 20,000 registry entries: .venv/bin/python bench/bench_duplicates.py")


if __name__ == "__main__":
    main()
