"""The bundled example rebuilds the reference report: every paragraph, recommendation and footnote
of the seed (extraction defects repaired, see tests/data/make_seed_expected.py) with the seed's numbers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypandoc
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = json.loads((ROOT / "tests" / "data" / "seed_expected.json").read_text("utf-8"))


def _normalise(text: str) -> str:
    # pandoc's plain writer makes quotes curly and wraps lines; compare words, not layout.
    text = text.replace("“", '"').replace("”", '"').replace("’", "'")
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def report_text(example_build: Path) -> str:
    """build/report.md as pandoc reads it: proof that the Markdown is valid for pandoc, too."""
    plain = pypandoc.convert_file(
        str(example_build / "report.md"), "plain", format="markdown", extra_args=["--wrap=none"]
    )
    return _normalise(plain)


@pytest.mark.parametrize("number", [str(n) for n in range(1, 58)])
def test_every_seed_paragraph_is_in_the_report_with_its_number(report_text: str, number: str) -> None:
    without_footnote_marks = re.sub(r"(?<=,)\[\d+\]", "", report_text)
    assert f"{number}. {_normalise(EXPECTED['paragraphs'][number])}" in without_footnote_marks


@pytest.mark.parametrize("number", [str(n) for n in range(1, 48)])
def test_every_seed_recommendation_is_in_the_report_under_its_heading(report_text: str, number: str) -> None:
    assert f"Recommendation {number} {_normalise(EXPECTED['recommendations'][number])}" in report_text


@pytest.mark.parametrize(("key", "first_label"), [("rec-46", "a"), ("rec-47", "a"), ("para-56", "a")])
def test_subparagraphs_carry_their_labels_in_order(report_text: str, key: str, first_label: str) -> None:
    items = EXPECTED["subitems"][key]
    position = 0
    for offset, item in enumerate(items):
        label = f"({chr(ord(first_label) + offset)})"
        found = report_text.find(f"{label} {_normalise(item)}", position)
        assert found > position, f"{key} {label} missing or out of order"
        position = found


def test_both_footnotes_are_numbered_and_placed_after_european_union(report_text: str) -> None:
    assert "European Union,[1] Finland and Mexico" in report_text
    assert "European Union,[2] Finland, Ghana" in report_text
    assert f"[1] {EXPECTED['footnotes']['1']}" in report_text
    assert f"[2] {EXPECTED['footnotes']['2']}" in report_text


def test_references_are_rendered_from_the_agenda_and_the_chapters(report_text: str) -> None:
    assert (
        'considered item 2 on its agenda, entitled "Reducing illicit financial and arms flows' in report_text
    )
    assert "under agenda items 2, 3 and 4" in report_text
    assert "adopted chapters I, II, IV and V of the present report" in report_text


def test_the_agenda_of_paragraph_49_is_the_nested_agenda(report_text: str) -> None:
    assert (
        "adopted by consensus the following agenda: 1. Organizational matters: (a) Opening of the meeting; "
        "(b) Adoption of the agenda and organization of work. 2. Reducing illicit"
    ) in report_text
    assert "5. Other matters. 6. Adoption of the report." in report_text


def test_numbers_json_maps_every_id_to_its_kind_and_number(example_build: Path) -> None:
    numbers = json.loads((example_build / "numbers.json").read_text("utf-8"))["ids"]
    kinds = [entry["kind"] for entry in numbers.values()]
    assert kinds.count("paragraph") == 57
    assert kinds.count("recommendation") == 47
    assert kinds.count("chapter") == 5
    assert numbers["report-adoption-discussion"] == {
        "kind": "paragraph",
        "number": "39",
        "label": "paragraph 39",
    }
    assert numbers["future-topics"]["label"] == "recommendation 47"
    assert numbers["recommendations-diversion"]["label"] == "section II.C"
