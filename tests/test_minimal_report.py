"""Agenda and themes are optional: a report of one file and one chapter, with a recommendation that
names no theme, builds every output."""

from __future__ import annotations

from pathlib import Path

import pypandoc

from tests.conftest import run_cli

REPORT = """\
meeting:
  issuing_body: Conference of the Parties
  symbol: CTOC/COP/WG.6/2026/1
  job_number: V.26-00001
  date: 2026-03-04
  title: Report on the meeting held in Vienna on 2 and 3 March 2026
  venue: Vienna
  start_date: 2026-03-02
  end_date: 2026-03-03
chapters:
  - recommendations.yaml
"""
CHAPTER = """\
chapter: recommendations
title: Recommendations
content:
  - recommendation: cooperate
    status: adopted
    text: States should cooperate with one another.
  - paragraph: adopted
    text: The meeting adopted [[cooperate]].
"""


def test_a_report_without_agenda_themes_or_themes_on_recommendations_builds(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "report.yaml").write_text(REPORT, "utf-8")
    (content / "recommendations.yaml").write_text(CHAPTER, "utf-8")
    out = tmp_path / "out"

    result = run_cli("build", "--content", content, "--out", out)

    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr
    text = " ".join(pypandoc.convert_file(str(out / "report.docx"), "plain", format="docx").split())
    assert "Recommendation 1 States should cooperate with one another." in text
    assert "The meeting adopted recommendation 1." in text
    assert (out / "site" / "recommendations.html").is_file()
    assert run_cli("check", "--content", content).exit_code == 0
