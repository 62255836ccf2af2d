"""Redraw README's pictures of the Word document: pages 1 and 3 of the bundled example and pages 1 and
15 of the UPR example (examples/upr-slovenia-2019) as LibreOffice renders them, and pages 1 and 15 of the
issued A/HRC/43/15 beside the UPR example's for comparison.

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


def rendered_pdf(content: Path, work: Path) -> Path:
    """The drafts in `content` built into a DOCX and converted to PDF by LibreOffice, inside `work`."""
    out = work / "out"
    # This Python's reportkit (and PYTHONPATH's, in a worktree), not whichever is first on PATH.
    build = [sys.executable, "-m", "reportkit", "build", "--content", content, "--out", out, "--only", "docx"]
    subprocess.run(build, check=True)
    convert = ["soffice", "--headless", "--convert-to", "pdf", "--outdir", work]
    subprocess.run([*convert, out / "report.docx"], check=True, capture_output=True)
    return work / "report.pdf"


def main() -> int:
    with tempfile.TemporaryDirectory() as vienna, tempfile.TemporaryDirectory() as upr:
        pdf = rendered_pdf(ROOT / "content", Path(vienna))
        render_page(pdf, 1, IMAGES / "docx-page-1.png")
        render_page(pdf, 3, IMAGES / "docx-page-3.png")
        pdf = rendered_pdf(ROOT / "examples" / "upr-slovenia-2019", Path(upr))
        render_page(pdf, 1, IMAGES / "upr-docx-page-1.png")
        render_page(pdf, 15, IMAGES / "upr-docx-page-15.png")
    if ISSUED.is_file():
        render_page(ISSUED, 1, IMAGES / "issued-A-HRC-43-15-page-1.png")
        render_page(ISSUED, 15, IMAGES / "issued-A-HRC-43-15-page-15.png")
    else:
        print(f"{ISSUED} not found: the issued page was not redrawn", file=sys.stderr)
    print(f"redrew the pictures in {IMAGES}")
    return 0


if __name__ == "__main__":
    shutil.which("soffice") or sys.exit("needs LibreOffice (soffice)")
    sys.exit(main())
