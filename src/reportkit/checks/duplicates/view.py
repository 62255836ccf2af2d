"""The findings as people read them elsewhere: per draft recommendation, and as JSON."""

from __future__ import annotations

from pathlib import Path

from reportkit.checks.duplicates.candidates import Candidate
from reportkit.checks.duplicates.findings import LEVELS, Finding, Findings
from reportkit.diagnostics import UNKNOWN_LOC

OPENING_WORDS = 12  # enough words to recognise a recommendation in a list, short enough for one line
# Findings shown with both texts per draft recommendation (the terminal, the site), with other draft
# recommendations and with the registry each: against a registry of every mechanism a recommendation
# many States made restates dozens of earlier ones, and 16,000 findings shown whole took half a minute
# to print and hours to build as a page.
MOST_SHOWN = 3


def opening_words(text: str, words: int = OPENING_WORDS) -> str:
    """The first `words` words of a text, with an ellipsis when there were more."""
    split = text.split()
    return " ".join(split[:words]) + (" …" if len(split) > words else "")


def _most_recent_first(finding: Finding) -> tuple[int, float, str]:
    # Undated meetings go last (ordinal 0 sorts after every real date when negated); ties, strongest first.
    date = finding.second.date
    return (-(date.toordinal() if date else 0), -finding.score, finding.second.key)


def by_recommendation(findings: Findings) -> tuple[tuple[Candidate, tuple[Finding, ...]], ...]:
    """Each draft recommendation with registry findings, in draft order, with the earlier
    recommendations it restates or overlaps, most recent meeting first.

    Built from the reported findings alone (no new scoring), so the view and the pairs always agree;
    pairs within the draft are left out, since they are not earlier recommendations.
    """
    grouped: dict[str, list[Finding]] = {}
    for finding in findings.findings:
        if finding.second.in_registry:
            grouped.setdefault(finding.first.key, []).append(finding)
    # The neighbours list holds every draft recommendation in draft order.
    return tuple(
        (candidate, tuple(sorted(grouped[candidate.key], key=_most_recent_first)))
        for candidate, _ in findings.neighbours
        if candidate.key in grouped
    )


def shown_in_full(findings: Findings, most: int = MOST_SHOWN) -> tuple[tuple[Finding, ...], int]:
    """The findings shown with both texts, in the reported order (strongest first), and how many were
    left out: each draft recommendation's `most` strongest with the other draft recommendations and
    its `most` strongest with the registry. The JSON document and the per-recommendation view keep
    them all."""
    shown: list[Finding] = []
    seen: dict[tuple[str, bool], int] = {}
    for finding in findings.findings:
        group = (finding.first.key, finding.second.in_registry)
        seen[group] = seen.get(group, 0) + 1
        if seen[group] <= most:
            shown.append(finding)
    return tuple(shown), len(findings.findings) - len(shown)


def _earlier_json(finding: Finding) -> dict[str, object]:
    earlier = finding.second
    return {
        "level": finding.level,
        "symbol": earlier.symbol,
        "date": earlier.date.isoformat() if earlier.date else None,
        "year": earlier.date.year if earlier.date else None,
        "number": earlier.number,
        "id": earlier.id,
        "response": earlier.response,
        "score": finding.score,
    }


def by_recommendation_json(findings: Findings) -> list[dict[str, object]]:
    return [
        {
            "id": candidate.id,
            "number": candidate.number,
            "opening": opening_words(candidate.text),
            "earlier": [_earlier_json(finding) for finding in earlier],
        }
        for candidate, earlier in by_recommendation(findings)
    ]


# --------------------------------------------------------------------------- JSON


def _candidate_json(candidate: Candidate) -> dict[str, object]:
    data: dict[str, object] = {"key": candidate.key, "id": candidate.id, "number": candidate.number}
    if candidate.in_registry:
        data["symbol"] = candidate.symbol
        data["meeting"] = candidate.meeting
    data["themes"] = list(candidate.themes)
    data["text"] = candidate.text
    if candidate.items:
        data["items"] = list(candidate.items)
    if candidate.loc != UNKNOWN_LOC:
        data["loc"] = str(candidate.loc)
    return data


def _finding_json(finding: Finding) -> dict[str, object]:
    data: dict[str, object] = {
        "a": _candidate_json(finding.first),
        "b": _candidate_json(finding.second),
        "score": finding.score,
        "level": finding.level,
        "basis": finding.basis,
        "action": finding.action,
        "advice": finding.advice,
    }
    if finding.reviewed:
        data["reviewed"] = finding.reviewed
    return data


def findings_json(
    findings: Findings, content: Path | None = None, registry: Path | None = None
) -> dict[str, object]:
    """The `--format json` document: `duplicates` (pairs with a, b, score, level), `neighbours`, and more."""
    return {
        "content": content.as_posix() if content else None,
        "registry": registry.as_posix() if registry else None,
        "method": findings.method,
        "thresholds": {
            "duplicate": findings.thresholds.duplicate,
            "overlap": findings.thresholds.overlap,
            "part": findings.thresholds.part,
        },
        "compared": findings.compared,
        "registry_size": findings.registry_size,
        "counts": {level: findings.count(level) for level in LEVELS},
        "duplicates": [_finding_json(finding) for finding in findings.findings],
        "reviewed": [_finding_json(finding) for finding in findings.reviewed],
        "by_recommendation": by_recommendation_json(findings),
        "neighbours": [
            {
                "id": candidate.id,
                "number": candidate.number,
                "nearest": [{**_candidate_json(n.candidate), "score": n.score} for n in nearest],
            }
            for candidate, nearest in findings.neighbours
        ],
        "diagnostics": [diagnostic.render() for diagnostic in findings.diagnostics],
    }
