"""`check --view recommendations`, the JSON `by_recommendation` list and the site page's "By
recommendation" section: each draft recommendation with the earlier ones it restates, most recent first."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import yaml

from reportkit.checks.duplicates import (
    MOST_SHOWN,
    Candidate,
    compare_candidates,
    draft_candidates,
    shown_in_full,
)
from reportkit.pipeline import prepare
from reportkit.registry.check import run_duplicate_check
from reportkit.writers.site.findings import MOST_LISTED, findings_page
from tests.conftest import ROOT, run_cli

EXAMPLE_2022 = ROOT / "examples" / "wg-firearms-2022"


def _meeting(folder: Path, name: str, symbol: str, start: str, entries: list[dict[str, object]]) -> None:
    document = {
        "meeting": {
            "symbol": symbol,
            "name": "Working Group on Firearms",
            "venue": "Vienna",
            "start_date": start,
        },
        "recommendations": entries,
    }
    (folder / name).write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")


def small_registry(tmp_path: Path) -> Path:
    """Two earlier meetings of different years; the later one (read second, so found second and
    listed first only if the view sorts by date) records responses.
    Their entries copy the texts of draft recommendations 2 and 4, so the scores are 1.00 however the
    scoring is tuned, and one entry (with a response and markup) restates nothing."""
    report = prepare(EXAMPLE_2022).report
    assert report is not None
    drafts = {candidate.number: candidate.text for candidate in draft_candidates(report)}
    registry = tmp_path / "registry"
    registry.mkdir()
    _meeting(
        registry,
        "b-2021.yaml",
        "XX/WG/2021/5",
        "2021-10-04",
        [
            {"id": "packaging", "number": "3", "text": drafts["2"], "response": "Supported <b>in part</b>"},
            {
                "id": "travel",
                "number": "4",
                "text": "The secretariat is invited to publish the list of participants before each session.",
                "response": "Noted",
            },
        ],
    )
    _meeting(
        registry,
        "a-2019.yaml",
        "XX/WG/2019/3",
        "2019-05-10",
        [
            {"id": "packaging-2019", "number": "7", "text": drafts["2"]},
            {"id": "contact-points", "number": "9", "text": drafts["4"]},
        ],
    )
    return registry


def _check(tmp_path: Path, *extra: str, registry: Path | None = None) -> str:
    registry = registry or small_registry(tmp_path)
    result = run_cli(
        "check",
        "--content",
        EXAMPLE_2022,
        "--registry",
        registry,
        "--method",
        "lexical",
        "--cache",
        tmp_path / "cache",
        "--fail-on",
        "never",
        *extra,
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout


VIEW = (
    "Recommendation 2 (mark-ammunition-packaging): States should require that the smallest packaging of "
    "ammunition bear the lot …\n"
    "  duplicate  XX/WG/2021/5 (2021) recommendation 3, response: Supported <b>in part</b>, score 1.00\n"
    "  duplicate  XX/WG/2019/3 (2019) recommendation 7, score 1.00\n"
    "\n"
    "Recommendation 4 (tracing-contact-points): States should designate a national contact point for "
    "tracing requests and answer …\n"
    "  duplicate  XX/WG/2019/3 (2019) recommendation 9, score 1.00\n"
    "\n"
    "18 draft recommendations compared with each other and with 4 registry entries (lexical): "
    "4 duplicate(s), 0 possible overlap(s).\n"
)


def test_view_recommendations_lists_earlier_ones_most_recent_first(tmp_path: Path) -> None:
    registry = small_registry(tmp_path)
    assert _check(tmp_path, "--view", "recommendations", registry=registry) == VIEW
    # Again from the cached registry: the cache keeps the responses.
    assert _check(tmp_path, "--view", "recommendations", registry=registry) == VIEW


def test_json_by_recommendation(tmp_path: Path) -> None:
    document = json.loads(_check(tmp_path, "--format", "json"))
    opening_2 = "States should require that the smallest packaging of ammunition bear the lot …"
    opening_4 = "States should designate a national contact point for tracing requests and answer …"
    assert document["by_recommendation"] == [
        {
            "id": "mark-ammunition-packaging",
            "number": "2",
            "opening": opening_2,
            "earlier": [
                {
                    "level": "duplicate",
                    "symbol": "XX/WG/2021/5",
                    "date": "2021-10-04",
                    "year": 2021,
                    "number": "3",
                    "id": "packaging",
                    "response": "Supported <b>in part</b>",
                    "score": 1.0,
                },
                {
                    "level": "duplicate",
                    "symbol": "XX/WG/2019/3",
                    "date": "2019-05-10",
                    "year": 2019,
                    "number": "7",
                    "id": "packaging-2019",
                    "response": None,
                    "score": 1.0,
                },
            ],
        },
        {
            "id": "tracing-contact-points",
            "number": "4",
            "opening": opening_4,
            "earlier": [
                {
                    "level": "duplicate",
                    "symbol": "XX/WG/2019/3",
                    "date": "2019-05-10",
                    "year": 2019,
                    "number": "9",
                    "id": "contact-points",
                    "response": None,
                    "score": 1.0,
                }
            ],
        },
    ]


def test_the_default_view_is_still_the_pairs(tmp_path: Path) -> None:
    registry = small_registry(tmp_path)
    default = _check(tmp_path, registry=registry)
    assert default == _check(tmp_path, "--view", "pairs", registry=registry)
    assert "DUPLICATE" in default and "response:" not in default


def test_site_page_has_the_by_recommendation_section_escaped(tmp_path: Path) -> None:
    report = prepare(EXAMPLE_2022).report
    assert report is not None
    outcome = run_duplicate_check(report, small_registry(tmp_path), tmp_path / "cache", "lexical")
    assert outcome.findings is not None
    page = findings_page(outcome.findings)
    section = page[page.index("## By recommendation") : page.index("## Nearest recommendations")]
    # The registry's markup arrives as text (&lt;b&gt;), never as HTML.
    assert section == (
        "## By recommendation\n\n"
        "### Recommendation 2 (mark&#45;ammunition&#45;packaging)\n\n"
        "*States should require that the smallest packaging of ammunition bear the lot …*\n\n"
        "- Duplicate: XX/WG/2021/5 (2021), recommendation 3, response: Supported &lt;b&gt;in part&lt;/b&gt;, "
        "score 1.00\n"
        "- Duplicate: XX/WG/2019/3 (2019), recommendation 7, score 1.00\n\n"
        "### Recommendation 4 (tracing&#45;contact&#45;points)\n\n"
        "*States should designate a national contact point for tracing requests and answer …*\n\n"
        "- Duplicate: XX/WG/2019/3 (2019), recommendation 9, score 1.00\n\n"
    )


def crowded_registry(tmp_path: Path, copies: int) -> Path:
    """One earlier meeting that recorded draft recommendation 2's text `copies` times (as a UPR records
    one recommendation made by many States), each copy a duplicate of it."""
    report = prepare(EXAMPLE_2022).report
    assert report is not None
    text = next(c.text for c in draft_candidates(report) if c.number == "2")
    registry = tmp_path / "registry"
    registry.mkdir()
    entries = [{"id": f"copy-{n}", "number": str(n), "text": text} for n in range(1, copies + 1)]
    _meeting(registry, "a-2019.yaml", "XX/WG/2019/3", "2019-05-10", entries)
    return registry


def test_the_pairs_view_shows_each_recommendations_strongest_and_says_how_many_more(tmp_path: Path) -> None:
    registry = crowded_registry(tmp_path, MOST_LISTED + 2)
    shown = _check(tmp_path, registry=registry)
    document = json.loads(_check(tmp_path, "--format", "json", registry=registry))
    symbols = [pair["b"].get("symbol") for pair in document["duplicates"]]
    assert symbols.count("XX/WG/2019/3") == MOST_LISTED + 2
    within = len(symbols) - symbols.count("XX/WG/2019/3")
    assert within < MOST_SHOWN  # so every pair within the draft is shown, and three of the twelve
    assert shown.count("DUPLICATE  score") + shown.count("POSSIBLE OVERLAP  score") == MOST_SHOWN + within
    assert f"{MOST_LISTED + 2 - MOST_SHOWN} further finding(s) not shown" in shown
    listed = _check(tmp_path, "--view", "recommendations", registry=registry)
    assert listed.count("XX/WG/2019/3 (2019) recommendation") == MOST_LISTED + 2


def test_the_site_page_shows_each_recommendations_strongest_and_lists_the_most_recent(tmp_path: Path) -> None:
    report = prepare(EXAMPLE_2022).report
    assert report is not None
    registry = crowded_registry(tmp_path, MOST_LISTED + 2)
    outcome = run_duplicate_check(report, registry, tmp_path / "cache", "lexical")
    assert outcome.findings is not None
    with_registry = [f for f in outcome.findings.findings if f.second.in_registry]
    assert len(with_registry) == MOST_LISTED + 2
    page = findings_page(outcome.findings)
    assert page.count("<th>Recommendation 2 (") == MOST_SHOWN
    assert f"{MOST_LISTED + 2 - MOST_SHOWN} further finding(s) are not shown" in page
    section = page[page.index("## By recommendation") : page.index("## Nearest recommendations")]
    assert section.count("- Duplicate: XX/WG/2019/3 (2019)") == MOST_LISTED
    assert "- … and 2 earlier ones" in section


def test_pairs_within_the_draft_are_shown_to_the_same_limit() -> None:
    text = "States should mark every firearm at the time of manufacture with a unique marking."
    drafts = [Candidate(f"r{n}", f"r{n}", str(n), text) for n in range(1, MOST_SHOWN + 3)]
    findings = compare_candidates(drafts)
    shown, left_out = shown_in_full(findings)
    per_first = Counter(finding.first.key for finding in shown)
    assert max(per_first.values()) == MOST_SHOWN
    assert left_out == len(findings.findings) - len(shown) > 0
    assert list(shown) == [finding for finding in findings.findings if finding in shown]  # order kept
