"""Import time of each issued PDF: `reportkit import REPORT.pdf DIR`, cold, as a user runs it.

    make bench                  # or: .venv/bin/python bench/bench_import.py [--repeat 3]

The PDFs are the three issued UPR reports beside the repository (../shared/real-reports); without
them this prints that they are missing. Each figure is the median of --repeat runs of the whole
command (reading the PDF, recognising the report, checking the drafts, writing the folder).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real-reports"


def import_seconds(pdf: Path) -> float:
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "reportkit", "import", str(pdf), str(Path(scratch) / "meeting")],
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pdfs = sorted(REAL.glob("*.pdf"))
    if not pdfs:
        print(f"import: no PDFs in {REAL}")
        return
    print(f"import of each issued PDF (reportkit import, cold, median of {args.repeat} runs)")
    for pdf in pdfs:
        seconds = statistics.median(import_seconds(pdf) for _ in range(args.repeat))
        print(f"   {pdf.name:20s} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
