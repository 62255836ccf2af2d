"""Shared by the site tests: building a site from a content folder the way `reportkit build` does,
serving it on 127.0.0.1, a copy of the small fixture with HTML written into its drafts, and Debian's
Chromium driven by Playwright (never a downloaded browser: `playwright install` is never run)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import MINI, run_cli

# Written into every kind of text of a draft: none of it may ever run, all of it must show as text.
SCRIPT = "<script>window.__pwned=1</script>"
# Unquoted attribute: the drafts' straight quotes become typographic ones, which would defuse the payload
# by themselves and hide a failure to escape it.
IMAGE = "<img src=x onerror=window.__pwned=2>"
PAYLOAD = f"{SCRIPT}{IMAGE}"
# A word that occurs nowhere else, to find the injected recommendation with the site's search.
INJECTED_WORD = "quetzalcoatlus"


def build_site_from(content: Path, out: Path, *options: str | Path) -> Path:
    """`reportkit build --only site [options]`: the pages, then mkdocs; returns the site folder."""
    result = run_cli("build", "--content", content, "--out", out, "--only", "site", *options)
    assert result.exit_code == 0, result.stderr
    return out / "site"


def _yaml_single_quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def injected_mini(target: Path) -> Path:
    """The small fixture with the payload in a recommendation, titles, the meeting and a theme."""
    shutil.copytree(MINI, target)
    replacements = {
        "chapters/recommendations.yaml": [
            ("text: States should cooperate.", f"text: {_yaml_single_quoted(f'{PAYLOAD} {INJECTED_WORD}')}"),
            ("title: General recommendations", f"title: {_yaml_single_quoted(f'General {PAYLOAD}')}"),
            ("title: Recommendations\n", f"title: {_yaml_single_quoted(f'Recommendations {PAYLOAD}')}\n"),
        ],
        "themes.yaml": [("title: Marking\n", f"title: {_yaml_single_quoted(f'Marking {PAYLOAD}')}\n")],
        "agenda.yaml": [
            ("title: Marking of firearms", f"title: {_yaml_single_quoted(f'Marking {PAYLOAD}')}")
        ],
        "report.yaml": [
            (
                "meeting_name: Working Group on Firearms",
                f"meeting_name: {_yaml_single_quoted(f'WG {PAYLOAD}')}",
            ),
            ("venue: Vienna", f"venue: {_yaml_single_quoted(f'Vienna {PAYLOAD}')}"),
        ],
    }
    for name, pairs in replacements.items():
        path = target / name
        source = path.read_text("utf-8")
        for old, new in pairs:
            assert old in source, f"{name} no longer contains {old!r}"
            source = source.replace(old, new, 1)
        path.write_text(source, "utf-8")
    return target


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # the tests' output is no place for an access log


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 from a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium under Playwright (a fresh profile in a temporary folder each launch)."""
    from playwright.sync_api import sync_playwright

    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        manager.stop()
