"""`reportkit import REPORT.pdf|.docx DIR`: a published report made into a meeting folder of drafts.

The report is read (readers/pdf or readers/docx), its structure recognised and written as drafts
(readers/drafts), and the drafts are checked by the pipeline in a scratch folder before anything
lands in DIR: drafts
that would not build are an error, never a half-useful folder. The folder is then written as
`reportkit new` writes one (staged, then renamed into place), with the schema copy and .gitignore.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from reportkit.diagnostics import Diagnostic, Severity, SourceLoc, has_errors
from reportkit.model import Report
from reportkit.new_meeting import SCHEMA_COPY, write_folder
from reportkit.pipeline import prepare
from reportkit.readers.docx import DocxProblem, import_docx
from reportkit.readers.drafts import draft_files
from reportkit.readers.pdf import import_pdf
from reportkit.readers.pdf_text import PdfProblem


@dataclass
class Imported:
    files: dict[str, bytes] = field(default_factory=dict)
    report: Report | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.report is not None and not has_errors(self.diagnostics)


def _where(where: str) -> SourceLoc:
    """'REPORT.pdf:3:14' (page, line) or 'REPORT.docx:12' (paragraph) → the place in a message."""
    match = re.match(r"^(.*\.(?:pdf|docx)):(\d+)(?::(\d+))?$", where, re.IGNORECASE)
    if not match:
        return SourceLoc(where, 0, 0)
    return SourceLoc(match.group(1), int(match.group(2)), int(match.group(3) or 1))


def read_report(source: Path) -> Imported:
    """The drafts of the report in `source`, checked by the pipeline, and what was found."""
    shown = source.as_posix()
    if source.suffix.lower() not in (".pdf", ".docx"):
        problem = Diagnostic(
            "unsupported-input",
            f"'{shown}' is neither a PDF nor a Word document (.docx)",
            SourceLoc(shown, 0, 0),
            "import a published report's PDF, or its Word document saved as .docx",
        )
        return Imported(diagnostics=[problem])
    try:
        report = import_pdf(source, shown) if source.suffix.lower() == ".pdf" else import_docx(source, shown)
    except (PdfProblem, DocxProblem) as problem:
        return Imported(
            diagnostics=[Diagnostic(problem.code, problem.message, SourceLoc(shown, 0, 0), problem.hint)]
        )
    except OSError as error:
        message = f"'{shown}' cannot be read ({error.strerror or error.__class__.__name__})"
        return Imported(diagnostics=[Diagnostic("file-not-found", message, SourceLoc(shown, 0, 0))])
    diagnostics = [
        Diagnostic(
            warning.code,
            warning.message,
            _where(warning.where),
            "kept in the drafts as it was printed; check it against the report",
            severity=Severity.WARNING,
        )
        for warning in report.body.warnings
    ]
    if not report.masthead.symbol or not report.body.chapters:
        diagnostics.append(
            Diagnostic(
                "not-a-report",
                f"'{shown}' does not read as a UN report: no document symbol on page 1 or no text after it",
                SourceLoc(shown, 1, 1),
                "import a report as issued (a symbol such as A/HRC/43/15 at the top right of page 1)",
            )
        )
        return Imported(diagnostics=diagnostics)
    files = {path: text.encode("utf-8") for path, text in draft_files(report).items()}
    files[".gitignore"] = resources.files("reportkit").joinpath("scaffold/gitignore").read_bytes()
    files[SCHEMA_COPY] = resources.files("reportkit").joinpath("schema/reportkit.schema.json").read_bytes()
    with tempfile.TemporaryDirectory(prefix="reportkit-import-") as scratch:
        for relative, data in files.items():
            (Path(scratch) / relative).parent.mkdir(parents=True, exist_ok=True)
            (Path(scratch) / relative).write_bytes(data)
        prepared = prepare(Path(scratch))
    for found in prepared.diagnostics:
        if found.severity == Severity.ERROR:
            diagnostics.append(
                Diagnostic(
                    "import-failed",
                    f"the drafts made from '{shown}' do not build: {found.message}",
                    SourceLoc(shown, 0, 0),
                    "please report this with the PDF; nothing was written",
                )
            )
    return Imported(files, prepared.report if prepared.ok else None, diagnostics)


def write_meeting(folder: Path, imported: Imported) -> None:
    write_folder(folder, imported.files)
