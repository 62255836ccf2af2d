"""The modules of src/reportkit import one way along the pipeline (see STYLE.md):
model ← load ← number/resolve/checks ← writers ← build ← cli; only the reader (yaml_reader, sources:
PyYAML) and the stores that write YAML (registry, versions: ruamel.yaml) know YAML."""

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
    "load": {"model", "diagnostics", "markup", "sources", "validate", "images", "house"},
    "images": set(),
    "sources": {"diagnostics", "yaml_reader"},
    "validate": {"diagnostics", "sources", "schema_check"},
    "schema_check": set(),  # generated from the schema by scripts/make_schema_check.py
    "yaml_reader": set(),
    "number": {"model", "diagnostics"},
    "resolve": {"model", "diagnostics", "house"},
    "pipeline": {"diagnostics", "model", "load", "number", "resolve", "checks", "readers"},
    "atomic": set(),
    "outputs": {"diagnostics"},
    # template.py checks a `--template` for the styles the DOCX writer names (writers.docx.styles, a list).
    "checks": {"model", "diagnostics", "house", "writers"},
    # Every renderer: the report, and what is written from recorded versions (pack, redline, compilation,
    # changes page), from the registry (compendium) and from the duplication check (findings page).
    "writers": {"model", "diagnostics", "house", "number", "versions", "comparison", "registry", "checks"},
    "package_data": set(),
    "site_config": {"diagnostics", "package_data"},
    "sitebuild": {"diagnostics", "site_config", "outputs"},
    "serving": set(),
    "site_hooks": set(),
    "build": PIPELINE | {"atomic", "outputs", "checks", "writers", "sitebuild", "redline", "registry"},
    "watch": {"build", "load", "diagnostics", "outputs", "pipeline"},
    "site_worker": {"watch"},
    "versions": {"model", "diagnostics", "atomic", "sources", "house"},
    "comparison": {"versions"},  # versions compared, proposals matched: data for the writers and commands
    # The store reads with sources.read_source; its index and check join the store and the checks.
    "registry": PIPELINE | {"atomic", "yaml_reader", "house", "checks"},
    "redline": {
        "model",
        "diagnostics",
        "pipeline",
        "atomic",
        "outputs",
        "checks",
        "registry",  # the duplication check of the circulated pack
        "versions",
        "comparison",
        "sources",  # the proposals record, read as every file is
        "writers",  # the commands write the pack, the redline and the compilation (and pack_marks' names)
    },
    "meeting_folder": {"diagnostics", "sources"},  # reads report.yaml's `registry:` before the pipeline
    "meeting_particulars": {"validate", "house"},  # the schema's forms for the particulars of `new`
    "new_meeting": {"diagnostics", "meeting_particulars", "house"},
    # PDF/DOCX → positioned lines → report structure → drafts → the model; YAML drafts → the model.
    "readers": {"diagnostics", "model", "load"},
    "import_report": {"diagnostics", "model", "new_meeting", "pipeline", "readers"},
    "session": {
        "diagnostics",
        "load",
        "pipeline",
        "redline",
        "comparison",
        "versions",
        "watch",
        "writers",
        "serving",
        "house",
    },
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


def _third_party_imports(path: Path) -> set[str]:
    """The top-level names of the packages a module imports ("yaml", "ruamel", "docx" …)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found


def test_only_the_reader_knows_pyyaml_and_only_the_stores_write_with_ruamel() -> None:
    """Drafts, versions and registry files are read by yaml_reader (PyYAML's libyaml parser) through
    sources; ruamel.yaml's round trip is only for the files reportkit writes (versions, registry). A
    meeting folder's mkdocs.yml is mkdocs' own file, read as mkdocs reads it (site_config), tags and all."""
    users: dict[str, set[str]] = {"yaml": set(), "ruamel": set()}
    for path in PACKAGE.rglob("*.py"):
        for library in _third_party_imports(path) & set(users):
            users[library].add(_module_name(path))
    assert users == {
        "yaml": {"yaml_reader", "sources", "site_config"},
        "ruamel": {"registry", "versions", "redline"},  # redline: the proposals record it writes
    }


def test_nothing_imports_the_command_line() -> None:
    importers = [
        p.name
        for p in PACKAGE.rglob("*.py")
        if "cli" in _reportkit_imports(p) and _module_name(p) not in {"cli", "__main__"}
    ]
    assert importers == []


# What makes or changes a document's XML: python-docx (its document API and its oxml helpers alike), lxml's
# constructors and serialisers, and the lxml-only methods that move an element within a tree.
DOCUMENT_BUILDING = {
    "Element",
    "SubElement",
    "makeelement",
    "tostring",
    "tostringlist",
    "addnext",
    "addprevious",
}
BUILDING_MODULES = {"docx", "lxml.builder", "xml.dom.minidom"}


def _document_building(path: Path) -> list[str]:
    """Where a module builds documents: imports of a building library, and calls of a building function
    or method (`etree.SubElement(…)`, `node.addnext(…)`, `from lxml.etree import Element`)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        imported: list[str] = []
        if isinstance(node, ast.Import):
            imported = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported = [node.module]
            if node.module == "lxml.etree":
                imported += [f"lxml.etree.{a.name}" for a in node.names if a.name in DOCUMENT_BUILDING]
        for name in imported:
            if name.split(".")[0] == "docx" or name in BUILDING_MODULES or name.startswith("lxml.etree."):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} imports {name}")
        called = node.func.attr if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) else ""
        if called in DOCUMENT_BUILDING:
            found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} calls {called}")
    return found


def test_only_the_writers_build_documents() -> None:
    """Every DOCX (and every XML part) reportkit writes comes from writers/: no other module imports
    python-docx, makes an XML element, moves one within a tree or serialises a tree. Modules that read
    returned or imported documents (redline.returned, redline.pack_marks, readers.docx) parse XML with
    lxml and walk it (`fromstring`, `iter`, `find`, `get`): reading is allowed, building is not."""
    outside = [p for p in sorted(PACKAGE.rglob("*.py")) if _module_name(p) != "writers"]
    assert [place for path in outside for place in _document_building(path)] == []
    # The rule sees what it forbids: the writers' own OOXML module builds in each of the ways named.
    seen = " ".join(_document_building(PACKAGE / "writers" / "docx" / "ooxml.py"))
    assert "imports docx.oxml.parser" in seen and "calls makeelement" in seen and "calls addnext" in seen
