"""Reading YAML drafts fast, safely, and with the place of every key, value and list item.

libyaml (PyYAML's C parser) turns the text into events that know where they start; this module builds
plain dicts and lists from them that remember those places (`.lc`, in the shape ruamel.yaml uses),
which the loader needs for `path:line:col` messages. It is several times faster than a pure Python
parser, which matters when a report is rebuilt on every save; building from events rather than from
PyYAML's composed nodes takes a third of the memory and no recursion.

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

from yaml import YAMLError
from yaml.composer import ComposerError
from yaml.constructor import SafeConstructor
from yaml.cyaml import CParser
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

YAML_TAG = "tag:yaml.org,2002:"
STR_TAG, INT_TAG = YAML_TAG + "str", YAML_TAG + "int"
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


@dataclass(slots=True)
class _Open:
    """A list or mapping whose events are being read; `value` is None when it is refused (a forbidden
    tag, too deep), and then what it holds is read and dropped."""

    value: YamlList | YamlMap | None
    start: tuple[int, int]  # (line, column) where it begins
    key: Any = None
    key_place: tuple[int, int] | None = None  # set while a mapping's key waits for its value


class _Builder:
    """Builds the positioned tree straight from libyaml's events.

    No node tree is composed first: for a file of many small values PyYAML's nodes (each with two
    marks) took several times the memory of the result and most of the time. Building from events also
    needs no recursion, so no nesting can exhaust the stack, and an alias is seen where it is written.
    """

    def __init__(self, loader: _CoreLoader) -> None:
        self.loader = loader
        self.issues: list[YamlIssue] = []
        self.open: list[_Open] = []
        self.refused = 0  # how many of the open collections are refused
        self.aliases = 0
        self.first_alias: AliasEvent | None = None

    def document(self) -> Any:
        get = self.loader.get_event
        get()  # the stream's start
        if isinstance(self.loader.peek_event(), StreamEndEvent):
            return None
        start = get()
        root: Any = None
        while not isinstance(event := get(), DocumentEndEvent):
            done, value, place = self.event(event)
            if done and self.open:
                self.place(value, place, event)
            elif done:
                root = value
        following = get()
        if not isinstance(following, StreamEndEvent):
            raise ComposerError(
                "expected a single document in the stream",
                start.start_mark,
                "but found another document",
                following.start_mark,
            )
        if self.aliases:
            self.issues.append(self._alias_issue())
        return root

    def event(self, event: Event) -> tuple[bool, Any, tuple[int, int]]:
        """(whether a value is complete, the value, where it starts) after one event."""
        mark = event.start_mark
        place = (mark.line, mark.column)
        if isinstance(event, ScalarEvent):
            return True, None if self.refused else self.scalar(event), place
        if isinstance(event, AliasEvent):
            if not self.refused:
                self.aliases += 1
                self.first_alias = self.first_alias or event
            return True, None, place
        if isinstance(event, SequenceStartEvent | MappingStartEvent):
            self.open.append(_Open(self.collection(event), place))
            self.refused += self.open[-1].value is None
            return False, None, place
        if isinstance(event, SequenceEndEvent | MappingEndEvent):
            closed = self.open.pop()
            self.refused -= closed.value is None
            return True, closed.value, closed.start
        return False, None, place

    def place(self, value: Any, place: tuple[int, int], event: Event) -> None:
        """Put a complete value into the collection that holds it."""
        parent = self.open[-1]
        container = parent.value
        if isinstance(container, YamlList):
            container.lc.items.append(place)
            container.append(value)
        elif isinstance(container, YamlMap) and parent.key_place is None:
            if isinstance(event, SequenceEndEvent | MappingEndEvent) and value is not None:
                kind = "seq" if isinstance(value, list) else "map"
                self.issues.append(YamlIssue("tag", f"YAML tag '{YAML_TAG}{kind}' is not allowed", *place))
                value = None  # a list or mapping as a key, which no draft has
            parent.key = value if isinstance(value, str | int | float | bool) or value is None else str(value)
            parent.key_place = place
        elif isinstance(container, YamlMap) and parent.key_place is not None:
            key, key_place = parent.key, parent.key_place
            parent.key_place = None
            if key in container.lc.keys:
                first = container.lc.keys[key]
                duplicate = YamlIssue("duplicate-key", f"duplicate key {key}", *key_place, first=first)
                self.issues.append(duplicate)
                return
            container.lc.keys[key] = key_place
            container.lc.values[key] = place
            container[key] = value

    def scalar(self, event: ScalarEvent) -> Any:
        tag = event.tag
        value = event.value
        if tag is None or tag == "!":
            tag = self.loader.resolve(ScalarNode, value, event.implicit)
            if tag == INT_TAG and "x" not in value and "o" not in value:
                return self._decimal(value, event)  # a plain decimal, as the core schema's pattern read it
        if tag == STR_TAG:
            return value  # most values: what the constructor would return, without its bookkeeping
        if tag not in SCALAR_TAGS:
            return self._forbidden(tag, event)
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            # The type's constructor itself: construct_object would keep every node it was given.
            return self.loader.yaml_constructors[tag](self.loader, node)
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError, YAMLError):
            # An impossible date (2021-06-31), an integer past Python's 4,300 digits, `!!bool maybe`.
            return self._wrong_value(tag, event)

    def _wrong_value(self, tag: str, event: ScalarEvent) -> None:
        wanted = _TYPE_WORDS.get(tag.removeprefix(YAML_TAG), "a plain value")
        shown = event.value if len(event.value) <= 40 else event.value[:37] + "..."
        kind = "date" if tag == YAML_TAG + "timestamp" else "value"
        mark = event.start_mark
        self.issues.append(YamlIssue(kind, f"'{shown}' is not {wanted}", mark.line, mark.column))

    def _decimal(self, value: str, event: ScalarEvent) -> int | None:
        try:
            return int(value)
        except ValueError:  # more digits than Python converts (4,300)
            return self._wrong_value(INT_TAG, event)

    def collection(self, event: SequenceStartEvent | MappingStartEvent) -> YamlList | YamlMap | None:
        """A new, empty list or mapping, or None when it is refused."""
        if self.refused:
            return None
        mark = event.start_mark
        if len(self.open) >= MAX_DEPTH:
            message = f"lists and mappings are nested more than {MAX_DEPTH} deep"
            self.issues.append(YamlIssue("depth", message, mark.line, mark.column))
            return None
        sequence = isinstance(event, SequenceStartEvent)
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(SequenceNode if sequence else MappingNode, None, event.implicit)
        if tag != YAML_TAG + ("seq" if sequence else "map"):
            return self._forbidden(tag, event)
        collection: YamlList | YamlMap = YamlList() if sequence else YamlMap()
        collection.lc = LineCol(mark.line, mark.column)
        return collection

    def _forbidden(self, tag: str, event: Event) -> None:
        mark = event.start_mark
        self.issues.append(YamlIssue("tag", f"YAML tag '{tag}' is not allowed", mark.line, mark.column))

    def _alias_issue(self) -> YamlIssue:
        """One issue for all of a file's aliases, at the first: a bomb holds thousands of them."""
        assert self.first_alias is not None
        mark, name = self.first_alias.start_mark, self.first_alias.anchor
        more = f" (and {self.aliases - 1} more in this file)" if self.aliases > 1 else ""
        return YamlIssue("alias", f"YAML alias '*{name}' is not allowed{more}", mark.line, mark.column)


def parse_yaml(text: str) -> tuple[Any, list[YamlIssue]]:
    """The document as positioned dicts and lists, and its issues; bad syntax raises MarkedYAMLError."""
    loader = _CoreLoader(text)
    try:
        builder = _Builder(loader)
        return builder.document(), builder.issues
    finally:
        loader.dispose()
