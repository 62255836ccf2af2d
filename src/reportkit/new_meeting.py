"""`reportkit new DIR`: a meeting folder that builds at once.

The folder gets report.yaml with the meeting's particulars, one file per usual part of a meeting
report (introduction; recommendations in two section files; summary of deliberations; organization
of the meeting; adoption of the report), agenda and themes, a .gitignore for the outputs, and a copy
of the JSON Schema for editors. The files are package data (src/reportkit/scaffold/), so an installed
reportkit has them; the particulars are filled in as YAML-quoted values, never pasted as raw YAML.

Why a copy of the schema, named by a relative `$schema` line, rather than the installed schema's
absolute path: a meeting folder lives in git and is opened by several people, on machines where
reportkit is installed in different places (and the path changes with every virtual environment or
Python upgrade). A copy resolves on every clone; it is versioned with the drafts it describes;
`reportkit check` stays the authority if an upgrade makes the copy stale.

Nothing is half-written: every file is rendered in memory, written into a hidden staging folder and
moved into place only when all of it is there. A folder with content is refused, untouched.
"""

from __future__ import annotations

import datetime
import json
import secrets
import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from reportkit.diagnostics import Diagnostic, Severity, SourceLoc
from reportkit.house import DEFAULT_STYLE, house_style
from reportkit.meeting_particulars import Particulars, Question, job_number_problem

SCHEMA_COPY = ".reportkit/reportkit.schema.json"
# Where each scaffold file (package data, flat) goes in the meeting folder.
SCAFFOLD: dict[str, str] = {
    "report.yaml": "report.yaml",
    "agenda.yaml": "agenda.yaml",
    "themes.yaml": "themes.yaml",
    "1-introduction.yaml": "chapters/1-introduction.yaml",
    "2-recommendations.yaml": "chapters/2-recommendations.yaml",
    "a-first-topic.yaml": "recommendations/a-first-topic.yaml",
    "b-follow-up.yaml": "recommendations/b-follow-up.yaml",
    "3-summary-of-deliberations.yaml": "chapters/3-summary-of-deliberations.yaml",
    "4-organization-of-the-meeting.yaml": "chapters/4-organization-of-the-meeting.yaml",
    "5-adoption-of-the-report.yaml": "chapters/5-adoption-of-the-report.yaml",
    "gitignore": ".gitignore",
}
# ── the files ───────────────────────────────────────────────────────────────────────────────────


def _held(start: datetime.date, end: datetime.date) -> str:
    """The dates as a UN title says them ("from 10 to 12 May 2026"), in the default house style's words:
    `reportkit new` writes a report in that style."""
    return house_style(DEFAULT_STYLE).date_range_in_words(start, end)


def _inline_text(text: str) -> str:
    """A particular inside running text: markup openers become the characters themselves."""
    return text.replace("[[", "\\[[").replace("^[", "\\^[")


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _substitutions(values: dict[str, object]) -> dict[str, str]:
    start, end = values["dates"]  # type: ignore[misc]
    meeting, venue = str(values["meeting_name"]), str(values["venue"])
    held = _held(start, end)
    return {
        "issuing_body": _quoted(str(values["issuing_body"])),
        "meeting_name": _quoted(meeting),
        "symbol": _quoted(str(values["symbol"])),
        "job_number": _quoted(str(values["job_number"])),
        "venue": _quoted(venue),
        "date": end.isoformat(),  # dates stay plain: YAML reads them as dates
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "title": _quoted(f"Report on the meeting of the {meeting} held in {venue} {held}"),
        "paper": str(values["paper"]),
        "recommendation_style": str(values["recommendation_style"]),
        "style": str(values["style"]),
        "dates_sentence": _quoted(_inline_text(f"The {meeting} met in {venue} {held}.")),
        "adoption_sentence": _quoted(
            _inline_text(
                f"On {house_style(DEFAULT_STYLE).date(end)}, the {meeting} adopted the present report."
            )
        ),
    }


def render_files(values: dict[str, object]) -> dict[str, bytes]:
    """Every file of the meeting folder, by its path in the folder."""
    substitutions = _substitutions(values)
    scaffold = resources.files("reportkit").joinpath("scaffold")
    files: dict[str, bytes] = {}
    for name, target in SCAFFOLD.items():
        text = scaffold.joinpath(name).read_text("utf-8")
        depth = target.count("/")
        text = text.replace("{{schema}}", "../" * depth + SCHEMA_COPY)
        for key, value in substitutions.items():
            text = text.replace("{{" + key + "}}", value)
        files[target] = text.encode("utf-8")
    schema = resources.files("reportkit").joinpath("schema/reportkit.schema.json").read_bytes()
    files[SCHEMA_COPY] = schema
    return files


def placeholder_warnings(folder: Path, report_yaml: str, placeholders: list[Question]) -> list[Diagnostic]:
    """One warning per placeholder, at its line of report.yaml, saying what to write there."""
    keys = {
        question.key: (["start_date", "end_date", "date"] if question.key == "dates" else [question.key])
        for question in placeholders
    }
    lines = report_yaml.split("\n")
    warnings = []
    for question in placeholders:
        for key in keys[question.key]:
            prefix = f"  {key}: "
            line = next(number for number, text in enumerate(lines, 1) if text.startswith(prefix))
            warnings.append(
                Diagnostic(
                    "placeholder",
                    f"'{key}' is a placeholder: no {question.option} was given",
                    SourceLoc((folder / "report.yaml").as_posix(), line, len(prefix) + 1),
                    f"{question.fill_hint} (or pass {question.option} to `reportkit new`)",
                    severity=Severity.WARNING,
                )
            )
    return sorted(warnings, key=lambda warning: warning.loc)


# ── the folder ──────────────────────────────────────────────────────────────────────────────────


def refusal(folder: Path) -> Diagnostic | None:
    """Why `new` cannot write into `folder`, if it cannot: it has content (hidden files, such as a
    fresh `git init`'s .git, do not count) or it is a file."""
    here = SourceLoc(folder.as_posix())
    if folder.exists() and not folder.is_dir():
        return Diagnostic(
            "not-empty", f"'{folder.as_posix()}' exists and is not a folder", here, "choose another name"
        )
    if not folder.is_dir():
        return None
    visible = sorted(child.name for child in folder.iterdir() if not child.name.startswith("."))
    if not visible:
        return None
    shown = ", ".join(visible[:5]) + (", …" if len(visible) > 5 else "")
    return Diagnostic(
        "not-empty",
        f"'{folder.as_posix()}' already has content ({shown}); nothing was written",
        here,
        "`reportkit new` writes only into a new or empty folder: choose another name, or empty this one",
    )


def _merge_gitignore(existing: Path, ours: Path) -> None:
    """A folder's own .gitignore keeps its lines; ours are added after them if missing."""
    present = existing.read_text("utf-8").splitlines()
    missing = [line for line in ours.read_text("utf-8").splitlines() if line not in present]
    if missing:
        ending = "" if not present or existing.read_text("utf-8").endswith("\n") else "\n"
        with existing.open("a", encoding="utf-8") as file:
            file.write(ending + "\n".join(missing) + "\n")


def write_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Write `files` into `folder` (new, empty, or holding hidden files only), all or nothing.

    A new folder is staged beside its final place and renamed into it in one step. An existing one
    (a fresh `git init`) cannot be replaced, so the staging folder is made inside it, hidden, and its
    entries are renamed into place only once every file is written."""
    existing = folder.is_dir()
    if not existing:
        folder.parent.mkdir(parents=True, exist_ok=True)
    stage_name = f".{folder.name or 'meeting'}.new-{secrets.token_hex(4)}"
    stage = (folder if existing else folder.parent) / stage_name
    stage.mkdir()
    try:
        for relative, data in files.items():
            target = stage / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if not existing:
            stage.rename(folder)
            return
        for entry in sorted(stage.iterdir()):
            destination = folder / entry.name
            if entry.name == ".gitignore" and destination.is_file():
                _merge_gitignore(destination, entry)
            elif entry.is_dir() and destination.is_dir():  # a hidden .reportkit/ left by an earlier run
                shutil.rmtree(destination)
                entry.rename(destination)
            else:
                entry.rename(destination)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


@dataclass
class Outcome:
    diagnostics: list[Diagnostic]
    written: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)


def create_meeting(folder: Path, particulars: Particulars) -> Outcome:
    """Write the meeting folder; its placeholders as warnings, or why it could not be written."""
    problem = job_number_problem(particulars)
    if problem is not None:
        return Outcome(
            [
                Diagnostic(
                    "wrong-job-number",
                    problem,
                    SourceLoc(folder.as_posix()),
                    "pass the job number the document was given with --job-number, or the house style "
                    "of its duty station with --style",
                )
            ]
        )
    files = render_files(particulars.values)
    try:
        write_folder(folder, files)
    except OSError as error:
        return Outcome(
            [
                Diagnostic(
                    "cannot-write",
                    f"cannot write the meeting folder '{folder.as_posix()}': {error.strerror or error}",
                    SourceLoc(folder.as_posix()),
                    "choose a folder you can write to",
                )
            ]
        )
    report_yaml = files["report.yaml"].decode("utf-8")
    return Outcome(placeholder_warnings(folder, report_yaml, particulars.placeholders), sorted(files))
