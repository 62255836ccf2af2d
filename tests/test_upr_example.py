"""The UPR example (examples/upr-slovenia-2019): the issued A/HRC/43/15 as drafts in the Geneva style,
made by scripts/make_upr_example.py, built and compared with the ground truth of tests/data/upr/."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from reportkit.writers.docx import write_docx
from reportkit.writers.numbers_json import write_numbers_json
from tests.conftest import ROOT, run_cli
from tests.docx_support import Package, report_from

EXAMPLE = ROOT / "examples" / "upr-slovenia-2019"
TRUTH = ROOT / "tests" / "data" / "upr" / "A-HRC-43-15.yaml"
PDF = ROOT.parent / "shared" / "real-reports" / "A-HRC-43-15.pdf"


@pytest.fixture(scope="module")
def truth() -> dict[str, Any]:
    return YAML(typ="safe").load(TRUTH.read_text("utf-8"))


@pytest.mark.skipif(not PDF.is_file(), reason="needs the issued A/HRC/43/15 in ../shared/real-reports")
def test_the_committed_example_is_what_the_script_makes() -> None:
    completed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_upr_example.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert completed.returncode == 0, completed.stderr


def test_every_recommendation_has_its_issued_number_states_and_response(truth: dict[str, Any]) -> None:
    numbers = json.loads(write_numbers_json(report_from(EXAMPLE)))["ids"]
    assert numbers["para-121"]["number"] == "121" and numbers["para-123"]["number"] == "123"
    ours = {
        entry["number"]: (entry["by"], entry["response"])
        for entry in numbers.values()
        if entry["kind"] == "recommendation"
    }
    assert ours == {r["number"]: (r["states"], r["response"]) for r in truth["recommendations"]}


def test_the_docx_prints_each_recommendation_as_the_issued_page_does(truth: dict[str, Any]) -> None:
    """Number, text, States and closing punctuation, item by item; a cluster ("Text A (Ukraine); text B
    (Slovakia)") prints its States once, at the end, so it is compared without them."""
    lines = Package(write_docx(report_from(EXAMPLE))).text("word/document.xml").splitlines()
    items = [line.split("\t", 1) for line in lines if re.match(r"12[12]\.\d+\t", line)]
    printed = {label: text for label, text in items}
    assert len(printed) == len(truth["recommendations"]) == 215
    for recommendation in truth["recommendations"]:
        ours = printed[recommendation["number"]]
        if "cluster" in recommendation:
            assert ours.startswith(recommendation["text"]), recommendation["number"]
        else:
            assert ours == recommendation["printed"], recommendation["number"]


def test_the_example_builds_every_output(tmp_path: Path) -> None:
    result = run_cli("build", "--content", EXAMPLE, "--out", tmp_path / "build")
    assert result.exit_code == 0, result.stderr
    site_page = (tmp_path / "build" / "site" / "chapters" / "conclusions.html").read_text("utf-8")
    assert "121&#46;14</a> Continue efforts to combat domestic violence" in site_page
    assert "for the victims &#40;Lebanon&#41;;" in site_page  # the site writes brackets as entities
