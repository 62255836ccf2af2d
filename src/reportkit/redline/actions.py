"""What `reportkit circulate` and `reportkit diff` do: read, compare, render, then write.

The rest of this package is pure; this module is its `build.py`. As there, every output is rendered in
memory before anything is written, each file is replaced atomically, and problems come back as
diagnostics for the CLI to print: nothing here prints or exits.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from reportkit.atomic import write_atomically
from reportkit.comparison.compare import Scope, compare
from reportkit.comparison.proposals import unplaced
from reportkit.diagnostics import Diagnostic, Severity, SourceLoc, has_errors
from reportkit.model import Report, all_recommendations
from reportkit.outputs import OutputTransaction
from reportkit.pipeline import prepare
from reportkit.redline.amendments import (
    Proposal,
    collect_proposals,
    merge_proposals,
    parse_proposals,
    render_proposals,
)
from reportkit.redline.flags import duplication_flags
from reportkit.redline.pack_marks import recommendation_ids
from reportkit.redline.returned import ReturnedDocument, read_returned
from reportkit.versions import (
    CURRENT,
    Snapshot,
    check_version_name,
    load_version,
    parse_moment,
    recorded_versions,
    render_version,
    take_snapshot,
    version_exists,
    version_path,
    versions_dir,
)
from reportkit.writers.changes_json import changes_json
from reportkit.writers.compilation_json import compilation_json
from reportkit.writers.docx.compilation import write_compilation_docx
from reportkit.writers.docx.pack import write_pack_docx
from reportkit.writers.docx.redline import DEFAULT_AUTHOR, write_redline_docx
from reportkit.writers.site.changes import write_changes_page
from reportkit.writers.site.compilation import write_compilation_page
from reportkit.writers.site.pack import write_pack_page

PROPOSALS_FOLDER = "proposals"  # inside content/versions/: one record per version, NAME.yaml


@dataclass
class Outcome:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    summary: str = ""
    output: str = ""  # what the command prints on standard output (collect's JSON)

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def _moment(value: str | None, option: str = "--date") -> tuple[datetime.datetime | None, list[Diagnostic]]:
    """The given date (and time), or today at midnight: a date alone keeps outputs reproducible."""
    if value is None:
        return datetime.datetime.combine(datetime.date.today(), datetime.time()), []
    moment = parse_moment(value)
    if moment is None:
        return None, [
            Diagnostic(
                "bad-date",
                f"'{value}' is not a date",
                SourceLoc(option),
                "write it as 2021-05-20, or 2021-05-20T14:30 with a time",
            )
        ]
    return moment, []


def _write_outputs(out_dir: Path, content_dir: Path, outputs: dict[str, bytes], outcome: Outcome) -> None:
    """The command's files in the output folder, put in place together (see outputs.py)."""
    with OutputTransaction(out_dir, content_dir, list(outputs)) as transaction:
        for relative, data in outputs.items():
            transaction.put(relative, data)
        transaction.commit()
    outcome.written.extend(out_dir / relative for relative in outputs)


def circulate(
    content_dir: Path,
    out_dir: Path,
    name: str,
    date: str | None = None,
    replace: bool = False,
    registry_dir: Path | None = None,
    cache_dir: Path | None = None,
    internal: bool = False,
) -> Outcome:
    """Record version `name` of the drafts and write its pack to OUT/circulation/NAME/; `internal` adds
    the secretariat's annotated copy beside it (recommendations-internal.docx and .md).

    The pack is written first and the version file last, so that a failure leaves no version recorded
    for a pack nobody received. OSError (an unwritable folder) is left to the caller."""
    outcome = Outcome()
    problem = check_version_name(name)
    moment, date_problems = _moment(date)
    outcome.diagnostics.extend([problem] if problem else [])
    outcome.diagnostics.extend(date_problems)
    if not problem and not replace:
        exists = version_exists(content_dir, name)
        outcome.diagnostics.extend([exists] if exists else [])
    if not outcome.ok or moment is None:
        return outcome

    prepared = prepare(content_dir)
    outcome.diagnostics.extend(prepared.diagnostics)
    if not prepared.ok or prepared.report is None:
        return outcome
    from reportkit.registry.check import run_duplicate_check  # the check is heavy: only when circulating

    check = run_duplicate_check(prepared.report, registry_dir, cache_dir, "auto")
    outcome.diagnostics.extend(check.diagnostics)
    if check.findings is None or not outcome.ok:
        return outcome
    flags = duplication_flags(check.findings)

    snapshot = take_snapshot(prepared.report, name, moment, flags)
    pack = f"circulation/{name}"
    outputs = {
        f"{pack}/recommendations.docx": write_pack_docx(snapshot),
        f"{pack}/recommendations.md": write_pack_page(snapshot).encode("utf-8"),
    }
    if internal:
        outputs[f"{pack}/recommendations-internal.docx"] = write_pack_docx(snapshot, internal=True)
        outputs[f"{pack}/recommendations-internal.md"] = write_pack_page(snapshot, True).encode()
    _write_outputs(out_dir, content_dir, outputs, outcome)
    version_file = version_path(content_dir, name)
    write_atomically(version_file, render_version(snapshot).encode("utf-8"))
    outcome.written.append(version_file)
    flagged = len(flags)
    outcome.summary = (
        f"recorded version {name} ({snapshot.date_label}): {len(snapshot.recommendations)} recommendations, "
        f"{flagged} with duplication flags"
    )
    return outcome


def _to_snapshot(
    content_dir: Path, to: str | None, date: str | None
) -> tuple[Snapshot | None, list[Diagnostic]]:
    """The later side of a comparison: a recorded version, or the drafts as they are now."""
    if to is not None:
        return load_version(content_dir, to)
    moment, problems = _moment(date)
    if moment is None:
        return None, problems
    prepared = prepare(content_dir)
    if not prepared.ok or prepared.report is None:
        return None, prepared.diagnostics
    return take_snapshot(prepared.report, CURRENT, moment), prepared.diagnostics


def diff(
    content_dir: Path,
    out_dir: Path,
    from_name: str,
    to_name: str | None = None,
    scope: Scope = "recommendations",
    author: str = DEFAULT_AUTHOR,
    date: str | None = None,
) -> Outcome:
    """Compare two versions (or a version and the current drafts) and write the redline, changes.json
    and changes.md to OUT/diff-FROM-TO/ (files prefixed `report-` for the whole report)."""
    outcome = Outcome()
    old, problems = load_version(content_dir, from_name)
    outcome.diagnostics.extend(problems)
    new, problems = _to_snapshot(content_dir, to_name, date)
    outcome.diagnostics.extend(problems)
    if old is None or new is None or not outcome.ok:
        return outcome

    comparison = compare(old, new, scope)
    prefix = f"diff-{old.name}-{new.name}/" + ("" if scope == "recommendations" else "report-")
    outputs = {
        f"{prefix}redline.docx": write_redline_docx(comparison, author),
        f"{prefix}changes.json": changes_json(comparison).encode("utf-8"),
        f"{prefix}changes.md": write_changes_page(comparison).encode("utf-8"),
    }
    _write_outputs(out_dir, content_dir, outputs, outcome)
    outcome.summary = (
        f"{old.name} \u2192 {new.name}: {len(comparison.added)} added, {len(comparison.deleted)} deleted, "
        f"{len(comparison.moved)} moved, {len(comparison.changed)} reworded, "
        f"{len(comparison.renumbered)} renumbered"
    )
    return outcome


def version_site_pages(content_dir: Path, report: Report) -> tuple[dict[str, str], list[Diagnostic]]:
    """The site's pages from the recorded versions, for the site build to add to its own:
    `circulation/NAME.md`, the pack of every recorded version as it was sent, and `changes.md`,
    "Changes since version X" from the latest recorded version to the drafts being built (`report`,
    numbered and resolved). No versions, no pages. Nothing here depends on the day of the build."""
    pages: dict[str, str] = {}
    diagnostics: list[Diagnostic] = []
    latest: Snapshot | None = None
    for name in recorded_versions(content_dir):
        snapshot, problems = load_version(content_dir, name)
        diagnostics.extend(problems)
        if snapshot is None:
            continue
        pages[f"circulation/{name}.md"] = write_pack_page(snapshot)
        latest = snapshot
    if latest is not None:
        moment = datetime.datetime.combine(report.meeting.date, datetime.time())
        drafts = take_snapshot(report, CURRENT, moment)
        pages["changes.md"] = write_changes_page(compare(latest, drafts))
    applied = applied_proposals(report)
    for name in recorded_versions(content_dir):
        proposals, problem = read_proposals(content_dir, name)
        snapshot = load_version(content_dir, name)[0] if proposals else None
        if problem is not None:
            # A broken record costs the site its proposals page, not the build: a warning here.
            diagnostics.append(dataclasses.replace(problem, severity=Severity.WARNING))
        if snapshot is not None and proposals:
            pages[f"proposals/{name}.md"] = write_compilation_page(snapshot, proposals, applied)
    return pages, diagnostics


def applied_proposals(report: Report) -> dict[str, tuple[tuple[str, str], ...]]:
    """Recommendation id → the (delegation, version) of each proposal the drafts record as applied."""
    return {
        recommendation.id: tuple((entry.by, entry.version) for entry in recommendation.applied)
        for recommendation in all_recommendations(report)
        if recommendation.applied
    }


# --------------------------------------------------------------------------- amendments collect


def proposals_path(content_dir: Path, name: str) -> Path:
    """Where the proposals on version `name` are kept: beside the version file, in a folder of their
    own so that listing the versions (`versions/*.yaml`) does not see them."""
    return versions_dir(content_dir) / PROPOSALS_FOLDER / f"{name}.yaml"


def _problem(path: Path, code: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(code, message, SourceLoc(str(path)), hint)


def _pack_version(
    path: Path, document: ReturnedDocument, from_name: str | None
) -> tuple[str | None, Diagnostic | None]:
    """The version a returned copy was made from: the one it names, which `--from` must agree with."""
    named = document.marks.version
    if named and from_name and named != from_name:
        return None, _problem(
            path,
            "other-version",
            f"this is a copy of version '{named}', not '{from_name}'",
            "collect it without --from, or with --from " + named,
        )
    if named or from_name:
        return named or from_name, None
    if not document.marks.bookmarks:
        return None, _not_a_pack(path)
    return None, _problem(
        path,
        "unknown-pack-version",
        "the copy does not say which version it was made from",
        "name the version sent with --from, e.g. --from v1",
    )


def _not_a_pack(path: Path) -> Diagnostic:
    return _problem(
        path,
        "not-a-pack",
        "not a copy of a pack written by `reportkit circulate`: it carries none of the pack's hidden marks",
        "collect the copies of build/circulation/NAME/recommendations.docx that delegations returned",
    )


def _read_copy(path: Path) -> tuple[ReturnedDocument | None, str, Diagnostic | None]:
    """The returned copy read, and the SHA-256 of its bytes (to recognise it if collected again)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return (
            None,
            "",
            _problem(
                path,
                "unreadable",
                f"cannot read the file: {error.strerror or error}",
                "check the path and the file's permissions",
            ),
        )
    try:
        return read_returned(data), hashlib.sha256(data).hexdigest(), None
    # What zipfile and lxml raise on a file that is not a DOCX, a truncated one or one packed with a
    # compression method zipfile lacks.
    except (
        zipfile.BadZipFile,
        KeyError,
        etree.XMLSyntaxError,
        ValueError,
        EOFError,
        zlib.error,
        NotImplementedError,
    ):
        return (
            None,
            "",
            _problem(
                path,
                "not-docx",
                "not a Word document (DOCX)",
                "save the returned copy as a Word document (.docx) and collect that file",
            ),
        )


def _collect_file(
    path: Path, content_dir: Path, from_name: str | None, snapshots: dict[str, Snapshot | None]
) -> tuple[str | None, list[Proposal], list[Diagnostic]]:
    """One returned copy: its version's name and its proposals, or the diagnostic saying why not."""
    document, digest, problem = _read_copy(path)
    if document is None:
        return None, [], [problem] if problem else []
    name, problem = _pack_version(path, document, from_name)
    if name is None:
        return None, [], [problem] if problem else []
    if name not in snapshots:
        snapshots[name] = load_version(content_dir, name)[0] if check_version_name(name) is None else None
    snapshot = snapshots[name]
    if snapshot is None:
        return (
            None,
            [],
            [
                _problem(
                    path,
                    "unknown-version",
                    f"the copy is of version '{name}', which is not recorded in {content_dir}",
                    "collect it with the meeting folder the pack was circulated from (--content)",
                )
            ],
        )
    meeting = document.marks.meeting
    if meeting and meeting != snapshot.meeting.symbol:
        return (
            None,
            [],
            [
                _problem(
                    path,
                    "other-meeting",
                    f"the copy is of a pack of {meeting}, not of {snapshot.meeting.symbol}",
                    "collect it with that meeting's folder (--content)",
                )
            ],
        )
    if not recommendation_ids(document.marks, snapshot):
        return None, [], [_not_a_pack(path)]
    proposals, diagnostics = collect_proposals(document, snapshot, str(path))
    for proposal in proposals:
        proposal["sha256"] = digest
    return name, proposals, diagnostics


def collect_amendments(content_dir: Path, files: list[Path], from_name: str | None = None) -> Outcome:
    """Read returned copies of the pack and record their proposals in content/versions/proposals/.

    A file that cannot be collected is reported (an error) and the others are collected all the same;
    the proposals found are appended to each version's record and printed as JSON."""
    outcome = Outcome()
    snapshots: dict[str, Snapshot | None] = {}
    collected: dict[str, list[Proposal]] = {}
    for path in files:
        name, proposals, diagnostics = _collect_file(path, content_dir, from_name, snapshots)
        outcome.diagnostics.extend(diagnostics)
        if name is not None:
            collected.setdefault(name, []).extend(proposals)
    for name, proposals in collected.items():
        record = proposals_path(content_dir, name)
        recorded = parse_proposals(record.read_text("utf-8")) if record.is_file() else []
        if recorded is None:
            outcome.diagnostics.append(
                _problem(
                    record,
                    "bad-proposals",
                    "cannot read the record of proposals; it was left as it is",
                    "restore it from git, or move it away to start a new record",
                )
            )
            continue
        write_atomically(record, render_proposals(name, merge_proposals(recorded, proposals)).encode("utf-8"))
        outcome.written.append(record)
    every = [proposal for proposals in collected.values() for proposal in proposals]
    outcome.output = json.dumps({"proposals": every}, ensure_ascii=False, indent=2)
    outcome.summary = f"collected {len(every)} proposal(s) from {len(files)} file(s)"
    return outcome


# --------------------------------------------------------------------------- amendments compile

COMPILATION_FORMATS = ("docx", "json")


def read_proposals(content_dir: Path, name: str) -> tuple[list[Proposal], Diagnostic | None]:
    """The proposals recorded on version `name` (none when nothing was collected), or the problem."""
    record = proposals_path(content_dir, name)
    if not record.is_file():
        return [], None
    try:
        proposals = parse_proposals(record.read_text("utf-8"))
    except (OSError, UnicodeDecodeError):
        proposals = None
    if proposals is None:
        return [], _problem(
            record,
            "bad-proposals",
            "cannot read the record of proposals",
            "restore it from git, or collect the returned copies again into a new record",
        )
    return proposals, None


def latest_with_proposals(content_dir: Path) -> str | None:
    names = [name for name in recorded_versions(content_dir) if proposals_path(content_dir, name).is_file()]
    return names[-1] if names else None


def proposals_version(content_dir: Path, from_name: str | None) -> tuple[str | None, Diagnostic | None]:
    """The version whose collected proposals `compile` and `apply` use: `--from`, else the latest one
    with proposals; none at all is an input error."""
    name = from_name or latest_with_proposals(content_dir)
    if name is not None:
        return name, None
    return None, _problem(
        versions_dir(content_dir) / PROPOSALS_FOLDER,
        "no-proposals",
        "no proposals have been collected on any version",
        "collect the returned copies first: reportkit amendments collect RETURNED.docx…",
    )


def compile_amendments(
    content_dir: Path, out_dir: Path, from_name: str | None = None, output_format: str = "docx"
) -> Outcome:
    """The compilation of the proposals on version `from_name` (the latest version with proposals when
    None): OUT/proposals/NAME/compilation.docx and .md, or compilation.json (also printed)."""
    outcome = Outcome()
    name, problem = proposals_version(content_dir, from_name)
    if name is None:
        outcome.diagnostics.extend([problem] if problem else [])
        return outcome
    snapshot, problems = load_version(content_dir, name)
    outcome.diagnostics.extend(problems)
    if snapshot is None:
        return outcome
    proposals, problem = read_proposals(content_dir, name)
    if problem is not None:
        outcome.diagnostics.append(problem)
        return outcome
    if not proposals:
        outcome.diagnostics.append(
            _problem(
                proposals_path(content_dir, name),
                "no-proposals",
                f"no proposals have been collected on version '{name}'",
                "collect the returned copies first: reportkit amendments collect --from "
                + name
                + " RETURNED.docx…",
            )
        )
        return outcome
    for proposal in unplaced(snapshot, proposals):
        outcome.diagnostics.append(
            Diagnostic(
                "unknown-recommendation",
                f"a proposal by {proposal.get('by')} is on '{proposal.get('recommendation')}', which version "
                f"'{name}' does not hold; it is left out",
                SourceLoc(str(proposals_path(content_dir, name))),
                "the record was edited by hand: restore it from git",
                Severity.WARNING,
            )
        )
    folder = f"proposals/{name}"
    if output_format == "json":
        data = compilation_json(snapshot, proposals)
        outcome.output = data
        outputs = {f"{folder}/compilation.json": data.encode("utf-8")}
    else:
        outputs = {
            f"{folder}/compilation.docx": write_compilation_docx(snapshot, proposals),
            f"{folder}/compilation.md": write_compilation_page(snapshot, proposals, {}).encode("utf-8"),
        }
    _write_outputs(out_dir, content_dir, outputs, outcome)
    delegations = len({proposal.get("by") for proposal in proposals})
    outcome.summary = (
        f"compiled {len(proposals)} proposal(s) by {delegations} delegation(s) on version {name}"
    )
    return outcome
