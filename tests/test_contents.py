"""`options.contents`: the Contents page of A/HRC/14/15 and A/HRC/28/15, on the UPR example. Paragraph
ranges are reportkit's; pages are PAGEREF fields that LibreOffice computes when it lays the pages out
(checked against the pages the headings land on), and pandoc reads the page's entries back."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openxml_audit import OpenXmlValidator

from tests.conftest import ROOT
from tests.docx_support import NS, Package, docx_of, pandoc_text, w
from tests.test_docx_pdf import _convert_to_pdf

EXAMPLE = ROOT / "examples" / "upr-slovenia-2019"
ENTRIES = [  # title, paragraphs, the heading as the page prints it
    ("Introduction", "1\u20134", "Introduction"),
    ("Summary of the proceedings of the review process", "5\u2013120", "I. Summary of the proceedings"),
    ("Presentation by the State under review", "5\u201321", "A. Presentation by the State under review"),
    (
        "Interactive dialogue and responses by the State under review",
        "22\u2013120",
        "B. Interactive dialogue",
    ),
    ("Conclusions and/or recommendations", "121\u2013123", "II. Conclusions and/or recommendations"),
    ("Composition of the delegation", "", "Composition of the delegation"),
]


@pytest.fixture(scope="module")
def with_contents(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    content = tmp_path_factory.mktemp("contents") / "content"
    shutil.copytree(EXAMPLE, content)
    report = content / "report.yaml"
    report.write_text(
        report.read_text("utf-8").replace("options:\n", "options:\n  contents: true\n"), "utf-8"
    )
    return docx_of(content)


def test_without_the_option_there_is_no_contents_page() -> None:
    assert "Contents" not in Package(docx_of(EXAMPLE)).text("word/document.xml").splitlines()


def test_the_contents_page_lists_chapters_sections_and_the_annex_with_their_paragraphs(
    with_contents: bytes, tmp_path: Path
) -> None:
    lines = Package(with_contents).text("word/document.xml").splitlines()
    start = lines.index("Contents")
    assert lines[start + 1] == "\tParagraphs\tPage"
    entries = [line.split("\t") for line in lines[start + 2 : start + 9]]
    assert [entry[0] for entry in entries] == ["", "", "", "", "", "Annex", ""]
    listed = [(entry[2], entry[4]) for entry in entries if entry[0] == ""]
    assert listed == [(title, paragraphs) for title, paragraphs, _ in ENTRIES]
    read_back = " ".join(pandoc_text(with_contents, tmp_path).split())
    assert "Contents Paragraphs Page Introduction 1–4" in read_back
    assert "Conclusions and/or recommendations 121–123" in read_back


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_libreoffice_computes_each_entry_s_page_where_its_heading_lands(
    with_contents: bytes, tmp_path: Path
) -> None:
    docx = tmp_path / "report.docx"
    docx.write_bytes(with_contents)
    pdf = _convert_to_pdf(docx, tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    pages = [" ".join(page.split()) for page in text.stdout.split("\f")]
    contents = pages[1]  # page 1 is the cover
    assert contents.startswith("A/HRC/43/15 Contents Paragraphs Page")
    for title, paragraphs, heading in ENTRIES:
        match = re.search(re.escape(title) + r"\.*\s*" + re.escape(paragraphs) + r"\s*(\d+)", contents)
        assert match, title
        printed = int(match[1])
        landed = next(number for number, page in enumerate(pages[2:], start=3) if heading in page)
        assert printed == landed, (title, printed, landed)


def test_word_is_asked_to_compute_the_pages_and_the_document_validates(
    with_contents: bytes, tmp_path: Path
) -> None:
    settings = Package(with_contents).xml("word/settings.xml")
    assert settings.find("w:updateFields", NS).get(w("val")) == "true"
    assert Package(docx_of(EXAMPLE)).xml("word/settings.xml").find("w:updateFields", NS) is None
    fields = Package(with_contents).text("word/document.xml")
    assert "{PAGEREF rk_conclusions \\h}" in fields and "{PAGEREF rk_delegation \\h}" in fields
    path = tmp_path / "contents.docx"
    path.write_bytes(with_contents)
    assert [str(error) for error in OpenXmlValidator().validate(str(path)).errors] == []
