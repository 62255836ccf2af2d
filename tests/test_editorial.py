"""Editorial checks: a long paragraph and a report over its word limit are warnings, not errors."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import EXAMPLE, run_cli


def test_a_very_long_paragraph_is_a_warning_and_the_build_still_succeeds(mini: Path, tmp_path: Path) -> None:
    chapter = mini / "chapters" / "recommendations.yaml"
    long_text = " ".join(["cooperation"] * 1600)
    chapter.write_text(
        chapter.read_text("utf-8").replace("States should cooperate.", f"States should {long_text}.")
    )
    result = run_cli("build", "--content", mini, "--out", tmp_path / "out", "--only", "md")
    assert result.exit_code == 0
    assert (
        f"{mini.as_posix()}/chapters/recommendations.yaml:9:9: warning[long-text]: "
        "recommendation 'cooperate' has 1,602 words" in result.stderr
    )
    assert (tmp_path / "out" / "report.md").exists()


def test_the_example_is_within_the_word_limit_of_intergovernmental_bodies() -> None:
    result = run_cli("check", "--content", EXAMPLE)
    assert "word-limit" not in result.stderr


def test_a_lower_word_limit_is_reported(mini: Path) -> None:
    report = mini / "report.yaml"
    report.write_text(report.read_text("utf-8") + "options:\n  word_limit: 50\n", "utf-8")
    result = run_cli("check", "--content", mini)
    assert "warning[word-limit]: the report has " in result.stderr
    assert "over its limit of 50" in result.stderr


def test_percent_signs_and_dates_with_commas_are_flagged_as_the_editorial_manual_asks(mini: Path) -> None:
    chapter = mini / "chapters" / "deliberations.yaml"
    chapter.write_text(
        chapter.read_text("utf-8").replace(
            "The Working Group considered", "On May 10, 2022, with 70% present, the Working Group considered"
        ),
        "utf-8",
    )
    result = run_cli("check", "--content", mini)
    where = f"{mini.as_posix()}/chapters/deliberations.yaml:4:5"
    assert f"{where}: warning[per-cent]: paragraph 'item-considered' uses '%'" in result.stderr
    assert (
        f"{where}: warning[date-form]: paragraph 'item-considered' writes the date 'May 10, 2022'"
        in result.stderr
    )
    assert result.exit_code == 0  # warnings inform; they do not stop anything
