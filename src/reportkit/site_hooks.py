"""mkdocs hook (listed under `hooks:` in site_base/mkdocs.yml): the navigation and the site name.

mkdocs sorts pages by file name, but chapter pages are named by stable id, so the order of the report is
written by the site writer into a settings file beside the pages and applied here. Running `mkdocs build`
by hand on build/pages therefore gives the same site as `reportkit build`.

mkdocs loads this file by path, not as part of the package: it imports nothing from reportkit.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

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
    config.nav = settings["nav"]
    return config
