"""Reading YAML drafts fast, safely, and with the place of every key, value and list item.

libyaml (PyYAML's C parser) composes the document into nodes that know where they start; this module
turns the nodes into plain dicts and lists that remember those places (`.lc`, in the shape ruamel.yaml
uses), which the loader needs for `path:line:col` messages. It is several times faster than a pure
Python parser, which matters when a report is rebuilt on every save.

Safe by construction: only the YAML 1.2 core types are built (text, numbers, true/false, null, dates,
lists, mappings). Any other tag — `!!python/object`, `!include`, anything — is reported, never run.
Scalars are typed as YAML 1.2 does: `yes`, `no`, `on` and `off` stay text (YAML 1.1 made them true or
false, which turns a country code like NO into false). Aliases are shared, never expanded, so a
"billion laughs" document costs nothing. Duplicate keys are all reported, with both places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from yaml.constructor import SafeConstructor
from yaml.cyaml import CParser
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

YAML_TAG = "tag:yaml.org,2002:"
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

    kind: str  # "duplicate-key" or "tag"
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


class _Converter:
    def __init__(self, loader: _CoreLoader) -> None:
        self.loader = loader
        self.issues: list[YamlIssue] = []
        self.done: dict[int, Any] = {}  # node id → value: aliases share one value

    def value(self, node: Node) -> Any:
        known = self.done.get(id(node))
        if known is not None:
            return known
        if isinstance(node, ScalarNode):
            if node.tag not in SCALAR_TAGS:
                return self._forbidden(node)
            return self.loader.construct_object(node)
        if isinstance(node, SequenceNode):
            if node.tag != YAML_TAG + "seq":
                return self._forbidden(node)
            items = YamlList()
            items.lc = LineCol(node.start_mark.line, node.start_mark.column)
            self.done[id(node)] = items
            for item in node.value:
                items.lc.items.append((item.start_mark.line, item.start_mark.column))
                items.append(self.value(item))
            return items
        if isinstance(node, MappingNode):
            if node.tag != YAML_TAG + "map":
                return self._forbidden(node)
            return self._mapping(node)
        return self._forbidden(node)

    def _mapping(self, node: MappingNode) -> YamlMap:
        mapping = YamlMap()
        mapping.lc = LineCol(node.start_mark.line, node.start_mark.column)
        self.done[id(node)] = mapping
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
            mapping[key] = self.value(value_node)
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
        return converter.value(node), converter.issues
    finally:
        loader.dispose()
