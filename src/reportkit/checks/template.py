"""A secretariat's own Word template (`options.template`, like pandoc's --reference-doc): does it define
every style the DOCX writer names?

A style the document names but its template lacks is not an error to Word: the paragraph silently
falls back to Normal, and the report looks wrong with nothing said. So each missing style (or one of
the wrong kind) is reported at the `template:` line of report.yaml, before anything is written.
Only word/styles.xml is read, with entities and network access off: the template is a user's file.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from reportkit.diagnostics import Diagnostic
from reportkit.model import Report

STYLES_PART = "word/styles.xml"
MAX_STYLES_BYTES = 20_000_000  # styles.xml of real templates is well under 1 MB; more is a zip bomb
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _template_styles(path: Path) -> dict[str, str] | str:
    """Style id → type ("paragraph", "character", …) of a .docx, or why it cannot be read."""
    from lxml import etree

    try:
        with zipfile.ZipFile(path) as package:
            info = package.getinfo(STYLES_PART)
            if info.file_size > MAX_STYLES_BYTES:
                return f"its {STYLES_PART} is implausibly large ({info.file_size} bytes)"
            data = package.read(info)
    except KeyError:
        return f"it has no {STYLES_PART}, so no styles"
    except (zipfile.BadZipFile, OSError) as error:
        return f"it is not a Word document ({error})"
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        return f"its {STYLES_PART} is not valid XML ({error})"
    return {
        str(style.get(f"{W}styleId")): str(style.get(f"{W}type") or "paragraph")
        for style in root.iter(f"{W}style")
    }


def check_template(report: Report) -> list[Diagnostic]:
    """One error per style the writer names that the report's own template lacks; none without one."""
    template = report.options.template
    if template is None:
        return []
    from reportkit.writers.docx.styles import STYLE_TYPES  # python-docx: only when there is a template

    loc = report.options.template_loc
    name = Path(template).name
    styles = _template_styles(Path(template))
    if isinstance(styles, str):
        return [
            Diagnostic(
                "bad-template",
                f"cannot use '{name}' as the Word template: {styles}",
                loc,
                "give a .docx saved by Word or LibreOffice, or remove 'template:' for the UN template",
            )
        ]
    problems = []
    for style, kind in STYLE_TYPES.items():
        found = styles.get(style)
        if found is None:
            problems.append(
                Diagnostic(
                    "missing-style",
                    f"the template '{name}' has no {kind} style '{style}'",
                    loc,
                    f"add a {kind} style named {style} (its style id must be '{style}'), or copy it "
                    "from reportkit's UN template with Word's Organizer",
                )
            )
        elif found != kind:
            problems.append(
                Diagnostic(
                    "missing-style",
                    f"'{style}' in the template '{name}' is a {found} style; reportkit uses it as a "
                    f"{kind} style",
                    loc,
                    f"make '{style}' a {kind} style",
                )
            )
    return problems
