"""The UPR ground truth (tests/data/upr/) is what its maker script makes of the issued PDFs today."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

PDFS = ROOT.parent / "shared" / "real-reports"
TRUTH = ROOT / "tests" / "data" / "upr"


@pytest.mark.skipif(not PDFS.is_dir(), reason="needs the issued PDFs in ../shared/real-reports")
def test_the_truth_files_are_regenerated_identically(tmp_path: Path) -> None:
    script = ROOT / "scripts" / "make_upr_truth.py"
    subprocess.run([sys.executable, script, "--out", tmp_path], check=True, capture_output=True, timeout=120)
    for made in sorted(tmp_path.glob("*.yaml")):
        assert made.read_bytes() == (TRUTH / made.name).read_bytes(), made.name
    assert len(list(tmp_path.glob("*.yaml"))) == 3


def test_the_truth_files_hold_every_recommendation_as_numbered_in_the_report() -> None:
    expected = {
        "A-HRC-14-15": (97, ["111"]),
        "A-HRC-28-15": (163, ["115"]),
        "A-HRC-43-15": (215, ["121", "122"]),
    }
    for name, (count, paragraphs) in expected.items():
        data = yaml.safe_load((TRUTH / f"{name}.yaml").read_text("utf-8"))
        recommendations = data["recommendations"]
        assert len(recommendations) == count
        assert [str(group["paragraph"]) for group in data["groups"]] == paragraphs
        assert sum(group["count"] for group in data["groups"]) == count
        assert all(r["text"] and r["states"] for r in recommendations), name
