"""The bad-input corpus: each folder of tests/bad-inputs/ breaks the small fixture report in one way.

A case folder holds `content/` (files laid over a copy of tests/fixtures/mini), optionally `delete.txt`
(paths to remove; "." removes the whole content folder) and `symlinks.txt` (lines `LINK -> TARGET`,
symbolic links made in the content folder, which copying would follow) and `expected.txt`, the
exact diagnostics `reportkit check` prints. Regenerate expectations with `pytest --accept` and
review them as a diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import MINI, run_cli

CASES = Path(__file__).parent / "bad-inputs"
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir())


def _lay_out(case: Path, workdir: Path) -> None:
    content = workdir / "content"
    shutil.copytree(MINI, content)
    if (case / "content").is_dir():
        shutil.copytree(case / "content", content, dirs_exist_ok=True)
    delete = case / "delete.txt"
    for line in delete.read_text("utf-8").split() if delete.exists() else []:
        target = content / line
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()
    symlinks = case / "symlinks.txt"
    for line in symlinks.read_text("utf-8").splitlines() if symlinks.exists() else []:
        link, target_text = line.split(" -> ")
        (content / link).unlink(missing_ok=True)
        (content / link).symlink_to(target_text)


@pytest.mark.parametrize("name", CASE_NAMES)
def test_bad_input_gives_its_exact_diagnostics_and_exit_code_2(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    case = CASES / name
    _lay_out(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "--content", "content")
    expected_file = case / "expected.txt"
    if request.config.getoption("--accept"):
        expected_file.write_text(result.stderr, "utf-8")
    assert result.exit_code == 2
    assert result.stderr == expected_file.read_text("utf-8")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", CASE_NAMES)
def test_bad_input_writes_nothing_to_the_build_folder(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _lay_out(CASES / name, tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "--content", "content", "--out", "build", "--only", "md")
    assert result.exit_code == 2
    assert not (tmp_path / "build").exists()
