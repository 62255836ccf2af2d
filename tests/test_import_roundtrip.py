"""Round trip: the bundled example built to DOCX, rendered to PDF by LibreOffice and imported again
gives drafts whose report has the same chapters, sections, numbers, texts, sub-items, footnotes and
masthead particulars as the example's own drafts."""

from __future__ import annotations

from pathlib import Path

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
from tests.redline_support import libreoffice_pdf

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
