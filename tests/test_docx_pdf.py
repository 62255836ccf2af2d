"""The DOCX as a reader lays it out: LibreOffice (headless) renders it to PDF once per session, and
poppler's pdftotext reads each page back with its layout, so outer-edge headers and footers show as
text at the left or right of a line."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.docx_support import EXAMPLE, HAS_EXAMPLE, MINI, docx_of, report_from
from tests.page_geometry import POINTS_PER_MM, Line, masthead, page_lines

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="needs LibreOffice (soffice) and poppler-utils (pdftotext)",
)
CONTENT = EXAMPLE if HAS_EXAMPLE else MINI


def _convert_to_pdf(docx: Path, workdir: Path) -> Path:
    # A fresh profile per run: a shared one is locked by any other running LibreOffice.
    profile = (workdir / "lo-profile").as_uri()
    completed = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(workdir), str(docx)],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    pdf = workdir / f"{docx.stem}.pdf"
    assert completed.returncode == 0 and pdf.exists(), completed.stderr
    return pdf


@pytest.fixture(scope="session")
def rendered_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workdir = tmp_path_factory.mktemp("docx-pdf")
    docx = workdir / "report.docx"
    docx.write_bytes(docx_of(CONTENT))
    return _convert_to_pdf(docx, workdir)


@pytest.fixture(scope="session")
def pdf_pages(rendered_pdf: Path) -> list[str]:
    """Each page of the rendered report as pdftotext -layout prints it."""
    pdf = rendered_pdf
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    pages = text.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _lines(page: str) -> list[str]:
    return [line for line in page.split("\n") if line.strip()]


def test_page_1_shows_the_masthead_title_and_start_of_the_text(pdf_pages: list[str]) -> None:
    meeting = report_from(CONTENT).meeting
    page = _words(pdf_pages[0])
    date = f"{meeting.date.day} {meeting.date:%B %Y}"
    for expected in ("United Nations", meeting.symbol, "Distr.: General", date, "Original: English",
                     meeting.title, "I. "):  # fmt: skip
        assert expected in page
    # The issuing body wraps in its cell beside the distribution block: check its words in order.
    assert re.search(".*?".join(re.escape(word) for word in meeting.issuing_body.split()), page)
    assert page.index("United Nations") < page.index("Distr.: General") < page.index(meeting.title)


def test_page_1_has_the_job_number_and_processing_dates_at_the_bottom_left(pdf_pages: list[str]) -> None:
    meeting = report_from(CONTENT).meeting
    *_, job_line, recycle_line, digits_line = _lines(pdf_pages[0])
    assert job_line.startswith(f"{meeting.job_number} (E)")
    assert digits_line.strip() == "*2103928*"  # the barcode's human-readable line, under it
    assert _words(job_line).endswith(_words(f"(E) {meeting.processing_dates}"))
    # "Please recycle" stands at the right, under the job number's line, before the QR code.
    assert recycle_line.startswith(" " * 60) and _words(recycle_line) == "Please recycle \u2672"


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="needs zbar-tools (zbarimg)")
def test_a_reader_decodes_the_qr_code_and_the_barcode_of_page_1(rendered_pdf: Path, tmp_path: Path) -> None:
    """What a phone or a scanner sees: page 1 as an image, read by ZBar."""
    meeting = report_from(CONTENT).meeting
    page_1 = [
        "pdftoppm",
        "-r",
        "300",
        "-f",
        "1",
        "-l",
        "1",
        "-png",
        str(rendered_pdf),
        str(tmp_path / "page"),
    ]
    subprocess.run(page_1, check=True)
    [image] = tmp_path.glob("page*.png")
    decoded = subprocess.run(["zbarimg", "--quiet", str(image)], capture_output=True, text=True, check=False)
    digits = "".join(re.findall(r"\d", meeting.job_number))
    assert sorted(decoded.stdout.split()) == [
        f"CODE-39:{digits}",
        f"QR-Code:https://undocs.org/{meeting.symbol}",
    ]


def test_page_1_has_no_running_header_or_page_number(pdf_pages: list[str]) -> None:
    meeting = report_from(CONTENT).meeting
    page = pdf_pages[0]
    assert page.count(meeting.symbol) == 1  # in the masthead only
    assert f"1/{len(pdf_pages)}" not in page


def test_later_pages_have_the_symbol_and_page_number_on_the_outer_edge(pdf_pages: list[str]) -> None:
    if len(pdf_pages) < 3:
        pytest.skip("the content runs to fewer than three pages")
    meeting = report_from(CONTENT).meeting
    total = len(pdf_pages)
    for number, page in enumerate(pdf_pages[1:], start=2):
        lines = _lines(page)
        header, footer = lines[0], lines[-1]
        assert header.strip() == meeting.symbol
        if number % 2 == 0:  # even: symbol and page number on the left
            assert not header.startswith(" ")
            assert footer.startswith(f"{number}/{total}") and footer.endswith(meeting.job_number)
        else:  # odd: on the right
            assert header.startswith(" " * 40)
            assert footer.startswith(meeting.job_number) and footer.endswith(f"{number}/{total}")


def test_footnotes_print_at_the_foot_of_the_page_that_cites_them(pdf_pages: list[str]) -> None:
    if not HAS_EXAMPLE:
        pytest.skip("content/ (the bundled example) is not there yet")
    [page] = [p for p in pdf_pages if "On behalf of the European Union and its member States." in p]
    assert "46." in page and "Ibid." in page
    assert _words(page).index("European Union,") < _words(page).index("On behalf of the European Union")


def test_the_full_example_runs_to_16_pages_like_the_real_report(pdf_pages: list[str]) -> None:
    if not HAS_EXAMPLE:
        pytest.skip("content/ (the bundled example) is not there yet")
    assert 15 <= len(pdf_pages) <= 17


REAL_REPORT = ROOT.parent / "shared" / "real-reports" / "A-HRC-43-15.pdf"


@pytest.mark.skipif(
    not REAL_REPORT.is_file(), reason="needs the issued A/HRC/43/15 in ../shared/real-reports"
)
def test_the_masthead_stands_where_it_does_on_an_issued_un_page(rendered_pdf: Path) -> None:
    """The masthead's geometry is common to UN documents of every duty station: the example's page 1,
    rendered by LibreOffice, against page 1 of the issued A/HRC/43/15, within 2 mm."""
    ours = masthead(rendered_pdf, report_from(CONTENT).meeting.symbol)
    issued = masthead(REAL_REPORT, "A/HRC/43/15")
    tolerance = 2 * POINTS_PER_MM
    for name in ("United Nations", "symbol", "Distr.:", "date", "Original:", "issuing organ"):
        assert ours[name].baseline == pytest.approx(issued[name].baseline, abs=tolerance), name
    for name in ("United Nations", "Distr.:", "date", "Original:", "issuing organ"):
        assert ours[name].x == pytest.approx(issued[name].x, abs=tolerance), name


GENEVA_REPORT = ROOT / "tests" / "fixtures" / "geneva"


@pytest.fixture(scope="session")
def geneva_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workdir = tmp_path_factory.mktemp("geneva-pdf")
    docx = workdir / "geneva.docx"
    docx.write_bytes(docx_of(GENEVA_REPORT))
    return _convert_to_pdf(docx, workdir)


def _issued_line(lines: list[Line], text: str) -> Line:
    return next(line for line in lines if line.text.startswith(text))


@pytest.mark.skipif(
    not REAL_REPORT.is_file(), reason="needs the issued A/HRC/43/15 in ../shared/real-reports"
)
def test_a_geneva_page_1_stands_where_the_issued_a_hrc_43_15_does(geneva_pdf: Path) -> None:
    """The Geneva style's page 1 — masthead, session lines flush left, title, subtitle — rendered by
    LibreOffice, against page 1 of the issued A/HRC/43/15, within 2 mm."""
    ours, issued = masthead(geneva_pdf, "A/HRC/43/15"), masthead(REAL_REPORT, "A/HRC/43/15")
    tolerance = 2 * POINTS_PER_MM
    for name in ("United Nations", "symbol", "Distr.:", "date", "Original:", "issuing organ"):
        assert ours[name].baseline == pytest.approx(issued[name].baseline, abs=tolerance), name
        assert ours[name].x == pytest.approx(issued[name].x, abs=tolerance), name
    our_lines, issued_lines = page_lines(geneva_pdf), page_lines(REAL_REPORT)
    page_1 = ("Human Rights Council", "Forty-third session", "24 February–20 March 2020", "Agenda item 6",
              "Universal periodic review", "Report of the Working Group", "Review*", "Slovenia")  # fmt: skip
    for text in page_1:
        mine, theirs = _issued_line(our_lines, text), _issued_line(issued_lines, text)
        assert mine.baseline == pytest.approx(theirs.baseline, abs=tolerance), text
        assert mine.x == pytest.approx(theirs.x, abs=tolerance), text
    # The job number stands flush left at the frame's edge. Not its height: the issued page prints the
    # barcode in a font whose text is its human-readable line, where ours is a picture with a line under
    # it, which lifts the job number by about 4 mm.
    job_number = "GE.19-21936(E)"
    assert _issued_line(our_lines, job_number).x == pytest.approx(
        _issued_line(issued_lines, job_number).x, abs=tolerance
    )
    # The session body's name is larger than the other lines, as issued.
    assert _issued_line(our_lines, "Human Rights Council").size == pytest.approx(12, abs=0.1)


def test_a_geneva_page_1_holds_no_text_and_later_pages_only_their_number(geneva_pdf: Path) -> None:
    text = subprocess.run(
        ["pdftotext", "-layout", str(geneva_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    first, second, *_ = text.split("\f")
    assert "Introduction" not in first and "1." not in _words(first)
    assert "The annex is being circulated without formal editing" in first
    assert _lines(first)[-1].strip() == "*1921936*"
    assert _lines(second)[0].strip() == "A/HRC/43/15" and _lines(second)[1].strip() == "Introduction"
    assert _lines(second)[-1].strip() == "2"
