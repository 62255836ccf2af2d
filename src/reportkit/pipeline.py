"""The phases before any writer: read → number → resolve → editorial checks, with every problem found.

Commands that need the finished model (build, check, circulate, diff, registry add) all start here,
whatever the report was read from (readers/: YAML drafts, an issued PDF or DOCX).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportkit.checks.editorial import check_editorial
from reportkit.checks.template import check_template
from reportkit.diagnostics import Diagnostic, has_errors, sorted_diagnostics
from reportkit.load import ParseCache
from reportkit.model import Report
from reportkit.number import number
from reportkit.readers import Reader, reader_for
from reportkit.resolve import resolve


@dataclass
class Prepared:
    """The report after every phase before the writers, with all that was found on the way."""

    report: Report | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.report is not None and not has_errors(self.diagnostics)


def prepare(source: Reader | Path, cache: ParseCache | None = None) -> Prepared:
    """Read, number and resolve; a `ParseCache` kept between calls re-reads only changed drafts.

    `source` is a reader, or a path: a meeting folder of drafts, or an issued report's PDF or DOCX.
    """
    reader = reader_for(source) if isinstance(source, Path) else source
    report, diagnostics = reader.read(cache)
    if report is None:
        return Prepared(None, sorted_diagnostics(diagnostics))
    report, numbering_problems = number(report)
    report, reference_problems = resolve(report)
    diagnostics = [
        *diagnostics,
        *numbering_problems,
        *reference_problems,
        *check_editorial(report),
        *check_template(report),
    ]
    return Prepared(report, sorted_diagnostics(diagnostics))
