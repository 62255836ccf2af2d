"""mkdocs hook (listed under `hooks:` in site_base/mkdocs.yml): the navigation and the site name.

mkdocs sorts pages by file name, but chapter pages are named by stable id, so the order of the report is
written by the site writer into a settings file beside the pages and applied here. Running `mkdocs build`
by hand on build/pages therefore gives the same site as `reportkit build`.

A meeting folder's own mkdocs.yml may add pages of its own: Markdown files in the folder, listed under
`nav:`. They follow the report's pages and are read from the folder, not copied into the pages.

mkdocs loads this file by path, not as part of the package: it imports nothing from reportkit.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

# Same name as reportkit.writers.site.links.SETTINGS; a dot file, so mkdocs never publishes it.
SETTINGS = ".reportkit-site.json"
# The base configuration's site name; a meeting folder's mkdocs.yml that names its own is kept.
MEETING_SITE_NAME = "{meeting}"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    settings_path = Path(config.docs_dir) / SETTINGS
    if not settings_path.is_file():
        return config
    settings = json.loads(settings_path.read_text("utf-8"))
    if config.site_name == MEETING_SITE_NAME:
        # Already HTML-escaped by the writer: the theme prints the site name unescaped.
        config.site_name = settings["site_name"]
    # The base names no nav, so one found here is the meeting folder's extra pages.
    config.nav = [*settings["nav"], *(config.nav or [])]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the pages the folder's nav names that are not generated ones, from beside its mkdocs.yml."""
    folder = Path(config.config_file_path or ".").parent
    for path in _nav_paths(config.nav or []):
        if files.get_file_from_path(path) is None and (folder / path).is_file():
            files.append(File(path, str(folder), config.site_dir, config.use_directory_urls))
    return files


def _nav_paths(nav: Any) -> list[str]:
    """The relative Markdown paths in a nav tree (titles map to paths or to lists; URLs are left)."""
    if isinstance(nav, list):
        return [path for item in nav for path in _nav_paths(item)]
    if isinstance(nav, dict):
        return [path for value in nav.values() for path in _nav_paths(value)]
    if isinstance(nav, str) and nav.endswith(".md"):
        path = PurePosixPath(nav)
        if not path.is_absolute() and ".." not in path.parts:  # only files inside the folder
            return [nav]
    return []
