"""A report already recorded in the registry is not its own duplicate."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXAMPLE, ROOT, run_cli


def test_checking_the_recorded_2021_report_against_the_registry_finds_no_self_duplicates(
    tmp_path: Path,
) -> None:
    result = run_cli(
        "check",
        "--content",
        EXAMPLE,
        "--registry",
        ROOT / "registry",
        "--format",
        "json",
        "--cache",
        tmp_path / "cache",
    )
    findings = json.loads(result.stdout)
    own_symbol = "CTOC/COP/WG.6/2021/4"
    assert result.exit_code == 0
    assert all(pair["b"].get("symbol") != own_symbol for pair in findings["duplicates"])
    for entry in findings["neighbours"]:
        assert len(entry["nearest"]) == 3
        assert all(n.get("symbol") != own_symbol for n in entry["nearest"])
