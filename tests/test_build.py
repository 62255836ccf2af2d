"""`reportkit build` as a user runs it: every output, the extra site pages, permissions, failures."""

from __future__ import annotations

import html
import json
import shutil
import stat
from pathlib import Path

import pytest

from reportkit.writers.site import compendium as site_compendium
from tests.conftest import EXAMPLE, ROOT, run_cli


@pytest.fixture(scope="module")
def full_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with its registry: DOCX, Markdown, numbers, pages and the mkdocs site."""
    out = tmp_path_factory.mktemp("full-build")
    result = run_cli("build", "--content", EXAMPLE, "--out", out, "--registry", ROOT / "registry")
    assert result.exit_code == 0, result.stderr
    return out


def test_a_full_build_writes_every_output(full_build: Path) -> None:
    for name in ("report.docx", "report.md", "numbers.json", "site/index.html", "site/report.docx"):
        assert (full_build / name).is_file(), name


def test_with_a_registry_the_public_site_has_the_compendium_only(full_build: Path) -> None:
    nav = json.loads((full_build / "pages" / ".reportkit-site.json").read_text("utf-8"))["nav"]
    assert {"Earlier meetings": [{"Compendium": "compendium.md"}]} in nav
    assert not any("Checks" in entry for entry in nav)
    compendium = html.unescape((full_build / "site" / "compendium.html").read_text("utf-8"))
    assert "CTOC/COP/WG.6/2021/4, recommendation 27" in compendium
    assert not (full_build / "site" / "duplicates.html").exists()


def test_internal_with_a_registry_adds_the_duplication_check(tmp_path: Path) -> None:
    out, cache = tmp_path / "build", tmp_path / "cache"
    options = ("--only", "site", "--registry", ROOT / "registry", "--internal", "--cache", cache)
    result = run_cli("build", "--content", EXAMPLE, "--out", out, *options)
    assert result.exit_code == 0, result.stderr
    # The registry's index and vectors, and the draft's vectors, are kept where they were asked.
    assert list(cache.glob("registry-*.json")) and list(cache.glob("registry-*.vectors.npy"))
    assert list(cache.glob("embeddings-*.npz"))
    nav = json.loads((out / "internal-pages" / ".reportkit-site.json").read_text("utf-8"))["nav"]
    assert {"Checks": [{"Duplication check": "duplicates.md"}]} in nav
    assert not (out / "site").exists()  # the secretariat's site goes beside the public one's place
    duplicates = html.unescape((out / "internal-site" / "duplicates.html").read_text("utf-8"))
    assert "47 draft recommendations compared" in duplicates


def test_outputs_are_readable_by_everyone_for_publishing(full_build: Path) -> None:
    for name in ("report.docx", "numbers.json", "pages/index.md"):
        mode = stat.S_IMODE((full_build / name).stat().st_mode)
        assert mode & 0o044 == 0o044, f"{name} is {oct(mode)}"


def test_recorded_versions_add_the_changes_page_to_the_internal_site(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE, content)
    assert (
        run_cli("circulate", "--content", content, "--out", tmp_path / "packs", "--as", "v1").exit_code == 0
    )
    section = content / "recommendations" / "a-general.yaml"
    section.write_text(
        section.read_text("utf-8").replace("States should note", "States should carefully note")
    )
    options = ("--only", "site", "--internal")
    result = run_cli("build", "--content", content, "--out", tmp_path / "build", *options)
    assert result.exit_code == 0, result.stderr
    nav = json.loads((tmp_path / "build" / "internal-pages" / ".reportkit-site.json").read_text("utf-8"))[
        "nav"
    ]
    drafting = next(entry["Drafting"] for entry in nav if "Drafting" in entry)
    assert drafting == [
        {"Changes since the last version": "changes.md"},
        {"Version v1 as circulated": "circulation/v1.md"},
    ]
    changes = html.unescape((tmp_path / "build" / "internal-site" / "changes.html").read_text("utf-8"))
    assert "carefully" in changes


def test_a_file_where_the_output_folder_should_be_is_refused(tmp_path: Path) -> None:
    blocked = tmp_path / "build"
    blocked.write_text("a file where the output folder should be")
    result = run_cli("build", "--content", EXAMPLE, "--out", blocked, "--only", "md")
    assert result.exit_code == 2
    assert f"{blocked}:1:1: error[output-folder]: '{blocked}' is a file, not a folder" in result.stderr
    assert blocked.read_text() == "a file where the output folder should be"
    assert "Traceback" not in result.stderr


def test_an_output_folder_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    unwritable = tmp_path / "a-file" / "build"
    result = run_cli("build", "--content", EXAMPLE, "--out", unwritable, "--only", "md")
    assert result.exit_code == 2
    assert f"{unwritable}:1:1: error[cannot-write]: cannot write to '{unwritable}'" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_reports_its_phases_for_the_progress_display(tmp_path: Path) -> None:
    from reportkit.build import build

    phases: list[str] = []
    result = build(EXAMPLE, tmp_path / "out", ["md", "docx"], progress=phases.append)
    assert result.prepared.ok
    assert phases == ["reading the drafts", "writing report.md", "writing report.docx", "writing the files"]


def test_no_progress_display_when_the_output_is_not_a_terminal(tmp_path: Path) -> None:
    result = run_cli("build", "--content", EXAMPLE, "--out", tmp_path / "out", "--only", "md")
    assert result.exit_code == 0
    assert "reading the drafts" not in result.stderr
    assert result.stderr.splitlines() == [
        f"wrote {tmp_path / 'out' / 'numbers.json'}",
        f"wrote {tmp_path / 'out' / 'report.md'}",
    ]


def test_a_registry_too_large_for_one_page_is_listed_by_meeting_on_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(site_compendium, "SITE_COMPENDIUM_MOST", 10)  # the example's registry has more
    out = tmp_path / "build"
    result = run_cli(
        "build", "--content", EXAMPLE, "--out", out, "--only", "site", "--registry", ROOT / "registry"
    )
    assert result.exit_code == 0, result.stderr
    page = html.unescape((out / "pages" / "compendium.md").read_text("utf-8"))
    assert "## Meetings recorded" in page and "CTOC/COP/WG.6/2021/4" in page
    assert "Recommendations by theme" not in page
