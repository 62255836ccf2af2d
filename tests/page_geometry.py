"""Where the masthead's elements stand on page 1 of a PDF, read from the text's baselines.

pdftotext's boxes depend on each font's ascent and descent as the PDF declares them, which differ
between an issued PDF (Word, Times New Roman) and LibreOffice's rendering (Liberation Serif): the same
line's box can differ by several points. A glyph's baseline does not, so positions are compared by the
origin of each line's first character (pdfminer's text matrix), in points from the page's top left.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTComponent, LTTextLine

POINTS_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Line:
    text: str
    x: float  # left edge of the first character
    baseline: float  # from the top of the page
    size: float


def page_lines(pdf: Path, page: int = 0) -> list[Line]:
    """Every text line of one page, top to bottom."""
    layout = next(extract_pages(pdf, page_numbers=[page]))
    found: list[Line] = []

    def walk(node: LTComponent) -> None:
        if isinstance(node, LTTextLine):
            chars = [c for c in node if isinstance(c, LTChar) and c.get_text().strip()]
            if chars:
                first = chars[0]
                text = " ".join(node.get_text().split())
                found.append(Line(text, first.x0, layout.height - first.matrix[5], first.size))
            return
        for child in getattr(node, "_objs", []):
            walk(child)

    walk(layout)
    return sorted(found, key=lambda line: (line.baseline, line.x))


def masthead(pdf: Path, symbol: str) -> dict[str, Line]:
    """The masthead's elements of page 1: "United Nations", the symbol, "Distr.:", the date, "Original:"
    and the first line of the issuing organ (the first line under "United Nations" in its column)."""
    lines = page_lines(pdf)
    united = next(line for line in lines if line.text.startswith("United Nations"))
    distribution = next(line for line in lines if line.text.startswith("Distr.:"))
    date = next(
        line for line in lines if line.baseline > distribution.baseline and abs(line.x - distribution.x) < 2
    )
    return {
        "United Nations": united,
        "symbol": next(line for line in lines if line.text.replace(" ", "") == symbol),
        "Distr.:": distribution,
        "date": date,
        "Original:": next(line for line in lines if line.text.startswith("Original:")),
        "issuing organ": next(
            line for line in lines if line.baseline > united.baseline and abs(line.x - united.x) < 2
        ),
    }
