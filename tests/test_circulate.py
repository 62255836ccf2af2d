"""`reportkit circulate`: a recorded version in the content folder, and the pack for delegations."""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import zipfile
from pathlib import Path

import pypandoc
import pytest
from openxml_audit import OpenXmlValidator

from reportkit.checks.duplicates import MOST_SHOWN
from reportkit.pipeline import prepare
from reportkit.redline.actions import version_site_pages
from reportkit.redline.pack_marks import read_pack_marks, recommendation_ids
from reportkit.versions import load_version, parse_version, recorded_versions, render_version
from reportkit.writers.docx.pack import write_pack_docx
from tests.conftest import EXAMPLE, run_cli
from tests.redline_support import V1_DATE, Versions, libreoffice_convert, versions
from tests.test_duplicates_view import EXAMPLE_2022, crowded_registry

__all__ = ["versions"]  # the session fixture, imported for pytest


def tree_hashes(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(EXAMPLE, target)
    return target


def test_circulate_records_the_version_and_touches_nothing_else(content: Path, tmp_path: Path) -> None:
    before = tree_hashes(content)
    result = run_cli(
        "circulate", "--content", content, "--out", tmp_path / "out", "--as", "v1", "--date", "2021-05-20"
    )
    assert result.exit_code == 0, result.stderr
    after = tree_hashes(content)
    assert set(after) - set(before) == {"versions/v1.yaml"}
    assert {name: digest for name, digest in after.items() if name in before} == before
    assert "recorded version v1 (20 May 2021): 47 recommendations" in result.stderr


def test_the_version_file_holds_what_was_sent(versions: Versions) -> None:
    snapshot, problems = load_version(versions.content, "v1")
    assert problems == [] and snapshot is not None
    assert snapshot.moment.isoformat() == "2021-05-20T00:00:00"
    first = snapshot.recommendations[0]
    assert (first.id, first.number, first.section, first.themes, first.status) == (
        "unodc-assist-implementation", "1", "general-recommendations",
        ("technical-assistance", "international-cooperation"), "adopted",
    )  # fmt: skip
    topics = next(unit for unit in snapshot.recommendations if unit.id == "future-topics")
    assert [line.label for line in topics.lines][:3] == ["", "(a)", "(b)"]
    assert len(snapshot.recommendations) == 47 and len(snapshot.paragraphs) == 57
    text = (versions.content / "versions" / "v1.yaml").read_text("utf-8")
    assert (
        "\n  - id: unodc-assist-implementation\n    number: '1'\n    section: general-recommendations\n"
        in text
    )


def test_the_version_file_reads_back_as_the_same_snapshot(versions: Versions) -> None:
    snapshot, _ = load_version(versions.content, "v2")
    assert snapshot is not None
    again, problems = parse_version(render_version(snapshot), "again.yaml")
    assert problems == [] and again == snapshot


def test_circulate_refuses_to_overwrite_a_version(versions: Versions, tmp_path: Path) -> None:
    path = versions.content / "versions" / "v1.yaml"
    before = path.read_bytes()
    result = run_cli("circulate", "--content", versions.content, "--out", tmp_path / "out", "--as", "v1")
    assert result.exit_code == 2
    assert f"{path}:1:1: error[version-exists]: version 'v1' is already recorded" in result.stderr
    assert "hint: choose a new name with --as, or pass --replace to record it again" in result.stderr
    assert path.read_bytes() == before
    assert not (tmp_path / "circulation").exists()


def test_replace_records_a_version_again(content: Path, tmp_path: Path) -> None:
    for date in ("2021-05-20", "2021-05-21"):
        result = run_cli("circulate", "--content", content, "--out", tmp_path / "out", "--as", "v1",
                         "--date", date, "--replace")  # fmt: skip
        assert result.exit_code == 0, result.stderr
    assert "date: '2021-05-21'" in (content / "versions" / "v1.yaml").read_text("utf-8")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../v1", "error[bad-version-name]: version name '../v1' is not a plain name"),
        (
            "current",
            "error[bad-version-name]: 'current' names the current drafts and cannot be a version name",
        ),
    ],
)
def test_a_version_name_must_be_plain(content: Path, tmp_path: Path, name: str, message: str) -> None:
    result = run_cli("circulate", "--content", content, "--out", tmp_path / "out", "--as", name)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (content / "versions").exists()


def test_a_bad_date_is_an_input_error(content: Path, tmp_path: Path) -> None:
    result = run_cli(
        "circulate", "--content", content, "--out", tmp_path / "out", "--as", "v1", "--date", "20 May"
    )
    assert result.exit_code == 2
    assert "--date:1:1: error[bad-date]: '20 May' is not a date" in result.stderr


def test_drafts_with_errors_record_no_version(content: Path, tmp_path: Path) -> None:
    general = content / "recommendations" / "a-general.yaml"
    general.write_text(general.read_text("utf-8").replace("status: adopted", "status: adoptd", 1), "utf-8")
    result = run_cli("circulate", "--content", content, "--out", tmp_path / "out", "--as", "v1")
    assert result.exit_code == 2
    assert "error[wrong-type]" in result.stderr
    assert recorded_versions(content) == []


def test_recorded_versions_are_listed_oldest_first(versions: Versions) -> None:
    assert recorded_versions(versions.content) == ["v1", "v2"]


# --------------------------------------------------------------------------- the pack


def pack_text(path: Path) -> str:
    """The text runs of the body and the headers (page 1's masthead is a header, as in the report)."""
    with zipfile.ZipFile(path) as package:
        parts = ["word/document.xml", *sorted(n for n in package.namelist() if n.startswith("word/header"))]
        xml = "".join(package.read(name).decode("utf-8") for name in parts)
    return " ".join(part for part in xml.replace("<w:tab/>", " ").split("<") if part.startswith("w:t"))


def test_the_pack_is_marked_as_a_draft_with_its_version_and_date(versions: Versions) -> None:
    text = pack_text(versions.pack)
    for expected in (
        "Draft for consultation",
        "Version v1",
        "20 May 2021",
        "Draft recommendations of the Working",
    ):
        assert expected in text


def test_the_pack_shows_every_recommendation_with_its_number_and_text(versions: Versions) -> None:
    text = pack_text(versions.pack)
    for number in (1, 24, 47):
        assert re.search(rf">Recommendation {number}(?!\d)", text)
    assert "States should note the complementarity between international and regional instruments" in text


def test_the_pack_text_holds_no_internal_id_score_or_status(versions: Versions) -> None:
    """What delegations read, as pandoc reads it: every recommendation, and nothing of the secretariat's."""
    snapshot, _ = load_version(versions.content, "v1")
    assert snapshot is not None
    plain = " ".join(pypandoc.convert_file(str(versions.pack), "plain", format="docx").split())
    assert all(f"Recommendation {n} " in plain for n in range(1, 48))
    assert " ".join(snapshot.recommendations[0].text.split()) in plain
    leaked = [unit.id for unit in snapshot.recommendations if unit.id in plain]
    assert leaked == []
    for internal in ("score", "Status", "adopted", "Duplication check", "Merge", "Themes", "Identifier"):
        assert internal not in plain, internal
    # The recorded flags are there to leak: the test would see them.
    assert any("score" in flag for unit in snapshot.recommendations for flag in unit.flags)


def test_the_pack_page_shows_no_internal_notes_either(versions: Versions) -> None:
    page = (versions.out / "circulation" / "v1" / "recommendations.md").read_text("utf-8")
    # Ids stay only as the headings' anchors ({ #id … }), which links sent to delegations rely on.
    visible = html.unescape(re.sub(r"\{ #[^}]*\}", "", page))
    assert "unodc-assist-implementation" not in visible
    for internal in ("score", "Status", "Duplication check", "Identifier"):
        assert internal not in visible, internal


def test_the_pack_opens_with_track_changes_on(versions: Versions) -> None:
    with zipfile.ZipFile(versions.pack) as package:
        settings = package.read("word/settings.xml").decode("utf-8")
    assert "<w:trackRevisions/>" in settings


def test_the_internal_copy_keeps_ids_themes_status_and_flags(
    versions: Versions, content: Path, tmp_path: Path
) -> None:
    result = run_cli("circulate", "--content", content, "--out", tmp_path / "out", "--as", "v1", "--date",
                     V1_DATE, "--internal")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "out" / "circulation" / "v1"
    assert sorted(path.name for path in folder.iterdir()) == [
        "recommendations-internal.docx", "recommendations-internal.md",
        "recommendations.docx", "recommendations.md",
    ]  # fmt: skip
    text = pack_text(folder / "recommendations-internal.docx")
    assert "Internal copy" in text
    assert "future-topics" in text
    assert "Themes: Technical assistance and capacity-building; International cooperation" in text
    assert "Status: adopted" in text
    # The duplication check flags both recommendations of a pair that may overlap.
    assert "Duplication check: May overlap with recommendation 10 (trafficking-as-predicate-offence)" in text
    page = (folder / "recommendations-internal.md").read_text("utf-8")
    assert "Identifier: unodc&#45;assist&#45;implementation" in page and "rk-flag" in page
    # The pack sent is the same as without --internal.
    assert (folder / "recommendations.docx").read_bytes() == versions.pack.read_bytes()


def test_the_pack_validates_against_the_ooxml_schema(versions: Versions) -> None:
    result = OpenXmlValidator().validate(str(versions.pack))
    assert [str(error) for error in result.errors] == []


def test_the_ids_survive_a_libreoffice_round_trip(versions: Versions, tmp_path: Path) -> None:
    """A delegation that opens the pack in LibreOffice and saves it as DOCX sends back every id."""
    snapshot, _ = load_version(versions.content, "v1")
    assert snapshot is not None
    expected = [unit.id for unit in snapshot.recommendations]
    sent = read_pack_marks(versions.pack.read_bytes())
    assert recommendation_ids(sent, snapshot) == expected
    (returned,) = libreoffice_convert([versions.pack], "docx", tmp_path / "returned", tmp_path / "profile")
    assert returned.read_bytes() != versions.pack.read_bytes()  # really written again by LibreOffice
    marks = read_pack_marks(returned.read_bytes())
    assert (marks.version, marks.meeting) == ("v1", "CTOC/COP/WG.6/2021/4")
    assert recommendation_ids(marks, snapshot) == expected


def test_the_pack_page_groups_by_section_and_escapes_text(versions: Versions) -> None:
    page = (versions.out / "circulation" / "v1" / "recommendations.md").read_text("utf-8")
    assert page.startswith('---\ntitle: "Draft recommendations, version v1"\n---\n')
    assert "## A&#46; General recommendations { #general-recommendations }" in page
    assert "### Recommendation 1 { #unodc-assist-implementation .rk-recommendation }" in page
    assert "Office on Drugs and Crime &#40;UNODC&#41;" in page
    assert page.count(".rk-recommendation }") == 47


def test_the_pack_can_be_printed_again_from_the_version_file_alone(versions: Versions) -> None:
    """Flags are recorded with the version, so the pack needs neither the old drafts nor the check."""
    snapshot, _ = load_version(versions.content, "v1")
    assert snapshot is not None and snapshot.duplication_checked
    flagged = {unit.id for unit in snapshot.recommendations if unit.flags}
    assert "trafficking-as-predicate-offence" in flagged
    assert write_pack_docx(snapshot) == versions.pack.read_bytes()


def test_the_site_gets_every_pack_and_the_changes_since_the_latest_version(versions: Versions) -> None:
    prepared = prepare(versions.content)
    assert prepared.report is not None
    pages, problems = version_site_pages(versions.content, prepared.report)
    assert problems == []
    assert sorted(pages) == ["changes.md", "circulation/v1.md", "circulation/v2.md"]
    # The drafts are v2 itself: nothing changed since the latest version.
    assert "- 0 added\n- 0 deleted\n- 0 moved\n- 0 reworded\n- 0 renumbered\n" in pages["changes.md"]
    assert (
        pages["circulation/v1.md"] == (versions.out / "circulation" / "v1" / "recommendations.md").read_text()
    )


def test_without_versions_the_site_gets_no_pages(content: Path) -> None:
    prepared = prepare(content)
    assert prepared.report is not None
    assert version_site_pages(content, prepared.report) == ({}, [])


def test_a_version_name_is_checked_whole(content: Path, tmp_path: Path) -> None:
    result = run_cli("circulate", "--content", content, "--out", tmp_path, "--as", "v1\n")
    assert result.exit_code == 2
    assert "--as:1:1: error[bad-version-name]: version name 'v1\\n' is not a plain name" in result.stderr
    assert not (content / "versions").exists()


def test_an_escaped_control_character_in_a_version_file_is_reported_at_diff(
    versions: Versions, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(versions.content, content)
    version = content / "versions" / "v1.yaml"
    text = version.read_text("utf-8")
    version.write_text(text.replace("version: v1\n", 'version: "v1\\x0b"\n', 1), "utf-8")
    line = text.split("\n").index("version: v1") + 1
    result = run_cli("diff", "--content", content, "--out", tmp_path / "out", "--from", "v1")
    assert result.exit_code == 2
    assert (
        f"{version}:{line}:10: error[control-character]: escaped character U+000B cannot appear in a document"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_version_file_of_the_wrong_shape_is_reported_at_its_place(versions: Versions) -> None:
    text = (versions.content / "versions" / "v1.yaml").read_text("utf-8")
    broken = text.replace("  - id: ", "  - ident: ", 1)
    line = broken.split("\n").index(next(x for x in broken.split("\n") if x.startswith("  - ident: "))) + 1
    snapshot, problems = parse_version(broken, "v1.yaml")
    assert snapshot is None
    assert [p.render().split("\n")[0] for p in problems] == [
        f"v1.yaml:{line}:5: error[bad-version]: cannot read version file: section 1: missing 'id'"
    ]


def test_a_control_character_in_the_author_is_refused(versions: Versions, tmp_path: Path) -> None:
    result = run_cli(
        "diff",
        "--content",
        versions.content,
        "--out",
        tmp_path,
        "--from",
        "v1",
        "--author",
        "Sec\x07retariat",
    )
    assert result.exit_code == 2
    assert (
        "--author:1:1: error[bad-author]: author 'Sec\\x07retariat' is empty or holds a control character"
        in result.stderr
    )
    assert list(tmp_path.iterdir()) == []


def test_circulate_does_not_write_through_a_versions_folder_outside_the_content(
    content: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (content / "versions").symlink_to(outside)
    result = run_cli("circulate", "--content", content, "--out", tmp_path / "out", "--as", "v1")
    assert result.exit_code == 2
    assert (
        f"{content.as_posix()}/versions:1:1: error[path-outside-content]: 'versions' points outside the"
        " content folder" in result.stderr
    )
    assert list(outside.iterdir()) == []
    assert not (tmp_path / "out").exists()


def test_a_versions_entry_that_is_not_a_file_is_reported(versions: Versions, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(versions.content, content)
    folder = content / "versions" / "v9.yaml"
    folder.mkdir()
    _, problems = load_version(content, "v9")
    assert [p.render() for p in problems] == [
        f"{folder}:1:1: error[bad-version]: cannot read version file: Is a directory\n"
        "  hint: a version file is a readable file written by `reportkit circulate`"
    ]


def test_the_internal_copy_writes_out_each_recommendations_strongest_flags(tmp_path: Path) -> None:
    """Against a registry that recorded one recommendation's text twelve times, the secretariat's copy
    flags its three strongest and counts the rest in one sentence, as the terminal does."""
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE_2022, content)
    registry = crowded_registry(tmp_path, 12)
    options = ("--internal", "--registry", registry, "--cache", tmp_path / "cache")
    result = run_cli("circulate", "--content", content, "--out", tmp_path / "out", "--as", "v1", "--date",
                     V1_DATE, *options)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    version, problems = load_version(content, "v1")
    assert version is not None and problems == []
    flags = next(unit.flags for unit in version.recommendations if unit.id == "mark-ammunition-packaging")
    earlier = [flag for flag in flags if "of XX/WG/2019/3" in flag]
    assert len(earlier) == MOST_SHOWN
    assert f"Duplication check: {12 - MOST_SHOWN} further finding(s)" in flags[-1]
    text = pack_text(tmp_path / "out" / "circulation" / "v1" / "recommendations-internal.docx")
    assert f"{12 - MOST_SHOWN} further finding(s)" in text
