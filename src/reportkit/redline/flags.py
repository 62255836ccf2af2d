"""The duplication check's findings as the sentences a version records under each recommendation.

`circulate` runs the check and records these with the version, so that the internal pack can be printed
again from the version file alone (the writers read the sentences, never the check).
"""

from __future__ import annotations

from collections import Counter

from reportkit.checks.duplicates import Findings, shown_in_full


def duplication_flags(findings: Findings) -> dict[str, tuple[str, ...]]:
    """The duplication check's findings (`reportkit.checks.duplicates`) as one sentence per flag under
    each recommendation concerned: both recommendations of a pair within the draft are flagged, a draft
    recommendation that repeats an earlier meeting's is flagged with that meeting's symbol. As on the
    terminal, only each recommendation's strongest findings are written out (`shown_in_full`); the
    others are counted in one sentence, so that a large registry does not bury a pack in flags."""
    flags: dict[str, list[str]] = {}
    shown, _ = shown_in_full(findings)
    written = {id(finding) for finding in shown}
    left_out: Counter[str] = Counter()
    for finding in findings.findings:
        if id(finding) not in written:
            left_out[finding.first.id] += 1
            continue
        verb = "Duplicates" if finding.level == "duplicate" else "May overlap with"
        pairs = [(finding.first, finding.second)]
        if not finding.second.in_registry:
            pairs.append((finding.second, finding.first))
        for flagged, other in pairs:
            meeting = f" ({other.meeting})" if other.in_registry and other.meeting else ""
            sentence = (
                f"Duplication check: {verb} {other.label}{meeting} "
                f"(score {finding.score:.2f}, {finding.basis}). {finding.advice}"
            )
            flags.setdefault(flagged.id, []).append(sentence)
    for flagged_id, count in left_out.items():
        flags.setdefault(flagged_id, []).append(
            f"Duplication check: {count} further finding(s), weaker than these (reportkit check lists them)."
        )
    return {key: tuple(sentences) for key, sentences in flags.items()}
