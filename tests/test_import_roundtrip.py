"""Round trip: the bundled examples (Vienna and Geneva) built to DOCX — imported as built, as a word
processor saves it again (LibreOffice's own OOXML), and rendered to PDF by LibreOffice — give drafts
whose report has the same chapters, sections, numbers, texts, sub-items, footnotes and masthead
particulars as the example's own drafts."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from reportkit.cli import main
from reportkit.model import (
    Chapter,
    Footnote,
    Paragraph,
    Recommendation,
    Report,
    Section,
    plain_text,
    walk_blocks,
    walk_sub_items,
)
from reportkit.pipeline import prepare
from tests.redline_support import libreoffice_convert, libreoffice_pdf

ROOT = Path(__file__).resolve().parents[1]
QUOTES = str.maketrans({"“": '"', "”": '"', "’": "'", "‘": "'"})


def _text(inlines: object) -> str:
    return " ".join(plain_text(inlines).split()).translate(QUOTES)  # type: ignore[arg-type]


def _footnotes(inlines: tuple[object, ...]) -> list[str]:
    return [_text(inline.content) for inline in inlines if isinstance(inline, Footnote)]


def facts(report: Report) -> list[tuple[str, ...]]:
    """What a reader of the report sees, in order: headings, numbers, texts, sub-items, footnotes."""
    found: list[tuple[str, ...]] = []
    chapters: tuple[Chapter, ...] = report.chapters + report.annexes
    for chapter in chapters:
        found.append(("chapter", chapter.title))
        for block in walk_blocks(chapter.blocks):
            if isinstance(block, Section):
                found.append(("section", block.title))
            elif isinstance(block, (Paragraph, Recommendation)):
                items = tuple(_text(item.text) for item in walk_sub_items(block.items))
                notes = tuple(_footnotes(block.text))
                found.append((type(block).__name__, block.number, _text(block.text), *items, *notes))
    return found


def test_the_example_rendered_to_pdf_imports_back_to_the_same_report(tmp_path: Path) -> None:
    build = tmp_path / "build"
    assert main(["build", "--content", str(ROOT / "content"), "--out", str(build), "--only", "docx"]) == 0
    (pdf,) = libreoffice_pdf([build / "report.docx"], tmp_path, tmp_path / "profile")
    folder = tmp_path / "imported"
    assert main(["import", str(pdf), str(folder)]) == 0
    original, imported = prepare(ROOT / "content"), prepare(folder)
    assert original.report is not None and imported.ok and imported.report is not None
    assert facts(imported.report) == facts(original.report)
    for particular in ("symbol", "issuing_body", "job_number", "date", "distribution", "title", "venue"):
        assert getattr(imported.report.meeting, particular) == getattr(original.report.meeting, particular)
    assert imported.report.options.recommendation_style == "headings"
    assert [item.title for item in imported.report.agenda] == [item.title for item in original.report.agenda]
    # "agenda item 5" in the text became a reference to the agenda's item, as the authors wrote it.
    drafts = "".join(path.read_text("utf-8") for path in sorted((folder / "chapters").glob("*.yaml")))
    assert "considered agenda [[other-matters]], entitled" in drafts


def test_the_examples_own_docx_imports_back_to_the_same_report(tmp_path: Path) -> None:
    build = tmp_path / "build"
    assert main(["build", "--content", str(ROOT / "content"), "--out", str(build), "--only", "docx"]) == 0
    folder = tmp_path / "imported"
    assert main(["import", str(build / "report.docx"), str(folder)]) == 0
    original, imported = prepare(ROOT / "content"), prepare(folder)
    assert original.report is not None and imported.ok and imported.report is not None
    assert facts(imported.report) == facts(original.report)
    for particular in (
        "symbol",
        "issuing_body",
        "job_number",
        "date",
        "distribution",
        "title",
        "processing_dates",
    ):
        assert getattr(imported.report.meeting, particular) == getattr(original.report.meeting, particular)


PARTICULARS = ("symbol", "issuing_body", "job_number", "date", "distribution", "title", "subtitle")


@pytest.mark.parametrize("example", ["content", "examples/upr-slovenia-2019"])
def test_the_examples_docx_saved_again_by_a_word_processor_and_its_pdf_import_back(
    example: str, tmp_path: Path
) -> None:
    build = tmp_path / "build"
    assert main(["build", "--content", str(ROOT / example), "--out", str(build), "--only", "docx"]) == 0
    built = (build / "report.docx").rename(tmp_path / "report.docx")
    (pdf,) = libreoffice_pdf([built], tmp_path / "pdf", tmp_path / "profile")
    word_filter = "docx:MS Word 2007 XML"  # LibreOffice's own DOCX writer, as a user's "Save as" uses
    libreoffice_convert([built], word_filter, tmp_path / "resaved", tmp_path / "profile")
    resaved = tmp_path / "resaved" / "report.docx"
    with zipfile.ZipFile(resaved) as package:  # the word processor's own XML now, not reportkit's
        assert b"<Application>LibreOffice" in package.read("docProps/app.xml")
    original = prepare(ROOT / example)
    assert original.report is not None
    for source in (built, resaved, pdf):
        folder = tmp_path / f"imported-{source.parent.name}-{source.suffix[1:]}"
        assert main(["import", str(source), str(folder)]) == 0, source
        imported = prepare(folder)
        assert imported.ok and imported.report is not None, source
        assert facts(imported.report) == facts(original.report), source
        for particular in PARTICULARS:
            expected = getattr(original.report.meeting, particular)
            assert getattr(imported.report.meeting, particular) == expected, (source, particular)
        assert imported.report.style == original.report.style
        options = (imported.report.options.qr_code, imported.report.options.please_recycle)
        assert options == (True, True), source  # page 1's QR code and "Please recycle", as built


def test_a_report_built_without_the_qr_code_and_please_recycle_imports_without_them(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    report_yaml = content / "report.yaml"
    text = report_yaml.read_text("utf-8")
    assert "\noptions:\n" in text
    without = "\noptions:\n  qr_code: false\n  please_recycle: false\n"
    report_yaml.write_text(text.replace("\noptions:\n", without), "utf-8")
    build = tmp_path / "build"
    assert main(["build", "--content", str(content), "--out", str(build), "--only", "docx"]) == 0
    folder = tmp_path / "imported"
    assert main(["import", str(build / "report.docx"), str(folder)]) == 0
    imported = prepare(folder)
    assert imported.ok and imported.report is not None
    assert (imported.report.options.qr_code, imported.report.options.please_recycle) == (False, False)
