"""The files reportkit reads at run time, all inside the installed package.

Each is found with importlib.resources, so an installed reportkit never looks for a source tree. A
wheel installs the package as plain files, and mkdocs and editors need real paths, so paths are
returned rather than readers.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _package_file(relative: str) -> Path:
    # `reportkit` is a namespace package (no __init__.py): its resources are the union of its folders
    # on sys.path, and joinpath returns the first that holds the file.
    return Path(str(resources.files("reportkit").joinpath(relative)))


def schema_path() -> Path:
    """The JSON Schema of the drafts, for editors (`# yaml-language-server: $schema=…`)."""
    return _package_file("schema/reportkit.schema.json")


def format_reference_path() -> Path:
    """The format reference: how to write report.yaml, chapters, recommendations and references."""
    return _package_file("format.md")


def site_base_config_path() -> Path:
    """reportkit's base mkdocs configuration; a meeting folder's mkdocs.yml is merged over it."""
    return _package_file("site_base/mkdocs.yml")
