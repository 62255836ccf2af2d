"""`options.template`: a secretariat's own Word template. Every style the writer names must be in it;
each one missing is named at the option's place; a template with every style gives its look."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from reportkit.checks.template import check_template
from reportkit.writers.docx.styles import CHARACTER_STYLES, PARAGRAPH_STYLES
from reportkit.writers.docx.template import TEMPLATE_PATH
from tests.conftest import EXAMPLE, run_cli
from tests.docx_support import NS, docx_of, report_from

W = NS["w"]
STORIES = re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml")


def _styles_named(docx: bytes) -> tuple[set[str], set[str]]:
    """The paragraph and character styles a built document names, in its body, heads and footnotes."""
    paragraph, character = set(), set()
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        for name in package.namelist():
            if STORIES.fullmatch(name):
                root = etree.fromstring(package.read(name))
                paragraph.update(root.xpath("//w:pStyle/@w:val", namespaces=NS))
                character.update(root.xpath("//w:rStyle/@w:val", namespaces=NS))
    return paragraph, character


def test_every_style_the_writer_names_is_in_the_list_with_its_kind() -> None:
    variants = [
        {},
        {"recommendation_style": "paragraphs", "recommendations_bold": True, "show_session_lines": True},
        {"recommendations_bold": True, "please_recycle": True, "qr_code": True},
    ]
    paragraph, character = set(), set()
    for options in variants:
        found = _styles_named(docx_of(EXAMPLE, **options))
        paragraph |= found[0]
        character |= found[1]
    # The variants reach the body, headings, subparagraphs, agenda, masthead, heads, footers and notes.
    assert {"SingleTxt", "HCh", "RecHead", "SubPara1", "Agenda2", "MastheadBody", "FootnoteText"} <= paragraph
    assert {"RecBold", "CrossReference", "FootnoteReference", "PageNumber"} <= character
    assert paragraph - set(PARAGRAPH_STYLES) == set()
    assert character - set(CHARACTER_STYLES) == set()


def test_the_un_template_has_every_style_of_the_list() -> None:
    report = report_from(EXAMPLE, template=str(TEMPLATE_PATH))
    assert check_template(report) == []


def _template_with(tmp_path: Path, change: str) -> bytes:
    """The UN template with its styles.xml changed by `change`: "remove:ID", "kind:ID:TYPE" or
    "size:ID:HALF-POINTS"."""
    with zipfile.ZipFile(TEMPLATE_PATH) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    styles = etree.fromstring(parts["word/styles.xml"])
    for step in change.split(","):
        action, style_id, *value = step.split(":")
        (style,) = styles.xpath(f"//w:style[@w:styleId='{style_id}']", namespaces=NS)
        if action == "remove":
            style.getparent().remove(style)
        elif action == "kind":
            style.set(f"{{{W}}}type", value[0])
        elif action == "size":
            properties = style.find(f"{{{W}}}rPr")
            if properties is None:
                properties = etree.SubElement(style, f"{{{W}}}rPr")
            for size in properties.findall(f"{{{W}}}sz"):
                properties.remove(size)
            etree.SubElement(properties, f"{{{W}}}sz").set(f"{{{W}}}val", value[0])
    parts["word/styles.xml"] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buffer.getvalue()


def _use_template(mini: Path, name: str, data: bytes | None) -> None:
    if data is not None:
        (mini / name).write_bytes(data)
    report = mini / "report.yaml"
    report.write_text(report.read_text("utf-8") + f"options:\n  template: {name}\n", "utf-8")


def _template_line(mini: Path) -> int:
    return len((mini / "report.yaml").read_text("utf-8").splitlines())


def test_a_template_missing_styles_names_each_at_the_option(mini: Path, tmp_path: Path) -> None:
    template = _template_with(tmp_path, "remove:RecHead,remove:CrossReference,kind:RecBold:paragraph")
    _use_template(mini, "our-template.docx", template)
    out = tmp_path / "out"

    result = run_cli("build", "--content", mini, "--out", out)

    assert result.exit_code == 2
    where = f"{mini}/report.yaml:{_template_line(mini)}:13"
    assert result.stderr.splitlines()[:6] == [
        f"{where}: error[missing-style]: the template 'our-template.docx' has no paragraph style 'RecHead'",
        "  hint: add a paragraph style named RecHead (its style id must be 'RecHead'), or copy it from "
        "reportkit's UN template with Word's Organizer",
        f"{where}: error[missing-style]: 'RecBold' in the template 'our-template.docx' is a paragraph style; "
        "reportkit uses it as a character style",
        "  hint: make 'RecBold' a character style",
        f"{where}: error[missing-style]: the template 'our-template.docx' has no character style "
        "'CrossReference'",
        "  hint: add a character style named CrossReference (its style id must be 'CrossReference'), or copy "
        "it from reportkit's UN template with Word's Organizer",
    ]
    assert not out.exists()


def test_a_missing_or_unreadable_template_is_named_at_the_option(mini: Path) -> None:
    (mini / "our-template.docx").write_bytes(b"")  # the closest name to the one mistyped
    _use_template(mini, "our-tempalte.docx", None)
    where = f"{mini}/report.yaml:{_template_line(mini)}:13"
    missing = run_cli("check", "--content", mini)
    assert missing.exit_code == 2
    assert missing.stderr.splitlines()[:2] == [
        f"{where}: error[file-not-found]: no Word template 'our-tempalte.docx'",
        "  hint: did you mean 'our-template.docx'?",
    ]
    report = mini / "report.yaml"
    report.write_text(report.read_text("utf-8").replace("our-tempalte", "our-template"), "utf-8")
    unreadable = run_cli("check", "--content", mini)
    assert unreadable.exit_code == 2
    assert unreadable.stderr.startswith(
        f"{where}: error[bad-template]: cannot use 'our-template.docx' as the Word template: it is not a "
        "Word document"
    )


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="needs LibreOffice (soffice) and poppler-utils (pdftotext)",
)
def test_a_template_with_every_style_builds_with_its_own_look(mini: Path, tmp_path: Path) -> None:
    # The secretariat's look: body text at 14 points (28 half-points) instead of the UN template's 10.
    _use_template(mini, "our-template.docx", _template_with(tmp_path, "size:SingleTxt:28"))
    out = tmp_path / "out"

    result = run_cli("build", "--content", mini, "--out", out, "--only", "docx")

    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(out / "report.docx") as package:
        styles = etree.fromstring(package.read("word/styles.xml"))
    (size,) = styles.xpath("//w:style[@w:styleId='SingleTxt']/w:rPr/w:sz/@w:val", namespaces=NS)
    assert size == "28"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(out / "report.docx")],
        capture_output=True, timeout=240, check=True,
    )  # fmt: skip
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "States should mark all firearms." in " ".join(text.split())
