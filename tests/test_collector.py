"""The check holds Python's cycle collector off while it runs, and gives the process its thresholds back."""

from __future__ import annotations

import gc

import pytest

from reportkit.checks.collector import RARE_THRESHOLD, collecting_rarely
from reportkit.checks.duplicates import Candidate, compare_candidates


def test_the_thresholds_are_raised_inside_and_restored_after() -> None:
    before = gc.get_threshold()
    with collecting_rarely():
        assert gc.get_threshold() == (max(RARE_THRESHOLD, before[0]), *before[1:])
    assert gc.get_threshold() == before


def test_a_check_that_fails_restores_them_too() -> None:
    before = gc.get_threshold()
    seen: list[tuple[int, int, int]] = []

    class Failing(Candidate):
        @property
        def full_text(self) -> str:  # read while pairs are checked for instruments
            seen.append(gc.get_threshold())
            raise RuntimeError("stop")

    text = "Ratify the Convention against Torture."
    drafts = [Failing("a", "a", "1", text), Failing("b", "b", "2", text)]
    with pytest.raises(RuntimeError):
        compare_candidates(drafts)
    assert seen and seen[0][0] >= RARE_THRESHOLD
    assert gc.get_threshold() == before
