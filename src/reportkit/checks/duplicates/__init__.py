"""The duplication check: every draft recommendation against every other and against the registry.

- `candidates`: the recommendations compared (drafts and registry entries) and the reviewed pairs;
- `scoring`: the scores, their thresholds and the levels they give;
- `advice`: what to do about a pair, by kind of report;
- `findings`: the outcome; `view`: it per recommendation and as JSON.
"""

from reportkit.checks.duplicates.advice import ADVICE, Action, Level, ReportKind
from reportkit.checks.duplicates.candidates import (
    Candidate,
    draft_candidate,
    draft_candidates,
    reviewed_index,
)
from reportkit.checks.duplicates.findings import (
    LEVELS,
    FailOn,
    Finding,
    Findings,
    Neighbour,
    Thresholds,
    fails,
)
from reportkit.checks.duplicates.scoring import (
    LEXICAL_THRESHOLDS,
    SEMANTIC_THRESHOLDS,
    check_duplicates,
    compare_candidates,
    cross_scores,
    level_of,
    pair_scores,
    unit_texts,
)
from reportkit.checks.duplicates.view import (
    MOST_SHOWN,
    by_recommendation,
    by_recommendation_json,
    findings_json,
    opening_words,
    shown_in_full,
)

__all__ = [
    "ADVICE",
    "LEVELS",
    "LEXICAL_THRESHOLDS",
    "MOST_SHOWN",
    "SEMANTIC_THRESHOLDS",
    "Action",
    "Candidate",
    "FailOn",
    "Finding",
    "Findings",
    "Level",
    "Neighbour",
    "ReportKind",
    "Thresholds",
    "by_recommendation",
    "by_recommendation_json",
    "check_duplicates",
    "compare_candidates",
    "cross_scores",
    "draft_candidate",
    "draft_candidates",
    "fails",
    "findings_json",
    "level_of",
    "opening_words",
    "pair_scores",
    "reviewed_index",
    "shown_in_full",
    "unit_texts",
]
