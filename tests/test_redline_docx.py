"""The redline DOCX: real Word tracked changes, read back by pandoc and LibreOffice.

pandoc reads `w:ins`/`w:del` as insertion/deletion spans and, having no notion of moves, the two halves
of a move as a deletion (moveFrom) and an insertion (moveTo). Accepting every change must give the text
of v2 and rejecting every change the text of v1, numbers included: a renumbered recommendation's number
is itself a tracked change.
"""

from __future__ import annotations

import datetime
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openxml_audit import OpenXmlValidator

from reportkit.comparison.compare import compare
from reportkit.pipeline import prepare
from reportkit.versions import Snapshot, load_version, take_snapshot
from reportkit.writers.docx.redline import write_redline_docx
from tests.conftest import EXAMPLE, run_cli
from tests.redline_support import (
    NEW_RECOMMENDATION,
    W_DATE,
    Versions,
    append_recommendation,
    cut_recommendation,
    insert_after,
    libreoffice_pdf,
    pandoc_json,
    paragraphs,
    replace_text,
    tracked_spans,
    versions,
)

__all__ = ["versions"]  # the session fixture, imported for pytest

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EM_SPACE = "\u2003"
ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"


def document_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read("word/document.xml"))


def snapshot_of(content: Path, name: str) -> Snapshot:
    prepared = prepare(content)
    assert prepared.ok and prepared.report is not None, prepared.diagnostics
    return take_snapshot(prepared.report, name, datetime.datetime(2021, 6, 3))


def version(versions: Versions, name: str) -> Snapshot:
    snapshot, problems = load_version(versions.content, name)
    assert snapshot is not None, problems
    return snapshot


def expected_paragraphs(snapshot: Snapshot) -> list[str]:
    """The recommendations of a version as pandoc reads them: heading, text, labelled items."""
    result: list[str] = []
    for unit in snapshot.recommendations:
        result.append(f"Recommendation {unit.number} {unit.id}")  # the em space, collapsed like all spaces
        for line in unit.lines:
            result.append(" ".join(f"{line.label} {line.text}".split()))
    return result


def recommendation_paragraphs(document: dict) -> list[str]:
    """From the first "Recommendation N" heading to the number table, section headings left out."""
    texts = paragraphs(document)
    start = next(i for i, text in enumerate(texts) if re.match(r"Recommendation \d", text))
    end = next(i for i, text in enumerate(texts) if text.endswith("numbers in both versions"))
    section_heading = re.compile(r"^[A-Z]\. ")
    return [text for text in texts[start:end] if not section_heading.match(text)]


# --------------------------------------------------------------------------- pandoc


def test_pandoc_sees_exactly_the_expected_insertions_and_deletions(versions: Versions) -> None:
    # pandoc moves spaces at the edge of a span outside it, so spans are compared without them.
    every_span = [(kind, text.strip()) for kind, text in tracked_spans(pandoc_json(versions.redline, "all"))]
    spans = [span for span in every_span if not span[1].isdigit()]
    # The rest are numbers: each recommendation renumbered in place, its old number deleted, its new inserted.
    numbers = [span for span in every_span if span[1].isdigit()]
    renumbered = [
        u for u in compare(version(versions, "v1"), version(versions, "v2")).renumbered if not u.moved
    ]
    assert len(renumbered) == 40
    assert numbers == [
        pair for u in renumbered for pair in (("deletion", u.old.number), ("insertion", u.new.number))
    ]
    moved_text = (
        "States should better collect, consolidate, analyse and disseminate information, data and "
        "statistics on the humanitarian and other consequences of firearms trafficking, particularly with "
        "regard to their links to violence, crime and homicide."
    )
    assert spans == [
        ("insertion", f"Recommendation 2{EM_SPACE}early-warning-networks"),
        ("insertion", "States are encouraged to establish early warning networks on firearms trafficking."),
        ("deletion", "note"),
        ("insertion", "recognize"),
        ("deletion", f"Recommendation 3{EM_SPACE}data-on-consequences-of-trafficking"),  # moved from
        ("deletion", moved_text),
        ("deletion", f"Recommendation 5{EM_SPACE}advance-sdg-target-16-4"),
        (
            "deletion",
            "States are encouraged to further advance efforts to achieve target 16.4 of the Sustainable "
            "Development Goals.",
        ),
        ("insertion", f"Recommendation 44{EM_SPACE}data-on-consequences-of-trafficking"),  # moved to
        ("insertion", moved_text),
        ("insertion", "gender-sensitive and"),
    ]


def test_every_change_carries_the_author_and_the_later_versions_date(versions: Versions) -> None:
    document = pandoc_json(versions.redline, "all")
    attributes = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Span" and set(node["c"][0][1]) & {"insertion", "deletion"}:
                attributes.add(tuple(tuple(pair) for pair in node["c"][0][2]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document["blocks"])
    assert attributes == {(("author", "reportkit"), ("date", W_DATE))}


def test_accepting_every_change_gives_the_new_version(versions: Versions) -> None:
    accepted = recommendation_paragraphs(pandoc_json(versions.redline, "accept"))
    assert accepted == expected_paragraphs(version(versions, "v2"))


def test_rejecting_every_change_gives_the_old_version(versions: Versions) -> None:
    rejected = recommendation_paragraphs(pandoc_json(versions.redline, "reject"))
    assert rejected == expected_paragraphs(version(versions, "v1"))


# --------------------------------------------------------------------------- the OOXML


def test_whole_recommendations_added_or_deleted_track_their_paragraph_marks(versions: Versions) -> None:
    body = document_xml(versions.redline).find(f"{W}body")
    marked = {"ins": 0, "del": 0}
    for paragraph in body.iter(f"{W}p"):
        mark = paragraph.find(f"{W}pPr/{W}rPr")
        if mark is None:
            continue
        for kind in marked:
            if mark.find(f"{W}{kind}") is not None:
                marked[kind] += 1
                # The mark's revision comes first in the mark's run properties, as the schema orders it.
                assert mark[0].tag == f"{W}{kind}"
    # Inserted: heading and text of the new recommendation. Deleted: those of the deleted one.
    assert marked == {"ins": 2, "del": 2}


def test_a_moved_recommendation_is_a_named_move_not_a_deletion_and_insertion(versions: Versions) -> None:
    body = document_xml(versions.redline).find(f"{W}body")
    starts = {kind: body.findall(f".//{W}{kind}RangeStart") for kind in ("moveFrom", "moveTo")}
    assert [s.get(f"{W}name") for s in starts["moveFrom"]] == ["move1"]
    assert [s.get(f"{W}name") for s in starts["moveTo"]] == ["move1"]
    for kind, (start,) in starts.items():
        (end,) = body.findall(f".//{W}{kind}RangeEnd")
        assert end.get(f"{W}id") == start.get(f"{W}id")
        assert start.get(f"{W}author") == "reportkit" and start.get(f"{W}date") == W_DATE
    moved_from = "".join(t.text for t in body.iterfind(f".//{W}moveFrom/{W}r/{W}t"))
    assert moved_from.startswith(f"Recommendation 3{EM_SPACE}data-on-consequences-of-trafficking")
    # Moved text is not deleted text: no delText inside moveFrom.
    assert body.find(f".//{W}moveFrom//{W}delText") is None


def test_annotation_ids_are_unique_in_the_document(versions: Versions) -> None:
    body = document_xml(versions.redline).find(f"{W}body")
    tags = ("ins", "del", "moveFrom", "moveTo", "moveFromRangeStart", "moveToRangeStart")
    ids = [node.get(f"{W}id") for tag in tags for node in body.iter(f"{W}{tag}")]
    assert len(ids) == len(set(ids)) > 10


def test_the_redline_validates_against_the_ooxml_schema(versions: Versions) -> None:
    result = OpenXmlValidator().validate(str(versions.redline))
    assert [str(error) for error in result.errors] == []


def test_the_redline_turns_on_track_changes_for_further_edits(versions: Versions) -> None:
    with zipfile.ZipFile(versions.redline) as package:
        settings = etree.fromstring(package.read("word/settings.xml"))
    assert settings.find(f"{W}trackRevisions") is not None


def test_the_same_versions_give_the_same_bytes(versions: Versions) -> None:
    comparison = compare(version(versions, "v1"), version(versions, "v2"))
    assert write_redline_docx(comparison) == write_redline_docx(comparison) == versions.redline.read_bytes()


def test_the_author_option_signs_every_change(versions: Versions, tmp_path: Path) -> None:
    result = run_cli("diff", "--content", versions.content, "--out", tmp_path / "out", "--from", "v1",
                     "--to", "v2", "--author", "UNODC Secretariat")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    body = document_xml(tmp_path / "out" / "diff-v1-v2" / "redline.docx").find(f"{W}body")
    authors = {
        node.get(f"{W}author")
        for tag in ("ins", "del", "moveFrom", "moveTo")
        for node in body.iter(f"{W}{tag}")
    }
    assert authors == {"UNODC Secretariat"}


# --------------------------------------------------------------------------- LibreOffice


@pytest.fixture(scope="session")
def pdfs(versions: Versions, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The redline and the v1 pack converted by LibreOffice, once for the session."""
    out = tmp_path_factory.mktemp("pdf")
    redline, pack = libreoffice_pdf([versions.redline, versions.pack], out, out / "profile")
    return {"redline": redline, "pack": pack}


def test_libreoffice_opens_the_redline_and_the_pack(pdfs: dict[str, Path]) -> None:
    for pdf in pdfs.values():
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")


def test_libreoffice_shows_the_tracked_changes_in_the_pdf(pdfs: dict[str, Path]) -> None:
    """LibreOffice prints changes as shown: deleted and moved-from text stays on the page, struck out."""
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", str(pdfs["redline"]), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert "advance-sdg-target-16-4" in text  # deleted, still visible
    assert text.count("data-on-consequences-of-trafficking") >= 2  # both halves of the move


def test_readme_images(pdfs: dict[str, Path], request: pytest.FixtureRequest) -> None:
    """`pytest tests/test_redline_docx.py --accept` redraws docs/images/{circulation-pack,redline}.png."""
    if not request.config.getoption("--accept"):
        pytest.skip("images are redrawn with --accept")
    import subprocess

    IMAGES.mkdir(parents=True, exist_ok=True)
    for name, pdf in (("circulation-pack", pdfs["pack"]), ("redline", pdfs["redline"])):
        stem = pdf.with_name(name)
        command = ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)]
        subprocess.run(command, check=True)
        (IMAGES / f"{name}.png").write_bytes(stem.with_suffix(".png").read_bytes())
        assert (IMAGES / f"{name}.png").read_bytes().startswith(b"\x89PNG"), name


# --------------------------------------------------------------------------- harder cases, in memory


def redline_of(old: Snapshot, new: Snapshot, path: Path, scope: str = "recommendations") -> Path:
    path.write_bytes(write_redline_docx(compare(old, new, scope)))  # type: ignore[arg-type]
    return path


def test_a_moved_and_reworded_recommendation_accepts_and_rejects_cleanly(tmp_path: Path) -> None:
    """The source keeps the kept words as moved and the dropped ones as deleted; the destination the
    kept words as moved and the new ones as inserted: each way of resolving gives one clean text."""
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    old = snapshot_of(content, "v1")
    recommendations = content / "recommendations"
    moved = cut_recommendation(recommendations / "a-general.yaml", "data-on-consequences-of-trafficking")
    append_recommendation(
        recommendations / "c-diversion.yaml", moved.replace("better collect", "systematically collect")
    )
    new = snapshot_of(content, "v2")
    redline = redline_of(old, new, tmp_path / "redline.docx")

    assert recommendation_paragraphs(pandoc_json(redline, "accept")) == expected_paragraphs(new)
    assert recommendation_paragraphs(pandoc_json(redline, "reject")) == expected_paragraphs(old)
    # pandoc merges the moved and the changed words into one span, so the halves are checked in the XML.
    body = document_xml(redline).find(f"{W}body")
    source = [p for p in body.iter(f"{W}p") if p.find(f"{W}moveFrom") is not None][-1]
    destination = [p for p in body.iter(f"{W}p") if p.find(f"{W}moveTo") is not None][-1]
    assert [t.text for t in source.iterfind(f"{W}del/{W}r/{W}delText")] == ["better"]
    assert source.find(f"{W}ins") is None
    assert [t.text for t in destination.iterfind(f"{W}ins/{W}r/{W}t")] == ["systematically"]
    assert destination.find(f"{W}del") is None


def test_a_new_section_is_inserted_with_its_heading(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    old = snapshot_of(content, "v1")
    (content / "recommendations" / "e-new.yaml").write_text(
        "section: recommendations-new\ntitle: New recommendations\ncontent:\n" + NEW_RECOMMENDATION, "utf-8"
    )
    replace_text(
        content / "chapters" / "2-recommendations.yaml",
        "  - include: recommendations/d-follow-up.yaml\n",
        "  - include: recommendations/d-follow-up.yaml\n  - include: recommendations/e-new.yaml\n",
    )
    new = snapshot_of(content, "v2")
    redline = redline_of(old, new, tmp_path / "redline.docx")
    spans = [(kind, " ".join(text.split())) for kind, text in tracked_spans(pandoc_json(redline, "all"))]
    assert spans[0] == ("insertion", "E. New recommendations")
    assert len(spans) == 3  # the heading, the recommendation's heading and its text
    assert recommendation_paragraphs(pandoc_json(redline, "reject")) == expected_paragraphs(old)


def test_the_report_scope_redline_tracks_paragraphs_too(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    old = snapshot_of(content, "v1")
    replace_text(content / "chapters" / "3-deliberations.yaml", "several speakers", "many speakers")
    new = snapshot_of(content, "v2")
    redline = redline_of(old, new, tmp_path / "report-redline.docx", "report")
    spans = [(kind, text.strip()) for kind, text in tracked_spans(pandoc_json(redline, "all"))]
    assert spans == [("deletion", "several"), ("insertion", "many")]
    accepted = paragraphs(pandoc_json(redline, "accept"))
    assert any(text.startswith("39. ") for text in accepted)  # numbered paragraphs keep their numbers


def headings(document: dict) -> list[tuple[str, str]]:
    """(number, id) of every "Recommendation N id" heading, in order."""
    found = [re.fullmatch(r"Recommendation (\d+) (\S+)", text) for text in paragraphs(document)]
    return [(match.group(1), match.group(2)) for match in found if match]


def test_renumbering_is_tracked_so_rejecting_gives_the_old_numbers_and_accepting_the_new(
    tmp_path: Path,
) -> None:
    """Recommendation 3 deleted and one inserted further on: the deleted heading keeps its struck "3",
    the next one reads "Recommendation ~~4~~ 3", and a cross-reference to a renumbered recommendation
    changes its number the same way."""
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    recommendations = content / "recommendations"
    replace_text(recommendations / "d-follow-up.yaml", "Promoting victim-centred approaches",
                 "Promoting victim-centred approaches (see [[marking-all-firearms]])")  # fmt: skip
    old = snapshot_of(content, "v1")
    cut_recommendation(recommendations / "a-general.yaml", "data-on-consequences-of-trafficking")
    insert_after(recommendations / "c-diversion.yaml", "marking-all-firearms", NEW_RECOMMENDATION)
    new = snapshot_of(content, "v2")
    redline = redline_of(old, new, tmp_path / "redline.docx")

    rejected, accepted = pandoc_json(redline, "reject"), pandoc_json(redline, "accept")
    assert headings(rejected) == [(unit.number, unit.id) for unit in old.recommendations]
    assert [number for number, _ in headings(rejected)] == [str(n) for n in range(1, 48)]
    assert headings(accepted) == [(unit.number, unit.id) for unit in new.recommendations]
    assert ("27", "marking-all-firearms") in headings(rejected)
    assert ("26", "marking-all-firearms") in headings(accepted)
    assert "victim-centred approaches (see recommendation 27)" in " ".join(paragraphs(rejected))
    assert "victim-centred approaches (see recommendation 26)" in " ".join(paragraphs(accepted))
    # The whole texts too, references included.
    assert recommendation_paragraphs(rejected) == expected_paragraphs(old)
    assert recommendation_paragraphs(accepted) == expected_paragraphs(new)

    body = document_xml(redline).find(f"{W}body")
    heading = next(
        p for p in body.iter(f"{W}p") if "cooperate-with-multilateral-institutions" in "".join(p.itertext())
    )
    assert next(t.text for t in heading.iterfind(f"{W}r/{W}t")) == "Recommendation "
    assert [t.text for t in heading.iterfind(f"{W}del/{W}r/{W}delText")] == ["4"]
    assert [t.text for t in heading.iterfind(f"{W}ins/{W}r/{W}t")] == ["3"]
    deleted = next(p for p in body.iter(f"{W}p") if "data-on-consequences" in "".join(p.itertext()))
    assert "".join(t.text for t in deleted.iter(f"{W}delText")).startswith("Recommendation 3")
    item = next(p for p in body.iter(f"{W}p") if "victim-centred" in "".join(p.itertext()))
    assert [t.text for t in item.iterfind(f"{W}del/{W}r/{W}delText")] == ["27"]
    assert [t.text for t in item.iterfind(f"{W}ins/{W}r/{W}t")] == ["26"]


def test_the_report_scope_tracks_paragraph_numbers_too(tmp_path: Path) -> None:
    """A paragraph deleted from chapter III: every later paragraph's number is a tracked change."""
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    old = snapshot_of(content, "v1")
    chapter = content / "chapters" / "3-deliberations.yaml"
    text = chapter.read_text("utf-8")
    block = re.search(r"(?ms)^      - paragraph: iff-facilitators\n.*?(?=^      - )", text)
    assert block
    chapter.write_text(text[: block.start()] + text[block.end() :], "utf-8")
    new = snapshot_of(content, "v2")
    redline = redline_of(old, new, tmp_path / "report-redline.docx", "report")

    def numbered(document: dict, snapshot: Snapshot) -> int:
        """How many of the snapshot's paragraphs the document holds with their numbers, in order."""
        texts = iter(paragraphs(document))
        starts = [" ".join(f"{p.number}. {p.text}".split())[:60] for p in snapshot.paragraphs]
        # `any` consumes the iterator up to the match, so the paragraphs must come in order.
        return sum(1 for start in starts if any(text.startswith(start) for text in texts))

    rejected, accepted = pandoc_json(redline, "reject"), pandoc_json(redline, "accept")
    assert numbered(rejected, old) == len(old.paragraphs) == 57
    assert numbered(accepted, new) == len(new.paragraphs) == 56
    assert numbered(accepted, old) < 10  # the numbers did change after the first few
