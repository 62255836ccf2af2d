"""Helpers shared by the DOCX tests: building reports with options, reading parts back as XML."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pypandoc
from lxml import etree

from reportkit.load import load_report
from reportkit.model import Report
from reportkit.number import number
from reportkit.resolve import resolve
from reportkit.writers.docx import write_docx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "content"
MINI = ROOT / "tests" / "fixtures" / "mini"
HAS_EXAMPLE = (EXAMPLE / "report.yaml").exists()

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dcterms": "http://purl.org/dc/terms/",
}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def report_from(content: Path, **options: Any) -> Report:
    """Load, (re)configure, number and resolve, as `reportkit build` does; options replace report.yaml's."""
    report, diagnostics = load_report(content)
    assert report is not None, diagnostics
    if options:
        report = dataclasses.replace(report, options=dataclasses.replace(report.options, **options))
    report, _ = number(report)
    report, _ = resolve(report)
    return report


def docx_of(content: Path, **options: Any) -> bytes:
    return write_docx(report_from(content, **options))


class Package:
    """A built .docx opened for inspection: parts as bytes or parsed XML, relationships by part."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))

    def names(self) -> list[str]:
        return self.zip.namelist()

    def bytes(self, name: str) -> bytes:
        return self.zip.read(name)

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    def relationships(self, part: str) -> dict[str, etree._Element]:
        folder, _, file = part.rpartition("/")
        rels = self.xml(f"{folder}/_rels/{file}.rels")
        return {rel.get("Id"): rel for rel in rels.findall("rel:Relationship", NS)}

    def part_related(self, part: str, type_suffix: str) -> list[str]:
        """Names of the parts `part` relates to with a relationship type ending in `type_suffix`."""
        folder = part.rpartition("/")[0]
        return [
            f"{folder}/{rel.get('Target')}"
            for rel in self.relationships(part).values()
            if rel.get("Type").endswith(type_suffix) and rel.get("TargetMode") != "External"
        ]

    def story_parts(self) -> list[str]:
        """document.xml and every part with text: headers, footers, footnotes."""
        return [
            n for n in self.names() if re.fullmatch(r"word/(document|header\d+|footer\d+|footnotes)\.xml", n)
        ]

    def text(self, name: str) -> str:
        """The visible text of a part, tabs as \\t, paragraphs on lines."""
        lines = []
        for paragraph in self.xml(name).iter(w("p")):
            pieces = []
            for node in paragraph.iter(w("t"), w("tab"), w("instrText")):
                if node.tag == w("t"):
                    pieces.append(node.text or "")
                elif node.tag == w("tab") and node.getparent().tag == w("r"):
                    pieces.append("\t")
                elif node.tag == w("instrText"):
                    pieces.append(f"{{{node.text.strip()}}}")
            lines.append("".join(pieces))
        return "\n".join(lines)


def pandoc_text(data: bytes, tmp_path: Path) -> str:
    """The DOCX as pandoc reads it, as plain text with whitespace and quotes normalised."""
    path = tmp_path / "read-back.docx"
    path.write_bytes(data)
    plain = pypandoc.convert_file(str(path), "plain", format="docx", extra_args=["--wrap=none"])
    plain = plain.replace("“", '"').replace("”", '"').replace("’", "'")
    return re.sub(r"\s+", " ", plain).strip()
