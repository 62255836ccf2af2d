"""Which PDF library should read issued reports? A measured comparison on the three real UPR PDFs.

The importer needs, per character, its position, size and font name (bold: the masthead, headings and
"Recommendation N" are told apart by them) and the drawn rules (the footnote separator). This script
runs every candidate it can import on each PDF and prints, for each:

- the time to read every page with what the library gives about characters (cold cache per run);
- what it gives: positions, font names, drawn lines;
- how much of the truth files' recommendation text (tests/data/upr/*.yaml) its page text holds,
  whitespace and hyphenation normalised — a library that loses or reorders text shows it here.

The candidates are pdfminer.six (what reportkit uses), pdfplumber (built on pdfminer.six), pypdf and
pypdfium2; PyMuPDF is left out for its licence (AGPL). Install the others beside reportkit to compare:
`pip install pdfplumber pypdf pypdfium2`; missing ones are skipped.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real-reports"
TRUTH = ROOT / "tests" / "data" / "upr"
REPORTS = ("A-HRC-14-15", "A-HRC-28-15", "A-HRC-43-15")


def normalised(text: str) -> str:
    text = text.replace("\u00ad", "").replace("“", '"').replace("”", '"').replace("’", "'")
    text = re.sub(r"(?<=[a-z])-\s+(?=[a-z])", "-", text)  # UN texts are not hyphenated by the machine
    return " ".join(text.split())


def with_pdfminer(path: Path) -> tuple[str, dict[str, bool]]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTCurve, LTLine, LTRect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    text, fonts, rules = [], False, False
    with path.open("rb") as stream:
        for page in PDFPage.get_pages(stream):
            interpreter.process_page(page)
            layout = device.get_result()
            chars = [item for item in layout if isinstance(item, LTChar)]
            fonts = fonts or any(char.fontname for char in chars)
            rules = rules or any(isinstance(item, (LTLine, LTRect, LTCurve)) for item in layout)
            lines: dict[float, list[LTChar]] = {}
            for char in chars:
                lines.setdefault(round(char.y0), []).append(char)
            for key in sorted(lines, reverse=True):
                text.append("".join(char.get_text() for char in sorted(lines[key], key=lambda c: c.x0)))
    return "\n".join(text), {"positions": True, "font names": fonts, "drawn lines": rules}


def with_pdfplumber(path: Path) -> tuple[str, dict[str, bool]]:
    import pdfplumber

    text, fonts, rules = [], False, False
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            fonts = fonts or any(char.get("fontname") for char in page.chars)
            rules = rules or bool(page.lines or page.rects)
            text.append(page.extract_text() or "")
    return "\n".join(text), {"positions": True, "font names": fonts, "drawn lines": rules}


def with_pypdf(path: Path) -> tuple[str, dict[str, bool]]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    fonts: set[str] = set()

    def visit(text: str, cm: object, tm: object, font: dict | None, size: float) -> None:
        if font:
            fonts.add(str(font.get("/BaseFont")))

    text = "\n".join(page.extract_text(visitor_text=visit) for page in reader.pages)
    # pypdf reports text runs with their matrix, not characters; it does not give drawn lines.
    return text, {"positions": False, "font names": bool(fonts), "drawn lines": False}


def with_pypdfium2(path: Path) -> tuple[str, dict[str, bool]]:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    text = []
    for page in document:
        textpage = page.get_textpage()
        text.append(textpage.get_text_range())
        textpage.close()
        page.close()
    document.close()
    # Character boxes are there (get_charbox); font names need the raw PDFium API (FPDFText_GetFontInfo).
    return "\n".join(text), {"positions": True, "font names": False, "drawn lines": False}


CANDIDATES: dict[str, Callable[[Path], tuple[str, dict[str, bool]]]] = {
    "pdfminer.six": with_pdfminer,
    "pdfplumber": with_pdfplumber,
    "pypdf": with_pypdf,
    "pypdfium2": with_pypdfium2,
}


def truth_texts(name: str) -> list[str]:
    truth = yaml.safe_load((TRUTH / f"{name}.yaml").read_text("utf-8"))
    return [normalised(rec["text"]) for rec in truth["recommendations"]]


def main() -> None:
    print(f"{'library':14} {'report':12} {'seconds':>8} {'recommendations found':>22}  gives")
    for library, read in CANDIDATES.items():
        for name in REPORTS:
            start = time.perf_counter()
            try:
                text, gives = read(REAL / f"{name}.pdf")
            except ImportError:
                print(f"{library:14} (not installed)")
                break
            elapsed = time.perf_counter() - start
            flat = normalised(text)
            texts = truth_texts(name)
            found = sum(expected in flat for expected in texts)
            shown = ", ".join(key for key, value in gives.items() if value) or "text only"
            print(f"{library:14} {name:12} {elapsed:8.2f} {found:>10} of {len(texts):<9}  {shown}")


if __name__ == "__main__":
    main()
