"""The UPR example's pages in LibreOffice against the issued A/HRC/43/15: 24 ± 1 pages, the pages
breaking where the issued ones do (within a few recommendations), the annex on the last page, and the
lists standing where the issued pages have them (positions from `pdftotext -bbox`, in points)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.docx_support import docx_of
from tests.test_docx_pdf import _convert_to_pdf

EXAMPLE = ROOT / "examples" / "upr-slovenia-2019"
ISSUED = ROOT.parent / "shared" / "real-reports" / "A-HRC-43-15.pdf"
CM = 72 / 2.54

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="needs LibreOffice (soffice) and poppler-utils (pdftotext)",
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workdir = tmp_path_factory.mktemp("upr-pdf")
    docx = workdir / "report.docx"
    docx.write_bytes(docx_of(EXAMPLE))
    return _convert_to_pdf(docx, workdir)


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    pages = text.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _first_listed(page: str) -> tuple[int, int] | None:
    """The first recommendation of a page of chapter II, (122, 13) for "122.13", or None."""
    match = re.search(r"^\s*(12[12])\.(\d+)\s", page, re.M)
    return (int(match[1]), int(match[2])) if match else None


def _words(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(x, y, word) of every word on a page, from pdftotext's bounding boxes."""
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>'
    return [(float(x), float(y), word) for x, y, word in re.findall(pattern, boxes)]


def _right_edge(pdf: Path, page: int, word: str) -> float:
    """Where the first `word` on a page ends (pdftotext's xMax)."""
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r'xMax="([\d.]+)"[^>]*>' + re.escape(word) + "</word>", boxes)
    assert match, word
    return float(match[1])


def test_the_example_runs_to_24_pages_plus_or_minus_one_with_the_annex_last(rendered: Path) -> None:
    pages = _pages(rendered)
    assert 23 <= len(pages) <= 25, len(pages)
    annex = pages[-1]
    assert re.search(r"^\s*Annex\s*$", annex, re.M) and "Composition of the delegation" in annex
    assert annex.count("\u2022") == 22 and "Ms. Urška Učakar, Third Secretary" in annex
    assert "123." in pages[-2]  # the report's last paragraph, on the page before the annex


@pytest.mark.skipif(not ISSUED.is_file(), reason="needs the issued A/HRC/43/15 in ../shared/real-reports")
def test_the_pages_of_chapter_ii_break_within_four_recommendations_of_the_issued_ones(rendered: Path) -> None:
    ours, issued = _pages(rendered), _pages(ISSUED)
    assert len(ours) == len(issued) == 24
    compared = 0
    for number, (our_page, issued_page) in enumerate(zip(ours, issued, strict=True), start=1):
        mine, theirs = _first_listed(our_page), _first_listed(issued_page)
        if theirs is None:
            continue
        assert mine is not None and mine[0] == theirs[0], number
        assert abs(mine[1] - theirs[1]) <= 4, (number, mine, theirs)
        compared += 1
    assert compared == 13  # pages 11 (121.1 …) to 23


def test_the_lists_and_the_annex_stand_where_the_issued_pages_have_them(rendered: Path) -> None:
    """A/HRC/43/15 [M]: heading numerals ending at 3.5 cm ("I." on page 2), titles at the column (4.0 cm);
    a listed recommendation's number at 5.0 cm and its text at 6.5 cm; the annex's
    "Annex" at the frame's edge (2.0 cm), its title at the column (4.0 cm), its bullets at 4.7 cm with
    their text at 5.0 cm. Within 1 mm."""
    pages = _pages(rendered)
    page_2 = _words(rendered, 2)
    assert abs(_right_edge(rendered, 2, "I.") - 3.5 * CM) < 0.1 * CM
    assert abs(next(x for x, _, word in page_2 if word == "Summary") - 4.0 * CM) < 0.1 * CM
    listed_page = next(n for n, page in enumerate(pages, start=1) if _first_listed(page))
    words = _words(rendered, listed_page)
    number = next((x, y) for x, y, word in words if re.fullmatch(r"12[12]\.\d+", word))
    text = min(x for x, y, _ in words if abs(y - number[1]) < 1 and x > number[0] + 1)
    assert abs(number[0] - 5.0 * CM) < 0.1 * CM and abs(text - 6.5 * CM) < 0.1 * CM
    annex = _words(rendered, len(pages))
    positions = {word: x for x, _, word in reversed(annex)}  # each word's first place on the page
    assert abs(positions["Annex"] - 2.0 * CM) < 0.1 * CM
    assert abs(positions["Composition"] - 4.0 * CM) < 0.1 * CM
    assert abs(positions["\u2022"] - 4.7 * CM) < 0.1 * CM
    assert (
        abs(positions["Dr."] - 5.0 * CM) < 0.1 * CM or positions["Dr."] > 6 * CM
    )  # "…Cerar, Dr." in the lead
    bullet_texts = [x for x, y, word in annex if word in {"Mr.", "Ms.", "Dr.", "Ambassador"} and x < 6 * CM]
    assert bullet_texts and all(abs(x - 5.0 * CM) < 0.1 * CM for x in bullet_texts)
