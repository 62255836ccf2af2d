"""Readers: every source of a report gives the one model, and `prepare()` takes any of them — a meeting
folder of YAML drafts, or an issued report's PDF or DOCX read as the drafts `import` would write."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportkit.model import all_recommendations, plain_text
from reportkit.pipeline import prepare
from reportkit.readers import reader_for
from reportkit.readers.published import PublishedReport
from reportkit.readers.yaml_drafts import YamlDrafts
from tests.conftest import EXAMPLE, run_cli

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real-reports"
needs_pdfs = pytest.mark.skipif(not REAL.is_dir(), reason="the issued PDFs are not beside the repository")


def test_a_path_is_read_by_the_reader_its_kind_needs(tmp_path: Path) -> None:
    assert reader_for(EXAMPLE) == YamlDrafts(EXAMPLE)
    assert isinstance(reader_for(tmp_path / "A-HRC-43-15.pdf"), PublishedReport)
    assert isinstance(reader_for(tmp_path / "report.DOCX"), PublishedReport)
    folder_named_like_a_file = tmp_path / "drafts.pdf"
    folder_named_like_a_file.mkdir()
    assert reader_for(folder_named_like_a_file) == YamlDrafts(folder_named_like_a_file)


def test_prepare_takes_a_reader_or_a_folder_and_gives_the_same_report() -> None:
    by_reader, by_folder = prepare(YamlDrafts(EXAMPLE)), prepare(EXAMPLE)
    assert by_reader.ok and by_reader.report == by_folder.report


@needs_pdfs
def test_an_issued_pdf_is_prepared_as_the_report_its_import_builds(tmp_path: Path) -> None:
    pdf = REAL / "A-HRC-28-15.pdf"
    assert run_cli("import", pdf, tmp_path / "meeting").exit_code == 0
    imported = prepare(tmp_path / "meeting")
    read = prepare(PublishedReport(pdf))
    assert read.ok and imported.report is not None and read.report is not None
    assert read.report == imported.report  # locations are not compared: they name different files
    got = {rec.number: plain_text(rec.text) for rec in all_recommendations(read.report)}
    assert len(got) == 163 and got["115.1"].startswith("Take further steps for the ratification")
    # Places name the drafts of that file, as `import` would have written them.
    first = next(all_recommendations(read.report))
    assert first.loc.path.startswith(f"{pdf.as_posix()}/chapters/") and first.loc.line > 0


@needs_pdfs
def test_check_reads_an_issued_pdf_against_the_registry_and_writes_nothing(tmp_path: Path) -> None:
    registry = tmp_path / "registry"
    added = run_cli("registry", "add", "--from", REAL / "A-HRC-28-15.pdf", "--registry", registry)
    assert added.exit_code == 0
    issued = tmp_path / "issued"
    issued.mkdir()
    pdf = shutil.copy(REAL / "A-HRC-43-15.pdf", issued / "A-HRC-43-15.pdf")
    result = run_cli("check", "--content", pdf, "--registry", registry, "--method", "lexical")
    assert result.exit_code == 1, result.stderr  # the third cycle restates the second's recommendations
    assert "215 draft recommendations compared with each other and with 163 registry entries" in " ".join(
        (result.stdout + result.stderr).split()
    )
    assert sorted(path.name for path in issued.iterdir()) == ["A-HRC-43-15.pdf"]
    # The per-recommendation view on real UPR data: each recommendation with the earlier ones it
    # restates, their report, year and response.
    view = run_cli(
        "check", "--content", pdf, "--registry", registry, "--method", "lexical", "--view", "recommendations"
    )
    first = view.stdout.split("\n\n")[0].splitlines()
    assert first[0].startswith("Recommendation 121.1 (ratify-international-convention-protection-persons)")
    assert (
        "  duplicate  A/HRC/28/15 (2014) recommendation 115.16, response: to be examined, score 1.00" in first
    )


def test_check_of_a_file_that_is_no_report_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "minutes.pdf"
    bogus.write_bytes(b"%PDF-1.4\nthis is not a PDF body\n")
    result = run_cli("check", "--content", bogus)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bogus.as_posix()}:0:0: error[")
    assert "Traceback" not in result.stderr
