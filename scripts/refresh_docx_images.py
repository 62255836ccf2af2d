"""Redraw README's pictures of the Word document: pages 1 and 3 of the bundled example as LibreOffice
renders them, and page 1 of the issued A/HRC/43/15 beside them for comparison.

    .venv/bin/python scripts/refresh_docx_images.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
ISSUED = ROOT.parent / "shared" / "real-reports" / "A-HRC-43-15.pdf"
DPI = "60"


def render_page(pdf: Path, page: int, target: Path) -> None:
    stem = target.with_suffix("")
    pages = ["-f", str(page), "-l", str(page)]
    subprocess.run(["pdftoppm", "-r", DPI, *pages, "-singlefile", "-png", pdf, stem], check=True)
    if not target.read_bytes().startswith(b"\x89PNG"):
        raise SystemExit(f"{target} is not a PNG")


def main() -> int:
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "out"
        reportkit = Path(sys.executable).with_name("reportkit")
        subprocess.run([reportkit, "build", "--content", ROOT / "content", "--out", out, "--only", "docx"],
                       check=True)  # fmt: skip
        convert = ["soffice", "--headless", "--convert-to", "pdf", "--outdir", work]
        subprocess.run([*convert, out / "report.docx"], check=True, capture_output=True)
        pdf = Path(work) / "report.pdf"
        render_page(pdf, 1, IMAGES / "docx-page-1.png")
        render_page(pdf, 3, IMAGES / "docx-page-3.png")
    if ISSUED.is_file():
        render_page(ISSUED, 1, IMAGES / "issued-A-HRC-43-15-page-1.png")
    else:
        print(f"{ISSUED} not found: the issued page was not redrawn", file=sys.stderr)
    print(f"redrew the pictures in {IMAGES}")
    return 0


if __name__ == "__main__":
    shutil.which("soffice") or sys.exit("needs LibreOffice (soffice)")
    sys.exit(main())
