"""Openings that many recommendations of a corpus share, learned from the corpus itself.

Every body has its formulas: "States parties to the Firearms Protocol should", "UNODC is requested to"
in Vienna; "Continue efforts to", "Take measures to" in a UPR. They say who is asked and how, not what,
and counted as words they make unrelated recommendations look alike. The hand-written expression in
similarity.py knows the Vienna ones; these are found in whatever is compared (the registry, and the
draft with it): an opening is a run of a text's first words that ends with the word introducing the
ask ("to", "should", "shall", "must"), contains no name (no capitalised word after the first), and
opens at least 1% of the texts (3 at least).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

OPENING_WORDS = 8  # an opening is at most this long: "take all the necessary measures to"
ASK_MARKERS = frozenset(("to", "should", "shall", "must"))
MIN_SHARE = 0.01
MIN_TEXTS = 3
_WORD = re.compile(r"[A-Za-z’'\-]+")


def _openings_of(text: str) -> set[str]:
    words = _WORD.findall(text[:160])[:OPENING_WORDS]  # an opening is in the first few words
    if words and words[0].lower() == "to":  # the first UPR cycle writes "To ratify …"
        words = words[1:]
    found: set[str] = set()
    for length in range(2, len(words)):  # something must follow the opening
        if any(word[0].isupper() for word in words[1:length]):
            break  # a name is content, not formula
        if words[length - 1].lower() in ASK_MARKERS:
            found.add(" ".join(word.lower() for word in words[:length]))
    return found


def opening_counts(texts: Iterable[str]) -> Counter[str]:
    """How many of the texts each candidate opening opens. Counts of parts of a corpus add up to the
    corpus's: the registry's index keeps them per meeting file, so that adding one meeting counts
    only its texts."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(_openings_of(text))
    return counts


def openings_from_counts(counts: Counter[str], text_count: int) -> tuple[str, ...]:
    """The openings shared by enough of `text_count` texts, longest first (so that the longest one
    present is the one cut)."""
    minimum = max(MIN_TEXTS, MIN_SHARE * text_count)
    return tuple(sorted((o for o, n in counts.items() if n >= minimum), key=lambda o: (-len(o), o)))


def learned_openings(texts: Sequence[str]) -> tuple[str, ...]:
    """The shared openings of a corpus, longest first."""
    return openings_from_counts(opening_counts(texts), len(texts))


def openings_pattern(openings: Iterable[str]) -> re.Pattern[str] | None:
    """An expression matching any of the openings at the start of a text or of a clause after ";"."""
    alternatives = [r"\s+".join(map(re.escape, opening.split())) for opening in openings]
    if not alternatives:
        return None
    return re.compile(rf"(?:^|(?<=;\s))\s*(?:to\s+)?(?:{'|'.join(alternatives)})\b", re.IGNORECASE)
