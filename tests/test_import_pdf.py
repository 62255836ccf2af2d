"""`reportkit import REPORT.pdf DIR` on the three issued UPR reports, compared with their ground truth
(tests/data/upr/*.yaml, made independently with pdftotext), and the bad inputs it refuses."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from reportkit.cli import main
from reportkit.model import Paragraph, Text, all_blocks, all_recommendations, plain_text
from reportkit.pipeline import prepare
from reportkit.readers.pdf_text import read_pdf
from reportkit.registry import load_registry
from tests.redline_support import libreoffice_pdf

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real-reports"
TRUTH = ROOT / "tests" / "data" / "upr"
REPORTS = ("A-HRC-14-15", "A-HRC-28-15", "A-HRC-43-15")
needs_pdfs = pytest.mark.skipif(not REAL.is_dir(), reason="the issued PDFs are not beside the repository")


def normalised(text: str) -> str:
    """Whitespace, quotes and dashes normalised, a final ';' or '.' dropped (as the truth files are)."""
    text = text.replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
    return re.sub(r"[;.]$", "", " ".join(text.split()))


@needs_pdfs
@pytest.mark.parametrize("name", REPORTS)
def test_import_gives_every_recommendation_with_its_number_text_and_states(name: str, tmp_path: Path) -> None:
    folder = tmp_path / "meeting"
    assert main(["import", str(REAL / f"{name}.pdf"), str(folder)]) == 0
    prepared = prepare(folder)
    assert prepared.ok and prepared.report is not None
    truth = yaml.safe_load((TRUTH / f"{name}.yaml").read_text("utf-8"))
    got = {rec.number: rec for rec in all_recommendations(prepared.report)}
    assert list(got) == [rec["number"] for rec in truth["recommendations"]]
    for expected in truth["recommendations"]:
        rec = got[expected["number"]]
        assert list(rec.by) == expected["states"], expected["number"]
        assert rec.response == expected["response"], expected["number"]
        assert normalised(plain_text(rec.text)) == normalised(expected["text"]), expected["number"]
    meeting = prepared.report.meeting
    masthead = truth["masthead"]
    assert meeting.symbol == masthead["symbol"]
    assert meeting.distribution == masthead["distribution"]
    assert meeting.title == masthead["title"] and meeting.subtitle == masthead["subtitle"]
    assert meeting.title_footnote == masthead["title_footnote"]
    assert list(meeting.session_lines) == masthead["session_lines"]
    # Which of them print in bold, as seen on the issued page 1 (the agenda item's title, not its number).
    assert meeting.session_lines_bold == (1, 2, len(masthead["session_lines"]))
    assert meeting.job_number == re.sub(r"\s*\(E\)$", "", masthead["job_number"])
    assert prepared.report.style == "geneva"
    # Page 1's foot: the QR code and "Please recycle" in 2014 and 2019, neither in 2010.
    foot = (prepared.report.options.qr_code, prepared.report.options.please_recycle)
    assert foot == ((True, True) if name != "A-HRC-14-15" else (False, False))
    # The paragraphs that list recommendations print their lead-ins in bold, and so do the imported ones.
    lead_ins = [
        block
        for block in all_blocks(prepared.report)
        if isinstance(block, Paragraph) and block.recommendations
    ]
    assert lead_ins and all(
        {inline.emphasis for inline in lead_in.text if isinstance(inline, Text)} == {"bold"}
        for lead_in in lead_ins
    )


@needs_pdfs
def test_the_imported_reports_rebuild_within_two_pages_of_the_issued_ones(tmp_path: Path) -> None:
    # The older reports (2010, 2014) were printed with wider top and bottom margins than today's Geneva
    # template; import measures them, so the rebuilt pages break nearly where the issued ones did.
    built: list[Path] = []
    for name in REPORTS:
        folder = tmp_path / name
        assert main(["import", str(REAL / f"{name}.pdf"), str(folder)]) == 0
        assert main(["build", "--content", str(folder), "--out", str(tmp_path / f"{name}-build")]) == 0
        built.append((tmp_path / f"{name}-build" / "report.docx").rename(tmp_path / f"{name}.docx"))
    rendered = libreoffice_pdf(built, tmp_path / "pdf", tmp_path / "profile")
    issued = {name: len(read_pdf(REAL / f"{name}.pdf")) for name in REPORTS}
    assert issued == {"A-HRC-14-15": 22, "A-HRC-28-15": 25, "A-HRC-43-15": 24}
    for name, pdf in zip(REPORTS, rendered, strict=True):
        assert abs(len(read_pdf(pdf)) - issued[name]) <= 2, (name, len(read_pdf(pdf)))
    margins = (tmp_path / "A-HRC-28-15" / "report.yaml").read_text("utf-8").split("margins:")[1]
    assert "top: 2.9\n    bottom: 4.0\n" in margins  # 2014's margins; 2019's are today's template's
    # … and the States as each report printed them: in one pair of brackets until 2016, then one each.
    printed = {name: (tmp_path / f"{name}-build" / "report.md").read_text("utf-8") for name in REPORTS}
    assert "(Spain, Tunisia, Portugal);" in printed["A-HRC-28-15"]
    assert "(France) (Lithuania);" in printed["A-HRC-43-15"]


@needs_pdfs
def test_import_puts_the_chapter_footnote_back_on_its_heading(tmp_path: Path) -> None:
    folder = tmp_path / "meeting"
    assert main(["import", str(REAL / "A-HRC-28-15.pdf"), str(folder)]) == 0
    chapter = next(folder.glob("chapters/*conclusions*.yaml")).read_text("utf-8")
    assert 'title_footnote: "Conclusions and recommendations have not been edited."' in chapter


@needs_pdfs
def test_ids_are_made_from_the_text_and_the_same_on_every_import(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        assert main(["import", str(REAL / "A-HRC-43-15.pdf"), str(folder)]) == 0
    files = sorted(path.relative_to(first) for path in first.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(second) for path in second.rglob("*") if path.is_file())
    assert all((first / path).read_bytes() == (second / path).read_bytes() for path in files)
    conclusions = next(first.glob("chapters/*conclusions*.yaml")).read_text("utf-8")
    assert "- recommendation: ratify-international-convention-protection-persons\n" in conclusions


@needs_pdfs
def test_registry_add_from_pdfs_records_states_and_responses_and_the_duplicate_check_runs_against_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = tmp_path / "registry"
    for name in REPORTS[:2]:
        assert (
            main(["registry", "add", "--from", str(REAL / f"{name}.pdf"), "--registry", str(registry)]) == 0
        )
    # Re-adding a report replaces its entries.
    assert (
        main(["registry", "add", "--from", str(REAL / "A-HRC-28-15.pdf"), "--registry", str(registry)]) == 0
    )
    loaded, problems = load_registry(registry)
    assert not problems
    assert len(loaded.entries) == 97 + 163
    first = loaded.find("A/HRC/28/15#115.8")
    assert first is not None and first.response == "to be examined"
    assert first.by == ("Senegal", "Sierra Leone", "Venezuela (Bolivarian Republic of)", "Peru", "Uruguay")
    folder = tmp_path / "third-cycle"
    assert main(["import", str(REAL / "A-HRC-43-15.pdf"), str(folder)]) == 0
    capsys.readouterr()
    code = main(["check", "--content", str(folder), "--registry", str(registry), "--method", "lexical"])
    said = capsys.readouterr()
    assert code == 1  # the third cycle restates earlier recommendations
    assert "215 draft recommendations compared with each other and with 260 registry entries" in " ".join(
        (said.out + said.err).split()
    )


def run_import(source: Path, folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reportkit", "import", str(source), str(folder)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )


def test_a_scanned_pdf_is_refused_with_a_hint_to_run_ocr(tmp_path: Path) -> None:
    scanned = tmp_path / "scanned.pdf"
    # A page with a drawn rectangle and no text at all: what a scan's text layer looks like.
    stream = b"0 0 m 100 100 l S"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    scanned.write_bytes(body)
    result = run_import(scanned, tmp_path / "meeting")
    assert result.returncode == 2
    assert f"{scanned.as_posix()}:0:0: error[no-text-layer]" in result.stderr + result.stdout
    assert "OCR" in result.stderr + result.stdout
    assert not (tmp_path / "meeting").exists()


def test_a_damaged_pdf_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.4\nthis is not a PDF body\n")
    result = run_import(damaged, tmp_path / "meeting")
    assert result.returncode == 2
    assert "error[bad-pdf]" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "meeting").exists()


def test_a_folder_with_content_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "meeting"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", "utf-8")
    result = run_import(tmp_path / "whatever.pdf", folder)
    assert result.returncode == 2
    assert "error[not-empty]" in result.stderr + result.stdout
    assert sorted(path.name for path in folder.iterdir()) == ["notes.txt"]


def _libreoffice_pdf(tmp_path: Path, options: str) -> Path:
    """A one-line text rendered to PDF by LibreOffice with the given export options."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    source = tmp_path / "letter.txt"
    source.write_text("Dear colleagues, the meeting is postponed.\n", "utf-8")
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation={profile}",
         "--convert-to", f"pdf:writer_pdf_Export:{options}", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return tmp_path / "letter.pdf"


def test_an_encrypted_pdf_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    password = (
        '{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"secret"}}'
    )
    encrypted = _libreoffice_pdf(tmp_path, password)
    result = run_import(encrypted, tmp_path / "meeting")
    assert result.returncode == 2
    assert f"{encrypted.as_posix()}:0:0: error[encrypted-pdf]" in result.stderr + result.stdout
    assert not (tmp_path / "meeting").exists()


def test_a_pdf_that_is_not_a_report_is_refused(tmp_path: Path) -> None:
    letter = _libreoffice_pdf(tmp_path, "{}")
    result = run_import(letter, tmp_path / "meeting")
    assert result.returncode == 2
    assert "error[not-a-report]" in result.stderr + result.stdout
    assert not (tmp_path / "meeting").exists()


@needs_pdfs
def test_what_could_not_be_mapped_is_a_warning_at_its_page_and_line_and_the_exit_is_0(tmp_path: Path) -> None:
    pdf = REAL / "A-HRC-28-15.pdf"
    result = run_import(pdf, tmp_path / "meeting")
    assert result.returncode == 0
    said = result.stderr + result.stdout
    assert (
        f"{pdf.as_posix()}:2:2: warning[contents-regenerated]: the Contents page is not imported as text: "
        "`options.contents: true` makes it anew"
    ) in said
    assert "  contents: true\n" in (tmp_path / "meeting" / "report.yaml").read_text("utf-8")
    # The annex's opening sentence has no number: kept, as the annex's paragraph 1.
    assert f"{pdf.as_posix()}:24:3: warning[unnumbered-text]" in said
    annex = next((tmp_path / "meeting" / "annexes").glob("*.yaml")).read_text("utf-8")
    assert "The delegation of Slovenia was headed by" in annex
