"""`reportkit import REPORT.pdf|.docx DIR`: a published report made into a meeting folder of drafts.

The report is read (readers/published: PDF or DOCX, its structure recognised and written as drafts),
and the drafts go through the pipeline before anything lands in DIR: drafts that would not build are
an error, never a half-useful folder. The folder is then written as `reportkit new` writes one
(staged, then renamed into place), with the schema copy and .gitignore.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from reportkit.diagnostics import Diagnostic, Severity, SourceLoc, has_errors
from reportkit.model import Report
from reportkit.new_meeting import SCHEMA_COPY, write_folder
from reportkit.pipeline import prepare
from reportkit.readers.published import PublishedReport


@dataclass
class Imported:
    files: dict[str, bytes] = field(default_factory=dict)
    report: Report | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.report is not None and not has_errors(self.diagnostics)


def read_report(source: Path) -> Imported:
    """The drafts of the report in `source`, checked by the pipeline, and what was found."""
    reader = PublishedReport(source)
    drafts = reader.drafts()
    if drafts.files is None:
        return Imported(diagnostics=list(drafts.diagnostics))
    files = {path: text.encode("utf-8") for path, text in drafts.files.items()}
    files[".gitignore"] = resources.files("reportkit").joinpath("scaffold/gitignore").read_bytes()
    files[SCHEMA_COPY] = resources.files("reportkit").joinpath("schema/reportkit.schema.json").read_bytes()
    prepared = prepare(reader)
    diagnostics = list(drafts.diagnostics)  # what the recogniser could not map; the editorial lints wait
    for found in prepared.diagnostics:
        if found.severity == Severity.ERROR:
            diagnostics.append(
                Diagnostic(
                    "import-failed",
                    f"the drafts made from '{reader.shown}' do not build: {found.message}",
                    SourceLoc(reader.shown, 0, 0),
                    "please report this with the PDF; nothing was written",
                )
            )
    return Imported(files, prepared.report if prepared.ok else None, diagnostics)


def write_meeting(folder: Path, imported: Imported) -> None:
    write_folder(folder, imported.files)
