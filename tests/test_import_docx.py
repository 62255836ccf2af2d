"""DOCX from Word: automatic numbering, heading styles, tracked changes accepted and comments ignored
(each said), recommendations listed in a paragraph; and the DOCX that are refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from lxml import etree

from reportkit.cli import main
from reportkit.model import Paragraph, all_blocks, all_recommendations, plain_text
from reportkit.pipeline import prepare

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _run(tag: str, text: str) -> etree._Element:
    """A tracked insertion or deletion holding one run."""
    change = etree.Element(qn(f"w:{tag}"), {qn("w:id"): "7", qn("w:author"): "Mexico"})
    run = etree.SubElement(change, qn("w:r"))
    etree.SubElement(run, qn("w:delText" if tag == "del" else "w:t")).text = text
    return change


def word_report(path: Path) -> None:
    """A report as a secretariat types it in Word: the masthead typed at the top, headings by style,
    paragraphs numbered by Word (List Number), a tracked change and a comment."""
    document = Document()
    for line in ("A/HRC/99/1", "Distr.: General", "1 March 2030", "Original: English", "GE.30-01234"):
        document.add_paragraph(line)
    title = document.add_paragraph().add_run("Report of the Working Group on Testing")
    title.bold, title.font.size = True, Pt(14)
    document.add_heading("I. Introduction", level=1)
    document.add_paragraph("The Working Group met in Geneva from 1 to 3 March 2030.", style="List Number")
    changed = document.add_paragraph("The Working Group adopted ", style="List Number")
    changed._p.append(_run("del", "an old text"))
    changed._p.append(_run("ins", "the present report"))
    etree.SubElement(etree.SubElement(changed._p, qn("w:r")), qn("w:commentReference"), {qn("w:id"): "1"})
    document.add_heading("A. Recommendations", level=2)
    document.add_paragraph(
        "The following recommendations enjoy the support of the State under review:", style="List Number"
    )
    document.add_paragraph("3.1\tRatify the Convention against Torture (France, Chile);")
    document.add_paragraph("3.2\tAdopt a national action plan (Ghana).")
    document.add_heading("B. Adoption of the report", level=2)
    document.add_paragraph("The report was adopted ad referendum.", style="List Number")
    document.sections[0].top_margin, document.sections[0].bottom_margin = Cm(3.0), Cm(4.0)
    document.save(str(path))


def test_a_word_report_imports_with_its_numbers_headings_and_tracked_changes_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "report.docx"
    word_report(source)
    folder = tmp_path / "meeting"
    assert main(["import", str(source), str(folder)]) == 0
    said = capsys.readouterr().err
    assert "warning[tracked-changes-accepted]: 2 tracked change(s) were accepted" in said
    assert "warning[comments-ignored]: 1 comment(s) were ignored" in said
    assert "unnumbered-text" not in said  # Word numbered every paragraph
    prepared = prepare(folder)
    assert prepared.ok and prepared.report is not None
    report = prepared.report
    assert report.meeting.symbol == "A/HRC/99/1" and report.meeting.job_number == "GE.30-01234"
    assert report.style == "geneva" and report.meeting.title == "Report of the Working Group on Testing"
    assert [chapter.title for chapter in report.chapters] == ["Introduction"]
    paragraphs = [block for block in all_blocks(report) if isinstance(block, Paragraph)]
    assert [p.number for p in paragraphs] == ["1", "2", "3", "4"]
    assert plain_text(paragraphs[1].text) == "The Working Group adopted the present report"
    recommendations = list(all_recommendations(report))
    assert [(r.number, list(r.by), r.response) for r in recommendations] == [
        ("3.1", ["France", "Chile"], "supported"),
        ("3.2", ["Ghana"], "supported"),
    ]
    assert (report.meeting.start_date.isoformat(), report.meeting.end_date.isoformat()) == (
        "2030-03-01",
        "2030-03-03",
    )
    # The Word file's margins, so that the rebuilt pages break where its pages do.
    assert (report.options.margin_top, report.options.margin_bottom) == (3.0, 4.0)


def test_margins_no_page_could_have_are_left_to_the_house_style(tmp_path: Path) -> None:
    source = tmp_path / "report.docx"
    word_report(source)
    document = Document(str(source))
    document.sections[0].top_margin = Cm(0)  # text to the paper's edge: the schema allows 0.5–8 cm
    document.save(str(source))
    assert main(["import", str(source), str(tmp_path / "meeting")]) == 0
    assert "margins:" not in (tmp_path / "meeting" / "report.yaml").read_text("utf-8")


def test_a_file_that_is_not_a_word_document_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "report.docx"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("notes.txt", "not a document")
    assert main(["import", str(source), str(tmp_path / "meeting")]) == 2
    assert f"{source.as_posix()}:0:0: error[bad-docx]" in capsys.readouterr().err
    assert not (tmp_path / "meeting").exists()


def test_a_word_document_that_is_not_a_report_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "letter.docx"
    document = Document()
    document.add_paragraph("Dear colleagues, the meeting is postponed.")
    document.save(str(source))
    assert main(["import", str(source), str(tmp_path / "meeting")]) == 2
    assert "error[not-a-report]" in capsys.readouterr().err
    assert not (tmp_path / "meeting").exists()
