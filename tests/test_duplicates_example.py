"""The second example (examples/wg-firearms-2022) against the committed registry of the 2021 report:
exactly which pairs are found, at which level, with which suggested action."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportkit.checks.duplicates import Findings, check_duplicates
from reportkit.pipeline import prepare
from reportkit.registry.index import open_registry, registry_candidate
from tests.conftest import ROOT, run_cli

EXAMPLE_2022 = ROOT / "examples" / "wg-firearms-2022"
REGISTRY = ROOT / "registry"
Y2021 = "CTOC/COP/WG.6/2021/4#"


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> Findings:
    registry, index, problems = open_registry(REGISTRY, tmp_path_factory.mktemp("cache"))
    assert problems == []
    report = prepare(EXAMPLE_2022).report
    assert report is not None
    return check_duplicates(report, [registry_candidate(e) for e in registry.entries], index)


def test_the_2022_draft_finds_exactly_the_expected_pairs_at_their_levels(findings: Findings) -> None:
    found = {(f.first.key, f.second.key): (f.level, f.action) for f in findings.findings}
    assert found == {
        # Restatements of 2021 recommendations: delete (or cite and declare).
        ("dispose-of-confiscated-firearms", Y2021 + "disposal-of-seized-firearms"): ("duplicate", "delete"),
        ("data-on-humanitarian-consequences", Y2021 + "data-on-consequences-of-trafficking"): (
            "duplicate",
            "delete",
        ),
        ("populate-and-use-iarms", Y2021 + "use-iarms"): ("duplicate", "delete"),
        # Two recommendations of the draft saying the same.
        ("criminalize-3d-printing", "printed-firearms-offence"): ("duplicate", "delete"),
        # A clause repeated from 2021: cite it.
        ("use-confiscated-proceeds", Y2021 + "target-leaders-and-proceeds"): ("overlap", "cite"),
        ("gender-analysis-guide", Y2021 + "gender-perspectives"): ("overlap", "cite"),
        ("training-on-cryptocurrency-payments", Y2021 + "unodc-financial-investigation-training"): (
            "overlap",
            "cite",
        ),
        ("regulate-and-register-brokers", Y2021 + "regulate-brokering"): ("overlap", "cite"),
        ("deactivation-and-converted-weapons", Y2021 + "marking-and-deactivation-guidelines"): (
            "overlap",
            "cite",
        ),
        # Restatements in other words, which lexical scoring ranks as overlaps, not duplicates.
        ("mark-every-firearm", Y2021 + "marking-all-firearms"): ("overlap", "cite"),
        ("check-transfer-licences", Y2021 + "verify-transfer-documents"): ("overlap", "cite"),
    }
    assert findings.method == "lexical"


def test_the_new_recommendations_are_not_reported(findings: Findings) -> None:
    reported = {f.first.key for f in findings.findings} | {f.second.key for f in findings.findings}
    for new in (
        "mark-ammunition-packaging",
        "tracing-contact-points",
        "postal-and-courier-shipments",
        "social-media-study",
        "report-on-workplan",
        "victim-assistance",
    ):
        assert new not in reported


def test_a_repeated_sentence_is_found_by_its_part_and_named(findings: Findings) -> None:
    finding = next(f for f in findings.findings if f.first.key == "use-confiscated-proceeds")
    assert finding.basis == "whole text ~ sentence 2 of recommendation 17 of CTOC/COP/WG.6/2021/4"
    assert finding.score == pytest.approx(0.49, abs=0.01)


def test_the_reviewed_pair_written_with_a_number_is_not_reported(findings: Findings) -> None:
    # report.yaml records regulate-and-register-brokers ~ CTOC/COP/WG.6/2021/4#47 (sub-item (d)).
    assert [(f.first.key, f.second.key, f.level) for f in findings.reviewed] == [
        ("regulate-and-register-brokers", Y2021 + "future-topics", "overlap")
    ]
    assert findings.reviewed[0].reviewed.startswith("Recommendation 47 (d) of 2021 only listed brokering")
    assert not any(f.second.key == Y2021 + "future-topics" for f in findings.findings)


def test_every_recommendation_has_its_three_nearest_neighbours(findings: Findings) -> None:
    assert len(findings.neighbours) == 18
    for candidate, nearest in findings.neighbours:
        assert len(nearest) == 3
        assert [n.score for n in nearest] == sorted((n.score for n in nearest), reverse=True)
        assert candidate.key not in {n.candidate.key for n in nearest}
    by_key = dict(findings.neighbours)
    iarms = next(c for c in by_key if c.key == "populate-and-use-iarms")
    assert by_key[iarms][0].candidate.key == Y2021 + "use-iarms"


def test_cli_json_lists_pairs_with_ids_numbers_symbols_scores_and_levels(tmp_path: Path) -> None:
    result = run_cli(
        "check",
        "--content",
        EXAMPLE_2022,
        "--registry",
        REGISTRY,
        "--format",
        "json",
        "--method",
        "lexical",
        "--cache",
        tmp_path,
    )
    assert result.exit_code == 1  # duplicates found, default --fail-on duplicate
    document = json.loads(result.stdout)
    assert document["counts"] == {"duplicate": 4, "overlap": 7}
    first = document["duplicates"][0]
    assert set(first) >= {"a", "b", "score", "level", "action"}
    assert first["a"]["id"] == "dispose-of-confiscated-firearms" and first["a"]["number"] == "6"
    assert first["b"] == first["b"] | {
        "id": "disposal-of-seized-firearms",
        "number": "41",
        "symbol": "CTOC/COP/WG.6/2021/4",
        "meeting": "Working Group on Firearms, Vienna, 10–12 May 2021",
    }
    assert first["level"] == "duplicate" and 0 <= first["score"] <= 1
    assert all(pair["level"] in ("duplicate", "overlap") for pair in document["duplicates"])
    assert (
        "symbol"
        not in next(p for p in document["duplicates"] if p["b"]["id"] == "printed-firearms-offence")["b"]
    )
    assert len(document["neighbours"]) == 18
    assert {"id", "number", "nearest"} <= set(document["neighbours"][0])
    assert document["reviewed"][0]["b"]["id"] == "future-topics"


def test_cli_text_report_shows_both_texts_the_action_and_the_summary(tmp_path: Path) -> None:
    result = run_cli(
        "check",
        "--content",
        EXAMPLE_2022,
        "--registry",
        REGISTRY,
        "--method",
        "lexical",
        "--cache",
        tmp_path,
        "--neighbours",
    )
    assert result.exit_code == 1
    out = result.stdout
    assert "DUPLICATE  score 0.78" in out
    assert "Recommendation 41 of" in out and "disposal-of-seized-firearms" in out
    assert "suggested action: delete" in out and "suggested action: cite" in out
    assert "Nearest recommendations" in out
    assert (
        "18 draft recommendations compared with each other and with 47 registry entries (lexical): "
        "4 duplicate(s), 7 possible overlap(s), 1 reviewed pair(s) not reported." in " ".join(out.split())
    )
