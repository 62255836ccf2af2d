"""One masthead: the pack, the redline, the compilation and the compendium print on page 1 the masthead
the report prints, for the same particulars and house style (Vienna and Geneva); only the right-hand
block says what each document is."""

from __future__ import annotations

import dataclasses
import datetime
import io
import zipfile

import pytest
from lxml import etree

from reportkit.comparison.compare import compare
from reportkit.comparison.proposals import Proposal
from reportkit.pipeline import prepare
from reportkit.registry import load_registry, record_report
from reportkit.versions import Snapshot, parse_version, render_version, take_snapshot
from reportkit.writers.docx import write_docx
from reportkit.writers.docx.compendium import compendium_docx
from reportkit.writers.docx.compilation import write_compilation_docx
from reportkit.writers.docx.pack import write_pack_docx
from reportkit.writers.docx.redline import write_redline_docx
from tests.conftest import EXAMPLE, ROOT

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
EXAMPLES = {"vienna": EXAMPLE, "geneva": ROOT / "examples" / "upr-slovenia-2019"}


@dataclasses.dataclass(frozen=True)
class Documents:
    report: bytes
    pack: bytes
    redline: bytes
    compilation: bytes
    compendium: bytes


def _proposal(snapshot: Snapshot) -> Proposal:
    first = snapshot.recommendations[0]
    proposed = first.lines[0].text.replace("should", "shall")
    return {"recommendation": first.id, "number": first.number, "by": "Mexico", "proposed": proposed}


@pytest.fixture(scope="module", params=sorted(EXAMPLES))
def documents(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Documents:
    report = prepare(EXAMPLES[request.param]).report
    assert report is not None
    v1 = take_snapshot(report, "v1", datetime.datetime(2021, 5, 20))
    v2 = take_snapshot(report, "v2", datetime.datetime(2021, 5, 22))
    v2 = dataclasses.replace(v2, recommendations=v2.recommendations[1:])
    registry_dir = tmp_path_factory.mktemp("registry")
    assert record_report(report, registry_dir)[2] == []
    registry, problems = load_registry(registry_dir)
    assert problems == []
    return Documents(
        write_docx(report),
        write_pack_docx(v1),
        write_redline_docx(compare(v1, v2)),
        write_compilation_docx(v1, [_proposal(v1)]),
        compendium_docx(registry),
    )


def first_page_header(data: bytes) -> etree._Element:
    """Page 1's own header part, found as Word finds it: the section's `first` header reference."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        document = etree.fromstring(package.read("word/document.xml"))
        relationships = etree.fromstring(package.read("word/_rels/document.xml.rels"))
        reference = document.find(f".//{W}sectPr/{W}headerReference[@{W}type='first']")
        assert reference is not None
        target = next(r.get("Target") for r in relationships if r.get("Id") == reference.get(R_ID))
        return etree.fromstring(package.read(f"word/{target}"))


def _texts(cell: etree._Element) -> list[str]:
    return ["".join(p.itertext()) for p in cell.iter(f"{W}p")]


def masthead(data: bytes, keep_particulars: bool = True) -> tuple[bytes, list[str]]:
    """The masthead's XML with the right-hand block emptied to its first paragraph's properties, and
    that block's lines. Without `keep_particulars`, every cell's text is emptied too (the compendium
    is no meeting's document: no symbol, and the meeting in the issuing body's place)."""
    header = first_page_header(data)
    (table,) = header.findall(f"{W}tbl")
    status_cell = table.findall(f"{W}tr")[1].findall(f"{W}tc")[-1]
    status = _texts(status_cell)
    for extra in status_cell.findall(f"{W}p")[1:]:
        status_cell.remove(extra)
    emptied = table.iter(f"{W}tc") if not keep_particulars else [status_cell]
    for cell in emptied:
        for paragraph in cell.iter(f"{W}p"):
            for run in paragraph.findall(f"{W}r"):
                paragraph.remove(run)
    return etree.tostring(header, method="c14n"), status


def test_the_pack_redline_and_compilation_print_the_reports_masthead(documents: Documents) -> None:
    report, report_status = masthead(documents.report)
    assert report_status[0].startswith(("Distr.", "Distribution"))
    for name, status_start in (
        ("pack", "Draft for consultation"),
        ("redline", "Comparison of versions"),
        ("compilation", "Compilation of proposals"),
    ):
        shown, status = masthead(getattr(documents, name))
        assert shown == report, f"the {name}'s masthead differs from the report's"
        assert status[0] == status_start
        assert status[-1] == report_status[-1]  # "Original: English", in the house style's words


def test_the_compendium_has_the_same_masthead_without_a_symbol(documents: Documents) -> None:
    report, _ = masthead(documents.report, keep_particulars=False)
    compendium, status = masthead(documents.compendium, keep_particulars=False)
    assert compendium == report
    assert status[0] == "Compendium of recommendations"
    symbol_cell = first_page_header(documents.compendium).findall(f".//{W}tr")[0].findall(f"{W}tc")[-1]
    assert "".join(symbol_cell.itertext()) == ""


def test_the_working_documents_keep_page_one_free_of_the_running_heads(documents: Documents) -> None:
    """The header from page 2 names the document, page 1 shows the masthead alone."""
    for data in (documents.pack, documents.redline, documents.compilation, documents.compendium):
        header = first_page_header(data)
        outside_table = [p for p in header.findall(f"{W}p") if "".join(p.itertext())]
        assert outside_table == []


def test_the_examples_are_the_vienna_and_geneva_styles() -> None:
    """The masthead is compared in both shipped house styles, each of which draws its own."""
    styles = {name: prepare(folder).report.style for name, folder in EXAMPLES.items()}  # type: ignore[union-attr]
    assert styles == {"vienna": "vienna", "geneva": "geneva"}


def _page_size(data: bytes) -> tuple[str | None, str | None]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        document = etree.fromstring(package.read("word/document.xml"))
    size = document.find(f".//{W}sectPr/{W}pgSz")
    assert size is not None
    return size.get(f"{W}w"), size.get(f"{W}h")


def test_a_report_on_letter_paper_has_its_working_documents_on_letter() -> None:
    """The version records the report's paper (and its file says so, read back the same); the pack,
    redline and compilation print on it, with the masthead the Letter report prints."""
    prepared = prepare(EXAMPLE).report
    assert prepared is not None
    report = dataclasses.replace(prepared, options=dataclasses.replace(prepared.options, paper="Letter"))
    v1 = take_snapshot(report, "v1", datetime.datetime(2021, 5, 20))
    text = render_version(v1)
    assert "paper: Letter" in text
    read, problems = parse_version(text, "versions/v1.yaml")
    assert problems == [] and read is not None and read.meeting.paper == "Letter"
    v2 = dataclasses.replace(read, name="v2", recommendations=read.recommendations[1:])
    letter = ("12240", "15840")  # 8.5 × 11 inches in twentieths of a point
    report_docx = write_docx(report)
    assert _page_size(report_docx) == letter
    for working in (
        write_pack_docx(read),
        write_redline_docx(compare(read, v2)),
        write_compilation_docx(read, [_proposal(read)]),
    ):
        assert _page_size(working) == letter
        assert masthead(working)[0] == masthead(report_docx)[0]
    # A4 reports' version files stay as they were: no paper line.
    assert "paper:" not in render_version(take_snapshot(prepared, "v1", datetime.datetime(2021, 5, 20)))


def test_a_version_file_with_an_unknown_paper_is_an_error() -> None:
    prepared = prepare(EXAMPLE).report
    assert prepared is not None
    text = render_version(take_snapshot(prepared, "v1", datetime.datetime(2021, 5, 20)))
    text = text.replace("  recommendation_style:", "  paper: A3\n  recommendation_style:", 1)
    snapshot, problems = parse_version(text, "versions/v1.yaml")
    assert snapshot is None
    assert [problem.code for problem in problems] and "no paper 'A3'" in problems[0].message
