"""Checking a draft file against the shipped JSON Schema, with messages written for authors.

The schema (src/reportkit/schema/reportkit.schema.json) is the single description of the format: editors
use it for validation and completion, and this module applies it, turning each schema error into a
diagnostic with the exact place, plain words and a hint ("did you mean 'text'?").

Nearly every file read is valid, so a file is first put to schema_check.py, the same schema compiled
to plain Python, which only says yes or no; jsonschema, slow to import and to run, is asked for the
list of errors only when that check says no.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from reportkit import schema_check
from reportkit.diagnostics import Diagnostic
from reportkit.sources import SourceFile, key_loc, node_loc, value_loc

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

BLOCK_KINDS = ("paragraph", "recommendation", "section", "include")


@cache
def schema() -> dict[str, Any]:
    text = resources.files("reportkit").joinpath("schema/reportkit.schema.json").read_text("utf-8")
    return json.loads(text)


def passes_schema_check(plain: Any, definition: str) -> bool:
    """Whether a JSON view of a draft meets $defs/`definition`, by the generated check."""
    try:
        schema_check.CHECKS[definition](plain)
    except schema_check.JsonSchemaValueException:
        return False
    return True


def _ecma_pattern(pattern: str) -> str:
    """A schema pattern as Python's re must read it to mean what JSON Schema says.

    Patterns are ECMA-262 regular expressions, in which `$` matches only at the end of the text; in
    Python it also matches before a final newline, so an id written as a block scalar ("cooperate\\n")
    would pass `^[a-z0-9-]*$`. The generated check reads patterns the same way (fastjsonschema makes
    the same substitution)."""
    return pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith(r"\$") else pattern


@cache
def _validator(definition: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator, validators
    from jsonschema.exceptions import ValidationError

    def pattern(
        validator: Draft202012Validator, expected: str, instance: Any, subschema: dict[str, Any]
    ) -> Iterator[ValidationError]:
        if validator.is_type(instance, "string") and not re.search(_ecma_pattern(expected), instance):
            yield ValidationError(f"{instance!r} does not match {expected!r}")

    ecma_validator = validators.extend(Draft202012Validator, {"pattern": pattern})
    root = schema()
    return ecma_validator({"$ref": f"#/$defs/{definition}", "$defs": root["$defs"]})


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


# Problems reported per file, at most: a file of 40,000 wrong entries (a paste gone wrong) would take
# seconds to explain and screens to read; the first hundred say what is wrong, and reading stays bounded.
MAX_PROBLEMS_PER_FILE = 100


def validate(source: SourceFile, definition: str) -> list[Diagnostic]:
    """Check a file (or part of one) against a $def of the shipped JSON Schema."""
    diagnostics = _validate_node(source, source.data, [], definition)
    if len(diagnostics) <= MAX_PROBLEMS_PER_FILE:
        return diagnostics
    return [
        *diagnostics[:MAX_PROBLEMS_PER_FILE],
        Diagnostic(
            "too-many-problems",
            f"more than {MAX_PROBLEMS_PER_FILE} problems in this file; from here on they are not shown",
            diagnostics[MAX_PROBLEMS_PER_FILE].loc,  # where the first one left out is
            "fix these first, then check again",
        ),
    ]


def _validate_node(
    source: SourceFile, data: Any, prefix: list[str | int], definition: str
) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    node = data
    for step in prefix:
        node = node[step]
    plain = _plain(node)
    if passes_schema_check(plain, definition):
        return diagnostics
    for error in _validator(definition).iter_errors(plain):
        diagnostics.extend(_explain(source, data, [*prefix, *error.absolute_path], error))
        if len(diagnostics) > MAX_PROBLEMS_PER_FILE:
            break  # errors come one at a time: the rest need not be found
    return diagnostics


def _explain(
    source: SourceFile, data: Any, path: list[str | int], error: ValidationError
) -> list[Diagnostic]:
    container, key = _navigate(data, path)
    node = container[key] if container is not None else data
    where = value_loc(source, container, key) if container is not None else node_loc(source, data)
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
                    node_loc(source, node),
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
                node_loc(source, node),
                f"add '{name}:' to it",
            )
        ]
    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        return [
            Diagnostic(
                "unknown-key",
                f"unknown key '{extra}' in {_describe(node)}",
                key_loc(source, node, extra),
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
    return [
        Diagnostic(
            "wrong-type", f"{_path_label(path)}: {error.message}", where, "see `reportkit help format`"
        )
    ]


def _type_hint(expected: list[str]) -> str:
    if "array" in expected:
        return "write a list, e.g. [first, second] or one '- ' entry per line"
    if "string" in expected:
        return "write a text; quote it if it looks like a number, a date or true/false"
    if "boolean" in expected:
        return "write true or false"
    return "see `reportkit help format`"


def _pattern_hint(path: list[str | int]) -> str:
    if "symbol" in path:
        return "a document symbol looks like CTOC/COP/WG.6/2021/4"
    if "job_number" in path:
        return "a job number looks like V.21-03928 (Vienna), GE.19-21936 (Geneva) or N.22-01234 (New York)"
    return "see `reportkit help format`"


def _closest_hint(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    if close:
        return f"did you mean '{close[0]}'?"
    return "allowed: " + ", ".join(choices)
