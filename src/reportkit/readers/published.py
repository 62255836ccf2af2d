"""An issued report (PDF or DOCX) read into the model through the drafts `reportkit import` writes.

The drafts are the one way from a recognised report to the model: what `import` writes into a meeting
folder is what `check REPORT.pdf` and `registry add --from` read, so both mean the same report. They
are read from a private scratch folder, shown in messages as `REPORT.pdf/chapters/…` (the drafts of
that file, as `import` would name them).
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from reportkit.diagnostics import Diagnostic, Severity, SourceLoc
from reportkit.load import ParseCache, load_report
from reportkit.model import Report
from reportkit.readers.docx import DocxProblem, import_docx
from reportkit.readers.drafts import draft_files
from reportkit.readers.pdf import import_pdf
from reportkit.readers.pdf_text import PdfProblem


@dataclass
class Drafts:
    """The draft files made from a published report (None when it could not be read) and what was found."""

    files: dict[str, str] | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _where(where: str) -> SourceLoc:
    """'REPORT.pdf:3:14' (page, line) or 'REPORT.docx:12' (paragraph) → the place in a message."""
    match = re.match(r"^(.*\.(?:pdf|docx)):(\d+)(?::(\d+))?$", where, re.IGNORECASE)
    if not match:
        return SourceLoc(where, 0, 0)
    return SourceLoc(match.group(1), int(match.group(2)), int(match.group(3) or 1))


def _recognised(source: Path, shown: str) -> Drafts:
    if source.suffix.lower() not in (".pdf", ".docx"):
        problem = Diagnostic(
            "unsupported-input",
            f"'{shown}' is neither a PDF nor a Word document (.docx)",
            SourceLoc(shown, 0, 0),
            "import a published report's PDF, or its Word document saved as .docx",
        )
        return Drafts(None, [problem])
    try:
        report = import_pdf(source, shown) if source.suffix.lower() == ".pdf" else import_docx(source, shown)
    except (PdfProblem, DocxProblem) as problem:
        return Drafts(None, [Diagnostic(problem.code, problem.message, SourceLoc(shown, 0, 0), problem.hint)])
    except OSError as error:
        message = f"'{shown}' cannot be read ({error.strerror or error.__class__.__name__})"
        return Drafts(None, [Diagnostic("file-not-found", message, SourceLoc(shown, 0, 0))])
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
        return Drafts(None, diagnostics)
    return Drafts(draft_files(report), diagnostics)


@dataclass
class PublishedReport:
    """A reader of one issued report; the file is recognised once, however often it is read."""

    path: Path
    _drafts: Drafts | None = field(default=None, init=False, repr=False)

    @property
    def shown(self) -> str:
        return self.path.as_posix()

    def drafts(self) -> Drafts:
        if self._drafts is None:
            self._drafts = _recognised(self.path, self.shown)
        return self._drafts

    def read(self, cache: ParseCache | None = None) -> tuple[Report | None, list[Diagnostic]]:
        """The report through its drafts; a draft that does not load is reportkit's fault, said as such."""
        drafts = self.drafts()
        if drafts.files is None:
            return None, list(drafts.diagnostics)
        with tempfile.TemporaryDirectory(prefix="reportkit-published-") as scratch:
            for relative, text in drafts.files.items():
                (Path(scratch) / relative).parent.mkdir(parents=True, exist_ok=True)
                (Path(scratch) / relative).write_text(text, "utf-8")
            report, problems = load_report(Path(scratch), cache, display_root=self.shown)
        return report, [*drafts.diagnostics, *problems]
