"""`numbered: false` on a paragraph: the running text of an annex listing a delegation (A/HRC/43/15's
annex), printed without a number, left out of the series and never cited by number."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from reportkit.pipeline import prepare
from reportkit.writers.docx import write_docx
from reportkit.writers.markdown import write_markdown
from reportkit.writers.numbers_json import write_numbers_json
from reportkit.writers.site import write_site_pages
from tests.conftest import ROOT
from tests.docx_support import Package, pandoc_text, report_from

GENEVA_REPORT = ROOT / "tests" / "fixtures" / "geneva"
LEAD = "The delegation of Slovenia was headed by the Deputy Prime Minister"


def _with_unnumbered_annex_lead(tmp_path: Path, after: str = "") -> Path:
    """The Geneva fixture with its annex's paragraph unnumbered and a second, numbered, after it."""
    content = tmp_path / "content"
    shutil.copytree(GENEVA_REPORT, content)
    annex = content / "annexes" / "delegation.yaml"
    text = annex.read_text("utf-8").replace(
        "  - paragraph: delegation-head\n", "  - paragraph: delegation-head\n    numbered: false\n"
    )
    annex.write_text(text + "  - paragraph: delegation-end\n    text: The list ends here.\n" + after, "utf-8")
    return content


def test_an_unnumbered_paragraph_has_no_number_and_leaves_the_series_to_the_next(tmp_path: Path) -> None:
    report = report_from(_with_unnumbered_annex_lead(tmp_path))
    [annex] = report.annexes
    assert [(block.id, block.number) for block in annex.blocks] == [
        ("delegation-head", ""),
        ("delegation-end", "1"),
    ]
    numbers = json.loads(write_numbers_json(report))["ids"]
    assert numbers["delegation-end"]["label"] == "paragraph 1 of the annex"
    markdown = write_markdown(report)
    assert f"[]{{#delegation-head}}{LEAD}" in markdown and "[]{#delegation-end}1\\. The list" in markdown


def test_the_docx_prints_it_without_a_number_its_text_where_numbered_paragraphs_start(tmp_path: Path) -> None:
    data = write_docx(report_from(_with_unnumbered_annex_lead(tmp_path)))
    lines = Package(data).text("word/document.xml").splitlines()
    assert any(line.startswith(f"\t{LEAD}") for line in lines)  # the number's tab, without the number
    assert "1.\tThe list ends here." in lines
    read_back = pandoc_text(data, tmp_path)
    assert f"Composition of the delegation {LEAD}" in read_back and "1. The list ends here." in read_back


def test_citing_an_unnumbered_paragraph_is_an_error_that_says_why(tmp_path: Path) -> None:
    content = _with_unnumbered_annex_lead(tmp_path)
    introduction = content / "chapters" / "introduction.yaml"
    text = introduction.read_text("utf-8")
    introduction.write_text(text.replace("held its", "(see [[delegation-head]]) held its", 1), "utf-8")
    prepared = prepare(content)
    problem = next(d for d in prepared.diagnostics if d.code == "wrong-kind-ref")
    assert "'delegation-head' has no number to cite" in problem.message
    assert "numbered: false" in (problem.hint or "")


def test_a_paragraph_listing_recommendations_cannot_be_unnumbered(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(GENEVA_REPORT, content)
    chapter = content / "chapters" / "conclusions.yaml"
    text = chapter.read_text("utf-8")
    first = text.index("  - paragraph: ")
    line_end = text.index("\n", first) + 1
    chapter.write_text(text[:line_end] + "    numbered: false\n" + text[line_end:], "utf-8")
    prepared = prepare(content)
    [problem] = [d for d in prepared.diagnostics if d.code == "unnumbered-list"]
    assert problem.loc.line == text[:line_end].count("\n") + 1


def test_the_site_prints_it_without_a_number_and_keeps_its_anchor(tmp_path: Path) -> None:
    pages = write_site_pages(report_from(_with_unnumbered_annex_lead(tmp_path)))
    annex = pages["chapters/delegation.md"].decode("utf-8")
    lead = next(line for line in annex.splitlines() if line.startswith("The delegation of Slovenia"))
    after = annex.splitlines()[annex.splitlines().index(lead) + 1]
    assert after == "{: #delegation-head .rk-paragraph .rk-unnumbered }"
    assert "[1&#46;](#delegation-end){ .rk-label } The list ends here" in annex
