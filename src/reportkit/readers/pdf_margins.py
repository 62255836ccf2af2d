"""The top and bottom margins an issued PDF was printed with, measured on its text.

UN documents of one duty station differ over the years: A/HRC/43/15 (2019) runs its text to 2.0 cm
above the page's foot, A/HRC/28/15 (2014) stops 4.0 cm above it and starts 0.5 cm lower. A report
imported with today's margins gets ten per cent more text on a page and comes out pages shorter than
the one it was imported from, so the importer keeps the printed margins.

The text block is read on every page after the first (page 1 is the masthead's): its highest line's
top and its lowest baseline (footnotes included, running heads and page numbers already taken off).
The constants turn those into margins as Word and LibreOffice set them; they were measured on reports
built with known margins (2.5 cm top, 2.0 cm bottom) and rendered by LibreOffice: the first line's top
stands at the margin, the lowest baseline a descender's depth above it.
"""

from __future__ import annotations

from reportkit.readers.pdf_text import PageText

POINTS_PER_CM = 72 / 2.54
# The lowest baseline stands this far above the bottom margin: the descent of 10 pt Times (footnotes:
# 9 pt) and a little leading [measured: 2.8 pt].
BASELINE_ABOVE_MARGIN = 2.8
# A line's top (its baseline less its size) stands this far above the top margin [measured: 0.5 pt].
TOP_ABOVE_MARGIN = 0.5
# Fewer full pages than this and the lowest baseline says more about where the text ended than
# about the margin.
PAGES_NEEDED = 3


def printed_margins(pages: list[PageText]) -> tuple[float, float] | None:
    """(top, bottom) in centimetres to one decimal, or None when too few pages carry text."""
    later = [page for page in pages[1:] if page.lines]
    if len(later) < PAGES_NEEDED:
        return None
    highest_top = min(page.lines[0].top - page.lines[0].size for page in later)
    lowest_baseline = max(max(line.top for line in page.lines + page.notes) for page in later)
    top = (highest_top + TOP_ABOVE_MARGIN) / POINTS_PER_CM
    bottom = (later[0].height - lowest_baseline - BASELINE_ABOVE_MARGIN) / POINTS_PER_CM
    return round(top, 1), round(bottom, 1)
