"""Reading YAML drafts fast, safely, and with the place of every key, value and list item.

libyaml (PyYAML's C parser) composes the document into nodes that know where they start; this module
turns the nodes into plain dicts and lists that remember those places (`.lc`, in the shape ruamel.yaml
uses), which the loader needs for `path:line:col` messages. It is several times faster than a pure
Python parser, which matters when a report is rebuilt on every save.

Safe by construction: only the YAML 1.2 core types are built (text, numbers, true/false, null, dates,
lists, mappings). Any other tag — `!!python/object`, `!include`, anything — is reported, never run.
Scalars are typed as YAML 1.2 does: `yes`, `no`, `on` and `off` stay text (YAML 1.1 made them true or
false, which turns a country code like NO into false). Duplicate keys are all reported, with both places.

Anchors and aliases (`&name`, `*name`) are refused: every later reader (the character scan, the schema,
the registry and version readers) walks the tree, and a shared value is walked once per use, so a
"billion laughs" file of 2 KB would cost minutes and gigabytes, and `&r [*r]` would never end. Refusing
them keeps a tree as large as its file; drafts have no need of them. Nesting is limited for the same
reason (and so that no reader runs out of stack).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from yaml import AliasEvent, YAMLError
from yaml.constructor import SafeConstructor
from yaml.cyaml import CParser
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

YAML_TAG = "tag:yaml.org,2002:"
STR_TAG = YAML_TAG + "str"
MAX_DEPTH = 64  # lists and mappings inside each other; a report needs about 15
SCALAR_TAGS = frozenset(YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp"))


class LineCol:
    """Positions (0-based line, column) of a mapping's keys and values or a list's items."""

    __slots__ = ("col", "items", "keys", "line", "values")

    def __init__(self, line: int, col: int) -> None:
        self.line = line
        self.col = col
        self.keys: dict[Any, tuple[int, int]] = {}
        self.values: dict[Any, tuple[int, int]] = {}
        self.items: list[tuple[int, int]] = []

    def key(self, key: Any) -> tuple[int, int]:
        return self.keys[key]

    def value(self, key: Any) -> tuple[int, int]:
        return self.values[key]

    def item(self, index: int) -> tuple[int, int]:
        return self.items[index]


class YamlMap(dict[Any, Any]):
    lc: LineCol


class YamlList(list[Any]):
    lc: LineCol


@dataclass(frozen=True, slots=True)
class YamlIssue:
    """A problem in a document that parsed: a duplicate key or a forbidden tag."""

    kind: str  # "duplicate-key", "tag", "alias", "depth", "value" or "date" (a
    # value of its type that cannot be: `!!int abc`, 2021-06-31)
    message: str
    line: int
    col: int
    first: tuple[int, int] | None = None  # the other place, for a duplicate key


class _CoreLoader(CParser, SafeConstructor, BaseResolver):  # type: ignore[misc]
    """libyaml's parser with the YAML 1.2 core schema's implicit types."""

    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        SafeConstructor.__init__(self)
        BaseResolver.__init__(self)


_CORE_TYPES = (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?(?:0|[1-9][0-9]*)|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (
        "timestamp",
        r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}"
        r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
        r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$",
        "0123456789",
    ),
)
for _name, _pattern, _first in _CORE_TYPES:
    _CoreLoader.add_implicit_resolver(YAML_TAG + _name, re.compile(_pattern), list(_first))


# What a value written with an explicit tag (`!!int abc`) should have looked like.
_TYPE_WORDS = {
    "int": "a whole number (of at most 4,300 digits)",
    "float": "a number",
    "bool": "true or false",
    "timestamp": "a date that exists",
}


class _Converter:
    def __init__(self, loader: _CoreLoader) -> None:
        self.loader = loader
        self.issues: list[YamlIssue] = []
        # Every node met so far: libyaml composes an alias as the very node it names, so meeting a node
        # twice means an alias.
        self.seen: set[int] = set()
        self.aliases = 0

    def value(self, node: Node, depth: int = 0) -> Any:
        if id(node) in self.seen:
            self.aliases += 1
            return None
        self.seen.add(id(node))
        if isinstance(node, ScalarNode):
            if node.tag not in SCALAR_TAGS:
                return self._forbidden(node)
            return self._scalar(node)
        if depth >= MAX_DEPTH:
            self.issues.append(
                YamlIssue(
                    "depth",
                    f"lists and mappings are nested more than {MAX_DEPTH} deep",
                    node.start_mark.line,
                    node.start_mark.column,
                )
            )
            return None
        if isinstance(node, SequenceNode):
            if node.tag != YAML_TAG + "seq":
                return self._forbidden(node)
            items = YamlList()
            items.lc = LineCol(node.start_mark.line, node.start_mark.column)
            for item in node.value:
                items.lc.items.append((item.start_mark.line, item.start_mark.column))
                items.append(self.value(item, depth + 1))
            return items
        if isinstance(node, MappingNode):
            if node.tag != YAML_TAG + "map":
                return self._forbidden(node)
            return self._mapping(node, depth)
        return self._forbidden(node)

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag == STR_TAG:
            return node.value  # what the constructor would return, without its bookkeeping (most nodes)
        try:
            return self.loader.construct_object(node)
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError, YAMLError):
            # An impossible date (2021-06-31), an integer past Python's 4,300 digits, `!!bool maybe`.
            wanted = _TYPE_WORDS.get(node.tag.removeprefix(YAML_TAG), "a plain value")
            shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            kind = "date" if node.tag == YAML_TAG + "timestamp" else "value"
            self.issues.append(
                YamlIssue(
                    kind,
                    f"'{shown}' is not {wanted}",
                    node.start_mark.line,
                    node.start_mark.column,
                )
            )
            return None

    def _mapping(self, node: MappingNode, depth: int) -> YamlMap:
        mapping = YamlMap()
        mapping.lc = LineCol(node.start_mark.line, node.start_mark.column)
        for key_node, value_node in node.value:
            key = self.value(key_node) if isinstance(key_node, ScalarNode) else self._forbidden(key_node)
            key = key if isinstance(key, str | int | float | bool) or key is None else str(key)
            place = (key_node.start_mark.line, key_node.start_mark.column)
            if key in mapping.lc.keys:
                self.issues.append(
                    YamlIssue("duplicate-key", f"duplicate key {key}", *place, first=mapping.lc.keys[key])
                )
                continue
            mapping.lc.keys[key] = place
            mapping.lc.values[key] = (value_node.start_mark.line, value_node.start_mark.column)
            mapping[key] = self.value(value_node, depth + 1)
        return mapping

    def _forbidden(self, node: Node) -> None:
        self.issues.append(
            YamlIssue(
                "tag", f"YAML tag '{node.tag}' is not allowed", node.start_mark.line, node.start_mark.column
            )
        )


def parse_yaml(text: str) -> tuple[Any, list[YamlIssue]]:
    """The document as positioned dicts and lists, and its issues; bad syntax raises MarkedYAMLError."""
    loader = _CoreLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        converter = _Converter(loader)
        data = converter.value(node)
    finally:
        loader.dispose()
    if converter.aliases:
        converter.issues.append(_alias_issue(text, converter.aliases))
    return data, converter.issues


def _alias_issue(text: str, count: int) -> YamlIssue:
    """One issue for all of a file's aliases, at the first: a bomb holds thousands of them."""
    loader = _CoreLoader(text)
    try:
        while (event := loader.get_event()) is not None and not isinstance(event, AliasEvent):
            pass
    finally:
        loader.dispose()
    line, col, name = (event.start_mark.line, event.start_mark.column, event.anchor) if event else (0, 0, "")
    more = f" (and {count - 1} more in this file)" if count > 1 else ""
    return YamlIssue("alias", f"YAML alias '*{name}' is not allowed{more}", line, col)
