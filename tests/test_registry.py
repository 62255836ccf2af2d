"""The registry: recording a report (atomically, replacing the meeting's entries, keeping comments),
reading it back with its problems, keys by id or number, the cached index, and the compendium."""

from __future__ import annotations

import datetime
import html
import io
import shutil
from pathlib import Path

import docx
import pytest

from reportkit.pipeline import prepare
from reportkit.registry import RegistryMeeting, load_registry, record_report, render_meeting_file, symbol_slug
from reportkit.registry.index import open_registry
from reportkit.writers.docx.compendium import compendium_docx
from reportkit.writers.site import compendium as site_compendium
from reportkit.writers.site.compendium import compendium_page, site_compendium_page
from tests.conftest import EXAMPLE, ROOT, run_cli

EXAMPLE_2022 = ROOT / "examples" / "wg-firearms-2022"
FILE_2021 = "ctoc-cop-wg-6-2021-4.yaml"


def test_registry_add_records_the_adopted_recommendations(tmp_path: Path) -> None:
    result = run_cli("registry", "add", "--content", EXAMPLE, "--registry", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert f"recorded 47 adopted recommendation(s) of CTOC/COP/WG.6/2021/4 in {tmp_path / FILE_2021}" in (
        " ".join(result.stderr.split())
    )
    registry, problems = load_registry(tmp_path)
    assert problems == []
    entry = registry.find("CTOC/COP/WG.6/2021/4#marking-all-firearms")
    assert entry is not None and entry.number == "27" and entry.themes == ("marking", "legislation")
    assert entry.meeting == "Working Group on Firearms, Vienna, 10–12 May 2021"
    assert registry.find("CTOC/COP/WG.6/2021/4#27") == entry  # a key may name the published number
    topics = registry.find("CTOC/COP/WG.6/2021/4#future-topics")
    assert (
        topics is not None
        and len(topics.items) == 11
        and topics.items[3].startswith("(d) Regulation of brokers")
    )
    assert [path.name for path in tmp_path.iterdir()] == [FILE_2021]  # no temporary file left behind


def test_the_committed_registry_is_the_2021_report_as_recorded() -> None:
    registry, problems = load_registry(ROOT / "registry")
    assert problems == []
    assert [m.symbol for m in registry.meetings] == ["CTOC/COP/WG.6/2021/4"]
    assert len(registry.entries) == 47


def test_re_adding_a_meeting_replaces_its_entries_and_keeps_comments(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE_2022, content)
    registry_dir = tmp_path / "registry"
    assert run_cli("registry", "add", "--content", content, "--registry", registry_dir).exit_code == 0
    path = registry_dir / "ctoc-cop-wg-6-2022-4.yaml"
    text = path.read_text("utf-8")
    # Someone annotates the file by hand…
    text = text.replace("meeting:\n", "# Checked against the PDF on 3 June.\nmeeting:\n", 1)
    text = text.replace(
        "  - id: social-media-study\n", "  - id: social-media-study  # see the study's ToR\n", 1
    )
    path.write_text(text, "utf-8")
    # …then the draft changes: one recommendation reworded, one withdrawn, the proposed one adopted.
    section = content / "recommendations" / "b-investigations-and-emerging-threats.yaml"
    source = section.read_text("utf-8")
    source = source.replace(
        "a study on the use\n      of social media", "a short study on the use\n      of social media"
    )
    source = source.replace(
        "  - recommendation: victim-assistance           # new\n    status: adopted",
        "  - recommendation: victim-assistance           # new\n    status: withdrawn",
    )
    source = source.replace("status: proposed", "status: adopted")
    section.write_text(source, "utf-8")
    assert run_cli("registry", "add", "--content", content, "--registry", registry_dir).exit_code == 0

    registry, problems = load_registry(registry_dir)
    assert problems == []
    ids = [entry.id for entry in registry.entries]
    assert len(ids) == len(set(ids)) == 17  # 18 published, one withdrawn; no entry twice
    assert "victim-assistance" not in ids and "printed-firearms-offence" in ids
    study = registry.find("CTOC/COP/WG.6/2022/4#social-media-study")
    assert study is not None and "a short study on the use of social media" in study.text
    rewritten = path.read_text("utf-8")
    assert "# Checked against the PDF on 3 June.\nmeeting:" in rewritten
    assert "  - id: social-media-study  # see the study's ToR\n" in rewritten
    assert [p.name for p in registry_dir.iterdir()] == [path.name]


def test_registry_problems_are_diagnostics(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text(
        "meeting:\n  symbol: X/1\nrecommendations:\n  - id: a\n    number: '1'\n", "utf-8"
    )
    (tmp_path / "syntax.yaml").write_text("meeting: [unclosed\n", "utf-8")
    _, problems = load_registry(tmp_path)
    rendered = [p.render().splitlines()[0] for p in problems]
    assert (
        f"{tmp_path.as_posix()}/broken.yaml:4:5: error[registry-format]: registry entry without text"
        in rendered
    )
    assert any(
        line.startswith(f"{tmp_path.as_posix()}/syntax.yaml:") and "yaml-syntax" in line for line in rendered
    )
    result = run_cli(
        "check",
        "--content",
        EXAMPLE_2022,
        "--registry",
        tmp_path,
        "--method",
        "lexical",
        "--cache",
        tmp_path / "cache",
    )
    assert result.exit_code == 2


def test_the_registry_index_is_cached_by_content_hash(tmp_path: Path) -> None:
    registry_dir = tmp_path / "registry"
    shutil.copytree(ROOT / "registry", registry_dir)
    cache = tmp_path / "cache"
    first, index, _ = open_registry(registry_dir, cache)
    assert index is not None and len(list(cache.glob("registry-*.arrays"))) == 1
    again, cached_index, _ = open_registry(registry_dir, cache)
    assert again.entries == first.entries and cached_index is not None
    assert (cached_index.tf != index.tf).nnz == 0 and cached_index.vocabulary == index.vocabulary
    # Any edit to the registry is a new key, so a stale index is never used.
    path = registry_dir / FILE_2021
    path.write_text(
        path.read_text("utf-8").replace("States should note", "States should take note of"), "utf-8"
    )
    edited, _, _ = open_registry(registry_dir, cache)
    assert "States should take note of" in edited.entries[1].text
    assert len(list(cache.glob("registry-*.arrays"))) == 2


def test_compendium_by_theme_and_by_meeting(tmp_path: Path) -> None:
    registry_dir = tmp_path / "registry"
    shutil.copytree(ROOT / "registry", registry_dir)
    report = prepare(EXAMPLE_2022).report
    assert report is not None
    assert record_report(report, registry_dir)[2] == []
    registry, _ = load_registry(registry_dir)
    page = html.unescape(compendium_page(registry))  # the page escapes punctuation as references
    assert page.startswith("# Compendium of recommendations\n")
    assert "## I. Recommendations by theme" in page and "## II. Recommendations by meeting" in page
    assert "### A. Marking of firearms" in page
    marking = page.split("### A. Marking of firearms")[1].split("### B.")[0]
    assert "**CTOC/COP/WG.6/2021/4, recommendation 27**" in marking
    assert "**CTOC/COP/WG.6/2022/4, recommendation 1**" in marking
    assert "### A. Working Group on Firearms, Vienna, 10–12 May 2021 (CTOC/COP/WG.6/2021/4)" in page
    assert "### B. Working Group on Firearms, Vienna, 30 May–1 June 2022 (CTOC/COP/WG.6/2022/4)" in page
    assert "- (d) Regulation of brokers" in page

    data = compendium_docx(registry)
    assert data == compendium_docx(registry)  # deterministic bytes
    document = docx.Document(io.BytesIO(data))
    styles = [p.style.name for p in document.paragraphs]
    assert styles[:2] == ["ReportTitle", "SingleTxt"]
    assert {"HCh", "H1", "RecHead", "SingleTxt", "SubPara1"} <= set(styles)
    assert "CTOC/COP/WG.6/2021/4, recommendation 27" in [p.text for p in document.paragraphs]

    out = tmp_path / "out"
    result = run_cli("registry", "compendium", "--registry", registry_dir, "--out", out)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        ".reportkit-outputs.json",
        "compendium.docx",
        "compendium.md",
    ]
    assert html.unescape((out / "compendium.md").read_text("utf-8")) == page
    # Up to SITE_COMPENDIUM_MOST entries the site's page is this compendium.
    assert site_compendium_page(registry) == compendium_page(registry)


def test_a_registry_too_large_for_one_page_gets_its_meetings_listed_on_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry, _ = load_registry(ROOT / "registry")
    monkeypatch.setattr(site_compendium, "SITE_COMPENDIUM_MOST", len(registry.entries) - 1)
    page = html.unescape(site_compendium_page(registry))
    assert page.startswith("# Compendium of recommendations\n")
    assert f"The registry records {len(registry.entries)} recommendations of 1 meetings" in page
    assert "`reportkit registry compendium` writes the whole compendium" in page
    assert "- Working Group on Firearms, Vienna, 10–12 May 2021 (CTOC/COP/WG.6/2021/4)" in page
    assert registry.entries[0].text[:40] not in page  # no recommendation's text
    # The command writes the whole compendium whatever its size.
    out = tmp_path / "out"
    result = run_cli("registry", "compendium", "--registry", ROOT / "registry", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert registry.entries[0].text[:40] in html.unescape((out / "compendium.md").read_text("utf-8"))


@pytest.mark.parametrize(
    ("symbol", "slug"), [("CTOC/COP/WG.6/2021/4", "ctoc-cop-wg-6-2021-4"), ("A/76/1", "a-76-1")]
)
def test_symbol_slugs(symbol: str, slug: str) -> None:
    assert symbol_slug(symbol) == slug


# --------------------------------------------------------------------------- what `registry add` keeps

MINI_FILE = "ctoc-cop-wg-6-2022-4.yaml"
EDITED = """\
# Adopted recommendations of CTOC/COP/WG.6/2022/4, recorded by `reportkit registry add`.
# Re-recording the meeting rewrites its entries in place; comments written in this file are kept.
meeting:
  symbol: CTOC/COP/WG.6/2022/4
  name: Working Group on Firearms   # as on the cover
  title: "Report on the meeting of the Working Group on Firearms held in Vienna on 10 and 11 May 2022"
  venue: Vienna
  start_date: 2022-05-10
  end_date: 2022-05-11
  checked_by: E. Editor
themes:
  marking: Marking
  cooperation: "International cooperation"
recommendations:
  - id: cooperate
    number: "1"
    status: adopted
    themes: [cooperation]
    text: "States should cooperate."
    note: verified against the PDF
  # the next one was discussed at length
  - id: mark-all
    number: '2'
    status: adopted
    themes: [marking]
    text: >-
      States should mark all firearms.
# end of the 2022 file
"""


def _add_mini(content: Path, registry_dir: Path) -> tuple[int, str]:
    result = run_cli("registry", "add", "--content", content, "--registry", registry_dir)
    return result.exit_code, result.stderr


def test_registry_add_keeps_comments_quotes_key_order_and_unknown_keys(mini: Path, tmp_path: Path) -> None:
    registry_dir = tmp_path / "registry"
    registry_dir.mkdir()
    path = registry_dir / MINI_FILE
    path.write_text(EDITED, "utf-8")
    code, stderr = _add_mini(mini, registry_dir)
    assert code == 0, stderr
    assert path.read_text("utf-8") == EDITED
    assert stderr.split("\n")[:4] == [
        f"{path.as_posix()}:10:3: warning[unknown-key]: unknown key 'checked_by' in the meeting; it is kept"
        " as written, but reportkit does not read it",
        "  hint: keep notes as '# comments', or leave it if another tool reads it",
        f"{path.as_posix()}:20:5: warning[unknown-key]: unknown key 'note' in entry 'cooperate'; it is kept"
        " as written, but reportkit does not read it",
        "  hint: keep notes as '# comments', or leave it if another tool reads it",
    ]
    # A reworded recommendation changes its text alone, in the style it was written in.
    chapter = mini / "chapters" / "recommendations.yaml"
    chapter.write_text(
        chapter.read_text("utf-8").replace("States should cooperate.", "States should cooperate closely."),
        "utf-8",
    )
    code, stderr = _add_mini(mini, registry_dir)
    assert code == 0, stderr
    assert path.read_text("utf-8") == EDITED.replace(
        'text: "States should cooperate."', 'text: "States should cooperate closely."'
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"notes: my shopping list\n",
            "{path}:1:1: error[not-a-registry-file]: '{path}' is not the registry file of"
            " CTOC/COP/WG.6/2022/4; it is left as it is",
        ),
        (
            b"meeting: [unclosed\n",
            "{path}:2:1: error[yaml-syntax]: invalid YAML: did not find expected ',' or ']'",
        ),
        (b"meeting:\n  symbol: Caf\xe9\n", "{path}:2:14: error[not-utf8]: the file is not UTF-8 (byte 0xe9)"),
        (
            b"meeting:\n  symbol: CTOC/COP/WG.6/2022/4\n  symbol: CTOC/COP/WG.6/2022/4\n",
            "{path}:3:3: error[duplicate-key]: duplicate key symbol",
        ),
    ],
    ids=["not-a-registry-file", "broken", "latin-1", "duplicate-key"],
)
def test_registry_add_leaves_a_file_it_cannot_read_alone(
    mini: Path, tmp_path: Path, content: bytes, expected: str
) -> None:
    registry_dir = tmp_path / "registry"
    registry_dir.mkdir()
    path = registry_dir / MINI_FILE
    path.write_bytes(content)
    code, stderr = _add_mini(mini, registry_dir)
    assert code == 2
    assert expected.format(path=path.as_posix()) in stderr
    assert "Traceback" not in stderr
    assert path.read_bytes() == content
    assert [p.name for p in registry_dir.iterdir()] == [MINI_FILE]


def test_registry_entries_of_the_wrong_shape_are_diagnostics(tmp_path: Path) -> None:
    (tmp_path / "shapes.yaml").write_text(
        "meeting:\n  symbol: X/1\n  start_date: soon\n  end_date: 2021-02-30\nrecommendations:\n"
        "  - {id: a, number: '1', text: A., items: 5}\n"
        "  - {id: b, number: '2', text: B., themes: 5}\n",
        "utf-8",
    )
    _, problems = load_registry(tmp_path)
    where = f"{tmp_path.as_posix()}/shapes.yaml"
    assert [p.render() for p in problems] == [
        f"{where}:4:13: error[wrong-type]: '2021-02-30' is not a date that exists\n"
        "  hint: check the day and the month; dates are written YYYY-MM-DD"
    ]
    (tmp_path / "shapes.yaml").write_text(
        (tmp_path / "shapes.yaml").read_text("utf-8").replace("2021-02-30", "2021-02-03"), "utf-8"
    )
    registry, problems = load_registry(tmp_path)
    assert [p.render().split("\n")[0] for p in problems] == [
        f"{where}:3:15: error[wrong-type]: 'start_date' must be a date like 2021-05-10; got 'soon'",
        f"{where}:6:43: error[wrong-type]: 'items' of registry entry 'a' must be a list of texts",
        f"{where}:7:44: error[wrong-type]: 'themes' of registry entry 'b' must be a list of texts",
    ]
    assert registry.entries == ()


def test_a_value_used_twice_is_written_twice_not_as_an_alias(tmp_path: Path) -> None:
    one_day = datetime.date(2021, 5, 10)  # one object for both dates, as a one-day meeting may have
    record = RegistryMeeting("X/1", "Group", "Report", "Vienna", one_day, one_day)
    text = render_meeting_file(record, [], None)
    assert "start_date: 2021-05-10\n  end_date: 2021-05-10\n" in text and "&" not in text
    (tmp_path / "x.yaml").write_text(text, "utf-8")
    registry, problems = load_registry(tmp_path)
    assert problems == [] and registry.meetings[0].end_date == one_day
