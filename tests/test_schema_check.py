"""The generated yes/no schema check (src/reportkit/schema_check.py) against jsonschema.

validate.py trusts the generated check when it says yes and asks jsonschema for the errors otherwise,
so the two must agree: a draft jsonschema rejects must never pass the generated check (it would then
reach the model unchecked), and a valid draft must pass it (or every build pays for jsonschema again).
Every one-edit change of the small fixture's files and of the example's files is put to both.
"""

from __future__ import annotations

import copy
import importlib.util
from collections.abc import Iterator
from typing import Any

import pytest

from reportkit.diagnostics import Diagnostic
from reportkit.sources import read_source
from reportkit.validate import _plain, _validator, passes_schema_check
from tests.conftest import EXAMPLE, MINI, ROOT

DEFINITION_BY_TOP_KEY = {
    "meeting": "reportFile",
    "agenda": "agendaFile",
    "themes": "themesFile",
    "chapter": "chapterFile",
    "section": "sectionFile",
}
# Values of every JSON type, and texts an id, a date or a symbol would reject ("an-id\n" is what a
# block scalar gives: `$` in a pattern is the end of the text, not a final newline).
REPLACEMENTS: list[Any] = [
    None, True, 0, -3, 1.5, "", "Not an id", "an-id\n", "2021-5-31", [], {}, ["x"], {"text": "x"}
]  # fmt: skip


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "make_schema_check", ROOT / "scripts" / "make_schema_check.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_check_is_made_from_the_current_schema() -> None:
    committed = (ROOT / "src" / "reportkit" / "schema_check.py").read_text("utf-8")
    assert committed == _generator().generate(), "run `make schema-check` after changing the schema"


def _documents() -> Iterator[tuple[str, str, Any]]:
    paths = sorted(MINI.rglob("*.yaml")) + sorted(EXAMPLE.glob("*.yaml"))
    paths += sorted(EXAMPLE.glob("recommendations/*.yaml"))[:2]
    for path in paths:
        problems: list[Diagnostic] = []
        source = read_source(path, path.name, problems)
        assert source is not None and not problems, problems
        data = _plain(source.data)
        definition = DEFINITION_BY_TOP_KEY[next(iter(data))]
        yield path.relative_to(ROOT).as_posix(), definition, data


def _paths(node: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    yield path
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        yield from _paths(child, (*path, key))


def _at(document: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


def _one_edit_changes(document: Any) -> Iterator[tuple[str, Any]]:
    """Each value replaced by each of REPLACEMENTS, each key removed, an unknown key added to each
    mapping, each list emptied."""
    for path in _paths(document):
        node = _at(document, path)
        if path:
            for replacement in REPLACEMENTS:
                changed = copy.deepcopy(document)
                _at(changed, path[:-1])[path[-1]] = copy.deepcopy(replacement)
                yield f"{path} = {replacement!r}", changed
        if isinstance(node, dict):
            for key in node:
                changed = copy.deepcopy(document)
                del _at(changed, path)[key]
                yield f"{path} without {key!r}", changed
            changed = copy.deepcopy(document)
            _at(changed, path)["colour"] = "blue"
            yield f"{path} with an unknown key", changed
        if isinstance(node, list) and node:
            changed = copy.deepcopy(document)
            _at(changed, path).clear()
            yield f"{path} emptied", changed


@pytest.mark.parametrize(("name", "definition", "document"), list(_documents()), ids=lambda v: str(v)[:40])
def test_the_generated_check_agrees_with_jsonschema(name: str, definition: str, document: Any) -> None:
    assert passes_schema_check(document, definition), f"{name} is valid but fails the generated check"
    disagreements, rejected = [], 0
    for change, changed in _one_edit_changes(document):
        valid = _validator(definition).is_valid(changed)
        rejected += not valid
        if passes_schema_check(changed, definition) != valid:
            disagreements.append(f"{change}: jsonschema says {'valid' if valid else 'invalid'}")
    assert disagreements == []
    assert rejected > 10  # the changes really break the schema, so the agreement means something
