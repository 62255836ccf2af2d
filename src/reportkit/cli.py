"""The `reportkit` command: arguments in, diagnostics out, and one place that decides exit codes.

Exit codes: 0 clean, 1 findings (duplicates, lints at error level), 2 input errors.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from reportkit.build import WRITERS, prepare, render_outputs, write_outputs
from reportkit.diagnostics import Diagnostic, Severity, SourceLoc

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Build UN meeting reports from YAML drafts: DOCX, site, numbers and checks.",
    pretty_exceptions_enable=False,
)

EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT_ERROR = 0, 1, 2

ContentOption = Annotated[Path, typer.Option("--content", help="Folder of the YAML drafts.")]
OutOption = Annotated[Path, typer.Option("--out", help="Folder for the outputs.")]


def _stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    console = _stderr()
    for diagnostic in diagnostics:
        style = {"error": "bold red", "warning": "yellow", "note": "cyan"}[diagnostic.severity.value]
        first, *rest = diagnostic.render().split("\n")
        console.print(first, style=style, markup=False)
        for line in rest:
            console.print(line, markup=False)
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = sum(d.severity is Severity.WARNING for d in diagnostics)
    if diagnostics:
        console.print(f"{errors} error(s), {warnings} warning(s)", markup=False)


def _fail_unwritable(out: Path, error: OSError) -> None:
    print_diagnostics(
        [
            Diagnostic(
                "cannot-write",
                f"cannot write to '{out}': {error.strerror or error}",
                SourceLoc(str(out)),
                "choose another --out folder, or fix its permissions",
            )
        ]
    )
    raise typer.Exit(EXIT_INPUT_ERROR)


@app.command()
def check(
    content: ContentOption = Path("content"),
    out: OutOption = Path("build"),
) -> None:
    """Validate the drafts without writing anything."""
    prepared = prepare(content)
    print_diagnostics(prepared.diagnostics)
    if not prepared.ok:
        raise typer.Exit(EXIT_INPUT_ERROR)
    _stderr().print(f"{content}: no problems found", markup=False)


@app.command()
def build(
    content: ContentOption = Path("content"),
    out: OutOption = Path("build"),
    only: Annotated[
        list[str] | None, typer.Option("--only", help=f"Build one output alone: {', '.join(WRITERS)}.")
    ] = None,
) -> None:
    """Build every output of the report into the output folder."""
    unknown = [name for name in only or [] if name not in WRITERS]
    if unknown:
        _stderr().print(
            f"error: unknown output {', '.join(unknown)}; choose from {', '.join(WRITERS)}", markup=False
        )
        raise typer.Exit(EXIT_INPUT_ERROR)
    prepared = prepare(content)
    print_diagnostics(prepared.diagnostics)
    if not prepared.ok or prepared.report is None:
        raise typer.Exit(EXIT_INPUT_ERROR)
    outputs = render_outputs(prepared.report, only)
    try:
        written = write_outputs(out, outputs)
    except OSError as error:
        _fail_unwritable(out, error)
    for path in written:
        _stderr().print(f"wrote {path}", markup=False)


def main() -> None:
    app(prog_name="reportkit")


if __name__ == "__main__":
    sys.exit(main())
