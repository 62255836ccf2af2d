"""The `reportkit` command: arguments in, diagnostics out, and one place that decides exit codes.

Exit codes: 0 clean, 1 findings (duplicates, lints at error level), 2 input errors.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from reportkit.build import WRITERS, write_outputs
from reportkit.build import build as run_build
from reportkit.diagnostics import Diagnostic, Severity, SourceLoc, has_errors
from reportkit.pipeline import prepare

if TYPE_CHECKING:
    from reportkit.redline.actions import Outcome
    from reportkit.watch import Rebuild

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
    registry: Annotated[
        Path | None, typer.Option("--registry", help="Registry folder of earlier meetings to compare with.")
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", help="text or json (on standard output).")
    ] = "text",
    fail_on: Annotated[
        str, typer.Option("--fail-on", help="Exit 1 on findings at or above: duplicate, overlap, never.")
    ] = "duplicate",
    neighbours: Annotated[
        bool, typer.Option("--neighbours", help="Also show each recommendation's three nearest.")
    ] = False,
    method: Annotated[
        str, typer.Option("--method", help="auto (embeddings if installed), lexical or embeddings.")
    ] = "auto",
    cache: Annotated[Path, typer.Option("--cache", help="Folder for the registry index.")] = Path(
        ".reportkit-cache"
    ),
) -> None:
    """Validate the drafts and look for duplicated recommendations, without writing the outputs."""
    from reportkit.checks.duplicates import fails, findings_json
    from reportkit.registry_index import run_duplicate_check

    choices = {
        "--format": (output_format, ("text", "json")),
        "--fail-on": (fail_on, ("duplicate", "overlap", "never")),
        "--method": (method, ("auto", "lexical", "embeddings")),
    }
    for option, (value, allowed) in choices.items():
        if value not in allowed:
            _stderr().print(f"error: {option} {value}: choose from {', '.join(allowed)}", markup=False)
            raise typer.Exit(EXIT_INPUT_ERROR)
    # A spinner on a terminal while a large report or registry is read and compared; nothing otherwise.
    with _stderr().status("reading the drafts", spinner="dots") as status:
        prepared = prepare(content)
        if prepared.ok and prepared.report is not None:
            status.update("comparing recommendations" + (" with the registry" if registry else ""))
            outcome = run_duplicate_check(prepared.report, registry, cache, method, 3)  # type: ignore[arg-type]
    print_diagnostics(prepared.diagnostics)
    if not prepared.ok or prepared.report is None:
        raise typer.Exit(EXIT_INPUT_ERROR)
    print_diagnostics(list(outcome.diagnostics))
    if outcome.findings is None:
        raise typer.Exit(EXIT_INPUT_ERROR)
    if output_format == "json":
        document = findings_json(outcome.findings, content, registry)
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        from reportkit.checks.terminal import print_findings

        print_findings(outcome.findings, Console(highlight=False), neighbours)
    if fails(outcome.findings, fail_on):  # type: ignore[arg-type]
        raise typer.Exit(EXIT_FINDINGS)
    if not outcome.findings.findings:
        _stderr().print(f"{content}: no problems found", markup=False)


registry_app = typer.Typer(
    no_args_is_help=True,
    help="The registry of earlier meetings' adopted recommendations, and its compendium.",
)
app.add_typer(registry_app, name="registry")
RegistryOption = Annotated[Path, typer.Option("--registry", help="The registry folder.")]


@registry_app.command("add")
def registry_add(
    content: ContentOption = Path("content"), registry: RegistryOption = Path("registry")
) -> None:
    """Record a report's adopted recommendations (re-adding a meeting replaces its entries)."""
    from reportkit.registry import record_report

    prepared = prepare(content)
    print_diagnostics(prepared.diagnostics)
    if not prepared.ok or prepared.report is None:
        raise typer.Exit(EXIT_INPUT_ERROR)
    try:
        path, count = record_report(prepared.report, registry)
    except OSError as error:
        _fail_unwritable(registry, error)
    _stderr().print(
        f"recorded {count} adopted recommendation(s) of {prepared.report.meeting.symbol} in {path}",
        markup=False,
    )


@registry_app.command("compendium")
def registry_compendium(registry: RegistryOption = Path("registry"), out: OutOption = Path("build")) -> None:
    """Write compendium.docx and compendium.md: every recorded recommendation, by theme and by meeting."""
    from reportkit.compendium import compendium_docx, compendium_page
    from reportkit.registry import load_registry

    loaded, diagnostics = load_registry(registry)
    print_diagnostics(diagnostics)
    if has_errors(diagnostics):
        raise typer.Exit(EXIT_INPUT_ERROR)
    outputs = {
        "compendium.md": compendium_page(loaded).encode("utf-8"),
        "compendium.docx": compendium_docx(loaded),
    }
    try:
        written = write_outputs(out, outputs)
    except OSError as error:
        _fail_unwritable(out, error)
    for path in written:
        _stderr().print(f"wrote {path}", markup=False)


@app.command()
def build(
    content: ContentOption = Path("content"),
    out: OutOption = Path("build"),
    only: Annotated[
        list[str] | None, typer.Option("--only", help=f"Build one output alone: {', '.join(WRITERS)}.")
    ] = None,
    registry: Annotated[
        Path | None,
        typer.Option(
            "--registry", help="Earlier meetings' recommendations: adds the compendium and duplicates pages."
        ),
    ] = None,
) -> None:
    """Build every output of the report into the output folder."""
    unknown = [name for name in only or [] if name not in WRITERS]
    if unknown:
        _stderr().print(
            f"error: unknown output {', '.join(unknown)}; choose from {', '.join(WRITERS)}", markup=False
        )
        raise typer.Exit(EXIT_INPUT_ERROR)
    console = _stderr()
    try:
        # A spinner with the current phase on a terminal; nothing at all when the output is a file or a pipe.
        with console.status("building", spinner="dots") as status:
            result = run_build(
                content, out, only, registry=registry, progress=lambda phase: status.update(phase)
            )
    except OSError as error:
        _fail_unwritable(out, error)
    print_diagnostics(result.prepared.diagnostics)
    if not result.prepared.ok:
        raise typer.Exit(EXIT_INPUT_ERROR)
    for path in result.written:
        _stderr().print(f"wrote {path}", markup=False)


def _report_rebuild(rebuild: Rebuild) -> None:
    """One line per rebuild while watching; the diagnostics of a broken save, then carry on."""
    prepared = rebuild.result.prepared
    console = _stderr()
    stamp = time.strftime("%H:%M:%S")
    if prepared.ok:
        changed = ", ".join(p.name for p in rebuild.result.written) or "nothing changed"
        console.print(f"[{stamp}] rebuilt in {rebuild.seconds * 1000:.0f} ms: {changed}", markup=False)
        print_diagnostics(prepared.diagnostics)
    else:
        print_diagnostics(prepared.diagnostics)
        console.print(f"[{stamp}] the drafts have errors; the last good outputs stay in place", markup=False)


@app.command()
def watch(
    content: ContentOption = Path("content"),
    out: OutOption = Path("build"),
    only: Annotated[
        list[str] | None, typer.Option("--only", help=f"Rebuild one output alone: {', '.join(WRITERS)}.")
    ] = None,
) -> None:
    """Rebuild the DOCX, the site's pages and numbers.json on every save of a draft, until Ctrl-C.

    The site's HTML is rebuilt by `reportkit serve`, which also reloads the browser.
    """
    from reportkit.watch import Rebuilder, watch_drafts

    stop = threading.Event()
    _stderr().print(f"watching {content} (Ctrl-C to stop)", markup=False)
    try:
        watch_drafts(Rebuilder(content, out, only, html=False), _report_rebuild, stop)
    except KeyboardInterrupt:
        stop.set()


@app.command()
def serve(
    content: ContentOption = Path("content"),
    out: OutOption = Path("build"),
    port: Annotated[int, typer.Option(help="Port on localhost.")] = 8000,
    registry: Annotated[
        Path | None, typer.Option("--registry", help="Adds the compendium and duplicates pages.")
    ] = None,
) -> None:
    """Serve the site on localhost, rebuilt and reloaded in the browser on every save."""
    from mkdocs.livereload import LiveReloadServer

    from reportkit.watch import Rebuilder

    rebuilder = Rebuilder(content, out, registry=registry)
    first = rebuilder()
    _report_rebuild(first)
    if not first.result.prepared.ok:
        raise typer.Exit(EXIT_INPUT_ERROR)

    def rebuild_and_report() -> None:
        _report_rebuild(rebuilder())

    server = LiveReloadServer(builder=rebuild_and_report, host="127.0.0.1", port=port, root=str(out / "site"))
    server.watch(str(content))
    _stderr().print(f"serving http://127.0.0.1:{port}/ (Ctrl-C to stop)", markup=False)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


def _finish_versions(outcome: Outcome) -> None:
    """Diagnostics, then what was written; exit 2 on any input error (an unknown version, a bad date)."""
    print_diagnostics(outcome.diagnostics)
    if not outcome.ok:
        raise typer.Exit(EXIT_INPUT_ERROR)
    for path in outcome.written:
        _stderr().print(f"wrote {path}", markup=False)
    if outcome.summary:
        _stderr().print(outcome.summary, markup=False)


DateOption = Annotated[
    str | None, typer.Option("--date", help="Date (or date and time) of the version, ISO; today if absent.")
]


@app.command()
def circulate(
    name: Annotated[str, typer.Option("--as", help="Name of the version to record, e.g. v1.")],
    content: ContentOption = Path("content"),
    out: OutOption = Path("build"),
    date: DateOption = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Record the version again if it exists.")
    ] = False,
    registry: Annotated[
        Path | None, typer.Option("--registry", help="Registry folder, to flag repeats of earlier meetings.")
    ] = None,
    cache: Annotated[Path, typer.Option("--cache", help="Folder for the registry index.")] = Path(
        ".reportkit-cache"
    ),
) -> None:
    """Record a version of the drafts (content/versions/NAME.yaml) and write its pack for delegations."""
    from reportkit.redline.actions import circulate as run_circulate

    try:
        outcome = run_circulate(content, out, name, date, replace, registry, cache)
    except OSError as error:
        _fail_unwritable(out, error)
    _finish_versions(outcome)


@app.command()
def diff(
    from_name: Annotated[str, typer.Option("--from", help="The recorded version to compare from.")],
    to_name: Annotated[
        str | None,
        typer.Option("--to", help="The recorded version to compare to; the current drafts if absent."),
    ] = None,
    content: ContentOption = Path("content"),
    out: OutOption = Path("build"),
    scope: Annotated[str, typer.Option("--scope", help="recommendations, or report (every paragraph).")] = (
        "recommendations"
    ),
    author: Annotated[str, typer.Option("--author", help="Author of the tracked changes.")] = "reportkit",
    date: Annotated[
        str | None,
        typer.Option("--date", help="Date of the current drafts when --to is absent; today if absent."),
    ] = None,
) -> None:
    """Write a redline in Word tracked changes, changes.json and changes.md between two versions."""
    from reportkit.redline.actions import diff as run_diff
    from reportkit.redline.compare import SCOPES

    if scope not in SCOPES:
        _stderr().print(f"error: --scope {scope}: choose from {', '.join(SCOPES)}", markup=False)
        raise typer.Exit(EXIT_INPUT_ERROR)
    try:
        outcome = run_diff(content, out, from_name, to_name, scope, author, date)  # type: ignore[arg-type]
    except OSError as error:
        _fail_unwritable(out, error)
    _finish_versions(outcome)


def main() -> None:
    app(prog_name="reportkit")


if __name__ == "__main__":
    sys.exit(main())
