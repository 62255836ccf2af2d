"""`reportkit amendments compile`: every delegation's proposals under the circulated text, in Word and JSON.

Two returned copies of the v1 pack are collected: Mexico's in Word's own shapes (recommendation 2
reworded, with a comment; tests/test_amendments.py) and Colombia's, which adds a sentence to
recommendation 2 and deletes recommendation 5. The compilation is then read by the real readers: pandoc
(accepting and rejecting the tracked changes), LibreOffice (rendered to PDF) and openxml-audit.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openxml_audit import OpenXmlValidator

from reportkit.writers.docx.pack_marks import pack_bookmark_name
from tests.conftest import run_cli
from tests.redline_support import Versions, libreoffice_convert, pandoc_json, paragraphs, versions
from tests.test_amendments import DELETED, REWORDED, word_copy

__all__ = ["versions"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STAMP = {f"{{{W}}}author": "Colombia", f"{{{W}}}date": "2021-05-27T09:00:00Z"}
CIRCULATED_2 = (
    "States should note the complementarity between international and regional instruments and "
    "multilateral mechanisms on preventing and countering the diversion of and trafficking in firearms."
)
MEXICO_2 = CIRCULATED_2.replace("should note", "should recognize")
COLOMBIA_2 = CIRCULATED_2 + " Regional ones too."
CIRCULATED_5 = (
    "States are encouraged to further advance efforts to achieve target 16.4 of the Sustainable "
    "Development Goals."
)


def _text_paragraph(body: etree._Element, recommendation_id: str) -> etree._Element:
    name = pack_bookmark_name(recommendation_id)
    start = next(n for n in body.iter(f"{{{W}}}bookmarkStart") if n.get(f"{{{W}}}name") == name)
    return start.getparent().getnext()  # the heading holds the bookmark; its text follows


def colombia_copy(pack: bytes, added: str = " Regional ones too.") -> bytes:
    """Recommendation 2 with a sentence inserted at its end, recommendation 5's text deleted, tracked."""
    source = zipfile.ZipFile(io.BytesIO(pack))
    body = etree.fromstring(source.read("word/document.xml"))
    insertion = etree.SubElement(
        _text_paragraph(body, REWORDED), f"{{{W}}}ins", {f"{{{W}}}id": "950", **STAMP}
    )
    etree.SubElement(etree.SubElement(insertion, f"{{{W}}}r"), f"{{{W}}}t").text = added
    deleted = _text_paragraph(body, DELETED)
    wrapper = etree.Element(f"{{{W}}}del", {f"{{{W}}}id": "951", **STAMP})
    for text_run in deleted.findall(f"{{{W}}}r"):
        for node in text_run.findall(f"{{{W}}}t"):
            node.tag = f"{{{W}}}delText"
        wrapper.append(text_run)
    deleted.append(wrapper)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.namelist():
            data = source.read(part)
            target.writestr(part, etree.tostring(body) if part == "word/document.xml" else data)
    return output.getvalue()


@pytest.fixture(scope="module")
def collected(versions: Versions, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A meeting folder with both copies collected on v1 (read-only for the tests: copy to write)."""
    folder = tmp_path_factory.mktemp("compilation")
    content = folder / "content"
    shutil.copytree(versions.content, content)
    pack = versions.pack.read_bytes()
    (folder / "mexico.docx").write_bytes(word_copy(pack))
    (folder / "colombia.docx").write_bytes(colombia_copy(pack))
    result = run_cli(
        "amendments", "collect", "--content", content, folder / "mexico.docx", folder / "colombia.docx"
    )
    assert result.exit_code == 0, result.stderr
    return content


@pytest.fixture(scope="module")
def compilation(collected: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = run_cli("amendments", "compile", "--content", collected, "--out", out)
    assert result.exit_code == 0, result.stderr
    assert "compiled 3 proposal(s) by 2 delegation(s) on version v1" in result.stderr
    return out / "proposals" / "v1" / "compilation.docx"


def _after(texts: list[str], heading: str, count: int) -> list[str]:
    start = texts.index(heading)
    return texts[start + 1 : start + 1 + count]


def test_accepting_gives_each_delegations_text_and_rejecting_the_circulated_text(compilation: Path) -> None:
    accepted = paragraphs(pandoc_json(compilation, "accept"))
    start = accepted.index("Recommendation 1")
    assert accepted[start - 2 : start] == ["II. Recommendations", "A. General recommendations"]  # as the pack
    assert accepted.count("A. General recommendations") == 1
    assert _after(accepted, "Recommendation 2", 5) == [
        CIRCULATED_2, "Proposal by Mexico", MEXICO_2, "Proposal by Colombia", COLOMBIA_2
    ]  # fmt: skip
    # Colombia's deletion of recommendation 5: accepted, the proposal holds no text.
    assert _after(accepted, "Recommendation 5", 3) == [
        CIRCULATED_5, "Proposal by Colombia to delete the recommendation", "Recommendation 6"
    ]  # fmt: skip
    rejected = paragraphs(pandoc_json(compilation, "reject"))
    assert _after(rejected, "Recommendation 2", 5) == [
        CIRCULATED_2, "Proposal by Mexico", CIRCULATED_2, "Proposal by Colombia", CIRCULATED_2
    ]  # fmt: skip
    assert _after(rejected, "Recommendation 5", 3) == [
        CIRCULATED_5, "Proposal by Colombia to delete the recommendation", CIRCULATED_5
    ]  # fmt: skip
    assert _after(rejected, "Recommendation 1", 2)[1] == "No proposals were received."


def test_each_change_is_signed_by_its_delegation_and_comments_are_word_comments(compilation: Path) -> None:
    package = zipfile.ZipFile(compilation)
    body = etree.fromstring(package.read("word/document.xml"))
    authors = {
        (node.tag.split("}")[1], node.get(f"{{{W}}}author"), "".join(node.itertext()))
        for node in body.iter(f"{{{W}}}ins", f"{{{W}}}del")
        if "".join(node.itertext())
    }
    assert authors == {
        ("del", "Mexico", "note"),
        ("ins", "Mexico", "recognize"),
        ("ins", "Colombia", " Regional ones too."),
        ("del", "Colombia", CIRCULATED_5),
    }
    comments = etree.fromstring(package.read("word/comments.xml"))
    (comment,) = comments.iter(f"{{{W}}}comment")
    assert (comment.get(f"{{{W}}}author"), "".join(comment.itertext())) == (
        "Mexico",
        "Which instruments are meant?",
    )
    # Anchored on the words it was made on, in Mexico's proposal (the paragraph after its label).
    (start,) = body.iter(f"{{{W}}}commentRangeStart")
    anchored = start.getparent()
    assert "".join(anchored.getprevious().itertext()) == "Proposal by Mexico"
    between, inside = [], False
    for node in anchored.iter(f"{{{W}}}t", f"{{{W}}}commentRangeStart", f"{{{W}}}commentRangeEnd"):
        inside = {"commentRangeStart": True, "commentRangeEnd": False}.get(node.tag.split("}")[1], inside)
        if inside and node.text:
            between.append(node.text)
    assert "".join(between) == "complementarity"
    annotations = {f"{{{W}}}{tag}" for tag in ("ins", "del", "commentRangeStart", "bookmarkStart")}
    ids = [node.get(f"{{{W}}}id") for node in body.iter() if node.tag in annotations]
    assert len(ids) == len(set(ids))


def test_the_compilation_is_valid_ooxml(compilation: Path) -> None:
    result = OpenXmlValidator().validate(str(compilation))
    assert [str(error) for error in result.errors] == []


def test_libreoffice_renders_the_compilation_with_the_proposals(compilation: Path, tmp_path: Path) -> None:
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and poppler are needed")
    (pdf,) = libreoffice_convert([compilation], "pdf", tmp_path, tmp_path / "profile")
    shown = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    first_page = shown.split("\f")[0]
    assert "Compilation of proposals by delegations" in first_page
    assert "Proposal by Mexico" in first_page and "Proposal by Colombia" in first_page
    # LibreOffice shows tracked changes: both the deleted and the inserted word are printed.
    assert "should noterecognize the" in " ".join(first_page.split())


def test_json_lists_each_proposal_in_the_versions_order(collected: Path, tmp_path: Path) -> None:
    result = run_cli("amendments", "compile", "--content", collected, "--out", tmp_path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert json.loads((tmp_path / "proposals" / "v1" / "compilation.json").read_text("utf-8")) == document
    summary = [(p["recommendation"], p["number"], p["by"], p["proposed"]) for p in document["proposals"]]
    assert summary == [
        (REWORDED, "2", "Mexico", MEXICO_2),
        (REWORDED, "2", "Colombia", COLOMBIA_2),
        (DELETED, "5", "Colombia", ""),
    ]
    assert set(document["proposals"][0]) == {
        "recommendation", "number", "by", "original", "proposed", "changes", "comments"
    }  # fmt: skip
    assert document["proposals"][0]["comments"][0]["text"] == "Which instruments are meant?"


def test_the_internal_site_has_the_compilation_page_and_the_public_one_has_not(
    collected: Path, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(collected, content)
    result = run_cli(
        "build", "--content", content, "--out", tmp_path / "internal", "--internal", "--only", "site"
    )
    assert result.exit_code == 0, result.stderr
    page = (tmp_path / "internal" / "internal-pages" / "proposals" / "v1.md").read_text("utf-8")
    assert "# Proposals on version v1" in page
    assert '<del class="rk-del">note</del><ins class="rk-ins">recognize</ins>' in page
    assert "Comment by Mexico on \u201ccomplementarity\u201d: Which instruments are meant?" in page
    result = run_cli("build", "--content", content, "--out", tmp_path / "public", "--only", "site")
    assert result.exit_code == 0, result.stderr
    assert not (tmp_path / "public" / "pages" / "proposals").exists()


def test_compiling_without_proposals_is_an_input_error(versions: Versions, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(versions.content, content)
    out = tmp_path / "out"
    result = run_cli("amendments", "compile", "--content", content, "--out", out)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert (
        f"{content / 'versions' / 'proposals'}:1:1: error[no-proposals]: no proposals have been collected on "
        "any version"
    ) in result.stderr
    assert "hint: collect the returned copies first" in result.stderr
    result = run_cli("amendments", "compile", "--content", content, "--out", out, "--from", "v2")
    assert result.exit_code == 2
    assert "error[no-proposals]: no proposals have been collected on version 'v2'" in result.stderr
    assert not out.exists()  # nothing half-written


def test_a_broken_record_is_reported_and_nothing_written(collected: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(collected, content)
    record = content / "versions" / "proposals" / "v1.yaml"
    record.write_text("proposals: [unclosed\n", "utf-8")
    result = run_cli("amendments", "compile", "--content", content, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert f"{record}:1:1: error[bad-proposals]: cannot read the record of proposals" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
    # The internal site is built all the same, without the page, and says why.
    result = run_cli(
        "build", "--content", content, "--out", tmp_path / "site", "--internal", "--only", "site"
    )
    assert result.exit_code == 0, result.stderr
    assert f"{record}:1:1: warning[bad-proposals]: cannot read the record of proposals" in result.stderr
    assert (tmp_path / "site" / "internal-pages" / "index.md").is_file()
    assert not (tmp_path / "site" / "internal-pages" / "proposals").exists()
