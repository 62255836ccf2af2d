"""YAML drafts → the document model. The only module that knows YAML.

Loading gathers every problem it can find before giving up: each file is read, parsed by
`yaml_reader` (libyaml; safe: tags are never executed, and it keeps the positions we need),
checked against the shipped JSON Schema, and turned into model nodes as leniently as possible, so that
one broken recommendation does not hide the problems of the next file.
"""

from __future__ import annotations

import bisect
import datetime
import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from yaml import MarkedYAMLError, YAMLError

from reportkit.diagnostics import Diagnostic, SourceLoc, closest_hint
from reportkit.markup import parse_inline
from reportkit.model import (
    AgendaItem,
    Block,
    Chapter,
    Inlines,
    Meeting,
    Options,
    Paragraph,
    Recommendation,
    Report,
    ReviewedPair,
    Section,
    SubItem,
    Theme,
)
from reportkit.yaml_reader import YamlList, YamlMap, parse_yaml

# Characters an XML 1.0 document (and so a DOCX) cannot hold; tab, newline and carriage return are fine.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Inside loaded values, lone surrogates (from "\\ud800" escapes) cannot be encoded either.
XML_FORBIDDEN_VALUE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

BLOCK_KINDS = ("paragraph", "recommendation", "section", "include")
MAX_SECTION_DEPTH = 3  # chapter (1) → section "A." (2) → subsection "1." (3)


@cache
def schema() -> dict[str, Any]:
    text = resources.files("reportkit").joinpath("schema/reportkit.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def _validator(definition: str) -> Draft202012Validator:
    root = schema()
    return Draft202012Validator({"$ref": f"#/$defs/{definition}", "$defs": root["$defs"]})


# --------------------------------------------------------------------------- one file


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


def _node_loc(source: SourceFile, node: Any) -> SourceLoc:
    if isinstance(node, YamlMap | YamlList):
        return source.loc(node.lc.line, node.lc.col)
    return SourceLoc(source.display_path)


def _key_loc(source: SourceFile, mapping: Any, key: Any) -> SourceLoc:
    if isinstance(mapping, YamlMap) and key in mapping:
        line, col = mapping.lc.key(key)
        return source.loc(line, col)
    return _node_loc(source, mapping)


def _value_loc(source: SourceFile, container: Any, key: str | int) -> SourceLoc:
    if isinstance(container, YamlMap) and key in container:
        line, col = container.lc.value(key)
        return source.loc(line, col)
    if isinstance(container, YamlList) and isinstance(key, int) and key < len(container):
        line, col = container.lc.item(key)
        return source.loc(line, col)
    return _node_loc(source, container)


def read_source(path: Path, display_path: str, diagnostics: list[Diagnostic]) -> SourceFile | None:
    """Read and parse one YAML file; report why not when it cannot be."""
    here = SourceLoc(display_path)
    if not path.is_file():
        diagnostics.append(
            Diagnostic(
                "file-not-found", f"no such file '{display_path}'", here, "check the path and its spelling"
            )
        )
        return None
    raw = path.read_bytes()
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
    text = text.removeprefix("\ufeff")
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
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
        if issue.kind == "duplicate-key":
            diagnostics.append(
                Diagnostic(
                    "duplicate-key",
                    issue.message,
                    source.loc(issue.line, issue.col),
                    "a key may appear once in a mapping; merge the two entries or rename one",
                    related=(source.loc(*issue.first),) if issue.first else (),
                )
            )
        else:
            diagnostics.append(
                Diagnostic(
                    "yaml-tag",
                    issue.message,
                    source.loc(issue.line, issue.col),
                    "drafts hold plain text, lists and mappings; remove the '!' tag",
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
                yield _key_loc(source, node, key), match.group()
    elif isinstance(node, list):
        children = [(node, index) for index in range(len(node))]
    for container, key in children:
        value = container[key]
        if isinstance(value, str):
            if match := XML_FORBIDDEN_VALUE.search(value):
                yield _value_loc(source, container, key), match.group()
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


# --------------------------------------------------------------------------- schema validation


def _plain(node: Any) -> Any:
    """The JSON view of a YAML tree, as the JSON Schema sees it (dates become ISO strings)."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, datetime.date):
        return node.isoformat()
    return node


def _describe(node: Any) -> str:
    """How a message names a mapping: "recommendation 'marking-all-firearms'", "the meeting"."""
    if isinstance(node, dict):
        for kind in (*BLOCK_KINDS, "chapter", "item", "theme"):
            if isinstance(node.get(kind), str):
                noun = "agenda item" if kind == "item" else kind
                return f"{noun} '{node[kind]}'"
    return "this entry"


def _path_label(path: list[str | int]) -> str:
    names = [p for p in path if isinstance(p, str)]
    return f"'{names[-1]}'" if names else "the file"


TYPE_NAMES = {
    "string": "a text",
    "array": "a list",
    "object": "a mapping",
    "boolean": "true or false",
    "null": "empty (null)",
    "integer": "a whole number",
    "number": "a number",
}


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a text"
    if value is None:
        return "empty"
    if isinstance(value, int | float):
        return "a number"
    return type(value).__name__


def _navigate(data: Any, path: list[str | int]) -> tuple[Any, str | int | None]:
    """The container holding the node at `path`, and the node's key in it."""
    container, key = None, None
    node = data
    for step in path:
        container, key = node, step
        node = node[step]
    return container, key


def validate(source: SourceFile, definition: str) -> list[Diagnostic]:
    """Check a file (or part of one) against a $def of the shipped JSON Schema."""
    return _validate_node(source, source.data, [], definition)


def _validate_node(
    source: SourceFile, data: Any, prefix: list[str | int], definition: str
) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    node = data
    for step in prefix:
        node = node[step]
    plain = _plain(node)
    for error in _validator(definition).iter_errors(plain):
        diagnostics.extend(_explain(source, data, [*prefix, *error.absolute_path], error))
    return diagnostics


def _explain(
    source: SourceFile, data: Any, path: list[str | int], error: ValidationError
) -> list[Diagnostic]:
    container, key = _navigate(data, path)
    node = container[key] if container is not None else data
    where = _value_loc(source, container, key) if container is not None else _node_loc(source, data)
    defs = schema()["$defs"]
    if error.validator == "oneOf" and isinstance(node, dict) and error.schema is defs["block"]:
        kinds = [k for k in BLOCK_KINDS if k in node]
        if len(kinds) != 1:
            return [
                Diagnostic(
                    "unknown-key" if not kinds else "wrong-type",
                    "a content entry must start with one of "
                    + ", ".join(f"'{k}:'" for k in BLOCK_KINDS)
                    + (f" (it has {', '.join(kinds)})" if kinds else ""),
                    _node_loc(source, node),
                    _closest_hint(next(iter(node), ""), BLOCK_KINDS)
                    if not kinds
                    else "split it into two entries",
                )
            ]
        return _validate_node(source, data, path, kinds[0])
    if error.validator == "oneOf" and error.schema is defs["subItems"]["items"]:
        if isinstance(node, str):
            return _validate_node(source, data, path, "text")
        if isinstance(node, dict):
            return _validate_node(source, data, path, "subItem")
        return [
            Diagnostic(
                "wrong-type",
                f"a subparagraph must be a text or a mapping, not {_type_name(node)}",
                where,
                "write the item's text, or 'text:' with optional 'item:' and 'items:'",
            )
        ]
    if error.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        name = missing[0] if missing else "a field"
        return [
            Diagnostic(
                "missing-field",
                f"{_describe(node)} has no '{name}'",
                _node_loc(source, node),
                f"add '{name}:' to it",
            )
        ]
    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        return [
            Diagnostic(
                "unknown-key",
                f"unknown key '{extra}' in {_describe(node)}",
                _key_loc(source, node, extra),
                _closest_hint(str(extra), allowed),
            )
            for extra in node
            if str(extra) not in allowed
        ]
    if error.validator == "type":
        expected = (
            error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        )
        wanted = " or ".join(TYPE_NAMES.get(t, t) for t in expected)
        return [
            Diagnostic(
                "wrong-type",
                f"{_path_label(path)} must be {wanted}, not {_type_name(node)}",
                where,
                _type_hint(expected),
            )
        ]
    if error.validator == "enum":
        choices = [str(c) for c in error.validator_value]
        return [
            Diagnostic(
                "wrong-type",
                f"{_path_label(path)} must be one of {', '.join(choices)}; got '{node}'",
                where,
                _closest_hint(str(node), choices),
            )
        ]
    if error.validator == "minLength":
        return [
            Diagnostic(
                "empty-text", f"{_path_label(path)} is empty", where, "write the text, or remove the entry"
            )
        ]
    if error.validator == "minItems":
        return [
            Diagnostic(
                "wrong-type",
                f"{_path_label(path)} must list at least one entry",
                where,
                "add an entry, or remove the key",
            )
        ]
    if error.validator == "pattern":
        if error.schema is defs["id"]:
            return [
                Diagnostic(
                    "wrong-type",
                    f"'{node}' is not a valid id",
                    where,
                    "ids are lower-case letters, digits and hyphens, e.g. 'marking-all-firearms'",
                )
            ]
        if error.schema is defs["date"]:
            return [
                Diagnostic(
                    "wrong-type",
                    f"{_path_label(path)} must be a date like 2021-05-31; got '{node}'",
                    where,
                    "write dates as YYYY-MM-DD",
                )
            ]
        return [
            Diagnostic(
                "wrong-type", f"{_path_label(path)} has the wrong form: '{node}'", where, _pattern_hint(path)
            )
        ]
    return [Diagnostic("wrong-type", f"{_path_label(path)}: {error.message}", where, "see docs/format.md")]


def _type_hint(expected: list[str]) -> str:
    if "array" in expected:
        return "write a list, e.g. [first, second] or one '- ' entry per line"
    if "string" in expected:
        return "write a text; quote it if it looks like a number, a date or true/false"
    if "boolean" in expected:
        return "write true or false"
    return "see docs/format.md"


def _pattern_hint(path: list[str | int]) -> str:
    if "symbol" in path:
        return "a document symbol looks like CTOC/COP/WG.6/2021/4"
    if "job_number" in path:
        return "a job number looks like V.21-03928"
    return "see docs/format.md"


def _closest_hint(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    if close:
        return f"did you mean '{close[0]}'?"
    return "allowed: " + ", ".join(choices)


class ParseCache:
    """Parsed and validated files, kept while their size and modification time stay the same.

    Parsing and schema validation are most of the loading time; during a session only the file just
    saved has changed, so the watcher keeps one cache and the rest of the report is not read again.
    """

    def __init__(self) -> None:
        self._entries: dict[
            tuple[Path, str, str], tuple[tuple[int, int], SourceFile | None, list[Diagnostic]]
        ] = {}

    def parsed(
        self, path: Path, display_path: str, definition: str
    ) -> tuple[SourceFile | None, list[Diagnostic]]:
        status = path.stat()
        stamp = (status.st_mtime_ns, status.st_size)
        key = (path, display_path, definition)
        cached = self._entries.get(key)
        if cached and cached[0] == stamp:
            return cached[1], cached[2]
        problems: list[Diagnostic] = []
        source = read_source(path, display_path, problems)
        if source is not None:
            problems.extend(validate(source, definition))
        self._entries[key] = (stamp, source, problems)
        return source, problems


# --------------------------------------------------------------------------- model building


# Which parts of the report a broken file of each kind may leave out (see Report.incomplete).
INCOMPLETE_PARTS: dict[str, tuple[str, ...]] = {
    "reportFile": ("themes", "agenda", "blocks"),
    "agendaFile": ("agenda",),
    "themesFile": ("themes",),
    "chapterFile": ("blocks",),
    "sectionFile": ("blocks",),
}


class _Builder:
    """Turns validated YAML trees into model nodes, reading every file once and following includes."""

    def __init__(self, content_dir: Path, display_root: str, cache: ParseCache) -> None:
        self.content_dir = content_dir.resolve()
        self.display_root = display_root
        self.cache = cache
        self.incomplete: set[str] = set()
        self.diagnostics: list[Diagnostic] = []
        self.include_stack: list[Path] = []

    # ---- files

    def display(self, path: Path) -> str:
        relative = path.relative_to(self.content_dir).as_posix()
        return f"{self.display_root}/{relative}" if self.display_root else relative

    def resolve_path(self, written: str, loc: SourceLoc) -> Path | None:
        """A path written in the drafts, made absolute; it must stay inside the content folder."""
        candidate = (self.content_dir / written).resolve()
        if not candidate.is_relative_to(self.content_dir):
            self.diagnostics.append(
                Diagnostic(
                    "path-outside-content",
                    f"'{written}' points outside the content folder",
                    loc,
                    "keep every draft and image inside the content folder",
                )
            )
            return None
        return candidate

    def open(self, written: str, loc: SourceLoc, definition: str) -> SourceFile | None:
        path = self.resolve_path(written, loc)
        if path is None:
            self.incomplete.update(INCOMPLETE_PARTS[definition])
            return None
        if not path.is_file():
            shown = f"{self.display_root}/{written}" if self.display_root else written
            self.diagnostics.append(
                Diagnostic("file-not-found", f"no such file '{shown}'", loc, self._file_hint(path))
            )
            self.incomplete.update(INCOMPLETE_PARTS[definition])
            return None
        source, problems = self.cache.parsed(path, self.display(path), definition)
        self.diagnostics.extend(problems)
        if source is None or not isinstance(source.data, dict):
            self.incomplete.update(INCOMPLETE_PARTS[definition])
            return None
        if problems:
            # Blocks with schema problems are still built leniently, ids and all; a themes or agenda file
            # with problems may have lost entries, so names that rely on it are not judged.
            self.incomplete.update(part for part in INCOMPLETE_PARTS[definition] if part != "blocks")
        return source

    def _file_hint(self, path: Path) -> str:
        siblings = [p.name for p in path.parent.glob("*.yaml")] if path.parent.is_dir() else []
        return closest_hint(path.name, siblings) or "check the path; it is relative to the content folder"

    # ---- text

    def inlines(self, source: SourceFile, container: Any, key: str | int) -> Inlines:
        if isinstance(container, dict):
            value = container.get(key)
        elif isinstance(container, list) and isinstance(key, int) and key < len(container):
            value = container[key]
        else:
            value = None
        if not isinstance(value, str):
            return ()
        start = _value_loc(source, container, key)
        start_offset = source.loc_to_offset(start)

        def locate(offset: int) -> SourceLoc:
            # The loaded text of a folded or quoted scalar differs from the file; find the markup itself.
            snippet = value[offset : offset + 40].split("\n")[0]
            found = source.text.find(snippet, start_offset)
            return source.offset_to_loc(found) if snippet and found >= 0 else start

        parsed = parse_inline(value, locate)
        for problem in parsed.problems:
            self.diagnostics.append(
                Diagnostic("bad-ref", problem.message, locate(problem.offset), problem.hint)
            )
        return parsed.inlines

    # ---- blocks

    def sub_items(self, source: SourceFile, node: Any) -> tuple[SubItem, ...]:
        items = node.get("items") if isinstance(node, dict) else None
        if not isinstance(items, list):
            return ()
        built: list[SubItem] = []
        for index, item in enumerate(items):
            loc = _value_loc(source, items, index)
            if isinstance(item, str):
                built.append(SubItem(None, self.inlines(source, items, index), loc=loc))
            elif isinstance(item, dict):
                item_id = item.get("item") if isinstance(item.get("item"), str) else None
                built.append(
                    SubItem(
                        item_id,
                        self.inlines(source, item, "text"),
                        self.sub_items(source, item),
                        loc=_node_loc(source, item),
                    )
                )
        return tuple(built)

    def blocks(self, source: SourceFile, node: Any, level: int, agenda_item: str | None) -> tuple[Block, ...]:
        content = node.get("content") if isinstance(node, dict) else None
        if not isinstance(content, list):
            return ()
        built: list[Block] = []
        for entry in content:
            if not isinstance(entry, dict):
                continue
            block = self.block(source, entry, level, agenda_item)
            if block is not None:
                built.append(block)
        return tuple(built)

    def block(
        self, source: SourceFile, entry: dict[str, Any], level: int, agenda_item: str | None
    ) -> Block | None:
        loc = _node_loc(source, entry)
        if isinstance(entry.get("paragraph"), str):
            return Paragraph(
                entry["paragraph"],
                self.inlines(source, entry, "text"),
                self.sub_items(source, entry),
                show_agenda=entry.get("show_agenda") is True,
                loc=loc,
            )
        if isinstance(entry.get("recommendation"), str):
            themes = entry.get("themes")
            own_item = entry.get("agenda_item")
            status = entry.get("status")
            return Recommendation(
                entry["recommendation"],
                self.inlines(source, entry, "text"),
                status=status if isinstance(status, str) else "proposed",  # type: ignore[arg-type]
                themes=tuple(t for t in themes if isinstance(t, str)) if isinstance(themes, list) else (),
                agenda_item=own_item if isinstance(own_item, str) else agenda_item,
                items=self.sub_items(source, entry),
                loc=loc,
            )
        if isinstance(entry.get("section"), str):
            return self.section(source, entry, level + 1, agenda_item)
        if isinstance(entry.get("include"), str):
            return self.include(
                entry["include"], _value_loc(source, entry, "include"), level + 1, agenda_item
            )
        return None

    def section(self, source: SourceFile, entry: Any, level: int, agenda_item: str | None) -> Section | None:
        loc = _node_loc(source, entry)
        if level > MAX_SECTION_DEPTH:
            self.diagnostics.append(
                Diagnostic(
                    "wrong-type",
                    f"section '{entry['section']}' is nested too deep",
                    loc,
                    "UN reports have chapters, sections (A.) and subsections (1.); move it up a level",
                )
            )
            return None
        own_item = entry.get("agenda_item")
        item = own_item if isinstance(own_item, str) else agenda_item
        title = entry.get("title") if isinstance(entry.get("title"), str) else ""
        return Section(
            entry["section"], title, level, self.blocks(source, entry, level, item), agenda_item=item, loc=loc
        )

    def include(self, written: str, loc: SourceLoc, level: int, agenda_item: str | None) -> Section | None:
        path = self.resolve_path(written, loc)
        if path is None:
            return None
        if path in self.include_stack:
            self.incomplete.add("blocks")
            self.diagnostics.append(
                Diagnostic(
                    "include-cycle", f"'{written}' includes itself", loc, "remove the circular include"
                )
            )
            return None
        source = self.open(written, loc, "sectionFile")
        if source is None:
            return None
        self.include_stack.append(path)
        try:
            return self.section(source, source.data, level, agenda_item)
        finally:
            self.include_stack.pop()

    def chapter(self, written: str, loc: SourceLoc) -> Chapter | None:
        source = self.open(written, loc, "chapterFile")
        if source is None:
            return None
        data = source.data
        if not isinstance(data.get("chapter"), str):
            return None
        title = data.get("title") if isinstance(data.get("title"), str) else ""
        return Chapter(
            data["chapter"], title, self.blocks(source, data, 1, None), loc=_node_loc(source, data)
        )

    # ---- meeting, agenda, themes

    def agenda(self, source: SourceFile, items: Any) -> tuple[AgendaItem, ...]:
        if not isinstance(items, list):
            return ()
        return tuple(
            AgendaItem(
                item["item"],
                item.get("title") or "",
                self.agenda(source, item.get("items")),
                loc=_node_loc(source, item),
            )
            for item in items
            if isinstance(item, dict) and isinstance(item.get("item"), str)
        )

    def themes(self, source: SourceFile, items: Any) -> tuple[Theme, ...]:
        if not isinstance(items, list):
            return ()
        return tuple(
            Theme(item["theme"], str(item.get("title") or ""), loc=_node_loc(source, item))
            for item in items
            if isinstance(item, dict) and isinstance(item.get("theme"), str)
        )

    def meeting(self, source: SourceFile, node: Any) -> Meeting:
        node = node if isinstance(node, dict) else {}

        def text(key: str, default: str = "") -> str:
            value = node.get(key)
            return value if isinstance(value, str) else default

        def date(key: str) -> datetime.date:
            value = node.get(key)
            if isinstance(value, datetime.date):
                return value
            return datetime.date(1970, 1, 1)  # already reported by the schema

        lines = node.get("session_lines")
        return Meeting(
            issuing_body=text("issuing_body"),
            symbol=text("symbol"),
            job_number=text("job_number"),
            date=date("date"),
            title=text("title"),
            venue=text("venue"),
            start_date=date("start_date"),
            end_date=date("end_date"),
            distribution=text("distribution", "General"),
            original_language=text("original_language", "English"),
            meeting_name=text("meeting_name"),
            document_status=text("document_status", "final"),
            session_lines=tuple(x for x in lines if isinstance(x, str)) if isinstance(lines, list) else (),
            processing_dates=str(node.get("processing_dates") or ""),
            loc=_node_loc(source, node),
        )

    def options(self, source: SourceFile, node: Any) -> Options:
        if not isinstance(node, dict):
            return Options()
        defaults = Options()
        emblem = node.get("emblem")
        if isinstance(emblem, str):
            path = self.resolve_path(emblem, _value_loc(source, node, "emblem"))
            if path is not None and not path.is_file():
                self.diagnostics.append(
                    Diagnostic(
                        "file-not-found",
                        f"no emblem image '{emblem}'",
                        _value_loc(source, node, "emblem"),
                        "give a PNG or JPEG path relative to the content folder, or null",
                    )
                )
            emblem = str(path) if path is not None else None
        return Options(
            recommendation_style=node.get("recommendation_style", defaults.recommendation_style),
            paper=node.get("paper", defaults.paper),
            emblem=emblem if isinstance(emblem, str) else None,
            show_session_lines=node.get("show_session_lines") is True,
            recommendations_bold=node.get("recommendations_bold") is True,
            word_limit=node["word_limit"] if isinstance(node.get("word_limit"), int) else defaults.word_limit,
        )

    def reviewed_pairs(self, source: SourceFile, items: Any) -> tuple[ReviewedPair, ...]:
        if not isinstance(items, list):
            return ()
        return tuple(
            ReviewedPair(
                str(item["first"]),
                str(item["second"]),
                str(item.get("reason") or ""),
                loc=_node_loc(source, item),
            )
            for item in items
            if isinstance(item, dict) and "first" in item and "second" in item
        )


def load_report(
    content_dir: Path | str, cache: ParseCache | None = None
) -> tuple[Report | None, list[Diagnostic]]:
    """Read report.yaml and every file it names. Returns the report (None if unusable) and all diagnostics.

    A `ParseCache` kept between calls (as the watcher does) re-reads only the files that changed.
    """
    content_dir = Path(content_dir)
    display_root = content_dir.as_posix().rstrip("/")
    if not content_dir.is_dir():
        return None, [
            Diagnostic(
                "file-not-found",
                f"no content folder '{display_root}'",
                SourceLoc(display_root),
                "run from the project folder, or pass --content DIR",
            )
        ]
    builder = _Builder(content_dir, display_root, cache or ParseCache())
    top = builder.open("report.yaml", SourceLoc(f"{display_root}/report.yaml"), "reportFile")
    if top is None:
        return None, builder.diagnostics
    data = top.data
    agenda: tuple[AgendaItem, ...] = ()
    if isinstance(data.get("agenda"), str):
        agenda_file = builder.open(data["agenda"], _value_loc(top, data, "agenda"), "agendaFile")
        if agenda_file is not None:
            agenda = builder.agenda(agenda_file, agenda_file.data.get("agenda"))
    themes: tuple[Theme, ...] = ()
    if isinstance(data.get("themes"), str):
        themes_file = builder.open(data["themes"], _value_loc(top, data, "themes"), "themesFile")
        if themes_file is not None:
            themes = builder.themes(themes_file, themes_file.data.get("themes"))
    chapters: list[Chapter] = []
    chapter_list = data.get("chapters")
    if isinstance(chapter_list, list):
        for index, written in enumerate(chapter_list):
            if isinstance(written, str):
                chapter = builder.chapter(written, _value_loc(top, chapter_list, index))
                if chapter is not None:
                    chapters.append(chapter)
    report = Report(
        meeting=builder.meeting(top, data.get("meeting")),
        options=builder.options(top, data.get("options")),
        agenda=agenda,
        themes=themes,
        chapters=tuple(chapters),
        reviewed_pairs=builder.reviewed_pairs(top, data.get("reviewed_pairs")),
        content_dir=str(content_dir),
        incomplete=frozenset(builder.incomplete),
    )
    return report, builder.diagnostics
