"""The duplication check's findings as the sentences a version records under each recommendation.

`circulate` runs the check and records these with the version, so that the internal pack can be printed
again from the version file alone (the writers read the sentences, never the check).
"""

from __future__ import annotations

from reportkit.checks.duplicates import Findings


def duplication_flags(findings: Findings) -> dict[str, tuple[str, ...]]:
    """The duplication check's findings (`reportkit.checks.duplicates`) as one sentence per flag under
    each recommendation concerned: both recommendations of a pair within the draft are flagged, a draft
    recommendation that repeats an earlier meeting's is flagged with that meeting's symbol."""
    flags: dict[str, list[str]] = {}
    for finding in findings.findings:
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
    return {key: tuple(sentences) for key, sentences in flags.items()}
