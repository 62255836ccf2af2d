"""The YAML drafts of a meeting folder, read by the loader (load.py) into the model."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportkit.diagnostics import Diagnostic
from reportkit.load import ParseCache, load_report
from reportkit.model import Report


@dataclass(frozen=True)
class YamlDrafts:
    folder: Path

    def read(self, cache: ParseCache | None = None) -> tuple[Report | None, list[Diagnostic]]:
        """A `ParseCache` kept between reads (as the watcher keeps one) re-parses only changed files."""
        return load_report(self.folder, cache)
