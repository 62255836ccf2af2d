"""Where the reference document is: package data (src/reportkit/templates/), so an installed reportkit
finds it as well as a checkout does.

templates/make_template.py writes one template per shipped house style (un-report.docx for Vienna,
un-report-geneva.docx) in templates/ and here; a test keeps them identical.
The path is taken relative to this file rather than through importlib.resources, because `reportkit` is
a namespace package, for which resource lookup differs between Python versions.
"""

from __future__ import annotations

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
TEMPLATE_PATH = TEMPLATES / "un-report.docx"  # the Vienna style's, the default


def template_bytes(name: str = TEMPLATE_PATH.name) -> bytes:
    """A template reportkit ships, by file name (a house style names its own)."""
    return (TEMPLATES / name).read_bytes()
