"""`reportkit amendments collect`: copies of the pack returned by delegations, read back into proposals.

Two real shapes of a returned copy: one edited in LibreOffice through UNO as a delegation would (Track
Changes on, signed "Mexico", a reworded recommendation, a deleted one, a comment, then an edit with Track
Changes off), and one in Word's own XML shapes written by hand from ISO/IEC 29500 (runs cut mid-word,
`w:rsid*` attributes, one change split over several `w:ins`/`w:del`, `w:proofErr`, a comment), the latter
also with two authors, with anonymous ones, and with a recommendation moved whole (`w:moveFrom`/`w:moveTo`).
"""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from openxml_audit import OpenXmlValidator

from reportkit.redline.amendments import parse_proposals
from reportkit.writers.docx.pack_marks import pack_bookmark_name
from tests.conftest import EXAMPLE, run_cli
from tests.redline_support import Versions, versions

__all__ = ["versions"]  # the session fixture, imported for pytest

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's python3-uno is built for the system Python
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REWORDED = "complementarity-of-instruments"  # recommendation 2
DELETED = "advance-sdg-target-16-4"  # recommendation 5
UNTRACKED = "cooperate-with-multilateral-institutions"  # recommendation 4


@pytest.fixture
def content(versions: Versions, tmp_path: Path) -> Path:
    """A copy of the meeting folder with v1 and v2 recorded, so that collecting writes into the copy."""
    target = tmp_path / "content"
    shutil.copytree(versions.content, target)
    return target


def collect(content: Path, *files: Path | str) -> tuple[int, dict[str, Any], str]:
    result = run_cli("amendments", "collect", "--content", content, *files)
    assert "Traceback" not in result.stderr
    return result.exit_code, json.loads(result.stdout), result.stderr


def by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {proposal["recommendation"]: proposal for proposal in document["proposals"]}


# --------------------------------------------------------------------------- edited in LibreOffice


@pytest.fixture(scope="module")
def edited_in_libreoffice(versions: Versions, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The v1 pack edited through UNO by "Mexico" and saved as DOCX (once for the module)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("python3-uno is not installed (scripts/install-system-packages.sh installs it)")
    folder = tmp_path_factory.mktemp("uno")
    pack, returned = folder / "pack.docx", folder / "mexico.docx"
    shutil.copyfile(versions.pack, pack)  # LibreOffice leaves a lock file beside what it opens
    edits = [
        {"replace": "should note the", "by": "should recognize the"},
        {"delete_from": "Recommendation 5", "to_end_of": "the Sustainable Development Goals."},
        {"comment": "the complementarity", "text": "Too vague."},
        {"untracked": True},
        {"replace": "cooperate closely", "by": "cooperate very closely"},
    ]
    (folder / "edits.json").write_text(json.dumps(edits), "utf-8")
    script, profile = HERE / "uno_edit_pack.py", folder / "profile"
    command = [SYSTEM_PYTHON, str(script), str(pack), str(returned), str(profile), "Mexico",
               str(folder / "edits.json")]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return returned


def test_collect_finds_each_change_with_its_recommendation_and_author(
    edited_in_libreoffice: Path, content: Path
) -> None:
    code, document, stderr = collect(content, edited_in_libreoffice)
    assert code == 0, stderr
    proposals = by_id(document)
    assert list(proposals) == [REWORDED, UNTRACKED, DELETED]  # in the version's order

    reworded = proposals[REWORDED]
    assert (reworded["number"], reworded["by"], reworded["file"]) == ("2", "Mexico", "mexico.docx")
    assert reworded["original"].startswith("States should note the complementarity between")
    assert reworded["proposed"].startswith("States should recognize the complementarity between")
    kinds = {(change["type"], change["by"]) for change in reworded["changes"]}
    assert kinds == {("deletion", "Mexico"), ("insertion", "Mexico")}
    assert [(c["by"], c["text"], c["on"]) for c in reworded["comments"]] == [
        ("Mexico", "Too vague.", "the complementarity")
    ]

    deleted = proposals[DELETED]
    assert (deleted["number"], deleted["by"], deleted["proposed"]) == ("5", "Mexico", "")
    assert deleted["original"] == (
        "States are encouraged to further advance efforts to achieve target 16.4 of the Sustainable "
        "Development Goals."
    )
    assert {change["type"] for change in deleted["changes"]} == {"deletion"}


def test_an_edit_made_without_track_changes_is_found_by_comparison_and_warned(
    edited_in_libreoffice: Path, content: Path
) -> None:
    code, document, stderr = collect(content, edited_in_libreoffice)
    assert code == 0  # a warning, not an input error
    assert (
        f"{edited_in_libreoffice}:1:1: warning[untracked-edit]: recommendation 4 ({UNTRACKED}) was edited "
        "without Track Changes"
    ) in stderr
    proposal = by_id(document)[UNTRACKED]
    assert [(change["type"], change["by"]) for change in proposal["changes"]] == [("untracked", "Mexico")]
    assert "cooperate very closely" in proposal["changes"][0]["text"]
    assert "cooperate very closely" in proposal["proposed"]
    assert "cooperate closely" in proposal["original"]


def test_proposals_are_kept_per_version_and_a_copy_collected_twice_is_recorded_once(
    edited_in_libreoffice: Path, content: Path
) -> None:
    record = content / "versions" / "proposals" / "v1.yaml"
    for _ in range(2):
        code, _, stderr = collect(content, edited_in_libreoffice)
        assert code == 0, stderr
        assert f"wrote {record}" in stderr
    proposals = parse_proposals(record.read_text("utf-8"))
    assert proposals is not None
    assert [p["recommendation"] for p in proposals] == [REWORDED, UNTRACKED, DELETED]
    # The record beside the versions is not taken for a version.
    result = run_cli(
        "diff", "--content", content, "--out", content.parent / "out", "--from", "v1", "--to", "v2"
    )
    assert result.exit_code == 0, result.stderr


# --------------------------------------------------------------------------- Word's own shapes


def _word_paragraph(rest_of_text: str, deleted_by: str = "Mexico", inserted_by: str = "Mexico") -> str:
    """Recommendation 2's text as Word writes it after "note" → "recognize" with a comment: runs cut
    mid-word with revision-session ids, the deletion and the insertion each split in two, proofing marks
    around the commented word, the comment reference in a run of its own."""
    deleted = f'w:author="{deleted_by}" w:date="2021-05-25T10:12:00Z"'
    inserted = f'w:author="{inserted_by}" w:date="2021-05-25T10:12:00Z"'
    return (
        f'<w:p xmlns:w="{W}" w:rsidR="00A41B2C" w:rsidRDefault="00A41B2C" w:rsidP="005E7D10">'
        '<w:pPr><w:pStyle w:val="SingleTxt"/></w:pPr>'
        '<w:r w:rsidRPr="00C1F2A3"><w:t xml:space="preserve">States sho</w:t></w:r>'
        '<w:r><w:lastRenderedPageBreak/><w:t xml:space="preserve">uld </w:t></w:r>'
        f'<w:del w:id="901" {deleted}><w:r w:rsidDel="00D4E5F6"><w:delText>no</w:delText></w:r></w:del>'
        f'<w:del w:id="902" {deleted}><w:r w:rsidDel="00D4E5F6"><w:delText>te</w:delText></w:r></w:del>'
        f'<w:ins w:id="903" {inserted}><w:r w:rsidR="00D4E5F6"><w:t>recog</w:t></w:r></w:ins>'
        f'<w:ins w:id="904" {inserted}><w:r w:rsidR="00D4E5F6"><w:t>nize</w:t></w:r></w:ins>'
        '<w:r><w:t xml:space="preserve"> the </w:t></w:r>'
        '<w:commentRangeStart w:id="7"/>'
        '<w:proofErr w:type="spellStart"/>'
        '<w:r><w:t>complemen</w:t></w:r><w:r w:rsidR="00F60718"><w:t>tarity</w:t></w:r>'
        '<w:proofErr w:type="spellEnd"/>'
        '<w:commentRangeEnd w:id="7"/>'
        '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="7"/></w:r>'
        f'<w:r><w:t xml:space="preserve">{rest_of_text}</w:t></w:r>'
        "</w:p>"
    )


def word_comments(author: str = "Mexico") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:comments xmlns:w="{W}">'
        f'<w:comment w:id="7" w:author="{author}" w:date="2021-05-25T10:14:00Z" w:initials="MX">'
        '<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
        '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
        "<w:r><w:t>Which instruments are meant?</w:t></w:r></w:p>"
        "</w:comment></w:comments>"
    )


COMMENTS_RELATIONSHIP = (
    '<Relationship Id="rIdC7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'comments" Target="comments.xml"/>'
)
COMMENTS_OVERRIDE = (
    '<Override PartName="/word/comments.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>'
)
# Word adds the styles of comments to styles.xml when the first comment is made.
WORD_COMMENT_STYLES = (
    '<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:rPr><w:sz w:val="16"/>'
    '<w:szCs w:val="16"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/>'
    '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:sz w:val="20"/>'
    '<w:szCs w:val="20"/></w:rPr></w:style>'
)


def word_copy(
    pack: bytes, deleted_by: str = "Mexico", inserted_by: str = "Mexico", commented_by: str = "Mexico"
) -> bytes:
    """The pack as Word would return it with recommendation 2 edited and commented (see above)."""
    source = zipfile.ZipFile(io.BytesIO(pack))
    body = etree.fromstring(source.read("word/document.xml"))
    bookmark = next(
        node
        for node in body.iter(f"{{{W}}}bookmarkStart")
        if node.get(f"{{{W}}}name") == pack_bookmark_name(REWORDED)
    )
    heading = bookmark.getparent()
    text = heading.getnext()
    rest = "".join(text.itertext()).split("complementarity", 1)[1]
    text.addprevious(etree.fromstring(_word_paragraph(rest, deleted_by, inserted_by)))
    text.getparent().remove(text)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                data = etree.tostring(body, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif name == "[Content_Types].xml":
                data = data.replace(b"</Types>", COMMENTS_OVERRIDE.encode() + b"</Types>")
            elif name == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", COMMENTS_RELATIONSHIP.encode() + b"</Relationships>")
            elif name == "word/styles.xml":
                data = data.replace(b"</w:styles>", WORD_COMMENT_STYLES.encode() + b"</w:styles>")
            target.writestr(name, data)
        target.writestr("word/comments.xml", word_comments(commented_by))
    return output.getvalue()


@pytest.fixture
def word_returned(versions: Versions, tmp_path: Path) -> Path:
    path = tmp_path / "mexico-word.docx"
    path.write_bytes(word_copy(versions.pack.read_bytes()))
    return path


def test_the_word_fixture_is_valid_ooxml(word_returned: Path) -> None:
    result = OpenXmlValidator().validate(str(word_returned))
    assert [str(error) for error in result.errors] == []


def test_collect_reads_words_shapes(word_returned: Path, content: Path) -> None:
    code, document, stderr = collect(content, word_returned)
    assert code == 0, stderr
    assert "warning" not in stderr  # the rejected text is exactly what was sent
    (proposal,) = document["proposals"]
    assert (proposal["recommendation"], proposal["number"], proposal["by"]) == (REWORDED, "2", "Mexico")
    assert proposal["proposed"].startswith("States should recognize the complementarity between")
    assert [(c["type"], c["text"], c["date"]) for c in proposal["changes"]] == [
        ("deletion", "note", "2021-05-25T10:12:00Z"),
        ("insertion", "recognize", "2021-05-25T10:12:00Z"),
    ]
    assert proposal["comments"] == [
        {"by": "Mexico", "by_source": "author", "date": "2021-05-25T10:14:00Z",
         "text": "Which instruments are meant?", "on": "complementarity"}
    ]  # fmt: skip
    assert (proposal["authors"], proposal["by_source"]) == (["Mexico"], "author")


def test_each_change_keeps_its_own_author_when_a_file_holds_several(
    versions: Versions, content: Path, tmp_path: Path
) -> None:
    """A group's copy: Mexico deleted, Colombia inserted, Peru commented, all in one file."""
    returned = tmp_path / "group.docx"
    returned.write_bytes(word_copy(versions.pack.read_bytes(), "Mexico", "Colombia", "Peru"))
    code, document, stderr = collect(content, returned)
    assert code == 0, stderr
    (proposal,) = document["proposals"]
    assert [(c["type"], c["text"], c["by"], c["by_source"]) for c in proposal["changes"]] == [
        ("deletion", "note", "Mexico", "author"),
        ("insertion", "recognize", "Colombia", "author"),
    ]
    assert [c["by"] for c in proposal["comments"]] == ["Peru"]
    assert proposal["authors"] == ["Mexico", "Colombia", "Peru"]
    assert (proposal["by"], proposal["by_source"]) == ("Mexico, Colombia, Peru", "author")


def test_anonymous_authors_fall_back_to_the_file_names_delegation(
    versions: Versions, content: Path, tmp_path: Path
) -> None:
    """Word signs "Author" and LibreOffice "Unknown Author" when no user name is set; the file name then
    names the delegation, and the output says so, change by change."""
    returned = tmp_path / "united-kingdom.docx"
    returned.write_bytes(word_copy(versions.pack.read_bytes(), "Author", "Mexico", "Unknown"))
    code, document, stderr = collect(content, returned)
    assert code == 0, stderr
    (proposal,) = document["proposals"]
    assert [(c["by"], c["by_source"]) for c in proposal["changes"]] == [
        ("United Kingdom", "file name"),
        ("Mexico", "author"),
    ]
    assert [(c["by"], c["by_source"]) for c in proposal["comments"]] == [("United Kingdom", "file name")]
    assert (proposal["authors"], proposal["by_source"]) == (
        ["United Kingdom", "Mexico"],
        "author and file name",
    )

    returned.write_bytes(word_copy(versions.pack.read_bytes(), "", "Unknown Author", "Author"))
    code, document, stderr = collect(content, returned)
    assert code == 0, stderr
    (proposal,) = document["proposals"]
    assert (proposal["by"], proposal["by_source"]) == ("United Kingdom", "file name")


# --------------------------------------------------------------------------- a recommendation moved


def _tracked_move(paragraphs: list[etree._Element], side: str, first_id: int, name: str) -> None:
    """Mark whole paragraphs as one half of a move as ISO/IEC 29500-1 §17.13.5.21–28 has it: the range
    start (w:name joins the halves) before the first run, the range end after the last; every run in a
    `w:moveFrom`/`w:moveTo`; every paragraph mark carrying the same mark in `w:pPr/w:rPr`."""
    stamp = {f"{{{W}}}author": "Peru", f"{{{W}}}date": "2021-05-26T09:00:00Z"}
    ids = iter(range(first_id, first_id + 100))
    range_id = str(next(ids))
    for paragraph in paragraphs:
        properties = paragraph.find(f"{{{W}}}pPr")
        assert properties is not None
        etree.SubElement(
            etree.SubElement(properties, f"{{{W}}}rPr"),
            f"{{{W}}}{side}",
            {f"{{{W}}}id": str(next(ids)), **stamp},
        )
        for run in paragraph.findall(f"{{{W}}}r"):
            mark = etree.Element(f"{{{W}}}{side}", {f"{{{W}}}id": str(next(ids)), **stamp})
            run.addprevious(mark)
            mark.append(run)
    start = etree.Element(f"{{{W}}}{side}RangeStart", {f"{{{W}}}id": range_id, f"{{{W}}}name": name, **stamp})
    paragraphs[0].find(f"{{{W}}}pPr").addnext(start)  # type: ignore[union-attr]
    etree.SubElement(paragraphs[-1], f"{{{W}}}{side}RangeEnd", {f"{{{W}}}id": range_id})


def moved_copy(pack: bytes, moved: str, after: str) -> bytes:
    """The pack with recommendation `moved` (heading and text) moved by Peru to after recommendation
    `after`, as Word records it: the hidden bookmark goes with the text to its new place (bookmarks are not
    tracked), the old place keeps the text as moveFrom."""
    source = zipfile.ZipFile(io.BytesIO(pack))
    body = etree.fromstring(source.read("word/document.xml"))

    def heading_of(unit_id: str) -> etree._Element:
        name = pack_bookmark_name(unit_id)
        return next(
            n for n in body.iter(f"{{{W}}}bookmarkStart") if n.get(f"{{{W}}}name") == name
        ).getparent()

    heading = heading_of(moved)
    old = [heading, heading.getnext()]
    new = [copy.deepcopy(paragraph) for paragraph in old]
    for paragraph in old:
        for mark in [*paragraph.iter(f"{{{W}}}bookmarkStart"), *paragraph.iter(f"{{{W}}}bookmarkEnd")]:
            paragraph.remove(mark)
    _tracked_move(old, "moveFrom", 9000, "move1")
    _tracked_move(new, "moveTo", 9100, "move1")
    place = heading_of(after).getnext()
    for paragraph in reversed(new):
        place.addnext(paragraph)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.namelist():
            data = source.read(part)
            if part == "word/document.xml":
                data = etree.tostring(body, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(part, data)
    return output.getvalue()


def test_a_recommendation_moved_whole_is_reported_as_a_move(
    versions: Versions, content: Path, tmp_path: Path
) -> None:
    returned = tmp_path / "peru.docx"
    returned.write_bytes(moved_copy(versions.pack.read_bytes(), UNTRACKED, DELETED))  # 4 after 5
    assert [str(error) for error in OpenXmlValidator().validate(str(returned)).errors] == []
    code, document, stderr = collect(content, returned)
    assert code == 0, stderr
    assert "warning" not in stderr  # neither recommendation 3 (before the old place) nor 5 is touched
    (proposal,) = document["proposals"]
    assert (proposal["recommendation"], proposal["number"], proposal["by"]) == (UNTRACKED, "4", "Peru")
    assert proposal["original"] == proposal["proposed"]
    assert proposal["proposed"].startswith("States should cooperate closely")
    assert [(c["type"], c["after"], c["by"], c["date"]) for c in proposal["changes"]] == [
        ("move", "5", "Peru", "2021-05-26T09:00:00Z")
    ]


def test_text_moved_inside_a_recommendation_stays_move_from_and_move_to(
    versions: Versions, content: Path, tmp_path: Path
) -> None:
    """Only a whole recommendation is a reordering; a moved paragraph of text keeps both halves."""
    source = zipfile.ZipFile(io.BytesIO(versions.pack.read_bytes()))
    body = etree.fromstring(source.read("word/document.xml"))
    name = pack_bookmark_name(REWORDED)
    heading = next(n for n in body.iter(f"{{{W}}}bookmarkStart") if n.get(f"{{{W}}}name") == name).getparent()
    text = heading.getnext()
    moved = copy.deepcopy(text)
    _tracked_move([text], "moveFrom", 9000, "move1")
    _tracked_move([moved], "moveTo", 9100, "move1")
    heading.addprevious(moved)  # above its heading: still inside recommendation 1's stretch
    returned = tmp_path / "peru.docx"
    with zipfile.ZipFile(returned, "w") as target:
        for part in source.namelist():
            data = source.read(part)
            target.writestr(part, etree.tostring(body) if part == "word/document.xml" else data)
    code, document, stderr = collect(content, returned)
    assert code == 0, stderr
    assert "warning" not in stderr  # the text as sent is still there, as moveFrom
    assert [(p["number"], [(c["type"], c["by"]) for c in p["changes"]]) for p in document["proposals"]] == [
        ("1", [("move-to", "Peru")]),
        ("2", [("move-from", "Peru")]),
    ]


# --------------------------------------------------------------------------- bad input


def test_bad_files_are_reported_by_name_and_the_others_collected(
    word_returned: Path, content: Path, versions: Versions, tmp_path: Path
) -> None:
    not_docx = tmp_path / "notes.docx"
    not_docx.write_text("Mexico's comments, typed as plain text.", "utf-8")
    missing = tmp_path / "missing.docx"
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(versions.pack.read_bytes()[:-2000])
    code, document, stderr = collect(content, not_docx, versions.redline, word_returned, missing, truncated)
    assert code == 2
    assert f"{not_docx}:1:1: error[not-docx]: not a Word document (DOCX)" in stderr
    assert (
        f"{versions.redline}:1:1: error[not-a-pack]: not a copy of a pack written by `reportkit circulate`"
        in stderr
    )
    assert f"{missing}:1:1: error[unreadable]: cannot read the file" in stderr
    assert f"{truncated}:1:1: error[not-docx]: not a Word document (DOCX)" in stderr
    assert "hint: " in stderr
    assert [p["recommendation"] for p in document["proposals"]] == [REWORDED]
    assert (content / "versions" / "proposals" / "v1.yaml").is_file()


def test_a_copy_of_another_version_than_from_is_refused(word_returned: Path, content: Path) -> None:
    result = run_cli("amendments", "collect", "--content", content, "--from", "v2", word_returned)
    assert result.exit_code == 2
    assert (
        f"{word_returned}:1:1: error[other-version]: this is a copy of version 'v1', not 'v2'"
        in result.stderr
    )
    assert json.loads(result.stdout) == {"proposals": []}


def test_the_pack_of_another_meeting_is_refused(word_returned: Path, content: Path) -> None:
    data = word_returned.read_bytes()
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name in source.namelist():
            part = source.read(name)
            if name == "docProps/custom.xml":
                part = re.sub(rb"CTOC/COP/WG\.6/2021/4", b"CTOC/COP/WG.6/2022/2", part)
            target.writestr(name, part)
    word_returned.write_bytes(output.getvalue())
    code, _, stderr = collect(content, word_returned)
    assert code == 2
    assert (
        "error[other-meeting]: the copy is of a pack of CTOC/COP/WG.6/2022/2, not of CTOC/COP/WG.6/2021/4"
        in stderr
    )


def test_a_recommendation_deleted_without_track_changes_is_a_proposal_and_a_warning(
    versions: Versions, content: Path, tmp_path: Path
) -> None:
    source = zipfile.ZipFile(io.BytesIO(versions.pack.read_bytes()))
    body = etree.fromstring(source.read("word/document.xml"))
    name = pack_bookmark_name(DELETED)
    heading = next(n for n in body.iter(f"{{{W}}}bookmarkStart") if n.get(f"{{{W}}}name") == name).getparent()
    for paragraph in (heading.getnext(), heading):  # its text, then its heading: gone, untracked
        paragraph.getparent().remove(paragraph)
    returned = tmp_path / "deleted.docx"
    with zipfile.ZipFile(returned, "w") as target:
        for part in source.namelist():
            data = source.read(part)
            target.writestr(part, etree.tostring(body) if part == "word/document.xml" else data)
    code, document, stderr = collect(content, returned)
    assert code == 0
    assert (
        f"{returned}:1:1: warning[untracked-edit]: recommendation 5 ({DELETED}) was deleted without "
        "Track Changes"
    ) in stderr
    (proposal,) = document["proposals"]
    assert (proposal["recommendation"], proposal["proposed"]) == (DELETED, "")
    assert [change["type"] for change in proposal["changes"]] == ["untracked"]


def test_recommendations_numbered_as_paragraphs_are_collected_too(tmp_path: Path) -> None:
    """Older practice: no headings, the id's bookmark on the numbered paragraph itself."""
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    report = content / "report.yaml"
    report.write_text(
        report.read_text("utf-8").replace(
            "recommendation_style: headings", "recommendation_style: paragraphs"
        ),
        "utf-8",
    )
    result = run_cli("circulate", "--content", content, "--out", tmp_path / "out", "--as", "v1")
    assert result.exit_code == 0, result.stderr
    pack = tmp_path / "out" / "circulation" / "v1" / "recommendations.docx"
    source = zipfile.ZipFile(pack)
    body = etree.fromstring(source.read("word/document.xml"))
    name = pack_bookmark_name(REWORDED)
    numbered = next(
        n for n in body.iter(f"{{{W}}}bookmarkStart") if n.get(f"{{{W}}}name") == name
    ).getparent()
    insertion = etree.SubElement(numbered, f"{{{W}}}ins", {f"{{{W}}}id": "900", f"{{{W}}}author": "Colombia"})
    etree.SubElement(etree.SubElement(insertion, f"{{{W}}}r"), f"{{{W}}}t").text = " Regional ones too."
    returned = tmp_path / "colombia.docx"
    with zipfile.ZipFile(returned, "w") as target:
        for part in source.namelist():
            data = source.read(part)
            target.writestr(part, etree.tostring(body) if part == "word/document.xml" else data)
    code, document, stderr = collect(content, returned)
    assert code == 0, stderr
    assert "warning" not in stderr  # every other recommendation reads as it was sent
    (proposal,) = document["proposals"]
    assert (proposal["recommendation"], proposal["by"]) == (REWORDED, "Colombia")
    assert proposal["original"].startswith(f"{proposal['number']}. States should note the complementarity")
    assert proposal["proposed"].endswith("trafficking in firearms. Regional ones too.")
