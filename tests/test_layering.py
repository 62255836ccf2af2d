"""The modules of src/reportkit import one way along the pipeline (see STYLE.md):
model ← load ← number/resolve/checks ← writers ← build ← cli, and only load.py knows YAML."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "reportkit"

# What each module (or package) may import from reportkit; anything not listed is forbidden, and a new
# module must be placed here. Phases first, then the stores and actions built on them, then the CLI.
PIPELINE = {
    "diagnostics",
    "house",
    "model",
    "markup",
    "load",
    "sources",
    "validate",
    "schema_check",
    "number",
    "resolve",
    "pipeline",
}
ALLOWED: dict[str, set[str]] = {
    "diagnostics": set(),
    "house": set(),  # house styles: plain data, read by the loader, the resolver and the writers
    "model": {"diagnostics"},
    "markup": {"model", "diagnostics"},
    "load": {"model", "diagnostics", "markup", "sources", "validate", "house"},
    "sources": {"diagnostics", "yaml_reader"},
    "validate": {"diagnostics", "sources", "schema_check"},
    "schema_check": set(),  # generated from the schema by scripts/make_schema_check.py
    "yaml_reader": set(),
    "number": {"model", "diagnostics"},
    "resolve": {"model", "diagnostics", "house"},
    "pipeline": {"diagnostics", "model", "load", "number", "resolve", "checks"},
    "atomic": set(),
    "outputs": {"diagnostics"},
    "checks": {"model", "diagnostics", "writers"},  # pages.py escapes with the site writer's markup
    "writers": {"model", "diagnostics", "house"},
    "package_data": set(),
    "site_config": {"diagnostics", "package_data"},
    "sitebuild": {"diagnostics", "site_config"},
    "site_hooks": set(),
    "build": PIPELINE
    | {"atomic", "outputs", "checks", "writers", "sitebuild", "redline", "compendium", "registry_index"},
    "watch": {"build", "load", "diagnostics", "outputs", "pipeline"},
    "versions": {"model", "diagnostics", "writers", "atomic"},
    "registry": PIPELINE | {"atomic", "yaml_reader"},  # reads with sources.read_source
    "registry_index": {"model", "diagnostics", "checks", "registry", "atomic"},
    "compendium": {"model", "number", "registry", "writers"},
    "redline": {
        "model",
        "diagnostics",
        "pipeline",
        "atomic",
        "outputs",
        "checks",
        "registry_index",
        "versions",
        "writers",
    },
    "meeting_folder": {"diagnostics", "sources"},  # reads report.yaml's `registry:` before the pipeline
    "meeting_particulars": {"validate", "house"},  # the schema's forms for the particulars of `new`
    "new_meeting": {"diagnostics", "meeting_particulars", "house"},
    "cli": set(),  # checked separately: it may import anything, and nothing imports it
    "__main__": {"cli"},  # `python -m reportkit`: the command line, as the console script runs it
}


def _module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE).with_suffix("")
    return relative.parts[0]


def _reportkit_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reportkit."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.module == "reportkit":  # from reportkit import x
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("reportkit."))
    return found


def test_pipeline_modules_import_only_earlier_phases() -> None:
    violations = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        if module == "__init__":
            continue
        if module not in ALLOWED:
            violations.append(f"{path.relative_to(PACKAGE)} is not placed in the layering table")
            continue
        if module == "cli":
            continue
        for imported in _reportkit_imports(path) - ALLOWED[module] - {module}:
            violations.append(f"{path.relative_to(PACKAGE)} imports reportkit.{imported}")
    assert violations == []


def test_only_the_loader_knows_yaml_among_the_pipeline_phases() -> None:
    pipeline = [
        p for p in PACKAGE.rglob("*.py") if _module_name(p) in {"model", "number", "resolve", "writers"}
    ]
    users = [p.name for p in pipeline if "ruamel" in p.read_text("utf-8")]
    assert users == []


def test_nothing_imports_the_command_line() -> None:
    importers = [
        p.name
        for p in PACKAGE.rglob("*.py")
        if "cli" in _reportkit_imports(p) and _module_name(p) not in {"cli", "__main__"}
    ]
    assert importers == []
