"""Where the reference document is: package data (src/reportkit/templates/), so an installed reportkit
finds it as well as a checkout does.

templates/make_template.py writes templates/un-report.docx and this copy; a test keeps them identical.
The path is taken relative to this file rather than through importlib.resources, because `reportkit` is
a namespace package, for which resource lookup differs between Python versions.
"""

from __future__ import annotations

from pathlib import Path

TEMPLATE_PATH = Path(__file__).resolve().parents[2] / "templates" / "un-report.docx"


def template_bytes() -> bytes:
    return TEMPLATE_PATH.read_bytes()
