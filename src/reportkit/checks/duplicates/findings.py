"""What the duplication check found: pairs with a level, an action and advice, and the neighbours."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reportkit.checks.duplicates.advice import Action, Level
from reportkit.checks.duplicates.candidates import Candidate
from reportkit.diagnostics import Diagnostic

FailOn = Literal["duplicate", "overlap", "never"]
LEVELS: tuple[Level, ...] = ("duplicate", "overlap")


@dataclass(frozen=True, slots=True)
class Thresholds:
    duplicate: float  # whole-text score for "duplicate"
    overlap: float  # whole-text score for "possible overlap"
    part: float  # part score (a sentence or sub-item against the other text) for "possible overlap"


@dataclass(frozen=True, slots=True)
class Finding:
    first: Candidate  # a draft recommendation
    second: Candidate  # a later draft recommendation, or a registry entry
    score: float
    level: Level
    basis: str  # "whole texts", or which part matched: "(d) of recommendation 47 of … ~ whole text"
    action: Action
    advice: str
    reviewed: str = ""  # the reason, when a person recorded the pair as reviewed


@dataclass(frozen=True, slots=True)
class Neighbour:
    candidate: Candidate
    score: float


@dataclass(frozen=True)
class Findings:
    findings: tuple[Finding, ...]  # reported, strongest first
    reviewed: tuple[Finding, ...]  # found, but recorded as reviewed
    neighbours: tuple[tuple[Candidate, tuple[Neighbour, ...]], ...]
    method: str  # "lexical" or "semantic (all-MiniLM-L6-v2-int8-dynamic-per-text-unfused-norm)"
    thresholds: Thresholds
    diagnostics: tuple[Diagnostic, ...] = ()
    compared: int = 0  # draft recommendations
    registry_size: int = 0
    openings: tuple[str, ...] = ()  # the formulas learned from the corpus, dimmed when shown

    def count(self, level: Level) -> int:
        return sum(finding.level == level for finding in self.findings)


def fails(findings: Findings, fail_on: FailOn) -> bool:
    """Whether the findings reach the level that should fail the check (exit code 1)."""
    if fail_on == "never":
        return False
    if fail_on == "overlap":
        return bool(findings.findings)
    return findings.count("duplicate") > 0
