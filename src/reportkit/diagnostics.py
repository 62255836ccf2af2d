"""Where things come from, and what is wrong with them.

Every problem found in the drafts is a `Diagnostic` value; nothing is printed or raised while the
pipeline runs. The CLI renders them all at the end as `path:line:col: error[code]: message`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True, slots=True, order=True)
class SourceLoc:
    """A place in a draft file; line and column count from 1 as editors show them."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


UNKNOWN_LOC = SourceLoc("<unknown>", 0, 0)


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    message: str
    loc: SourceLoc
    hint: str | None = None
    severity: Severity = Severity.ERROR
    related: tuple[SourceLoc, ...] = field(default=())

    def render(self) -> str:
        """The one-line form editors and CI logs understand, with the hint and related places below."""
        message = self.message.translate(ESCAPED_CONTROLS)
        lines = [f"{self.loc}: {self.severity.value}[{self.code}]: {message}"]
        if self.hint:
            lines.append(f"  hint: {self.hint.translate(ESCAPED_CONTROLS)}")
        lines.extend(f"  {place}: note: other instance here" for place in self.related)
        return "\n".join(lines)


# Messages quote the drafts' values; a newline or other control character in one (an id written as a
# block scalar, say) must not break the one-line form, so it is shown escaped: 'cooperate\n'.
ESCAPED_CONTROLS = {code: f"\\x{code:02x}" for code in range(32)} | {9: "\\t", 10: "\\n", 13: "\\r"}


def has_errors(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def sorted_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Order by file and position so the output reads top to bottom, without repeats."""
    unique = list(dict.fromkeys(diagnostics))
    return sorted(unique, key=lambda d: (d.loc.path, d.loc.line, d.loc.col, d.code))


def closest_hint(word: str, choices: list[str]) -> str | None:
    """'did you mean …?' for an unknown id or key, or None when nothing is close."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None
