"""House styles: what differs between UN bodies is one value, read by every writer.

The Vienna style keeps the bundled example as it was; the Geneva style prints what the issued A/HRC/43/15
prints; a third style defined here, in the test, changes the words, dates, addresses and job numbers of
every output without any other edit.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportkit.checks.duplicates import draft_candidates
from reportkit.comparison.compare import compare
from reportkit.house import GENEVA, VIENNA, HouseStyle, register, unregister
from reportkit.registry import entries_from_report, load_registry, render_meeting_file
from reportkit.versions import parse_version, render_version, take_snapshot
from reportkit.writers.docx import write_docx
from reportkit.writers.docx.layout import twips
from reportkit.writers.docx.pack import write_pack_docx
from reportkit.writers.docx.redline import write_redline_docx
from reportkit.writers.docx.template import template_bytes
from reportkit.writers.markdown import write_markdown
from reportkit.writers.numbers_json import write_numbers_json
from reportkit.writers.site.changes import write_changes_page
from reportkit.writers.site.compendium import compendium_page
from reportkit.writers.site.pack import write_pack_page
from tests.conftest import MINI, ROOT, run_cli
from tests.docx_support import NS, Package, report_from, w

GENEVA_REPORT = ROOT / "tests" / "fixtures" / "geneva"


def test_vienna_writes_dates_and_job_numbers_as_the_bundled_example_prints_them() -> None:
    assert VIENNA.date(datetime.date(2021, 5, 31)) == "31 May 2021"
    assert VIENNA.date_range(datetime.date(2021, 5, 10), datetime.date(2021, 5, 12)) == "10–12 May 2021"
    assert VIENNA.date_range(datetime.date(2021, 5, 31), datetime.date(2021, 6, 2)) == "31 May–2 June 2021"
    assert (
        VIENNA.date_range_in_words(datetime.date(2021, 5, 10), datetime.date(2021, 5, 12))
        == "from 10 to 12 May 2021"
    )
    assert VIENNA.printed_job_number("V.21-03928") == "V.21-03928 (E)"
    assert VIENNA.barcode_text("V.21-03928") == "*2103928*"
    assert VIENNA.document_url("CTOC/COP/WG.6/2021/4") == "https://undocs.org/CTOC/COP/WG.6/2021/4"
    assert VIENNA.recommendation_heading("27") == "Recommendation 27"


def test_geneva_prints_job_numbers_states_and_responses_as_a_hrc_43_15_does() -> None:
    assert GENEVA.printed_job_number("GE.19-21936") == "GE.19-21936(E)"
    assert GENEVA.barcode_text("GE.19-21936") == "*1921936*"
    assert GENEVA.job_number_problem("GE.19-21936") is None
    assert GENEVA.job_number_problem("V.21-03928") == (
        "job number 'V.21-03928' is not one of the geneva style's, which start with 'GE.'"
    )
    assert GENEVA.by_line(("Maldives", "Portugal")) == "(Maldives) (Portugal)"
    assert GENEVA.listed_ending(("France", "Lithuania"), last=False) == " (France) (Lithuania);"
    assert GENEVA.listed_ending(("Portugal",), last=True) == " (Portugal)."
    assert GENEVA.responses == ("supported", "to be examined", "noted")


MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec.")


@pytest.fixture
def third_style() -> Iterator[HouseStyle]:
    """A style no writer knows of: other words, dates, address and duty station."""
    style = register(
        HouseStyle(
            name="test-new-york",
            description="a style made up for this test",
            job_number_stations=("N",),
            job_number_language_mark=" [E]",
            job_number_example="N.22-01234",
            organization="United Nations Organization",
            distribution_label="Distribution: ",
            original_label="Language: ",
            recommendation_word="proposal",
            section_word="part",
            agenda_item_word="agenda item",
            months=MONTHS,
            documents_url="https://documents.example.org/{symbol}",
        )
    )
    yield style
    unregister(style.name)


def _in_style(tmp_path: Path, style: str, job_number: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    report = content / "report.yaml"
    text = report.read_text("utf-8").replace("meeting:", f"style: {style}\nmeeting:", 1)
    report.write_text(text.replace("V.22-01234", job_number), "utf-8")
    return content


def test_a_third_style_defined_in_a_test_changes_every_output_and_nothing_else(
    third_style: HouseStyle, tmp_path: Path
) -> None:
    report = report_from(_in_style(tmp_path, third_style.name, "N.22-01234"))
    assert report.style == "test-new-york"

    markdown = write_markdown(report)
    assert "| United Nations Organization CTOC/COP/WG.6/2022/4" in markdown
    assert "| Distribution: General\n| 1 Jun. 2022\n| Language: English" in markdown
    assert "#### Proposal 1 {#cooperate}" in markdown
    assert "[proposals ](#" not in markdown and "proposals [1](#cooperate)–[3](#mark-parts)" in markdown
    assert "agenda item [2](#marking-item)" not in markdown  # the |number form prints the number alone
    assert "https://documents.example.org/CTOC/COP/WG.6/2022/INF/1" in markdown

    numbers = json.loads(write_numbers_json(report))["ids"]
    assert numbers["mark-all"]["label"] == "proposal 2"
    assert numbers["marking-recs"]["label"] == "part I.B"
    assert numbers["marking-item"]["label"] == "agenda item 2"

    package = Package(write_docx(report))
    body = package.text("word/document.xml")
    masthead = "\n".join(package.text(name) for name in package.story_parts() if "header" in name)
    assert "United Nations Organization" in masthead and "Distribution: General" in masthead
    assert "1 Jun. 2022" in masthead
    assert "Proposal 1" in body and "Recommendation 1" not in body
    footers = "\n".join(package.text(name) for name in package.story_parts() if "footer" in name)
    assert "N.22-01234 [E]" in footers and "*22201234*" not in footers and "*2201234*" in footers
    links = [rel.get("Target") for rel in package.relationships("word/footnotes.xml").values()]
    assert "https://documents.example.org/CTOC/COP/WG.6/2022/INF/1" in links
    first_footer = next(name for name in package.story_parts() if "Please recycle" in package.text(name))
    qr_description = 'descr="QR code of https://documents.example.org/CTOC/COP/WG.6/2022/4"'
    assert qr_description in package.bytes(first_footer).decode("utf-8")


def test_the_date_of_the_third_style_is_its_own(third_style: HouseStyle) -> None:
    assert third_style.date(datetime.date(2022, 2, 1)) == "1 Feb. 2022"


def test_a_job_number_of_another_duty_station_is_an_error_at_its_line(
    third_style: HouseStyle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _in_style(tmp_path, third_style.name, "GE.22-01234")
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "--content", "content")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:2] == [
        "content/report.yaml:7:15: error[wrong-job-number]: job number 'GE.22-01234' is not one of the "
        "test-new-york style's, which start with 'N.'",
        "  hint: write the job number the document was given, e.g. N.22-01234, or name the house style "
        "of its duty station (style: in report.yaml)",
    ]


def test_the_bundled_example_names_no_style_and_is_vienna() -> None:
    report = report_from(MINI)
    assert report.style == "vienna"


def test_a_report_in_the_geneva_style_prints_its_job_number_and_barcode_line_as_geneva_does() -> None:
    package = Package(write_docx(report_from(GENEVA_REPORT)))
    footers = {name: package.text(name) for name in package.story_parts() if "footer" in name}
    first = next(text for text in footers.values() if "Please recycle" in text)
    assert first.splitlines()[0] == "GE.19-21936(E)\t070120\t080120"
    assert first.splitlines()[-1] == "*1921936*"
    # Later pages: the page number alone at the outer edge, no job number and no page count.
    running = [text for text in footers.values() if text is not first]
    assert sorted(running) == ["\t{PAGE}1", "{PAGE}1\t"]


def test_each_shipped_style_has_its_committed_template_built_from_its_geometry() -> None:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "templates" / "make_template.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert completed.returncode == 0, completed.stderr
    geneva = Package(template_bytes(GENEVA.template)).xml("word/styles.xml")
    body = geneva.find(".//w:style[@w:styleId='SingleTxt']/w:pPr/w:ind", NS)
    assert body is not None and body.get(w("left")) == str(twips(2.0))  # Vienna's is 2.2 cm


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ((2026, 5, 10), (2026, 5, 10), "on 10 May 2026"),
        ((2026, 5, 10), (2026, 5, 11), "on 10 and 11 May 2026"),
        ((2026, 5, 10), (2026, 5, 12), "from 10 to 12 May 2026"),
        ((2026, 5, 30), (2026, 6, 2), "from 30 May to 2 June 2026"),
        ((2026, 12, 30), (2027, 1, 2), "from 30 December 2026 to 2 January 2027"),
        ((2026, 5, 31), (2026, 6, 1), "on 31 May and 1 June 2026"),
    ],
)
def test_date_ranges_in_words_are_as_titles_write_them(
    start: tuple[int, int, int], end: tuple[int, int, int], words: str
) -> None:
    assert VIENNA.date_range_in_words(datetime.date(*start), datetime.date(*end)) == words


GENEVA_PARTICULARS = (
    "--body",
    "General Assembly",
    "--meeting",
    "Working Group on the UPR",
    "--symbol",
    "A/HRC/53/4",
    "--venue",
    "Geneva",
    "--dates",
    "2026-05-04..2026-05-15",
)


def test_a_new_meeting_folder_in_the_geneva_style_builds_with_its_placeholder_job_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "upr"
    made = run_cli("new", folder, *GENEVA_PARTICULARS, "--style", "Geneva")
    assert made.exit_code == 0, made.stderr
    report = (folder / "report.yaml").read_text("utf-8")
    assert "\nstyle: geneva\n" in report and '  job_number: "GE.00-00000"\n' in report
    monkeypatch.chdir(folder)
    built = run_cli("build", "--only", "docx")
    assert built.exit_code == 0, built.stderr


def test_a_new_meeting_folder_refuses_a_job_number_of_another_duty_station(tmp_path: Path) -> None:
    folder = tmp_path / "upr"
    made = run_cli("new", folder, *GENEVA_PARTICULARS, "--style", "geneva", "--job-number", "V.26-01234")
    assert made.exit_code == 2
    assert made.stderr.splitlines()[:2] == [
        f"{folder.as_posix()}:1:1: error[wrong-job-number]: job number 'V.26-01234' is not one of the geneva "
        "style's, which start with 'GE.'",
        "  hint: pass the job number the document was given with --job-number, or the house style of its "
        "duty station with --style",
    ]
    assert not folder.exists()


def test_a_new_meeting_folder_names_only_a_known_house_style(tmp_path: Path) -> None:
    made = run_cli("new", tmp_path / "upr", *GENEVA_PARTICULARS, "--style", "paris")
    assert made.exit_code == 2
    assert "argument --style: 'paris' is not a house style; the styles are vienna, geneva" in made.stderr


# ------------------------------------------------------------------ the pack, the redline, the compendium


def test_the_third_style_words_the_pack_the_redline_the_changes_page_and_the_compendium(
    third_style: HouseStyle, tmp_path: Path
) -> None:
    report = report_from(_in_style(tmp_path, third_style.name, "N.22-01234"))
    recorded, problems = parse_version(
        render_version(take_snapshot(report, "v1", datetime.datetime(2022, 6, 1))), "v1.yaml"
    )
    assert not problems and recorded is not None and recorded.style is third_style  # read back from the file

    pack_package = Package(write_pack_docx(recorded))
    pack = pack_package.bytes("word/document.xml").decode("utf-8")
    # (The pack's own sentences and the drafts' titles say "recommendations"; the headings are the style's.)
    assert "Proposal 1" in pack and "Recommendation 1" not in pack
    # The masthead stands in page 1's own header, as the report's does.
    masthead = "\n".join(pack_package.text(name) for name in pack_package.story_parts() if "header" in name)
    assert "United Nations Organization" in masthead and "1 Jun. 2022" in masthead
    assert "Language: English" in masthead
    assert "### Proposal 1 {" in write_pack_page(recorded)

    # The next version drops the first recommendation: the redline deletes "Proposal 1" as a change.
    later = take_snapshot(report, "v2", datetime.datetime(2022, 6, 3))
    later = dataclasses.replace(later, recommendations=later.recommendations[1:])
    comparison = compare(recorded, later)
    redline_package = Package(write_redline_docx(comparison))
    redline = redline_package.bytes("word/document.xml").decode("utf-8")
    assert ">Proposal 1</w:delText>" in redline and ">Recommendation " not in redline
    masthead = "\n".join(redline_package.text(n) for n in redline_package.story_parts() if "header" in n)
    assert "3 Jun. 2022" in masthead and "United Nations Organization" in masthead
    changes = write_changes_page(comparison)
    assert "### Proposal 1 of version v1" in changes and "1 Jun&#46; 2022" in changes
    assert "Recommendation 1" not in changes

    # A meeting that ends in June, so that its dates in the compendium show the style's month.
    content = tmp_path / "content"
    particulars = (content / "report.yaml").read_text("utf-8")
    (content / "report.yaml").write_text(particulars.replace("end_date: 2022-05-11", "end_date: 2022-06-02"))
    registry = tmp_path / "registry"
    registry.mkdir()
    record, entries = entries_from_report(report_from(content))
    (registry / "meeting.yaml").write_text(render_meeting_file(record, entries, None), "utf-8")
    loaded, problems = load_registry(registry)
    assert not problems and loaded.meetings[0].style == third_style.name
    compendium = compendium_page(loaded)
    assert (
        "**Proposal 1**" in compendium
        and "proposal 1**" in compendium
        and "Recommendation 1" not in compendium
    )
    assert "10 May–2 Jun&#46; 2022" in compendium


def test_a_upr_version_keeps_its_states_responses_and_style_and_its_pack_and_redline_print_them() -> None:
    report = report_from(ROOT / "examples" / "upr-slovenia-2019")
    snapshot = take_snapshot(report, "v1", datetime.datetime(2019, 12, 19))
    text = render_version(snapshot)
    recorded, problems = parse_version(text, "v1.yaml")
    assert not problems and recorded == snapshot
    assert recorded.style is GENEVA and "  style: geneva\n" in text
    first = recorded.recommendations[0]
    assert (first.number, first.by, first.response) == ("121.1", ("France", "Lithuania"), "supported")

    package = Package(write_pack_docx(recorded))
    margins = package.xml("word/document.xml").find(".//w:sectPr/w:pgMar", NS)
    assert margins.get(w("bottom")) == str(twips(2.0))  # laid out on Geneva's template, not Vienna's
    pack = package.text("word/document.xml").splitlines()
    assert "(France) (Lithuania) \u2014 supported" in pack
    assert "(Lebanon) \u2014 to be examined" in pack
    assert "&#40;France&#41; &#40;Lithuania&#41; \u2014 supported" in write_pack_page(recorded)
    redline = Package(write_redline_docx(compare(recorded, snapshot))).text("word/document.xml")
    assert "(France) (Lithuania) \u2014 supported" in redline.splitlines()


def test_a_version_naming_an_unknown_house_style_is_refused_at_its_line() -> None:
    report = report_from(ROOT / "examples" / "upr-slovenia-2019")
    text = render_version(take_snapshot(report, "v1", datetime.datetime(2019, 12, 19)))
    recorded, problems = parse_version(text.replace("style: geneva", "style: atlantis"), "v1.yaml")
    assert recorded is None and "no house style 'atlantis'" in problems[0].message
    assert problems[0].loc.line == text.splitlines().index("  style: geneva") + 1


def test_geneva_prints_the_title_s_note_mark_on_the_line_and_vienna_raises_it() -> None:
    """A/HRC/43/15 prints "Review*" with the "*" on the line, not raised as note numbers are: the mark's
    runs (after the title and opening the note) say so over the reference style's superscript. Word
    honours it; LibreOffice still draws a footnote anchor raised."""
    package = Package(write_docx(report_from(GENEVA_REPORT)))
    for part in ("word/document.xml", "word/footnotes.xml"):
        marks = [
            run
            for run in package.xml(part).iter(w("r"))
            if run.find("w:rPr/w:rStyle[@w:val='FootnoteReference']", NS) is not None
            and "".join(t.text or "" for t in run.iter(w("t"))) == "*"
        ]
        assert marks, part
        assert all(run.find("w:rPr/w:vertAlign", NS).get(w("val")) == "baseline" for run in marks), part
    assert GENEVA.note_marks_full_size and not VIENNA.note_marks_full_size


def test_the_duplication_check_names_recommendations_in_the_style_s_word(
    third_style: HouseStyle, tmp_path: Path
) -> None:
    report = report_from(_in_style(tmp_path, third_style.name, "N.22-01234"))
    labels = [candidate.label for candidate in draft_candidates(report)]
    assert labels[0] == "proposal 1 (cooperate)" and not any("recommendation" in label for label in labels)


def test_a_registry_file_naming_an_unknown_house_style_is_reported_at_its_line(tmp_path: Path) -> None:
    record, entries = entries_from_report(report_from(ROOT / "examples" / "upr-slovenia-2019"))
    text = render_meeting_file(record, entries, None)
    assert "  style: geneva\n" in text  # a Geneva meeting says so; a Vienna one's file is as before
    registry = tmp_path / "registry"
    registry.mkdir()
    (registry / "meeting.yaml").write_text(text.replace("style: geneva", "style: atlantis"), "utf-8")
    _, problems = load_registry(registry)
    [problem] = [p for p in problems if "atlantis" in p.message]
    assert problem.loc.line == text.splitlines().index("  style: geneva") + 1
