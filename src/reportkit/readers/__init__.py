"""Readers: whatever a report is written in → the one document model.

Each reader reads its source with every problem found, as `(report or None, diagnostics)`, so that
`pipeline.prepare()` numbers, resolves and checks a report whatever it was read from:

- `YamlDrafts`: a meeting folder of YAML drafts (the loader in load.py);
- `PublishedReport`: an issued report as PDF or DOCX (pdf_text → pdf / docx → report_structure),
  read as the drafts `reportkit import` would write (drafts.py), without writing a folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from reportkit.diagnostics import Diagnostic
from reportkit.load import ParseCache
from reportkit.model import Report

PUBLISHED_SUFFIXES = (".pdf", ".docx")


class Reader(Protocol):
    def read(self, cache: ParseCache | None = None) -> tuple[Report | None, list[Diagnostic]]:
        """The report as the model (None when it cannot be used) and every problem found reading it."""
        ...


def reader_for(source: Path) -> Reader:
    """A published report's file is read as one; anything else is a folder of drafts."""
    from reportkit.readers.published import PublishedReport
    from reportkit.readers.yaml_drafts import YamlDrafts

    if source.suffix.lower() in PUBLISHED_SUFFIXES and not source.is_dir():
        return PublishedReport(source)
    return YamlDrafts(source)
