"""The `reportkit` command: arguments in, diagnostics out, and one place that decides exit codes.

Exit codes: 0 clean, 1 findings (duplicates, lints at error level), 2 input errors (argparse's own
usage errors exit 2 as well).

The parser is the standard library's argparse: every command starts a fresh Python, and a
type-hint CLI framework (typer 0.29 builds pydantic adapters for each option on every run) cost more
than the whole build of a report. rich is imported only when there is something to show on a
terminal or a table of findings to draw.
"""

from __future__ import annotations

import argparse
import errno
import json
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from reportkit.build import WRITERS, site_folders, write_outputs
from reportkit.build import build as run_build
from reportkit.diagnostics import Diagnostic, Severity, SourceLoc, has_errors
from reportkit.meeting_folder import CONTENT_HELP, OUT_HELP, settle_folders
from reportkit.pipeline import prepare

if TYPE_CHECKING:
    from reportkit.redline.actions import Outcome
    from reportkit.watch import RebuildSummary

EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped with Ctrl-C
DEFAULT_CACHE = Path(".reportkit-cache")


def exit_code(diagnostics: Sequence[Diagnostic], findings_fail: bool = False) -> int:
    """The one place that turns what a command found into its exit code (black's `Report`): any input
    error is 2, whatever else was found; findings at or above `--fail-on` are 1; anything else 0."""
    if has_errors(diagnostics):
        return EXIT_INPUT_ERROR
    return EXIT_FINDINGS if findings_fail else EXIT_CLEAN


class CommandExit(Exception):
    """Ends a command early, after its messages have been printed, for the reasons given: the errors
    that stopped it, or findings that fail the check. `exit_code` says what that means."""

    def __init__(self, diagnostics: Sequence[Diagnostic], findings_fail: bool = False) -> None:
        self.code = exit_code(diagnostics, findings_fail)
        super().__init__(self.code)


def say(message: str) -> None:
    """One plain line on standard error (what was written, what is being watched)."""
    print(message, file=sys.stderr, flush=True)


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    if not diagnostics:
        return
    from rich.console import Console  # coloured on a terminal, plain text otherwise

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    for diagnostic in diagnostics:
        style = {"error": "bold red", "warning": "yellow", "note": "cyan"}[diagnostic.severity.value]
        first, *rest = diagnostic.render().split("\n")
        console.print(first, style=style, markup=False)
        for line in rest:
            console.print(line, markup=False)
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = sum(d.severity is Severity.WARNING for d in diagnostics)
    console.print(f"{errors} error(s), {warnings} warning(s)", markup=False)


@contextmanager
def progress_display(first_phase: str) -> Iterator[Callable[[str], None]]:
    """A spinner naming the current phase on a terminal; nothing at all when standard error is a
    file or a pipe. Yields the function that moves it to the next phase."""
    if not sys.stderr.isatty():
        yield lambda phase: None
        return
    from rich.console import Console

    with Console(stderr=True).status(first_phase, spinner="dots") as status:
        yield lambda phase: status.update(phase)


def _fail_unwritable(out: Path, error: OSError) -> CommandExit:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        hint = "free some space and run the command again; the earlier outputs are unchanged"
    else:
        hint = "choose another --out folder, or fix its permissions; the earlier outputs are unchanged"
    problems = [
        Diagnostic(
            "cannot-write", f"cannot write to '{out}': {error.strerror or error}", SourceLoc(str(out)), hint
        )
    ]
    print_diagnostics(problems)
    return CommandExit(problems)


@contextmanager
def writing_to(out: Path) -> Iterator[None]:
    """The output folder's refusals and the system's write errors, as diagnostics and exit code 2."""
    from reportkit.outputs import OutputFolderError

    try:
        yield
    except OutputFolderError as refusal:
        print_diagnostics(refusal.diagnostics)
        raise CommandExit(refusal.diagnostics) from None
    except OSError as error:
        raise _fail_unwritable(out, error) from None


def _say_written(paths: Sequence[Path]) -> None:
    for path in paths:
        say(f"wrote {path}")


# ── the commands ────────────────────────────────────────────────────────────────────────────────


def check(args: argparse.Namespace) -> None:
    """Validate the drafts and look for duplicated recommendations, without writing the outputs."""
    from reportkit.checks.duplicates import fails, findings_json
    from reportkit.registry.check import run_duplicate_check

    content, registry = args.content, args.registry
    # A spinner on a terminal while a large report or registry is read and compared.
    with progress_display("reading the drafts") as progress:
        prepared = prepare(content)
        if prepared.ok and prepared.report is not None:
            progress("comparing recommendations" + (" with the registry" if registry else ""))

            def embedded(done: int, total: int) -> None:
                progress(f"indexing the registry: {done:,} of {total:,} new texts embedded")

            outcome = run_duplicate_check(
                prepared.report, registry, args.cache, args.method, 3, progress=embedded
            )
    print_diagnostics(prepared.diagnostics)
    if not prepared.ok or prepared.report is None:
        raise CommandExit(prepared.diagnostics)
    print_diagnostics(outcome.diagnostics)
    if outcome.findings is None:
        raise CommandExit(outcome.diagnostics)
    if args.format == "json":
        document = findings_json(outcome.findings, content, registry)
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        from rich.console import Console

        from reportkit.writers.terminal import print_by_recommendation, print_findings

        if args.view == "recommendations":
            print_by_recommendation(outcome.findings, Console(highlight=False))
        else:
            print_findings(outcome.findings, Console(highlight=False), args.neighbours)
    failing = fails(outcome.findings, args.fail_on)
    if failing or has_errors(outcome.diagnostics):
        raise CommandExit(outcome.diagnostics, findings_fail=failing)
    if not outcome.findings.findings:
        say(f"{content}: no problems found")


def build(args: argparse.Namespace) -> None:
    """Build every output of the report into the output folder."""
    with writing_to(args.out), progress_display("building") as progress:
        result = run_build(
            args.content,
            args.out,
            args.only,
            registry=args.registry,
            progress=progress,
            notify=say,
            internal=args.internal,
            cache_dir=args.cache,
        )
    print_diagnostics(result.prepared.diagnostics)
    if not result.prepared.ok:
        raise CommandExit(result.prepared.diagnostics)
    _say_written(result.written)


def _report_rebuild(rebuild: RebuildSummary) -> None:
    """One line per rebuild while watching; the diagnostics of a broken save, then carry on."""
    stamp = time.strftime("%H:%M:%S")
    if rebuild.ok:
        changed = ", ".join(p.name for p in rebuild.written) or "nothing changed"
        say(f"[{stamp}] rebuilt in {rebuild.seconds * 1000:.0f} ms: {changed}")
        print_diagnostics(rebuild.diagnostics)
    else:
        print_diagnostics(rebuild.diagnostics)
        say(f"[{stamp}] the drafts have errors; the last good outputs stay in place")


def watch(args: argparse.Namespace) -> None:
    """Rebuild the DOCX, the site's pages and numbers.json on every save of a draft, until Ctrl-C.

    The site's HTML is rebuilt by `reportkit serve`, which also reloads the browser.
    """
    from reportkit.watch import Rebuilder, summarize, watch_drafts

    stop = threading.Event()
    say(f"watching {args.content} (Ctrl-C to stop)")
    try:
        watch_drafts(
            Rebuilder(args.content, args.out, args.only, html=False, notify=say, internal=args.internal),
            lambda rebuild: _report_rebuild(summarize(rebuild)),
            stop,
        )
    except KeyboardInterrupt:
        stop.set()


def serve(args: argparse.Namespace) -> None:
    """Serve the site on localhost, rebuilt and reloaded in the browser on every save; the session view,
    updated in place on every save, at /session/."""
    from reportkit.meeting_folder import watched_folders
    from reportkit.session.server import session_server
    from reportkit.site_worker import SiteWorker

    # The secretariat's own server: its site has the internal pages as well (findings, versions). The
    # site is rebuilt in a worker process, so the session view never waits for mkdocs (site_worker.py).
    worker = SiteWorker(args.content, args.out, args.registry, internal=True, cache_dir=args.cache)
    first = worker.rebuild()
    _report_rebuild(first)
    if not first.ok:
        worker.close()
        raise CommandExit(first.diagnostics)

    def rebuild_and_report() -> None:
        _report_rebuild(worker.rebuild())

    # The site with the session view's routes in front of it, for this machine's browsers only.
    site = args.out / site_folders(internal=True)[1]  # the secretariat's site; `site/` stays the public one
    server, session = session_server(args.content, rebuild_and_report, args.port, site)
    for folder, recursive in watched_folders(args.content, args.out):  # not the outputs in a meeting folder
        server.watch(str(folder), recursive=recursive)
    say(f"serving http://127.0.0.1:{args.port}/ and the session view at /session/ (Ctrl-C to stop)")
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        session.close()
        worker.close()


def _finish_versions(outcome: Outcome) -> None:
    """Diagnostics, then what was written; exit 2 on any input error (an unknown version, a bad date)."""
    print_diagnostics(outcome.diagnostics)
    if not outcome.ok:
        raise CommandExit(outcome.diagnostics)
    _say_written(outcome.written)
    if outcome.summary:
        say(outcome.summary)


def circulate(args: argparse.Namespace) -> None:
    """Record a version of the drafts (content/versions/NAME.yaml) and write its pack for delegations."""
    from reportkit.redline.actions import circulate as run_circulate

    with writing_to(args.out):
        outcome = run_circulate(
            args.content,
            args.out,
            args.name,
            args.date,
            args.replace,
            args.registry,
            args.cache,
            args.internal,
        )
    _finish_versions(outcome)


def diff(args: argparse.Namespace) -> None:
    """Write a redline in Word tracked changes, changes.json and changes.md between two versions."""
    from reportkit.redline.actions import diff as run_diff
    from reportkit.versions import check_author

    if problem := check_author(args.author):
        print_diagnostics([problem])
        raise CommandExit([problem])
    with writing_to(args.out):
        outcome = run_diff(
            args.content, args.out, args.from_name, args.to_name, args.scope, args.author, args.date
        )
    _finish_versions(outcome)


def amendments_collect(args: argparse.Namespace) -> None:
    """Read copies of the pack returned by delegations; print their proposals as JSON and record them."""
    from reportkit.redline.actions import collect_amendments

    try:
        outcome = collect_amendments(args.content, args.files, args.from_name)
    except OSError as error:
        raise _fail_unwritable(args.content, error) from None
    print(outcome.output)
    print_diagnostics(outcome.diagnostics)
    _say_written(outcome.written)
    say(outcome.summary)
    if not outcome.ok:  # every readable copy was collected; the others are input errors
        raise CommandExit(outcome.diagnostics)


def amendments_compile(args: argparse.Namespace) -> None:
    """Write the compilation of the proposals collected on a version: each recommendation as circulated,
    then each delegation's proposal as tracked changes in its name, with its comments (DOCX and page),
    or as JSON (--format json, also printed)."""
    from reportkit.redline.actions import compile_amendments

    with writing_to(args.out):
        outcome = compile_amendments(args.content, args.out, args.from_name, args.format)
    if outcome.ok and outcome.output:
        print(outcome.output, end="")
    _finish_versions(outcome)


def amendments_apply(args: argparse.Namespace) -> None:
    """Put a delegation's proposal on one recommendation into the YAML drafts (comments and layout kept),
    recording whose proposal it was; references such as "recommendation 27" become [[id]] again."""
    from reportkit.redline.apply import apply_amendment

    try:
        outcome = apply_amendment(args.content, args.recommendation, args.by, args.from_name)
    except OSError as error:
        raise _fail_unwritable(args.content, error) from None
    _finish_versions(outcome)


def registry_add(args: argparse.Namespace) -> None:
    """Record a report's adopted recommendations (re-adding a meeting replaces its entries)."""
    from reportkit.registry import record_report

    if args.source is not None:
        from reportkit.import_report import read_report

        prepared = read_report(args.source)
    else:
        prepared = prepare(args.content)
    print_diagnostics(prepared.diagnostics)
    if not prepared.ok or prepared.report is None:
        raise CommandExit(prepared.diagnostics)
    try:
        path, count, problems = record_report(prepared.report, args.registry)
    except OSError as error:
        raise _fail_unwritable(args.registry, error) from None
    print_diagnostics(problems)
    if has_errors(problems):
        raise CommandExit(problems)
    say(f"recorded {count} adopted recommendation(s) of {prepared.report.meeting.symbol} in {path}")
    _index_registry(args.registry, args.cache)


def _index_registry(registry: Path, cache: Path) -> None:
    """The registry's index, built once per change (only new texts are embedded), so that checks
    against it embed only the draft. A registry that cannot be indexed is only slower to check."""
    from reportkit.checks.embeddings import load_embedder
    from reportkit.registry.index import index_registry

    with progress_display("indexing the registry") as phase:

        def embedded(done: int, total: int) -> None:
            phase(f"indexing the registry: {done:,} of {total:,} new texts embedded")

        try:
            index_registry(registry, load_embedder(cache), cache, embedded)
        except OSError:
            return


def registry_compendium(args: argparse.Namespace) -> None:
    """Write compendium.docx and compendium.md: every recorded recommendation, by theme and by meeting."""
    from reportkit.registry import load_registry
    from reportkit.writers.docx.compendium import compendium_docx
    from reportkit.writers.site.compendium import compendium_page

    loaded, diagnostics = load_registry(args.registry)
    print_diagnostics(diagnostics)
    if has_errors(diagnostics):
        raise CommandExit(diagnostics)
    outputs = {
        "compendium.md": compendium_page(loaded).encode("utf-8"),
        "compendium.docx": compendium_docx(loaded),
    }
    with writing_to(args.out):
        _say_written(write_outputs(args.out, None, outputs, notify=say))


def new(args: argparse.Namespace) -> None:
    """Make FOLDER a meeting folder that builds at once: report.yaml with the meeting's particulars,
    one file per usual part of a report, agenda, themes and a .gitignore for the outputs.

    Particulars not given as options are asked on a terminal; elsewhere placeholders are written and
    listed as warnings. A folder with content is refused (hidden files, such as .git, do not count).
    Inside the folder every command then works without --content, --out or --registry.
    """
    from reportkit.meeting_particulars import QUESTIONS, gather_particulars
    from reportkit.new_meeting import create_meeting, refusal

    problem = refusal(args.folder)
    if problem is not None:
        print_diagnostics([problem])
        raise CommandExit([problem])
    given = {question.key: getattr(args, question.key) for question in QUESTIONS}
    try:
        particulars = gather_particulars(given, input if sys.stdin.isatty() else None)
    except (EOFError, KeyboardInterrupt):
        say("\ncancelled: nothing was written")
        cancelled = Diagnostic("cancelled", "no particulars were given", SourceLoc(str(args.folder)))
        raise CommandExit([cancelled]) from None
    outcome = create_meeting(args.folder, particulars)
    print_diagnostics(outcome.diagnostics)
    if not outcome.ok:
        raise CommandExit(outcome.diagnostics)
    say(f"wrote the meeting folder {args.folder} ({len(outcome.written)} files)")
    say("next: " + ("" if args.folder == Path(".") else f"cd {args.folder} && ") + "reportkit build")


def import_command(args: argparse.Namespace) -> None:
    """Make FOLDER a meeting folder holding a published report (PDF or DOCX) as drafts that build it again."""
    from reportkit.import_report import read_report, write_meeting
    from reportkit.new_meeting import refusal

    problem = refusal(args.folder)
    if problem is not None:
        print_diagnostics([problem])
        raise CommandExit([problem])
    imported = read_report(args.report)
    print_diagnostics(imported.diagnostics)
    if not imported.ok:
        raise CommandExit(imported.diagnostics)
    write_meeting(args.folder, imported)
    say(f"wrote the meeting folder {args.folder} ({len(imported.files)} files) from {args.report}")


def help_topic(args: argparse.Namespace) -> None:
    """Print a reference that ships with reportkit: `format`, how the drafts are written."""
    from reportkit.package_data import format_reference_path

    if args.topic is None:
        args.help_of.print_help()
        return
    sys.stdout.write(format_reference_path().read_text("utf-8"))


def schema(args: argparse.Namespace) -> None:
    """Print where the drafts' JSON Schema is installed, for editors; --write copies it into a folder."""
    from reportkit.atomic import write_atomically
    from reportkit.package_data import schema_path

    installed = schema_path()
    if args.write is None:
        print(installed)
        return
    target = args.write / installed.name
    try:
        if not args.write.is_dir():  # a folder the user names, never one made up by a typo
            raise FileNotFoundError(2, "No such folder", str(args.write))
        write_atomically(target, installed.read_bytes())  # a copy that is whole or not there at all
    except OSError as error:
        message = f"cannot write to '{args.write}': {error.strerror or error}"
        hint = "name an existing folder you can write to, e.g. the meeting folder"
        problems = [Diagnostic("cannot-write", message, SourceLoc(str(args.write)), hint)]
        print_diagnostics(problems)
        raise CommandExit(problems) from None
    _say_written([target])


class _VersionAction(argparse.Action):
    """`--version`: importlib.metadata is loaded only when asked, since every command starts cold."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("reportkit")
        except PackageNotFoundError:  # run from a source tree that was never installed
            found = "(not installed)"
        print(f"reportkit {found}")
        parser.exit()


# ── the parser ──────────────────────────────────────────────────────────────────────────────────

# The allowed values of options whose meaning lives in modules too heavy to import just to parse the
# command line; tests/test_cli.py checks that they match those modules' types.
FORMATS = ("text", "json")
VIEWS = ("pairs", "recommendations")
FAIL_ON = ("duplicate", "overlap", "never")
METHODS = ("auto", "lexical", "embeddings")
SCOPES = ("recommendations", "report")
HELP_TOPICS = ("format",)


def _command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    handler: Callable[[argparse.Namespace], None],
) -> argparse.ArgumentParser:
    """A sub-command whose help is its handler's docstring."""
    doc = handler.__doc__ or ""
    parser = commands.add_parser(
        name,
        help=doc.split("\n")[0],
        description=doc,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=handler)
    return parser


def _folders(parser: argparse.ArgumentParser) -> None:
    # The content default depends on the current folder: settled after parsing (meeting_folder.py).
    parser.add_argument("--content", type=Path, help=CONTENT_HELP)
    parser.add_argument("--out", type=Path, default=Path("build"), help=OUT_HELP)


def _registry(parser: argparse.ArgumentParser, help_text: str, default: Path | None = None) -> None:
    # Left None when absent: report.yaml's `registry:` comes next, then `default` (meeting_folder.py).
    fallback = f", else {default}" if default else ""
    parser.add_argument(
        "--registry", type=Path, help=f"{help_text} Default: report.yaml's 'registry:'{fallback}."
    )
    parser.set_defaults(registry_default=default)


def _cache(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        help=f"Folder for the registry index (default: {DEFAULT_CACHE}).",
    )


def _only(parser: argparse.ArgumentParser, verb: str) -> None:
    parser.add_argument(
        "--only",
        action="append",
        choices=list(WRITERS),
        help=f"{verb} one output alone (repeatable): {', '.join(WRITERS)}.",
    )


def _internal(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--internal",
        action="store_true",
        help="Also the secretariat's pages: duplication findings, circulated versions, changes (not public).",
    )


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reportkit",
        description="Build UN meeting reports from YAML drafts: DOCX, site, numbers and checks.",
    )
    parser.add_argument("--version", action=_VersionAction, help="Print reportkit's version and exit.")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    command = _command(commands, "check", check)
    _folders(command)
    _registry(command, "Registry folder of earlier meetings to compare with.")
    command.add_argument("--format", choices=FORMATS, default="text", help="On standard output.")
    command.add_argument(
        "--fail-on", choices=FAIL_ON, default="duplicate", help="Exit 1 on findings at or above this level."
    )
    command.add_argument(
        "--neighbours", action="store_true", help="Also show each recommendation's three nearest."
    )
    command.add_argument(
        "--view",
        choices=VIEWS,
        default="pairs",
        help="pairs: each finding with both texts; recommendations: each draft recommendation with the "
        "earlier ones it restates, most recent first (text output; JSON always has both).",
    )
    command.add_argument(
        "--method",
        choices=METHODS,
        default="auto",
        help="auto scores by meaning (lexically if the model cannot load).",
    )
    _cache(command)

    command = _command(commands, "build", build)
    _folders(command)
    _only(command, "Build")
    _registry(command, "Earlier meetings' recommendations: adds the compendium (and, internal, duplicates).")
    _internal(command)
    _cache(command)

    command = _command(commands, "watch", watch)
    _folders(command)
    _only(command, "Rebuild")
    _internal(command)

    command = _command(commands, "serve", serve)
    _folders(command)
    command.add_argument("--port", type=int, default=8000, help="Port on localhost (default: 8000).")
    _registry(command, "Adds the compendium and the duplication check's page.")
    _cache(command)

    command = _command(commands, "circulate", circulate)
    command.add_argument("--as", dest="name", required=True, help="Name of the version to record, e.g. v1.")
    _folders(command)
    command.add_argument("--date", help="Date (or date and time) of the version, ISO; today if absent.")
    command.add_argument("--replace", action="store_true", help="Record the version again if it exists.")
    command.add_argument(
        "--internal",
        action="store_true",
        help="Also write the secretariat's annotated copy (ids, themes, status, duplication flags).",
    )
    _registry(command, "Registry folder, to flag repeats of earlier meetings.")
    _cache(command)

    command = _command(commands, "diff", diff)
    command.add_argument(
        "--from", dest="from_name", required=True, help="The recorded version to compare from."
    )
    command.add_argument(
        "--to", dest="to_name", help="The recorded version to compare to; the current drafts if absent."
    )
    _folders(command)
    command.add_argument(
        "--scope", choices=SCOPES, default="recommendations", help="report compares every paragraph."
    )
    command.add_argument("--author", default="reportkit", help="Author of the tracked changes.")
    command.add_argument("--date", help="Date of the current drafts when --to is absent; today if absent.")

    amendments = commands.add_parser("amendments", help="Delegations' proposals on a circulated version.")
    amendments_commands = amendments.add_subparsers(title="commands", metavar="COMMAND")
    amendments.set_defaults(handler=None, help_of=amendments)
    command = _command(amendments_commands, "collect", amendments_collect)
    command.add_argument("files", nargs="+", type=Path, metavar="RETURNED.docx", help="Copies returned.")
    command.add_argument(
        "--from", dest="from_name", help="The version sent, when a copy does not say (it normally does)."
    )
    command.add_argument(
        "--content", type=Path, default=Path("content"), help="Folder of the YAML drafts (default: content)."
    )
    command = _command(amendments_commands, "compile", amendments_compile)
    command.add_argument(
        "--from", dest="from_name", help="The version the proposals were made on; the latest with proposals."
    )
    _folders(command)
    command.add_argument("--format", choices=("docx", "json"), default="docx", help="What to write.")
    command = _command(amendments_commands, "apply", amendments_apply)
    command.add_argument("recommendation", metavar="RECOMMENDATION", help="The recommendation's id.")
    command.add_argument("--by", required=True, help="The delegation whose proposal to apply, e.g. Mexico.")
    command.add_argument(
        "--from", dest="from_name", help="The version the proposal was made on; the latest with proposals."
    )
    command.add_argument("--content", type=Path, help=CONTENT_HELP)

    registry = commands.add_parser(
        "registry", help="The registry of earlier meetings' adopted recommendations, and its compendium."
    )
    registry_commands = registry.add_subparsers(title="commands", metavar="COMMAND")
    registry.set_defaults(handler=None, help_of=registry)

    command = _command(registry_commands, "add", registry_add)
    command.add_argument("--content", type=Path, help=CONTENT_HELP)
    command.add_argument(
        "--from",
        dest="source",
        type=Path,
        metavar="REPORT",
        help="Record a published report (PDF or DOCX) instead.",
    )
    _registry(command, "The registry folder.", Path("registry"))
    _cache(command)

    command = _command(registry_commands, "compendium", registry_compendium)
    _registry(command, "The registry folder.", Path("registry"))
    command.add_argument(
        "--out", type=Path, default=Path("build"), help="Folder for the outputs (default: build)."
    )

    _new_command(commands)

    command = _command(commands, "import", import_command)
    command.add_argument("report", type=Path, help="The published report (PDF or DOCX).")
    command.add_argument("folder", type=Path, help="The meeting folder to make (new or empty).")

    command = _command(commands, "schema", schema)
    command.add_argument(
        "--write",
        type=Path,
        nargs="?",
        const=Path("."),
        metavar="FOLDER",
        help="Copy the schema into FOLDER (default: the current folder) instead of printing its path.",
    )

    command = _command(commands, "help", help_topic)
    command.add_argument("topic", nargs="?", choices=HELP_TOPICS, help="format: how the drafts are written.")
    command.set_defaults(help_of=parser)

    parser.set_defaults(handler=None, help_of=parser)
    return parser


def _new_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from reportkit.meeting_particulars import QUESTIONS, option_type

    command = _command(commands, "new", new)
    command.add_argument("folder", type=Path, metavar="FOLDER", help="The meeting folder to make.")
    for question in QUESTIONS:
        command.add_argument(
            question.option,
            dest=question.key,
            type=option_type(question.parse),
            help=question.prompt + ".",
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit code is returned (the console script passes it to sys.exit)."""
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.handler is None:  # `reportkit` or `reportkit registry` alone: say what there is to run
        args.help_of.print_help(sys.stderr)
        return EXIT_INPUT_ERROR
    folder_problems = settle_folders(args)  # --content, --out, --registry left out (meeting_folder.py)
    if has_errors(folder_problems):
        print_diagnostics(folder_problems)
        return exit_code(folder_problems)
    try:
        args.handler(args)
    except CommandExit as ending:
        return ending.code
    except KeyboardInterrupt:
        # Ctrl-C: whatever was being written was staged beside the outputs and has been removed.
        say("interrupted; the output folder holds the outputs of the last completed command")
        return EXIT_INTERRUPTED
    return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
