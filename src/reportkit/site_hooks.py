"""mkdocs hook (listed under `hooks:` in mkdocs.yml): the navigation and the site name of the report.

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


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    settings_path = Path(config.docs_dir) / SETTINGS
    if not settings_path.is_file():
        return config
    settings = json.loads(settings_path.read_text("utf-8"))
    # Already HTML-escaped by the writer: the theme prints the site name unescaped.
    config.site_name = settings["site_name"]
    config.nav = settings["nav"]
    return config
