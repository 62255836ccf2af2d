"""One draft file: read, decoded, checked for characters a document cannot hold, parsed with its places.

`read_source` (and `parse_source`, for bytes at hand) never raises for bad input: every reason a file
cannot be used (missing, not UTF-8, empty, control characters, YAML syntax, duplicate keys, tags,
aliases, impossible values) becomes a diagnostic at its place. Drafts, recorded versions and registry
files are all read here.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml import MarkedYAMLError, YAMLError

from reportkit.diagnostics import Diagnostic, SourceLoc
from reportkit.yaml_reader import YamlList, YamlMap, parse_yaml

# What libyaml counts as a line break once "\r\n" and "\r" are made "\n": places in messages must
# count lines as the parser does.
LINE_BREAK = re.compile("[\n\x85\u2028\u2029]")
# Characters an XML 1.0 document (and so a DOCX) cannot hold; tab, newline and carriage return are fine.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Inside loaded values, lone surrogates (from "\\ud800" escapes) cannot be encoded either.
XML_FORBIDDEN_VALUE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass
class SourceFile:
    """A parsed draft file: its YAML tree, and what is needed to point at places in it."""

    display_path: str
    text: str
    data: Any
    line_starts: list[int] = field(default_factory=list)

    def loc(self, line0: int, col0: int) -> SourceLoc:
        return SourceLoc(self.display_path, line0 + 1, col0 + 1)

    def offset_to_loc(self, offset: int) -> SourceLoc:
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return SourceLoc(self.display_path, line + 1, offset - self.line_starts[line] + 1)

    def loc_to_offset(self, loc: SourceLoc) -> int:
        return self.line_starts[loc.line - 1] + loc.col - 1


def node_loc(source: SourceFile, node: Any) -> SourceLoc:
    if isinstance(node, YamlMap | YamlList):
        return source.loc(node.lc.line, node.lc.col)
    return SourceLoc(source.display_path)


def key_loc(source: SourceFile, mapping: Any, key: Any) -> SourceLoc:
    if isinstance(mapping, YamlMap) and key in mapping:
        line, col = mapping.lc.key(key)
        return source.loc(line, col)
    return node_loc(source, mapping)


def value_loc(source: SourceFile, container: Any, key: str | int) -> SourceLoc:
    if isinstance(container, YamlMap) and key in container:
        line, col = container.lc.value(key)
        return source.loc(line, col)
    if isinstance(container, YamlList) and isinstance(key, int) and key < len(container):
        line, col = container.lc.item(key)
        return source.loc(line, col)
    return node_loc(source, container)


def read_source(path: Path, display_path: str, diagnostics: list[Diagnostic]) -> SourceFile | None:
    """Read and parse one YAML file; report why not when it cannot be."""
    here = SourceLoc(display_path)
    try:
        raw = path.read_bytes() if path.is_file() else None
    except OSError as error:  # unreadable, a name too long: the file cannot be used either way
        diagnostics.append(
            Diagnostic(
                "file-not-found",
                f"cannot read '{display_path}': {error.strerror or error}",
                here,
                "check the path and the file's permissions",
            )
        )
        return None
    if raw is None:
        diagnostics.append(
            Diagnostic(
                "file-not-found", f"no such file '{display_path}'", here, "check the path and its spelling"
            )
        )
        return None
    return parse_source(raw, display_path, diagnostics)


def parse_source(raw: bytes, display_path: str, diagnostics: list[Diagnostic]) -> SourceFile | None:
    """Decode, check and parse the bytes of a YAML file; report why not when they cannot be used."""
    here = SourceLoc(display_path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        diagnostics.append(
            Diagnostic(
                "not-utf8",
                f"the file is not UTF-8 (byte 0x{raw[error.start]:02x})",
                SourceLoc(display_path, line, col),
                "save it as UTF-8 (in Word or Notepad: Save As, Encoding: UTF-8)",
            )
        )
        return None
    # Old Mac files end lines with "\r" alone; YAML reads every line end as "\n" anyway.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    line_starts = [0] + [m.end() for m in LINE_BREAK.finditer(text)]
    source = SourceFile(display_path, text, None, line_starts)
    forbidden = list(XML_FORBIDDEN.finditer(text))
    for match in forbidden:
        diagnostics.append(
            Diagnostic(
                "control-character",
                f"control character U+{ord(match.group()):04X} cannot appear in a document",
                source.offset_to_loc(match.start()),
                "delete it; it usually comes from pasting out of a PDF or another program",
            )
        )
    if forbidden:
        return None
    if not text.strip():
        diagnostics.append(
            Diagnostic(
                "empty-file", "the file is empty", here, "write its content, or remove it from report.yaml"
            )
        )
        return None
    try:
        source.data, issues = parse_yaml(text)
    except MarkedYAMLError as error:
        diagnostics.append(_syntax_error(source, error))
        return None
    except YAMLError as error:
        diagnostics.append(
            Diagnostic("yaml-syntax", f"invalid YAML: {error}", here, "check the file's syntax")
        )
        return None
    if source.data is None:
        diagnostics.append(Diagnostic("empty-file", "the file has no content", here, "write its content"))
        return None
    for issue in issues:
        code, hint = ISSUE_CODES[issue.kind]
        diagnostics.append(
            Diagnostic(
                code,
                issue.message,
                source.loc(issue.line, issue.col),
                hint,
                related=(source.loc(*issue.first),) if issue.first else (),
            )
        )
    escaped = list(_escaped_forbidden_characters(source.data, source))
    for loc, character in escaped:
        diagnostics.append(
            Diagnostic(
                "control-character",
                f"escaped character U+{ord(character):04X} cannot appear in a document",
                loc,
                "remove the \\x or \\u escape from the quoted text",
            )
        )
    return None if issues or escaped else source


# Each kind of yaml_reader issue: its diagnostic code and hint.
ISSUE_CODES = {
    "duplicate-key": (
        "duplicate-key",
        "a key may appear once in a mapping; merge the two entries or rename one",
    ),
    "tag": ("yaml-tag", "drafts hold plain text, lists and mappings; remove the '!' tag"),
    "alias": (
        "yaml-alias",
        "anchors ('&name') and aliases ('*name') are not allowed; write the value out in full",
    ),
    "value": ("wrong-type", "correct the value, or quote it to make it a text"),
    "date": ("wrong-type", "check the day and the month; dates are written YYYY-MM-DD"),
    "depth": ("yaml-syntax", "drafts need far less nesting; check the brackets and the indentation"),
}


def _syntax_error(source: SourceFile, error: MarkedYAMLError) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    line = mark.line if mark else 0
    opening = _unclosed_quote(source.text, line)
    if opening is not None:
        return Diagnostic(
            "yaml-syntax",
            "invalid YAML: this quoted text is never closed",
            source.loc(*opening),
            "a quoted text must end with the same quote it started with",
        )
    problem = error.problem or error.context or "invalid YAML"
    here = source.loc(line, mark.column) if mark else SourceLoc(source.display_path)
    lines = source.text.split("\n")
    if mark and line < len(lines) and "\t" in lines[line][: mark.column + 1]:
        return Diagnostic(
            "yaml-syntax",
            "invalid YAML: a tab is used for indentation",
            here,
            "indent with spaces, never tabs",
        )
    return Diagnostic("yaml-syntax", f"invalid YAML: {problem}", here, _syntax_hint(problem))


def _escaped_forbidden_characters(node: Any, source: SourceFile) -> Iterator[tuple[SourceLoc, str]]:
    """Characters XML cannot hold that arrive through escapes ("\\x0b", "\\ud800") in quoted texts.

    The raw file was already checked, so these can only come from YAML's escape sequences.
    """
    children: list[tuple[Any, str | int]] = []
    if isinstance(node, dict):
        children = [(node, key) for key in node]
        for key in node:
            if isinstance(key, str) and (match := XML_FORBIDDEN_VALUE.search(key)):
                yield key_loc(source, node, key), match.group()
    elif isinstance(node, list):
        children = [(node, index) for index in range(len(node))]
    for container, key in children:
        value = container[key]
        if isinstance(value, str):
            if match := XML_FORBIDDEN_VALUE.search(value):
                yield value_loc(source, container, key), match.group()
        else:
            yield from _escaped_forbidden_characters(value, source)


_QUOTED_VALUE_START = re.compile(r"""(?:^\s*-\s+|:\s+)(["'])""")


def _unclosed_quote(text: str, error_line: int) -> tuple[int, int] | None:
    """(line, col) of a quoted value opened on one line and never closed, at or before the error line.

    YAML lets quoted texts span lines, so a missing closing quote shows up as a confusing error far
    below; pointing at the opening quote is what the author needs.
    """
    lines = text.split("\n")[: error_line + 1]
    for number, line in enumerate(lines[:-1]):
        match = _QUOTED_VALUE_START.search(line)
        if not match:
            continue
        quote = match.group(1)
        rest = line[match.end() :]
        closing = rest.replace("''", "").count("'") if quote == "'" else len(re.findall(r'(?<!\\)"', rest))
        if closing == 0:
            return number, match.start(1)
    return None


def _syntax_hint(problem: str) -> str:
    if "escape" in problem:
        return "in double quotes a backslash starts an escape: write '\\\\' for one, or use single quotes"
    if "\\t" in problem or "tab" in problem:
        return "indent with spaces, never tabs"
    if "quoted" in problem or "quote" in problem:
        return "a quoted text must end with the same quote it started with"
    if "mapping values are not allowed" in problem:
        return "a ': ' inside a text needs the text quoted, or written as a block with '>-'"
    return "check the indentation: entries of one list or mapping must start in the same column"
