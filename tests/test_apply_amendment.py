"""`reportkit amendments apply`: a chosen proposal into the YAML drafts, and nothing else changed.

The drafts are the example as circulated in v1; Mexico's copy rewords recommendation 2 (with a comment),
Colombia's adds a sentence to recommendation 2 and deletes recommendation 5 (tests/test_compilation.py).
Each test diffs every YAML file of the drafts before and after.
"""

from __future__ import annotations

import difflib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from reportkit.comparison.proposals import circulated_lines
from reportkit.redline.amendments import render_proposals
from reportkit.redline.yaml_edit import references_to_ids
from reportkit.versions import load_version
from tests.conftest import EXAMPLE, run_cli
from tests.redline_support import Versions, versions
from tests.test_amendments import DELETED, REWORDED, word_copy
from tests.test_compilation import colombia_copy

__all__ = ["versions"]

GENERAL = Path("recommendations") / "a-general.yaml"
REFERENCED = "data-on-consequences-of-trafficking"  # recommendation 3 in v1


def drafts_at_v1(versions: Versions, target: Path, colombia_adds: str = " Regional ones too.") -> Path:
    """A meeting folder whose drafts read as v1 did, with Mexico's and Colombia's copies collected."""
    content = target / "content"
    shutil.copytree(versions.content / "versions", content / "versions")
    shutil.copytree(EXAMPLE, content, dirs_exist_ok=True)  # the example as bundled is v1
    pack = versions.pack.read_bytes()
    (target / "mexico.docx").write_bytes(word_copy(pack))
    (target / "colombia.docx").write_bytes(colombia_copy(pack, colombia_adds))
    result = run_cli(
        "amendments", "collect", "--content", content, target / "mexico.docx", target / "colombia.docx"
    )
    assert result.exit_code == 0, result.stderr
    return content


def yaml_files(content: Path) -> dict[str, str]:
    return {
        path.relative_to(content).as_posix(): path.read_text("utf-8")
        for path in sorted(content.rglob("*.yaml"))
        if "versions" not in path.relative_to(content).parts
    }


def changed_lines(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str]]:
    """Per file, the diff's removed and added lines (`-…`, `+…`), only for the files that changed."""
    changes = {}
    for name, text in before.items():
        if after[name] != text:
            diff = difflib.unified_diff(text.splitlines(), after[name].splitlines(), lineterm="", n=0)
            changes[name] = [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    return changes


def test_apply_changes_only_the_chosen_recommendations_text_and_records_whose_it_was(
    versions: Versions, tmp_path: Path
) -> None:
    content = drafts_at_v1(versions, tmp_path)
    before = yaml_files(content)
    assert run_cli("build", "--content", content, "--out", tmp_path / "before", "--only", "md").exit_code == 0
    result = run_cli("amendments", "apply", REWORDED, "--by", "mexico", "--content", content)
    assert result.exit_code == 0, result.stderr
    assert f"applied Mexico's proposal on version v1: {REWORDED} reworded" in result.stderr
    after = yaml_files(content)
    assert set(after) == set(before)
    assert changed_lines(before, after) == {
        GENERAL.as_posix(): [
            "-      States should note the complementarity between international and regional instruments"
            " and",
            "-      multilateral mechanisms on preventing and countering the diversion of and trafficking in",
            "-      firearms.",
            "+      States should recognize the complementarity between international and regional",
            "+      instruments and multilateral mechanisms on preventing and countering the diversion of",
            "+      and trafficking in firearms.",
            "+    applied:",
            "+      - {by: Mexico, version: v1}",
        ]
    }
    # The drafts build, the report reads Mexico's text and never says whose it was.
    out = tmp_path / "out"
    result = run_cli(
        "build", "--content", content, "--out", out, "--internal", "--only", "md", "--only", "site"
    )
    assert result.exit_code == 0, result.stderr
    report = (out / "report.md").read_text("utf-8")
    earlier = (tmp_path / "before" / "report.md").read_text("utf-8")
    assert report == earlier.replace(
        "States should note the complementarity", "States should recognize the complementarity"
    )
    page = (out / "internal-pages" / "proposals" / "v1.md").read_text("utf-8")
    mexico = page.split("### Proposal by Mexico", 1)[1].split("###", 1)[0]
    assert "Applied to the drafts" in mexico
    colombia = page.split("### Proposal by Colombia", 1)[1].split("###", 1)[0]
    assert "Applied to the drafts" not in colombia


def test_a_proposal_to_delete_withdraws_the_recommendation(versions: Versions, tmp_path: Path) -> None:
    content = drafts_at_v1(versions, tmp_path)
    before = yaml_files(content)
    result = run_cli("amendments", "apply", DELETED, "--by", "Colombia", "--content", content)
    assert result.exit_code == 0, result.stderr
    assert changed_lines(before, yaml_files(content)) == {
        "recommendations/b-illicit-financial-flows.yaml": [
            "-    status: adopted",
            "+    status: withdrawn",
            "+    applied:",
            "+      - {by: Colombia, version: v1}",
        ]
    }


def test_references_in_proposed_text_become_ids_where_they_name_a_circulated_number(
    versions: Versions, tmp_path: Path
) -> None:
    content = drafts_at_v1(
        versions, tmp_path, " See recommendation 3 and recommendation 99. Recommendation 3 applies too."
    )
    result = run_cli("amendments", "apply", REWORDED, "--by", "Colombia", "--content", content)
    assert result.exit_code == 0, result.stderr
    text = (content / GENERAL).read_text("utf-8")
    assert f"See recommendation [[{REFERENCED}]] and" not in text
    assert f"See [[{REFERENCED}]] and recommendation 99. [[{REFERENCED}|cap]] applies" in " ".join(
        text.split()
    )
    assert (
        "warning[unresolved-reference]: 'recommendation 99' in the proposed text names no recommendation "
        "of version v1 that the drafts still hold; it is kept as text"
    ) in result.stderr
    assert f"{content / GENERAL}:" in result.stderr  # the warning points at the recommendation
    out = tmp_path / "out"
    result = run_cli("build", "--content", content, "--out", out, "--only", "md")
    assert result.exit_code == 0, result.stderr
    report = " ".join((out / "report.md").read_text("utf-8").split())
    assert f"See recommendation [3](#{REFERENCED}) and recommendation 99." in report  # a link again
    assert f"Recommendation [3](#{REFERENCED}) applies too." in report


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (
            [REWORDED, "--by", "Peru"],
            "error[no-such-proposal]: no proposal by Peru on 'complementarity-of-instruments' was collected "
            "on version 'v1'",
        ),
        (["no-such-id", "--by", "Mexico"], "error[no-such-proposal]: no proposal by Mexico on 'no-such-id'"),
        ([REWORDED, "--by", "Mexico", "--from", "v9"], "error[unknown-version]"),
    ],
)
def test_bad_choices_are_input_errors_and_nothing_is_written(
    versions: Versions, tmp_path: Path, arguments: list[str], expected: str
) -> None:
    content = drafts_at_v1(versions, tmp_path)
    before = yaml_files(content)
    result = run_cli("amendments", "apply", *arguments, "--content", content)
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "hint: " in result.stderr and "Traceback" not in result.stderr
    assert yaml_files(content) == before


def test_a_recommendation_reworded_since_the_version_is_not_overwritten(
    versions: Versions, tmp_path: Path
) -> None:
    content = drafts_at_v1(versions, tmp_path)
    assert run_cli("amendments", "apply", REWORDED, "--by", "Mexico", "--content", content).exit_code == 0
    before = yaml_files(content)
    result = run_cli("amendments", "apply", REWORDED, "--by", "Colombia", "--content", content)
    assert result.exit_code == 2
    line = next(n for n, text in enumerate(before[GENERAL.as_posix()].splitlines(), 1) if REWORDED in text)
    assert (
        f"{content / GENERAL}:{line}:5: error[changed-since-version]: recommendation '{REWORDED}' has "
        "changed since version 'v1' was circulated"
    ) in result.stderr
    assert yaml_files(content) == before


def test_only_whole_recommendation_numbers_are_references_and_markup_is_escaped() -> None:
    text, unresolved = references_to_ids(
        "Recommendation 3 and recommendations 2 and 4, recommendation 3.1, [[x]] and ^[y]; recommendation 7",
        {"3": "three", "7": "seven"},
        {"three"},
    )
    assert text == (
        "[[three|cap]] and recommendations 2 and 4, recommendation 3.1, \\[[x]] and \\^[y]; recommendation 7"
    )
    assert unresolved == ["recommendation 7"]  # in the version, but no longer in the drafts


def _record_by_hand(content: Path, recommendation_id: str, edit: Callable[[list[str]], list[str]]) -> None:
    """A record holding one proposal by Peru on the recommendation: its circulated lines, edited."""
    snapshot, _ = load_version(content, "v1")
    assert snapshot is not None
    unit = next(unit for unit in snapshot.recommendations if unit.id == recommendation_id)
    original = circulated_lines(unit, headings=True)
    proposal = {"recommendation": unit.id, "number": unit.number, "by": "Peru", "file": "peru.docx",
                "original": "\n".join(original), "proposed": "\n".join(edit(list(original))),
                "changes": [], "comments": []}  # fmt: skip
    (content / "versions" / "proposals" / "v1.yaml").write_text(render_proposals("v1", [proposal]), "utf-8")


def test_a_reworded_subparagraph_changes_that_subparagraph_alone(versions: Versions, tmp_path: Path) -> None:
    content = drafts_at_v1(versions, tmp_path)

    def reword_b(lines: list[str]) -> list[str]:
        lines[2] = lines[2].replace(
            "Promoting victim-centred", "Promoting gender-sensitive and victim-centred"
        )
        return lines

    _record_by_hand(content, "future-topics", reword_b)
    before = yaml_files(content)
    result = run_cli("amendments", "apply", "future-topics", "--by", "Peru", "--content", content)
    assert result.exit_code == 0, result.stderr
    assert changed_lines(before, yaml_files(content)) == {
        "recommendations/d-follow-up.yaml": [
            "-        Promoting victim-centred approaches in the area of preventing and countering illicit",
            "-        manufacturing of and trafficking in firearms, their parts and components and"
            " ammunition;",
            "+        Promoting gender-sensitive and victim-centred approaches in the area of preventing and",
            "+        countering illicit manufacturing of and trafficking in firearms, their parts and",
            "+        components and ammunition;",
            "+    applied:",
            "+      - {by: Peru, version: v1}",
        ]
    }


def test_a_proposal_dropping_a_subparagraph_is_applied_by_hand(versions: Versions, tmp_path: Path) -> None:
    content = drafts_at_v1(versions, tmp_path)
    _record_by_hand(content, "future-topics", lambda lines: lines[:2] + lines[3:])
    before = yaml_files(content)
    result = run_cli("amendments", "apply", "future-topics", "--by", "Peru", "--content", content)
    assert result.exit_code == 2
    assert (
        "error[cannot-apply]: cannot apply Peru's proposal: the proposal adds, removes or relabels "
        "subparagraphs"
    ) in result.stderr
    assert "hint: apply it by hand" in result.stderr
    assert yaml_files(content) == before


def test_a_proposal_that_only_comments_changes_nothing(versions: Versions, tmp_path: Path) -> None:
    content = drafts_at_v1(versions, tmp_path)
    _record_by_hand(content, "future-topics", lambda lines: lines)
    before = yaml_files(content)
    result = run_cli("amendments", "apply", "future-topics", "--by", "Peru", "--content", content)
    assert result.exit_code == 2
    assert "error[cannot-apply]: cannot apply Peru's proposal: it changes no text" in result.stderr
    assert yaml_files(content) == before
