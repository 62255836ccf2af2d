"""reportkit as users get it: a wheel built from this tree, installed non-editable into a fresh venv
from the users' hashed lock, run in a meeting folder outside the repository with no source tree on
sys.path. Every command a secretariat uses once, and a meeting folder's own mkdocs.yml.

About a minute (the wheel, a venv, the lock from pip's cache, then the commands); marked `installed`
so it can be deselected with `-m "not installed"` while working on something else.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT

pytestmark = pytest.mark.installed

USERS_LOCK = ROOT / "requirements-users.lock"
NEW_SYMBOL = "CTOC/COP/WG.6/2026/4"
PARTICULARS = [
    "--body",
    "Conference of the Parties to the United Nations Convention against Transnational Organized Crime",
    "--meeting", "Working Group on Firearms", "--symbol", NEW_SYMBOL, "--venue", "Vienna",
    "--dates", "2026-05-10..2026-05-12", "--job-number", "V.26-01234",
]  # fmt: skip
TIMEOUT = 300


@dataclass(frozen=True)
class Installed:
    venv: Path
    work: Path  # a folder outside the repository, for meeting folders

    @property
    def reportkit(self) -> Path:
        return self.venv / "bin" / "reportkit"


def _environment() -> dict[str, str]:
    """The user's environment: nothing that would put this repository's sources on sys.path."""
    return {
        **{k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}},
        "NO_COLOR": "1",
    }


def _run(command: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def _ok(command: list[str | Path], cwd: Path) -> str:
    result = _run(command, cwd)
    assert result.returncode == 0, f"{command}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("installed")
    assert not root.resolve().is_relative_to(ROOT.resolve())
    # setuptools writes build/ and *.egg-info beside pyproject.toml: build from a copy, not the tree.
    source = root / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    _ok([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", root / "dist", source], root)
    (wheel,) = (root / "dist").glob("reportkit-*.whl")

    venv = root / "venv"
    _ok([sys.executable, "-m", "venv", venv], root)
    pip = [venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    _ok([*pip, "-r", USERS_LOCK], root)  # hashed: pip checks every file
    _ok([*pip, "--no-deps", wheel], root)
    work = root / "work"
    work.mkdir()
    return Installed(venv, work)


def _meeting_folder(installed: Installed, name: str) -> Path:
    """A meeting folder holding the bundled example's drafts."""
    meeting = installed.work / name
    shutil.copytree(EXAMPLE, meeting)
    return meeting


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _serving(command: list[str | Path], cwd: Path) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(
        [str(part) for part in command],
        cwd=cwd,
        env=_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def _fetch_when_up(url: str, process: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, f"reportkit serve ended with exit {process.returncode}"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} never answered")


def test_the_installed_package_runs_without_the_source_tree(installed: Installed) -> None:
    python = installed.venv / "bin" / "python"
    where = _ok(
        [python, "-c", "import reportkit.cli, sys; print(reportkit.cli.__file__); print(sys.path)"],
        installed.work,
    )
    module_file = Path(where.splitlines()[0])
    assert module_file.is_relative_to(installed.venv)
    assert str(ROOT) not in where
    assert _ok([installed.reportkit, "--version"], installed.work).startswith("reportkit ")
    reference = _ok([python, "-m", "reportkit", "help", "format"], installed.work)
    assert reference == (ROOT / "src" / "reportkit" / "format.md").read_text("utf-8")
    schema = Path(_ok([installed.reportkit, "schema"], installed.work).strip())
    assert schema.is_relative_to(installed.venv) and schema.is_file()


def test_a_new_meeting_is_built_checked_circulated_compared_and_served(installed: Installed) -> None:
    """The three commands of README, then the rest, all inside the meeting folder with no folder options."""
    said = _ok([installed.reportkit, "new", "wg-firearms-2026", *PARTICULARS], installed.work)
    assert "wrote the meeting folder wg-firearms-2026" in said
    meeting = installed.work / "wg-firearms-2026"
    out = meeting / "build"

    _ok([installed.reportkit, "build"], meeting)
    with zipfile.ZipFile(out / "report.docx") as docx:
        assert "Working Group on Firearms" in docx.read("word/document.xml").decode()
        assert NEW_SYMBOL in docx.read("word/header2.xml").decode()
        assert 'w:styleId="SingleTxt"' in docx.read("word/styles.xml").decode()  # the packaged template
    assert NEW_SYMBOL in (out / "site" / "index.html").read_text("utf-8")
    assert (out / "site" / "report.docx").read_bytes() == (out / "report.docx").read_bytes()
    assert (out / "site" / "search" / "search_index.js").is_file()

    _ok([installed.reportkit, "check"], meeting)
    _ok([installed.reportkit, "circulate", "--as", "v1", "--date", "2026-04-01"], meeting)
    assert (meeting / "versions" / "v1.yaml").is_file()
    section = meeting / "recommendations" / "a-first-topic.yaml"
    section.write_text(section.read_text("utf-8").replace("States parties", "All States parties", 1), "utf-8")
    said = _ok([installed.reportkit, "diff", "--from", "v1", "--date", "2026-04-02"], meeting)
    assert "v1 → current: 0 added, 0 deleted, 0 moved, 1 reworded, 0 renumbered" in said
    with zipfile.ZipFile(out / "diff-v1-current" / "redline.docx") as redline:
        assert "<w:ins " in redline.read("word/document.xml").decode()  # a real tracked change
    assert (out / "circulation" / "v1" / "recommendations.docx").is_file()

    port = _free_port()
    with _serving([installed.reportkit, "serve", "--port", str(port)], meeting) as process:
        page = _fetch_when_up(f"http://127.0.0.1:{port}/recommendations.html", process)
    assert NEW_SYMBOL in page and "livereload" in page


def test_a_meeting_folders_mkdocs_yml_renames_the_site_and_adds_a_page(installed: Installed) -> None:
    meeting = _meeting_folder(installed, "renamed")
    (meeting / "mkdocs.yml").write_text(
        "site_name: Firearms Working Group 2021\nnav:\n  - Programme of work: programme.md\n", "utf-8"
    )
    (meeting / "programme.md").write_text("# Programme of work\n", "utf-8")
    out = meeting / "build"
    _ok([installed.reportkit, "build"], meeting)
    home = (out / "site" / "index.html").read_text("utf-8")
    assert "Firearms Working Group 2021</title>" in home
    assert "assets/stylesheets/reportkit.css" in home  # the packaged base's look, still there
    assert 'href="programme.html"' in home
    assert "Programme of work" in (out / "site" / "programme.html").read_text("utf-8")
