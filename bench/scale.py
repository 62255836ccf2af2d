"""Make a report N times the size of the bundled example, for the scaling benchmark.

Every chapter file is repeated N times; each copy's ids get a suffix ("-k7"), and references between
copied ids follow them, so the generated report is valid, numbered and cross-referenced like the
example (N = 100 gives ≈ 4,700 recommendations and 5,700 paragraphs). Agenda items and themes are
shared by all copies.

    python bench/scale.py --times 100 --out /tmp/content-100x
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
ID_KEYS = ("paragraph", "recommendation", "section", "chapter", "item")
REFERENCE = re.compile(r"\[\[([^\]|]+)(\|[^\]]*)?\]\]")


def _collect_ids(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        for key in ID_KEYS:
            if isinstance(node.get(key), str):
                found.add(node[key])
        for value in node.values():
            _collect_ids(value, found)
    elif isinstance(node, list):
        for value in node:
            _collect_ids(value, found)


def _rename(node: Any, suffix: str, renamed: set[str], include_suffix: str) -> Any:
    """A copy of `node` whose ids (and references to them) carry `suffix`."""

    def rename_reference(match: re.Match[str]) -> str:
        separator = ".." if ".." in match.group(1) else ","
        targets = [t.strip() for t in match.group(1).split(separator)]
        new = [f"{t}{suffix}" if t in renamed else t for t in targets]
        return f"[[{(separator + ' ' if separator == ',' else separator).join(new)}{match.group(2) or ''}]]"

    if isinstance(node, dict):
        copy = {}
        for key, value in node.items():
            if key in ID_KEYS and isinstance(value, str) and value in renamed:
                copy[key] = f"{value}{suffix}"
            elif key == "include" and isinstance(value, str):
                copy[key] = value.replace(".yaml", f"{include_suffix}.yaml")
            else:
                copy[key] = _rename(value, suffix, renamed, include_suffix)
        return copy
    if isinstance(node, list):
        return [_rename(value, suffix, renamed, include_suffix) for value in node]
    if isinstance(node, str):
        return REFERENCE.sub(rename_reference, node)
    return node


def scale_content(source: Path, target: Path, times: int) -> None:
    """Write a content folder `times` the size of `source` into `target`."""
    yaml = YAML(typ="rt")
    yaml.width = 4096
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    report = yaml.load((source / "report.yaml").read_text("utf-8"))
    report.pop("reviewed_pairs", None)
    files = {
        path.relative_to(source).as_posix(): yaml.load(path.read_text("utf-8"))
        for path in sorted(source.rglob("*.yaml"))
        if path.parent != source and "versions" not in path.parts
    }
    agenda_ids: set[str] = set()
    _collect_ids(yaml.load((source / report["agenda"]).read_text("utf-8")), agenda_ids)
    own_ids: set[str] = set()
    for relative, data in files.items():
        if relative.startswith(("chapters/", "recommendations/")):
            _collect_ids(data, own_ids)
    own_ids -= agenda_ids
    chapters = []
    for copy in range(times):
        suffix = "" if copy == 0 else f"-k{copy}"
        include_suffix = "" if copy == 0 else f"-k{copy}"
        for relative, data in files.items():
            if not relative.startswith(("chapters/", "recommendations/")):
                continue
            name = relative.replace(".yaml", f"{include_suffix}.yaml")
            out = target / name
            out.parent.mkdir(parents=True, exist_ok=True)
            with out.open("w", encoding="utf-8") as stream:
                yaml.dump(_rename(data, suffix, own_ids, include_suffix), stream)
        chapters.extend(c.replace(".yaml", f"{include_suffix}.yaml") for c in report["chapters"])
    report["chapters"] = chapters
    with (target / "report.yaml").open("w", encoding="utf-8") as stream:
        yaml.dump(report, stream)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--times", type=int, default=100)
    parser.add_argument("--source", type=Path, default=ROOT / "content")
    parser.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args()
    scale_content(arguments.source, arguments.out, arguments.times)


if __name__ == "__main__":
    main()
