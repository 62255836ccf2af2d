"""Numbers are derived, never typed: chapters, sections, paragraphs, recommendations, labels, footnotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportkit.model import Footnote, Paragraph, Recommendation, Report, Section, all_blocks, plain_text
from reportkit.number import letters, roman, sub_item_label
from reportkit.pipeline import prepare


def _prepared(content: Path) -> Report:
    prepared = prepare(content)
    assert prepared.ok, [d.render() for d in prepared.diagnostics]
    assert prepared.report is not None
    return prepared.report


def _labels(report: Report) -> dict[str, str]:
    return {target.id: target.label for target in report.targets}


def test_roman_and_letter_sequences() -> None:
    assert [roman(n) for n in (1, 4, 5, 9, 14, 40)] == ["I", "IV", "V", "IX", "XIV", "XL"]
    assert [letters(n) for n in (1, 26, 27)] == ["a", "z", "aa"]


@pytest.mark.parametrize(
    ("depth", "position", "label"),
    [(1, 1, "(a)"), (1, 3, "(c)"), (2, 4, "(iv)"), (3, 2, "b."), (4, 3, "iii."), (5, 1, "(a)")],
)
def test_subparagraph_labels_follow_the_editorial_manual(depth: int, position: int, label: str) -> None:
    assert sub_item_label(depth, position) == label


def test_paragraphs_run_across_chapters_and_recommendations_skip_withdrawn(mini: Path) -> None:
    labels = _labels(_prepared(mini))
    assert labels["adopted-below"] == "paragraph 1"
    assert labels["item-considered"] == "paragraph 2"
    assert labels["cooperate"] == "recommendation 1"
    assert labels["mark-all"] == "recommendation 2"  # 'dropped' is withdrawn: not numbered
    assert "dropped" not in labels
    assert labels["marking-recs"] == "section I.B"
    assert labels["barrels"] == "recommendation 3 (b)"
    assert labels["opening"] == "item 1 (a)"


def test_inserting_a_paragraph_renumbers_everything_after_it(mini: Path) -> None:
    chapter = mini / "chapters" / "recommendations.yaml"
    chapter.write_text(
        chapter.read_text("utf-8").replace(
            "content:\n", "content:\n  - paragraph: new-first\n    text: A new opening paragraph.\n", 1
        ),
        "utf-8",
    )
    report = _prepared(mini)
    labels = _labels(report)
    assert labels["new-first"] == "paragraph 1"
    assert labels["item-considered"] == "paragraph 3"
    paragraph = next(b for b in all_blocks(report) if isinstance(b, Paragraph) and b.id == "agenda-adopted")
    assert (
        plain_text(paragraph.text) == "It adopted the following agenda (paragraph 2, recommendation 3 (b)):"
    )


def test_older_practice_numbers_recommendations_as_paragraphs(mini: Path) -> None:
    report_file = mini / "report.yaml"
    report_file.write_text(
        report_file.read_text("utf-8") + "options:\n  recommendation_style: paragraphs\n", "utf-8"
    )
    report = _prepared(mini)
    labels = _labels(report)
    assert labels["cooperate"] == "paragraph 2"
    assert labels["mark-parts"] == "paragraph 4"
    assert labels["item-considered"] == "paragraph 5"
    deliberation = next(
        b for b in all_blocks(report) if isinstance(b, Paragraph) and b.id == "item-considered"
    )
    assert "adopted paragraphs 2–4" in plain_text(deliberation.text)


def test_references_render_as_the_un_writes_them(mini: Path) -> None:
    report = _prepared(mini)
    paragraph = next(b for b in all_blocks(report) if isinstance(b, Paragraph) and b.id == "item-considered")
    assert plain_text(paragraph.text) == (
        "The Working Group considered item 2, entitled \u201cMarking of firearms\u201d, and adopted "
        "recommendations 1–3 and chapters I and II."
    )
    footnotes = [i for i in paragraph.text if isinstance(i, Footnote)]
    assert [f.number for f in footnotes] == [1]
    assert "CTOC/COP/WG.6/2022/INF/1" in plain_text(footnotes[0].content)


def test_sections_restart_their_letters_in_every_chapter(mini: Path) -> None:
    report = _prepared(mini)
    letters_by_chapter = [
        [b.number for b in chapter.blocks if isinstance(b, Section)] for chapter in report.chapters
    ]
    assert letters_by_chapter == [["A", "B"], []]
    recommendations = [b.number for b in all_blocks(report) if isinstance(b, Recommendation)]
    assert recommendations == ["1", "", "2", "3"]
