"""The one interface to wherever the registry is kept: YAML files in git today, a database tomorrow.

What reads the registry (the index cache, the duplication check, the compendium) goes through a
`RegistryStore`, so none of it knows files or paths; `yaml_store.YamlRegistryStore` is the store of
one folder of YAML files.
"""

from __future__ import annotations

from typing import Protocol

from reportkit.diagnostics import Diagnostic
from reportkit.model import Report
from reportkit.registry.model import Registry


class RegistryStore(Protocol):
    """Earlier meetings' adopted recommendations, read whole and recorded one meeting at a time."""

    @property
    def name(self) -> str:
        """Where the store is, as a person would name it in a message ("registry")."""
        ...

    def exists(self) -> bool:
        """Whether there is a registry to read at all (an absent folder is an input error)."""
        ...

    def content_hash(self) -> str:
        """A hash of everything stored: equal hashes mean an identical registry (the index's key)."""
        ...

    def load(self) -> tuple[Registry, list[Diagnostic]]:
        """Every meeting and entry; problems are diagnostics, as for the drafts."""
        ...

    def record(self, report: Report) -> tuple[str, int, list[Diagnostic]]:
        """Record a report's adopted recommendations: (where, how many entries, problems)."""
        ...
