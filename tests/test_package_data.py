"""What reportkit reads at run time ships inside the package, and the commands that show it to users:
`--version`, `python -m reportkit`, `help format` and `schema`. (tests/test_installed.py runs them
from an installed wheel.)"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from reportkit.package_data import format_reference_path, schema_path, site_base_config_path
from tests.conftest import ROOT, run_cli

PACKAGE = ROOT / "src" / "reportkit"


def test_every_run_time_file_is_inside_the_package() -> None:
    for path in (schema_path(), format_reference_path(), site_base_config_path()):
        assert path.is_file()
        assert path.resolve().is_relative_to(PACKAGE.resolve())


def test_the_format_reference_has_one_source() -> None:
    """docs/format.md, which the README and error hints name, is a link to the packaged file."""
    link = ROOT / "docs" / "format.md"
    assert link.is_symlink()
    assert link.resolve() == (PACKAGE / "format.md").resolve()


def test_version_is_the_installed_distributions() -> None:
    result = run_cli("--version")
    assert (result.exit_code, result.stdout) == (0, f"reportkit {version('reportkit')}\n")


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reportkit", "--version"], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (0, f"reportkit {version('reportkit')}\n")


def test_help_format_prints_the_format_reference() -> None:
    result = run_cli("help", "format")
    assert result.exit_code == 0
    assert result.stdout == (PACKAGE / "format.md").read_text("utf-8")
    assert result.stdout.startswith("# The draft format\n")


def test_help_without_a_topic_lists_the_commands() -> None:
    result = run_cli("help")
    assert result.exit_code == 0
    assert "schema" in result.stdout and "circulate" in result.stdout


def test_an_unknown_help_topic_is_a_usage_error() -> None:
    result = run_cli("help", "colours")
    assert result.exit_code == 2
    assert "invalid choice: 'colours'" in result.stderr


def test_schema_prints_the_installed_schema_path() -> None:
    result = run_cli("schema")
    assert result.exit_code == 0
    printed = Path(result.stdout.strip())
    assert printed == schema_path()
    assert json.loads(printed.read_text("utf-8"))["$schema"].startswith("https://json-schema.org/")


def test_schema_write_copies_it_into_a_folder(tmp_path: Path) -> None:
    result = run_cli("schema", "--write", tmp_path)
    assert result.exit_code == 0, result.stderr
    copy = tmp_path / "reportkit.schema.json"
    assert copy.read_bytes() == schema_path().read_bytes()
    assert f"wrote {copy}" in result.stderr


def test_schema_write_into_a_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    result = run_cli("schema", "--write", tmp_path / "missing")
    assert result.exit_code == 2
    assert f"{tmp_path / 'missing'}:1:1: error[cannot-write]: cannot write to" in result.stderr
    assert "hint: name an existing folder you can write to" in result.stderr
    assert "Traceback" not in result.stderr
