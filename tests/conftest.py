"""Shared fixtures: the bundled example, a small fixture report, and running the CLI like a user."""

from __future__ import annotations

import contextlib
import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from reportkit.cli import main

# Property-based tests: a quick, repeatable profile for CI; `--hypothesis-profile=long` or `deep` to hunt.
settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.register_profile(
    "long", max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "deep", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "content"
MINI = ROOT / "tests" / "fixtures" / "mini"


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path) -> CliResult:
    """The command as a user runs it, in this process: exit code and both output streams."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            exit_code = main([str(a) for a in args])
        except SystemExit as usage_error:  # argparse ends bad command lines itself
            exit_code = int(usage_error.code or 0)
    return CliResult(exit_code, stdout.getvalue(), stderr.getvalue())


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small fixture report, to break in tests."""
    target = tmp_path / "content"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example built once per test session (Markdown and numbers only; writers test their own)."""
    out = tmp_path_factory.mktemp("example-build")
    result = run_cli("build", "--content", EXAMPLE, "--out", out, "--only", "md")
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium under Playwright, one for the whole run: Playwright's sync API runs one event
    loop per thread, so two modules each holding a browser of their own would clash."""
    from tests.site_support import CHROMIUM, chromium

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    pytest.importorskip("playwright.sync_api")
    with chromium() as launched:
        yield launched


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--accept", action="store_true", help="rewrite expected outputs of golden tests")
