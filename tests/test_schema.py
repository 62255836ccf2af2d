"""The JSON Schema shipped for editors accepts the bundled example and rejects what the loader rejects."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "src" / "reportkit" / "schema" / "reportkit.schema.json").read_text("utf-8"))
EXAMPLE_FILES = sorted((ROOT / "content").rglob("*.yaml"))


def _as_json(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _as_json(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_as_json(v) for v in node]
    if isinstance(node, datetime.date):
        return node.isoformat()
    return node


def _load(path: Path) -> Any:
    return _as_json(YAML(typ="safe").load(path.read_text("utf-8")))


def test_the_schema_is_itself_valid() -> None:
    Draft202012Validator.check_schema(SCHEMA)


def test_the_example_has_every_kind_of_file() -> None:
    kinds = {next(iter(_load(path))) for path in EXAMPLE_FILES}
    assert {"meeting", "agenda", "themes", "chapter", "section"} <= kinds


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_example_file_validates_against_the_schema(path: Path) -> None:
    errors = list(Draft202012Validator(SCHEMA).iter_errors(_load(path)))
    assert errors == []


def test_the_schema_rejects_a_recommendation_without_status() -> None:
    section = {
        "section": "s",
        "title": "T",
        "content": [{"recommendation": "r", "text": "x", "themes": ["t"]}],
    }
    assert list(Draft202012Validator(SCHEMA).iter_errors(section))
