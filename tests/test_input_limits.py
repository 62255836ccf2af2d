"""Reading is bounded: an alias bomb or a recursive alias in a draft, a version file or a registry file
is refused at once with a clear diagnostic, by the real command in a child process.

YAML aliases are not allowed in any input (docs/format.md): the reader refuses the first one it meets,
so a "billion laughs" file costs what its bytes cost. The child's timeout is only a guard against a
hang; the assertion is the diagnostic.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI

REPORTKIT = Path(sys.executable).parent / "reportkit"
GUARD_SECONDS = 60  # the budget is 2 s; this only stops a hang from stalling the suite
HINT = "  hint: anchors ('&name') and aliases ('*name') are not allowed; write the value out in full"


def alias_bomb(levels: int = 10, width: int = 10, indent: str = "") -> str:
    """`levels` anchored lists, each holding `width` aliases of the one before: width**levels leaves."""
    lines = [f"{indent}l0: &l0 [" + ", ".join(["lol"] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"{indent}l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(REPORTKIT), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=GUARD_SECONDS,
        env={**os.environ, "COLUMNS": "400"},
        check=False,
    )


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(MINI, target)
    return target


@pytest.mark.parametrize(
    ("tail", "first_line"),
    [
        (
            "bomb:\n" + alias_bomb(indent="  "),
            "content/themes.yaml:8:12: error[yaml-alias]: YAML alias '*l0' is not allowed (and 89 more in"
            " this file)",
        ),
        ("  - &r [*r]\n", "content/themes.yaml:6:9: error[yaml-alias]: YAML alias '*r' is not allowed"),
    ],
    ids=["alias-bomb", "recursive-alias"],
)
def test_aliases_in_a_draft_are_refused_at_once(
    content: Path, tmp_path: Path, tail: str, first_line: str
) -> None:
    themes = content / "themes.yaml"
    themes.write_text(themes.read_text("utf-8") + tail, "utf-8")
    result = _run("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"{first_line}\n{HINT}\n1 error(s), 0 warning(s)\n"


@pytest.mark.parametrize(
    ("version", "first_line"),
    [
        (
            "format: 1\nversion: v0\n" + alias_bomb(),
            "content/versions/v0.yaml:4:10: error[yaml-alias]: YAML alias '*l0' is not allowed (and 89 more"
            " in this file)",
        ),
        (
            "format: 1\nversion: &r [*r]\n",
            "content/versions/v0.yaml:2:14: error[yaml-alias]: YAML alias '*r' is not allowed",
        ),
    ],
    ids=["alias-bomb", "recursive-alias"],
)
def test_aliases_in_a_version_file_are_refused_at_once(
    content: Path, tmp_path: Path, version: str, first_line: str
) -> None:
    (content / "versions").mkdir()
    (content / "versions" / "v0.yaml").write_text(version, "utf-8")
    # The internal site reads every recorded version (the public one reads none).
    result = _run("build", "--internal", "--content", "content", "--out", "build", cwd=tmp_path)
    assert result.returncode == 2
    assert f"{first_line}\n{HINT}\n" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "build").exists()


@pytest.mark.parametrize(
    ("entry", "first_line"),
    [
        (
            "  - id: a\n    number: '1'\n    text: A.\n    items:\n" + alias_bomb(indent="      - "),
            "registry/x.yaml:10:18: error[yaml-alias]: YAML alias '*l0' is not allowed (and 89 more in this"
            " file)",
        ),
        (
            "  - &r {id: a, number: '1', text: A., items: [*r]}\n",
            "registry/x.yaml:5:47: error[yaml-alias]: YAML alias '*r' is not allowed",
        ),
    ],
    ids=["alias-bomb", "recursive-alias"],
)
def test_aliases_in_a_registry_file_are_refused_at_once(
    content: Path, tmp_path: Path, entry: str, first_line: str
) -> None:
    registry = tmp_path / "registry"
    registry.mkdir()
    (registry / "x.yaml").write_text("meeting:\n  symbol: X/1\nthemes: {}\nrecommendations:\n" + entry)
    result = _run(
        "check", "--content", "content", "--registry", "registry", "--method", "lexical", cwd=tmp_path
    )
    assert result.returncode == 2
    assert f"{first_line}\n{HINT}\n" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_with_thousands_of_problems_reports_the_first_hundred(content: Path, tmp_path: Path) -> None:
    themes = content / "themes.yaml"
    themes.write_text("themes:\n" + "".join(f"  - theme: Bad Id {n}\n    title: x\n" for n in range(5000)))
    result = _run("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert sum("error[wrong-type]: 'Bad Id" in line for line in lines) == 100
    assert lines[-3:] == [
        "content/themes.yaml:202:12: error[too-many-problems]: more than 100 problems in this file;"
        " from here on they are not shown",
        "  hint: fix these first, then check again",
        "101 error(s), 0 warning(s)",
    ]
