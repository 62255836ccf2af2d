"""Comparing versions by stable id: what was added, deleted, moved, reworded or only renumbered."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from reportkit.comparison.compare import WordOp, compare, tokenize, word_ops
from reportkit.pipeline import prepare
from reportkit.versions import Line, Snapshot, SnapshotReference, take_snapshot
from reportkit.writers.site.changes import write_changes_page
from tests.conftest import EXAMPLE, run_cli
from tests.redline_support import NEW_RECOMMENDATION, Versions, insert_after, replace_text, versions

__all__ = ["versions"]  # the session fixture, imported for pytest


def snapshot_of(content: Path, name: str) -> Snapshot:
    prepared = prepare(content)
    assert prepared.ok and prepared.report is not None, prepared.diagnostics
    return take_snapshot(prepared.report, name, datetime.datetime(2021, 6, 3))


@pytest.fixture(scope="module")
def example_v1() -> Snapshot:
    return snapshot_of(EXAMPLE, "v1")


# --------------------------------------------------------------------------- words


def test_words_spaces_and_punctuation_are_separate_tokens() -> None:
    tokens = [t.text for t in tokenize(Line("text", "States (UNODC) should, inter alia, act."))]
    assert "|".join(tokens) == "States| |(|UNODC|)| |should|,| |inter| |alia|,| |act|."


def test_a_replaced_word_is_a_deletion_then_an_insertion() -> None:
    ops = word_ops(
        Line("text", "States should note the text."), Line("text", "States should recognize the text.")
    )
    assert ops == (
        WordOp("equal", "States should ", "States should "),
        WordOp("delete", "note", ""),
        WordOp("insert", "", "recognize"),
        WordOp("equal", " the text.", " the text."),
    )


def test_a_lone_space_between_two_changes_is_folded_into_them() -> None:
    ops = word_ops(Line("text", "one two three four"), Line("text", "one 2 3 four"))
    assert ops == (
        WordOp("equal", "one ", "one "),
        WordOp("delete", "two three", ""),
        WordOp("insert", "", "2 3"),
        WordOp("equal", " four", " four"),
    )


def test_a_reference_that_only_changed_number_is_the_same_words() -> None:
    old = Line(
        "text",
        "As in recommendation 27, States",
        references=(SnapshotReference(6, "recommendation 27", ("m",)),),
    )
    new = Line(
        "text",
        "As in recommendation 28, States",
        references=(SnapshotReference(6, "recommendation 28", ("m",)),),
    )
    assert [op.op for op in word_ops(old, new)] == ["equal"]
    assert word_ops(old, new)[0].new == "As in recommendation 28, States"


def test_a_reference_to_another_target_is_a_change() -> None:
    old = Line(
        "text", "See recommendation 27.", references=(SnapshotReference(4, "recommendation 27", ("a",)),)
    )
    new = Line(
        "text", "See recommendation 27.", references=(SnapshotReference(4, "recommendation 27", ("b",)),)
    )
    assert [op.op for op in word_ops(old, new)] == ["equal", "delete", "insert", "equal"]


# --------------------------------------------------------------------------- units


def test_the_example_compared_with_itself_has_no_changes(example_v1: Snapshot) -> None:
    comparison = compare(example_v1, example_v1)
    assert not comparison.has_changes
    assert all(entry.side == "both" for entry in comparison.sequence)
    assert len(comparison.units) == 47


def test_the_two_versions_show_one_change_of_each_kind(versions: Versions) -> None:
    changes = versions.changes()
    assert changes["summary"] == {"added": 1, "deleted": 1, "moved": 1, "changed": 2, "renumbered": 41}
    assert [entry["id"] for entry in changes["added"]] == ["early-warning-networks"]
    assert [entry["id"] for entry in changes["deleted"]] == ["advance-sdg-target-16-4"]
    assert [entry["id"] for entry in changes["moved"]] == ["data-on-consequences-of-trafficking"]
    assert [entry["id"] for entry in changes["changed"]] == [
        "complementarity-of-instruments",
        "future-topics",
    ]


def test_a_moved_recommendation_names_both_places(versions: Versions) -> None:
    (moved,) = versions.changes()["moved"]
    assert moved["from"] == {
        "number": "3",
        "section": "general-recommendations",
        "section_number": "II.A",
        "section_title": "General recommendations",
    }
    assert moved["to"]["number"] == "44"
    assert moved["to"]["section"] == "recommendations-diversion"


def test_word_changes_are_listed_with_their_line(versions: Versions) -> None:
    changed = {entry["id"]: entry["lines"] for entry in versions.changes()["changed"]}
    assert changed["complementarity-of-instruments"][0]["ops"][1:3] == [
        {"op": "delete", "text": "note"},
        {"op": "insert", "text": "recognize"},
    ]
    (item,) = changed["future-topics"]
    assert item["line"] == "(b)"
    assert {"op": "insert", "text": " gender-sensitive and"} in item["ops"]


def test_the_number_map_follows_each_recommendation_by_id(versions: Versions) -> None:
    number_map = {row["id"]: (row["from"], row["to"]) for row in versions.changes()["number_map"]}
    assert number_map["unodc-assist-implementation"] == ("1", "1")
    assert number_map["early-warning-networks"] == (None, "2")
    assert number_map["complementarity-of-instruments"] == ("2", "3")
    assert number_map["data-on-consequences-of-trafficking"] == ("3", "44")
    assert number_map["cooperate-with-multilateral-institutions"] == ("4", "4")
    assert number_map["advance-sdg-target-16-4"] == ("5", None)
    assert number_map["trafficking-and-financial-flows-as-one-threat"] == ("6", "5")
    assert number_map["future-topics"] == ("47", "47")
    assert len(number_map) == 48


def test_an_early_insertion_renumbers_without_changing_any_text(tmp_path: Path, example_v1: Snapshot) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    insert_after(
        content / "recommendations" / "a-general.yaml", "unodc-assist-implementation", NEW_RECOMMENDATION
    )
    comparison = compare(example_v1, snapshot_of(content, "v2"))
    assert [u.id for u in comparison.added] == ["early-warning-networks"]
    assert comparison.changed == [] and comparison.moved == [] and comparison.deleted == []
    assert len(comparison.renumbered) == 46


def test_renumbered_references_in_the_report_are_not_changes(tmp_path: Path) -> None:
    """A paragraph citing recommendation 27 reads "recommendation 28" after an early insertion: the
    same words, since the reference is compared by its target."""
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    replace_text(
        content / "chapters" / "3-deliberations.yaml",
        "At its 1st and 2nd meetings, on 10 May 2021,",
        "As foreseen in [[marking-all-firearms]], at its 1st and 2nd meetings, on 10 May 2021,",
    )
    before = snapshot_of(content, "v1")
    insert_after(
        content / "recommendations" / "a-general.yaml", "unodc-assist-implementation", NEW_RECOMMENDATION
    )
    after = snapshot_of(content, "v2")
    cited = next(p for p in after.paragraphs if p.id == "iff-item-considered")
    assert "recommendation 28" in cited.text
    comparison = compare(before, after, "report")
    assert [u.id for u in comparison.changed] == []
    assert [u.id for u in comparison.added] == ["early-warning-networks"]


def test_the_report_scope_compares_paragraphs_by_id(tmp_path: Path, example_v1: Snapshot) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    replace_text(content / "chapters" / "3-deliberations.yaml", "several speakers", "many speakers")
    comparison = compare(example_v1, snapshot_of(content, "v2"), "report")
    (changed,) = comparison.changed
    assert changed.kind == "paragraph"
    assert [op.op for line in changed.lines for op in line.ops if op.op != "equal"] == ["delete", "insert"]
    assert len(comparison.units) == 57 + 47


# --------------------------------------------------------------------------- the page


def test_the_changes_page_lists_every_kind_and_escapes_text(versions: Versions) -> None:
    page = (versions.diff_dir / "changes.md").read_text("utf-8")
    assert page.startswith('---\ntitle: "Changes since version v1"\n---\n')
    for heading in ("## Added", "## Deleted", "## Moved", "## Reworded", "## Numbers in both versions"):
        assert heading in page
    assert '<del class="rk-del">note</del><ins class="rk-ins">recognize</ins>' in page
    # Draft text never becomes Markdown: punctuation is written as character references.
    assert "achieve target 16&#46;4 of the Sustainable Development Goals&#46;" in page
    assert "- data&#45;on&#45;consequences&#45;of&#45;trafficking: 3 → 44" in page


def test_the_changes_page_is_a_pure_function_of_the_comparison(versions: Versions) -> None:
    old = snapshot_of(EXAMPLE, "v1")
    assert write_changes_page(compare(old, old)).count("## ") == 1  # only the numbers section


# --------------------------------------------------------------------------- the command


def test_diff_to_the_current_drafts_names_the_folder_current(versions: Versions, tmp_path: Path) -> None:
    result = run_cli(
        "diff",
        "--content",
        versions.content,
        "--out",
        tmp_path / "out",
        "--from",
        "v1",
        "--date",
        "2021-06-03",
    )
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "diff-v1-current" / "redline.docx").is_file()
    assert "v1 → current: 1 added, 1 deleted, 1 moved, 2 reworded, 41 renumbered" in result.stderr


def test_an_unknown_version_is_an_input_error_listing_the_recorded_ones(
    versions: Versions, tmp_path: Path
) -> None:
    result = run_cli("diff", "--content", versions.content, "--out", tmp_path / "out", "--from", "v9")
    assert result.exit_code == 2
    place = versions.content / "versions" / "v9.yaml"
    assert f"{place}:1:1: error[unknown-version]: no version 'v9' in {versions.content}" in result.stderr
    assert "hint: recorded versions: v1, v2" in result.stderr


def test_an_unknown_scope_is_an_input_error(versions: Versions, tmp_path: Path) -> None:
    result = run_cli(
        "diff",
        "--content",
        versions.content,
        "--out",
        tmp_path / "out",
        "--from",
        "v1",
        "--scope",
        "chapters",
    )
    assert result.exit_code == 2
    assert "argument --scope: invalid choice: 'chapters'" in result.stderr
