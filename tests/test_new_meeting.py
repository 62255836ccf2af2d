"""`reportkit new` and meeting folders: a folder made by `new` builds, checks, circulates and diffs at
once from inside it, with no --content or --out, in a temporary folder outside the repository."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pypandoc
import pytest
import yaml
from jsonschema import Draft202012Validator
from watchdog.events import FileModifiedEvent

from reportkit.meeting_folder import watched_folders
from reportkit.validate import schema
from reportkit.watch import _DraftChanges
from tests.conftest import ROOT, run_cli
from tests.test_serve import _free_port, _wait_for

PARTICULARS = (
    "--body",
    "Conference of the Parties to the United Nations Convention against Transnational Organized Crime",
    "--meeting",
    "Working Group on Firearms",
    "--symbol",
    "CTOC/COP/WG.6/2026/2",
    "--venue",
    "Vienna",
    "--dates",
    "2026-05-30..2026-06-02",
    "--job-number",
    "V.26-01234",
    "--paper",
    "Letter",
    "--recommendation-style",
    "paragraphs",
)
REPORTKIT = Path(sys.executable).parent / "reportkit"


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file and folder under `folder`, with its bytes and modification time."""
    return {
        path.relative_to(folder).as_posix(): (
            path.read_bytes() if path.is_file() else b"",
            path.stat().st_mtime_ns,
        )
        for path in sorted(folder.rglob("*"))
    }


def test_a_new_meeting_folder_builds_checks_circulates_and_diffs_from_inside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not tmp_path.is_relative_to(ROOT)
    made = run_cli("new", tmp_path / "wg-2026", *PARTICULARS)
    assert made.exit_code == 0, made.stderr
    assert "warning" not in made.stderr  # every particular was given: no placeholder
    monkeypatch.chdir(tmp_path / "wg-2026")

    built = run_cli("build")
    assert built.exit_code == 0, built.stderr
    assert Path("build/site/index.html").is_file()
    text = pypandoc.convert_file("build/report.docx", "plain", format="docx")
    assert (
        "Report on the meeting of the Working Group on Firearms held in Vienna from 30 May to 2 June 2026"
        in (" ".join(text.split()))
    )
    assert "States parties should consider strengthening their cooperation" in " ".join(text.split())
    with zipfile.ZipFile("build/report.docx") as package:
        document = package.read("word/document.xml").decode("utf-8")
    assert 'w:w="12240"' in document  # Letter paper, as asked
    assert "CTOC/COP/WG.6/2026/2" in package_text("build/report.docx", "word/header2.xml")

    checked = run_cli("check")
    assert checked.exit_code == 0, checked.stderr
    assert "2 draft recommendations compared" in checked.stdout

    circulated = run_cli("circulate", "--as", "v1", "--date", "2026-05-01")
    assert circulated.exit_code == 0, circulated.stderr
    assert Path("versions/v1.yaml").is_file()
    assert Path("build/circulation/v1/recommendations.docx").is_file()

    draft = Path("recommendations/a-first-topic.yaml")
    draft.write_text(draft.read_text("utf-8").replace("exchange of", "timely exchange of"), "utf-8")
    compared = run_cli("diff", "--from", "v1", "--date", "2026-05-20")
    assert compared.exit_code == 0, compared.stderr
    assert "1 reworded" in compared.stderr
    assert Path("build/diff-v1-current/redline.docx").is_file()
    # The outputs stay inside the meeting folder, where its .gitignore leaves them out of git.
    assert [
        line for line in Path(".gitignore").read_text("utf-8").splitlines() if not line.startswith("#")
    ] == [
        "build/",
        ".reportkit-cache/",
        ".build.reportkit-*/",
    ]


def package_text(docx: str, part: str) -> str:
    with zipfile.ZipFile(docx) as package:
        return package.read(part).decode("utf-8")


def test_new_into_a_folder_with_content_exits_2_and_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "meeting"
    (folder / "chapters").mkdir(parents=True)
    (folder / "notes.txt").write_text("minutes of the bureau\n", "utf-8")
    (folder / "chapters" / "draft.yaml").write_text("chapter: x\n", "utf-8")
    (folder / ".gitignore").write_text("*.pdf\n", "utf-8")
    before = _snapshot(folder)

    result = run_cli("new", folder, *PARTICULARS)

    assert result.exit_code == 2
    assert result.stderr.splitlines()[:2] == [
        f"{folder}:1:1: error[not-empty]: '{folder}' already has content (chapters, notes.txt); nothing was "
        "written",
        "  hint: `reportkit new` writes only into a new or empty folder: choose another name, or empty this "
        "one",
    ]
    assert _snapshot(folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["meeting"]  # no staging folder left beside it


def test_a_folder_holding_only_hidden_files_counts_as_empty(tmp_path: Path) -> None:
    folder = tmp_path / "meeting"
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    (folder / ".gitignore").write_text("*.pdf", "utf-8")  # the secretariat's own, without a final newline
    git_before = _snapshot(folder / ".git")

    result = run_cli("new", folder, *PARTICULARS)

    assert result.exit_code == 0, result.stderr
    assert (folder / "report.yaml").is_file()
    assert _snapshot(folder / ".git") == git_before
    # Its own lines stay; the outputs are added.
    assert (folder / ".gitignore").read_text("utf-8").splitlines() == [
        "*.pdf",
        "# reportkit outputs: rebuilt from the drafts by `reportkit build`",
        "build/",
        ".reportkit-cache/",
        "# an output folder being replaced: staged beside it, gone when the build ends (or at the next one)",
        ".build.reportkit-*/",
    ]
    # git leaves out the staging folder an interrupted build leaves beside build/ until the next one.
    (folder / ".build.reportkit-new-x1y2").mkdir()
    (folder / ".build.reportkit-new-x1y2" / "report.md").write_text("half a build", "utf-8")
    ignored = subprocess.run(
        ["git", "-C", str(folder), "status", "--porcelain"], capture_output=True, text=True
    )
    assert ".build.reportkit" not in ignored.stdout
    shutil.rmtree(folder / ".build.reportkit-new-x1y2")
    assert not [p for p in folder.iterdir() if ".new-" in p.name]  # the staging folder is gone
    assert run_cli("check", "--content", folder).exit_code == 0


def test_without_a_terminal_placeholders_are_written_listed_and_pass_validation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "meeting"
    result = run_cli("new", folder, "--venue", "Geneva", "--dates", "2026-03-02")
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning[placeholder]" in line]
    where = f"{folder}/report.yaml"
    assert warnings == [
        f"{where}:9:17: warning[placeholder]: 'issuing_body' is a placeholder: no --body was given",
        f"{where}:10:17: warning[placeholder]: 'meeting_name' is a placeholder: no --meeting was given",
        f"{where}:12:11: warning[placeholder]: 'symbol' is a placeholder: no --symbol was given",
        f"{where}:13:15: warning[placeholder]: 'job_number' is a placeholder: no --job-number was given",
    ]
    report = (folder / "report.yaml").read_text("utf-8").splitlines()
    assert report[8] == '  issuing_body: "Issuing body (to be filled in)"'
    assert report[16:18] == ["  start_date: 2026-03-02", "  end_date: 2026-03-02"]
    monkeypatch.chdir(folder)
    built = run_cli("build", "--only", "docx")
    assert built.exit_code == 0, built.stderr


def test_particulars_are_quoted_so_any_text_stays_text(tmp_path: Path) -> None:
    folder = tmp_path / "meeting"
    odd_name = 'Group: "A" # [[not-a-ref]] ^[no note]'
    result = run_cli("new", folder, *PARTICULARS, "--meeting", odd_name)
    assert result.exit_code == 0, result.stderr
    built = run_cli("build", "--content", folder, "--out", tmp_path / "out", "--only", "md")
    assert built.exit_code == 0, built.stderr
    markdown = (tmp_path / "out" / "report.md").read_text("utf-8")
    # Straight quotes print as typographic ones (markup.curl_quotes); the rest stays literal text.
    assert (
        "the Group: \u201cA\u201d \\# \\[\\[not-a-ref\\]\\] \\^\\[no note\\] adopted the present report."
        in markdown
    )


def test_bad_particulars_are_usage_errors_and_nothing_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "meeting"
    for option, value, message in (
        (
            "--symbol",
            "ctoc-2026",
            "argument --symbol: 'ctoc-2026' is not a document symbol like CTOC/COP/WG.6/2021/4",
        ),
        (
            "--dates",
            "2026-05-12..2026-05-10",
            "argument --dates: the meeting ends (2026-05-10) before it starts",
        ),
        ("--job-number", "V2601234", "argument --job-number: 'V2601234' is not a job number like V.21-03928"),
        ("--paper", "A3", "argument --paper: 'A3' is not one of A4, Letter"),
    ):
        result = run_cli("new", folder, option, value)
        assert result.exit_code == 2
        assert message in result.stderr
    assert not folder.exists()


def _answer_on_a_terminal(command: list[str], answers: list[str]) -> tuple[int, str]:
    """Run a command with a pseudo-terminal as its input and output, as in a user's shell, typing
    `answers` one line each; its exit code and all it showed."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        command,
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        close_fds=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    os.close(terminal)
    os.write(controller, "".join(f"{answer}\n" for answer in answers).encode("utf-8"))
    shown = b""
    while select.select([controller], [], [], 30)[0]:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the other end closed: the command has finished
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    return process.wait(timeout=30), shown.decode("utf-8", "replace")


def test_on_a_terminal_the_missing_particulars_are_asked(tmp_path: Path) -> None:
    folder = tmp_path / "meeting"
    answers = [
        "Conference of the States Parties",  # body
        "",  # meeting: left to fill in later
        "not a symbol",  # asked again …
        "CAC/COSP/WG.2/2026/3",
        "Vienna",
        "2026-09-01..2026-09-02",
        "",  # house style: the default
        "V.26-05555",
        "letter",  # paper, any case
        "",  # recommendation style: the default
    ]
    code, shown = _answer_on_a_terminal([str(REPORTKIT), "new", str(folder)], answers)
    assert code == 0, shown
    assert "Document symbol (e.g. CTOC/COP/WG.6/2021/4) [leave empty to fill in later]:" in shown
    assert "'not a symbol' is not a document symbol like CTOC/COP/WG.6/2021/4; try again" in shown
    assert "warning[placeholder]: 'meeting_name' is a placeholder" in shown
    report = (folder / "report.yaml").read_text("utf-8")
    for line in (
        '  issuing_body: "Conference of the States Parties"',
        '  symbol: "CAC/COSP/WG.2/2026/3"',
        "  start_date: 2026-09-01",
        "  end_date: 2026-09-02",
        "  paper: Letter                   # A4 | Letter",
        "  recommendation_style: headings",
        '  title: "Report on the meeting of the Meeting (to be filled in) held in Vienna on 1 and 2 '
        'September 2026"',
    ):
        assert line in report.splitlines()


def test_every_file_names_a_schema_that_resolves_in_the_folder_and_validates_it(tmp_path: Path) -> None:
    """VS Code's YAML extension reads the `$schema` modeline relative to the file; the copy it names must
    be the installed schema, and each file must be valid against it."""
    folder = tmp_path / "meeting"
    assert run_cli("new", folder, *PARTICULARS).exit_code == 0
    drafts = sorted(folder.rglob("*.yaml"))
    assert len(drafts) == 10
    for draft in drafts:
        first_line = draft.read_text("utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first_line)
        assert match, draft
        named = (draft.parent / match.group(1)).resolve()
        assert json.loads(named.read_text("utf-8")) == schema()
        data = json.loads(json.dumps(yaml.safe_load(draft.read_text("utf-8")), default=str))
        errors = list(Draft202012Validator(schema()).iter_errors(data))
        assert errors == [], (draft, errors)


def test_the_registry_named_in_report_yaml_is_used_without_the_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "registry", tmp_path / "registry")
    folder = tmp_path / "meeting"
    assert run_cli("new", folder, *PARTICULARS).exit_code == 0
    report = folder / "report.yaml"
    report.write_text(report.read_text("utf-8").replace("# registry: ../registry", "registry: ../registry"))
    monkeypatch.chdir(folder)

    checked = run_cli("check", "--format", "json")
    assert checked.exit_code == 0, checked.stderr
    assert json.loads(checked.stdout)["registry"] == "../registry"
    built = run_cli("build")
    assert built.exit_code == 0, built.stderr
    assert Path("build/site/compendium.html").is_file()

    report.write_text(report.read_text("utf-8").replace("../registry", "../registre"))
    missing = run_cli("build")
    assert missing.exit_code == 2
    assert missing.stderr.splitlines()[:2] == [
        "report.yaml:31:11: error[file-not-found]: no registry folder '../registre'",
        "  hint: the path is relative to report.yaml's folder; create the registry with `reportkit registry "
        "add`, or remove 'registry:'",
    ]
    # The option still comes first.
    assert run_cli("check", "--registry", tmp_path / "registry").exit_code == 0


def test_the_repository_example_keeps_its_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(ROOT)
    assert not Path("report.yaml").exists()
    result = run_cli("build", "--out", tmp_path, "--only", "md")
    assert result.exit_code == 0, result.stderr
    assert "Working Group on Firearms" in (tmp_path / "report.md").read_text("utf-8")


def test_serve_watches_a_meeting_folder_but_not_its_outputs(tmp_path: Path) -> None:
    folder = tmp_path / "meeting"
    assert run_cli("new", folder, *PARTICULARS).exit_code == 0
    (folder / "build" / "site").mkdir(parents=True)
    (folder / ".git").mkdir()
    assert watched_folders(Path(folder), Path(folder / "build")) == [
        (folder, False),
        (folder / "chapters", True),
        (folder / "recommendations", True),
    ]
    assert watched_folders(folder, tmp_path / "out") == [(folder, True)]


def test_the_watcher_does_not_take_its_own_outputs_for_drafts(tmp_path: Path) -> None:
    changed = threading.Event()
    handler = _DraftChanges(changed, tmp_path / "build")
    handler.on_any_event(FileModifiedEvent(str(tmp_path / "build" / "pages" / "mkdocs.yml")))
    assert not changed.is_set()
    handler.on_any_event(FileModifiedEvent(str(tmp_path / "chapters" / "1-introduction.yaml")))
    assert changed.is_set()


def test_serve_in_a_meeting_folder_rebuilds_on_a_save_and_not_in_a_loop(tmp_path: Path) -> None:
    folder = tmp_path / "meeting"
    assert run_cli("new", folder, *PARTICULARS).exit_code == 0
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(REPORTKIT), "serve", "--port", str(port)],
            cwd=folder,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )
        try:
            url = f"http://127.0.0.1:{port}/chapters/introduction.html"
            _wait_for(url, "mandate of the meeting")
            chapter = folder / "chapters" / "1-introduction.yaml"
            chapter.write_text(chapter.read_text("utf-8").replace("mandate of", "terms of reference of"))
            _wait_for(url, "terms of reference of the meeting")
            rebuilds = log.read_text("utf-8").count("rebuilt in")
            time.sleep(3)  # a rebuild set off by its own outputs would run again and again
            assert log.read_text("utf-8").count("rebuilt in") == rebuilds
        finally:
            process.terminate()
            process.wait(timeout=15)


def test_registry_add_records_into_the_registry_report_yaml_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "meeting"
    assert run_cli("new", folder, *PARTICULARS).exit_code == 0
    report = folder / "report.yaml"
    report.write_text(report.read_text("utf-8").replace("# registry: ../registry", "registry: ../registry"))
    for section in (folder / "recommendations").iterdir():
        section.write_text(section.read_text("utf-8").replace("status: proposed", "status: adopted"))
    monkeypatch.chdir(folder)

    result = run_cli("registry", "add")

    assert result.exit_code == 0, result.stderr
    recorded = tmp_path / "registry" / "ctoc-cop-wg-6-2026-2.yaml"
    assert result.stderr.strip() == (
        f"recorded 2 adopted recommendation(s) of CTOC/COP/WG.6/2026/2 in ../registry/{recorded.name}"
    )
    assert recorded.is_file()
