"""The command line itself: its choices agree with the modules behind them, the installed console
script runs, and a plain build does not load what it does not need."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path
from typing import get_args

from reportkit import cli
from reportkit.checks.duplicates import FailOn
from reportkit.comparison.compare import SCOPES, Scope
from reportkit.diagnostics import Diagnostic, Severity, SourceLoc
from reportkit.registry.check import Method
from tests.conftest import EXAMPLE, run_cli


def test_the_choices_offered_are_those_the_commands_accept() -> None:
    assert get_args(FailOn) == cli.FAIL_ON
    assert get_args(Method) == cli.METHODS
    assert cli.SCOPES == get_args(Scope) == SCOPES


def test_without_a_command_the_commands_are_listed_and_the_exit_code_is_2() -> None:
    result = run_cli()
    assert result.exit_code == 2
    for command in ("check", "build", "watch", "serve", "circulate", "diff", "registry"):
        assert f"    {command}" in result.stderr
    registry = run_cli("registry")
    assert registry.exit_code == 2
    assert "compendium" in registry.stderr


def test_a_bad_option_value_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("build", "--content", EXAMPLE, "--out", tmp_path / "out", "--only", "pdf")
    assert result.exit_code == 2
    assert "argument --only: invalid choice: 'pdf'" in result.stderr
    assert not any(tmp_path.iterdir())


def test_the_installed_console_script_builds_the_example(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "reportkit"
    completed = subprocess.run(
        [str(script), "build", "--content", str(EXAMPLE), "--out", str(tmp_path), "--only", "md"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr.splitlines() == [
        f"wrote {tmp_path / 'numbers.json'}",
        f"wrote {tmp_path / 'report.md'}",
    ]
    assert (tmp_path / "report.md").read_text("utf-8").startswith("---")


def test_a_clean_docx_build_loads_no_parser_framework_nor_terminal_library(tmp_path: Path) -> None:
    """Every command is a fresh process: a cold `build --only docx` must not pay for typer, pydantic,
    rich or jsonschema when the drafts are valid and standard error is not a terminal."""
    heavy = {"typer", "pydantic", "rich", "jsonschema", "click"}
    arguments = ["build", "--content", str(EXAMPLE), "--out", str(tmp_path), "--only", "docx"]
    code = (
        f"import sys; from reportkit.cli import main; code = main({arguments!r}); "
        f"print(code, *sorted({{name.split('.')[0] for name in sys.modules}} & {heavy!r}))"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.split() == ["0"]
    assert (tmp_path / "report.docx").stat().st_size > 10_000


def _run_on_a_terminal(command: list[str]) -> tuple[int, str]:
    """Run a command with a pseudo-terminal as its output, as in a user's shell; its exit code and all
    it wrote there, escape sequences included."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(command, stdout=terminal, stderr=terminal, close_fds=True)
    os.close(terminal)
    written = b""
    while select.select([controller], [], [], 30)[0]:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the other end closed: the command has finished
            break
        if not chunk:
            break
        written += chunk
    os.close(controller)
    return process.wait(timeout=30), written.decode("utf-8", "replace")


def test_on_a_terminal_the_build_shows_its_phase_beside_a_spinner(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "reportkit"
    code, shown = _run_on_a_terminal(
        [str(script), "build", "--content", str(EXAMPLE), "--out", str(tmp_path), "--only", "md"]
    )
    assert code == 0
    assert "\x1b[?25l" in shown  # rich hides the cursor while its spinner runs …
    assert any(phase in shown for phase in ("reading the drafts", "writing report.md", "writing the files"))
    assert "\x1b[?25h" in shown  # … and shows it again
    assert f"wrote {tmp_path / 'report.md'}" in shown


def test_one_function_decides_exit_codes_input_errors_first() -> None:
    error = Diagnostic("wrong-type", "x", SourceLoc("a.yaml"), "h")
    warning = Diagnostic("per-cent", "x", SourceLoc("a.yaml"), "h", Severity.WARNING)
    assert cli.exit_code([]) == 0
    assert cli.exit_code([warning]) == 0
    assert cli.exit_code([warning], findings_fail=True) == 1
    assert cli.exit_code([warning, error], findings_fail=True) == 2
    assert cli.CommandExit([error]).code == 2
