"""Structures of reports other than the bundled example, on a small report after A/HRC/43/15
(tests/fixtures/geneva): an unnumbered introduction, recommendations listed inside a paragraph with who
made them and the response, a title with a footnote and a subtitle, session lines in bold where the
style says — through the numbering, the references, Markdown, numbers.json and the DOCX."""

from __future__ import annotations

import dataclasses
import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from openxml_audit import OpenXmlValidator

from reportkit.model import Paragraph, Reference, RefPart, all_recommendations
from reportkit.versions import take_snapshot
from reportkit.writers.docx import write_docx
from reportkit.writers.markdown import write_markdown
from reportkit.writers.numbers_json import write_numbers_json
from tests.conftest import ROOT, run_cli
from tests.docx_support import MINI, NS, Package, pandoc_text, report_from, w
from tests.redline_support import libreoffice_pdf

GENEVA_REPORT = ROOT / "tests" / "fixtures" / "geneva"


def _paragraph(paragraph_id: str) -> Paragraph:
    report = report_from(GENEVA_REPORT)
    return next(
        block
        for chapter in report.chapters
        for block in chapter.blocks
        if isinstance(block, Paragraph) and block.id == paragraph_id
    )


def test_an_unnumbered_introduction_leaves_chapter_i_to_the_next_chapter() -> None:
    report = report_from(GENEVA_REPORT)
    assert [(c.id, c.number) for c in report.chapters] == [
        ("introduction", ""),
        ("proceedings", "I"),
        ("conclusions", "II"),
    ]
    # Its paragraphs are numbered all the same: the series starts at 1 in the introduction.
    assert [b.number for b in report.chapters[0].blocks] == ["1", "2"]


def test_recommendations_in_a_paragraph_are_numbered_after_it_compound_or_plain() -> None:
    supported, examined = _paragraph("supported"), _paragraph("to-be-examined")
    assert supported.number == "5"
    assert [(r.number, r.label) for r in supported.recommendations] == [
        ("5.1", "5.1"),
        ("5.2", "5.2"),
        ("5.3", "5.3"),
    ]
    assert [(r.number, r.label) for r in examined.recommendations] == [("6.1", "1."), ("6.2", "2.")]
    assert _paragraph("position").number == "7"  # the list takes no paragraph numbers


def test_a_listed_recommendation_keeps_who_made_it_and_the_response_apart_from_its_status() -> None:
    report = report_from(GENEVA_REPORT)
    first = next(all_recommendations(report))
    assert (first.id, first.by, first.response, first.status) == (
        "ratify-ced",
        ("France", "Lithuania"),
        "supported",
        "adopted",
    )
    numbers = json.loads(write_numbers_json(report))["ids"]
    assert numbers["ratify-ced"] == {
        "kind": "recommendation",
        "number": "5.1",
        "label": "recommendation 5.1",
        "by": ["France", "Lithuania"],
        "response": "supported",
    }
    assert numbers["accept-op-cescr"]["response"] == "to be examined"


def test_a_reference_to_a_listed_recommendation_cites_its_compound_number() -> None:
    [last] = [r for r in all_recommendations(report_from(GENEVA_REPORT)) if r.id == "accept-op-cescr"]
    [reference] = [inline for inline in last.text if isinstance(inline, Reference)]
    assert reference.rendered == (RefPart("recommendation "), RefPart("5.1", "ratify-ced"))


def test_markdown_prints_the_list_with_the_states_and_the_closing_punctuation() -> None:
    markdown = write_markdown(report_from(GENEVA_REPORT))
    assert "# Introduction {#introduction}" in markdown
    assert "# I. Summary of the proceedings of the review process {#proceedings}" in markdown
    assert (
        "[]{#ratify-ced}5\\.1 Ratify the International Convention for the Protection of All Persons from "
        "Enforced Disappearance \\(France\\) \\(Lithuania\\);"
    ) not in markdown  # parentheses are not Markdown: not escaped
    assert (
        "[]{#ratify-ced}5\\.1 Ratify the International Convention for the Protection of All Persons from "
        "Enforced Disappearance (France) (Lithuania);"
    ) in markdown
    assert "Families (Maldives) (Portugal).\n" in markdown
    assert "[]{#ratify-icrmw}1\\. Ratify the International Convention" in markdown
    assert (
        "| **Report of the Working Group on the Universal Periodic Review**^[The annex is being "
        "circulated without formal editing, in the language of submission only.]\n| **Slovenia**"
    ) in markdown


def test_pandoc_reads_the_docx_list_with_its_numbers_states_and_punctuation(tmp_path: Path) -> None:
    text = pandoc_text(write_docx(report_from(GENEVA_REPORT)), tmp_path)
    assert (
        "5. The recommendations formulated during the interactive dialogue/listed below have been "
        "examined by Slovenia and enjoy the support of Slovenia: 5.1 Ratify the International Convention"
    ) in text
    assert "Disappearance (Ukraine) (Slovakia); 5.3 Consider ratifying" in text
    assert (
        "1. Ratify the International Convention on the Protection of the Rights of All Migrant "
        "Workers (Sri Lanka);" in text
    )
    assert "as recalled in recommendation 5.1 (Portugal)." in text
    assert "Introduction 1. The Working Group" in text
    assert "Slovenia" in text


def _body_paragraphs(package: Package) -> list[tuple[str, str]]:
    """(style id, text) of every body paragraph."""
    document = package.xml("word/document.xml")
    found = []
    for paragraph in document.iter(w("p")):
        style = paragraph.find("w:pPr/w:pStyle", NS)
        text = "".join(t.text or "" for t in paragraph.iter(w("t")))
        found.append((style.get(w("val")) if style is not None else "", text))
    return found


def test_page_1_has_the_session_lines_in_bold_where_geneva_says_the_title_note_and_the_subtitle() -> None:
    package = Package(write_docx(report_from(GENEVA_REPORT)))
    document = package.xml("word/document.xml")
    paragraphs = _body_paragraphs(package)
    assert paragraphs[:8] == [
        ("SessionBodyLeft", "Human Rights Council"),
        ("SessionLineLeft", "Forty-third session"),
        ("SessionLineLeft", "24 February–20 March 2020"),
        ("SessionLineLeft", "Agenda item 6"),
        ("SessionLineLeft", "Universal periodic review"),
        ("ReportTitleTight", "Report of the Working Group on the Universal Periodic Review*"),
        ("ReportSubtitle", "Slovenia"),
        ("HCh", "Introduction"),
    ]
    bold = [
        "".join(t.text for t in p.iter(w("t")))
        for p in document.iter(w("p"))
        for run in p.iter(w("r"))
        if (style := run.find("w:rPr/w:rStyle", NS)) is not None and style.get(w("val")) == "Strong"
    ]
    assert bold == ["Human Rights Council", "Forty-third session", "Universal periodic review"]
    # The title's note is marked "*", not numbered; the text starts on page 2 (Geneva's cover page).
    mark, annex_note = document.iterfind(".//w:footnoteReference", NS)
    assert mark.get(w("customMarkFollows")) == "1" and annex_note.get(w("customMarkFollows")) is None
    assert package.text("word/footnotes.xml").splitlines()[2] == (
        "*\tThe annex is being circulated without formal editing, in the language of submission only."
    )
    [first_heading] = [
        p for p in document.iter(w("p")) if p.find("w:pPr/w:pStyle", NS).get(w("val")) == "HCh"
    ][:1]
    assert first_heading.find("w:pPr/w:pageBreakBefore", NS) is not None


def test_a_report_can_say_which_session_lines_are_bold() -> None:
    report = report_from(GENEVA_REPORT)
    report = dataclasses.replace(report, meeting=dataclasses.replace(report.meeting, session_lines_bold=(4,)))
    document = Package(write_docx(report)).xml("word/document.xml")
    bold = [
        "".join(t.text for t in run.iter(w("t")))
        for run in document.iter(w("r"))
        if (style := run.find("w:rPr/w:rStyle", NS)) is not None and style.get(w("val")) == "Strong"
    ]
    assert bold == ["Agenda item 6"]


def test_the_vienna_example_keeps_its_page_1_and_its_text_on_it() -> None:
    document = Package(write_docx(report_from(MINI))).xml("word/document.xml")
    assert document.find(".//w:pageBreakBefore", NS) is None
    assert document.find(".//w:footnoteReference[@w:customMarkFollows]", NS) is None


def test_withdrawn_listed_recommendations_are_neither_numbered_nor_printed(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(GENEVA_REPORT, content)
    chapter = content / "chapters" / "conclusions.yaml"
    text = chapter.read_text("utf-8")
    withdrawn = text.replace(
        "      - recommendation: ratify-ced-complete\n        status: adopted",
        "      - recommendation: ratify-ced-complete\n        status: withdrawn",
    )
    assert withdrawn != text
    chapter.write_text(withdrawn, "utf-8")
    report = report_from(content)
    listed = [(r.id, r.number) for r in all_recommendations(report)][:3]
    assert listed == [("ratify-ced", "5.1"), ("ratify-ced-complete", ""), ("ratify-migrant-workers", "5.2")]
    markdown = write_markdown(report)
    assert "Complete the process" not in markdown
    assert "[]{#ratify-migrant-workers}5\\.2 Consider ratifying" in markdown


def test_a_single_annex_is_the_annex_and_numbers_its_paragraphs_from_1() -> None:
    report = report_from(GENEVA_REPORT)
    [annex] = report.annexes
    assert (annex.id, annex.number, [b.number for b in annex.blocks]) == ("delegation", "", ["1"])
    numbers = json.loads(write_numbers_json(report))["ids"]
    assert numbers["delegation"] == {
        "kind": "annex",
        "number": "",
        "label": "the annex",
        "title": "Composition of the delegation",
    }
    assert numbers["delegation-head"]["label"] == "paragraph 1 of the annex"
    markdown = write_markdown(report)
    assert (
        "Its members are listed in [the annex](#delegation), its head in paragraph [1](#delegation-head) "
        "of the annex."
    ) in markdown
    assert (
        "# Annex {#delegation}\n\n**Composition of the delegation**\n\n[]{#delegation-head}1\\. " in markdown
    )


def test_annexes_are_numbered_i_ii_after_the_report_and_cited_with_their_numeral(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(GENEVA_REPORT, content)
    second = (content / "annexes" / "delegation.yaml").read_text("utf-8")
    second = second.replace("chapter: delegation", "chapter: documents").replace(
        "delegation-head", "documents-list"
    )
    (content / "annexes" / "documents.yaml").write_text(second.replace("Composition", "List"), "utf-8")
    report_file = content / "report.yaml"
    report_file.write_text(
        report_file.read_text("utf-8").replace(
            "  - annexes/delegation.yaml\n", "  - annexes/delegation.yaml\n  - annexes/documents.yaml\n"
        ),
        "utf-8",
    )
    report = report_from(content)
    assert [(a.id, a.number) for a in report.annexes] == [("delegation", "I"), ("documents", "II")]
    numbers = json.loads(write_numbers_json(report))["ids"]
    assert numbers["delegation"]["label"] == "annex I"
    assert numbers["documents-list"]["label"] == "paragraph 1 of annex II"
    assert "Its members are listed in annex [I](#delegation)" in write_markdown(report)


def test_an_annex_starts_a_new_page_in_the_docx_under_its_heading(tmp_path: Path) -> None:
    data = write_docx(report_from(GENEVA_REPORT))
    paragraphs = _body_paragraphs(Package(data))
    start = paragraphs.index(("HCh", "Annex"))
    assert paragraphs[start + 1 : start + 3] == [
        ("HCh", "Composition of the delegation"),
        ("SingleTxt", "1.The delegation of Slovenia was headed by the Deputy Prime Minister and Minister for "
         "Foreign Affairs, Miro Cerar."),
    ]  # fmt: skip
    document = Package(data).xml("word/document.xml")
    annex = next(p for p in document.iter(w("p")) if "".join(t.text or "" for t in p.iter(w("t"))) == "Annex")
    assert annex.find("w:pPr/w:pageBreakBefore", NS) is not None
    assert "Annex Composition of the delegation 1. The delegation of Slovenia" in pandoc_text(data, tmp_path)


def test_a_note_on_a_chapter_heading_is_marked_after_the_title_s(tmp_path: Path) -> None:
    """A/HRC/28/15: "**" on "Conclusions and/or recommendations", the title's note being "*"."""
    content = tmp_path / "content"
    shutil.copytree(GENEVA_REPORT, content)
    chapter = content / "chapters" / "conclusions.yaml"
    note = "Conclusions and recommendations have not been edited."
    chapter.write_text(
        chapter.read_text("utf-8").replace("content:\n", f"title_footnote: {note}\ncontent:\n", 1), "utf-8"
    )
    report = report_from(content)
    assert f"# II. Conclusions and/or recommendations^[{note}] {{#conclusions}}" in write_markdown(report)
    package = Package(write_docx(report))
    heading = next(
        p for p in package.xml("word/document.xml").iter(w("p"))
        if "".join(t.text or "" for t in p.iter(w("t"))).startswith("II.")
    )  # fmt: skip
    assert "".join(t.text or "" for t in heading.iter(w("t"))) == "II.Conclusions and/or recommendations**"
    assert heading.find(".//w:footnoteReference", NS).get(w("customMarkFollows")) == "1"
    assert f"**\t{note}" in package.text("word/footnotes.xml").splitlines()
    # LibreOffice prints the mark once ("****" when the two characters stood in one w:t).
    docx = tmp_path / "report.docx"
    docx.write_bytes(write_docx(report))
    (pdf,) = libreoffice_pdf([docx], tmp_path / "pdf", tmp_path / "profile")
    printed = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    heading_line = next(line for line in printed.splitlines() if "Conclusions and/or recommendations" in line)
    assert heading_line.rstrip().endswith("recommendations**"), heading_line


def test_bold_and_italic_reach_every_output_as_emphasis_not_as_asterisks(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(GENEVA_REPORT, content)
    chapter = content / "chapters" / "introduction.yaml"
    chapter.write_text(
        chapter.read_text("utf-8").replace(
            "held its thirty-fourth session", "held its **thirty-fourth** *session*"
        ),
        "utf-8",
    )
    report = report_from(content)
    assert "held its **thirty-fourth** *session* from" in write_markdown(report)
    data = write_docx(report)
    runs = {
        "".join(t.text or "" for t in run.iter(w("t"))): style.get(w("val"))
        for run in Package(data).xml("word/document.xml").iter(w("r"))
        if (style := run.find("w:rPr/w:rStyle", NS)) is not None
    }
    assert runs["thirty-fourth"] == "Strong" and runs["session"] == "Emphasis"
    read_back = pandoc_text(data, tmp_path)
    assert "held its thirty-fourth session from" in read_back and "*session*" not in read_back


def test_a_bulleted_list_prints_bullets_in_every_output(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(GENEVA_REPORT, content)
    chapter = content / "chapters" / "introduction.yaml"
    chapter.write_text(
        chapter.read_text("utf-8")
        + "  - paragraph: documents\n    text: 'The following documents were prepared:'\n    bullets: true\n"
        + "    items:\n      - a national report;\n      - a compilation of information.\n",
        "utf-8",
    )
    report = report_from(content)
    assert "- a national report;\n\n- a compilation of information." in write_markdown(report)
    paragraphs = _body_paragraphs(Package(write_docx(report)))
    assert ("SubPara1", "\u2022a national report;") in paragraphs


def test_markup_in_a_title_is_a_warning_at_its_place(
    tmp_path: Path, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chapter = mini / "chapters" / "deliberations.yaml"
    chapter.write_text(
        chapter.read_text("utf-8").replace(
            "title: Summary of deliberations", "title: Summary of deliberations^[Not edited.]"
        ),
        "utf-8",
    )
    monkeypatch.chdir(mini.parent)
    result = run_cli("check", "--content", "content")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[:2] == [
        "content/chapters/deliberations.yaml:2:8: warning[markup-not-allowed]: 'title' cannot hold a "
        "footnote ('^[')",
        "  hint: write the note as `title_footnote:` beside the title (the meeting's, or a chapter's)",
    ]


def test_the_geneva_docx_validates_against_the_ooxml_schema_and_is_deterministic(tmp_path: Path) -> None:
    """Marked notes, page breaks before headings, annexes and lists, as Word's schema allows them."""
    content = tmp_path / "content"
    shutil.copytree(GENEVA_REPORT, content)
    chapter = content / "chapters" / "conclusions.yaml"
    chapter.write_text(
        chapter.read_text("utf-8").replace("content:\n", "title_footnote: Not edited.\ncontent:\n", 1)
        .replace("Consider ratifying", "Consider **ratifying**"),
        "utf-8",
    )  # fmt: skip
    data = write_docx(report_from(content))
    path = tmp_path / "geneva.docx"
    path.write_bytes(data)
    assert [str(error) for error in OpenXmlValidator().validate(str(path)).errors] == []
    assert write_docx(report_from(content)) == data


def test_a_recorded_version_holds_the_recommendations_listed_in_paragraphs() -> None:
    snapshot = take_snapshot(report_from(GENEVA_REPORT), "v1", datetime.datetime(2019, 12, 19))
    assert [(unit.id, unit.number) for unit in snapshot.recommendations] == [
        ("ratify-ced", "5.1"),
        ("ratify-ced-complete", "5.2"),
        ("ratify-migrant-workers", "5.3"),
        ("ratify-icrmw", "6.1"),
        ("accept-op-cescr", "6.2"),
    ]
