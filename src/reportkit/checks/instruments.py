"""Named instruments (conventions, protocols, covenants, treaty bodies, programmes, SDG targets) in
recommendations, so that two different ones never match on their titles' shared words.

"Ratify the International Convention for the Protection of All Persons from Enforced Disappearance" and
"Ratify the International Convention on the Protection of the Rights of All Migrant Workers" share most
of their words and score high in any model; they ask for different things. A pair whose texts both
name instruments but no instrument in common is therefore scored down (`CONFLICT_FACTOR`).

No list of instruments: a title is a run of capitalised words (with "of", "on", "the", "against" … and
years between them) that contains a head noun such as Convention, Protocol or Committee; the verb that
opens a clause ("Ratify …") is not part of it. Two mentions name the same instrument when their head
nouns agree (so the Optional Protocol to the Convention against Torture is not the Convention) and
their words nearly agree (one contains the other, or half their words are shared): the same convention
is cited with and without "International", "the Rights of", its year.

Only the pairs that reach a threshold are looked at (the check lowers scores, never raises them), so a
registry of 20,000 costs nothing here; the nearest-neighbour lists show the scores before it. A
registry's cached index stores each entry's mentions (`mentions_json`): a change to what `mentions`
finds is a new INDEX_VERSION.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from reportkit.checks.similarity import stem

# What a recommendation can name: the head nouns of international instruments and of the treaty
# bodies that oversee them. National acts, codes, programmes and plans are left out: they are cited in
# passing ("in line with the Roma Community Act"), and one country's two programmes on the same subject
# are the same subject.
_HEAD = re.compile(
    r"\b(?:Convention|Covenant|Protocol|Charter|Statute|Treaty|Agreement|Declaration|Principles"
    r"|Committee)s?\b"
)
# A treaty body goes by its convention's subject ("Committee on Enforced Disappearances" oversees the
# "Convention for the Protection of All Persons from Enforced Disappearance"): these heads compare by
# their words alone. A protocol is never its convention.
_TREATY_FAMILY = frozenset(("convention", "covenant", "committee"))
_CAPITALISED = r"(?:[A-Z][\w’'\-]*|\d{4}|No\.\s*\d+|\d+\.\d+)"
_LINK = r"(?:of|on|for|the|to|and|against|from|in|all|its|their|Their|with|,)"
_TITLE = re.compile(rf"{_CAPITALISED}(?:\s+(?:{_LINK}\s+)*{_CAPITALISED})*")
# The verb that opens a clause is capitalised too ("Ratify the …", "To ratify …"): masked first.
_CLAUSE_OPENING = re.compile(r"(?:^|[;:.]\s+)(?:To\s+)?[A-Z]\w*\s+")
_SDG_TARGET = re.compile(r"\b(?:SDG\s+)?[Tt]arget\s+(\d+\.[\da-z]+)")
_FILLER = frozenset(
    [
        "the",
        "of",
        "on",
        "for",
        "to",
        "and",
        "against",
        "from",
        "in",
        "all",
        "its",
        "their",
        "with",
        "international",
        "optional",
        "united",
        "nations",
        "s",
    ]
)
SIMILAR_WORDS = 0.6  # Jaccard of two titles' stems at which they name the same instrument
# (0.5 would make the racial-discrimination and the women's-discrimination conventions one)
CONFLICT_FACTOR = 0.5  # a pair naming only different instruments keeps half its score

Mention = tuple[str, frozenset[str]]  # (head noun, title words)


@lru_cache(maxsize=20_000)
def mentions(text: str) -> tuple[Mention, ...]:
    """The instruments a text names: (head noun, its title's distinctive words)."""
    found: list[Mention] = [("target", frozenset((number,))) for number in _SDG_TARGET.findall(text)]
    if _HEAD.search(text) is None:
        return tuple(found)  # a title holds a head noun: without one in the text there is none to read
    masked = _CLAUSE_OPENING.sub(lambda match: " " * len(match.group()), text)
    for match in _TITLE.finditer(masked):
        title = match.group()
        head = _HEAD.search(title)
        if head is None or not re.search(r"[a-z]", title) or "target" in title.lower():
            continue
        kind = head.group().lower().removesuffix("s")
        words = {w.lower() for w in re.findall(r"[A-Za-z]+|\d+(?:\.\d+)?", title)} - _FILLER
        # Stems, so that "Disappearances" is "Disappearance"; years and the head noun itself left out
        # (a title is cited with and without its year).
        stems = frozenset(stem(w) for w in words if not (w.isdigit() and len(w) == 4) and w != kind)
        found.append(("treaty" if kind in _TREATY_FAMILY else kind, stems))
    return tuple(found)


def mentions_json(found: Sequence[Mention]) -> list[list[object]]:
    """Mentions as JSON: [[head noun, [title words, sorted]], …]."""
    return [[head, sorted(words)] for head, words in found]


def mentions_from_json(data: list[list[Any]]) -> tuple[Mention, ...]:
    """What `mentions_json` wrote (most texts name nothing: read at no cost)."""
    return tuple((head, frozenset(words)) for head, words in data) if data else ()


def same_instrument(first: Mention, second: Mention) -> bool:
    if first[0] != second[0]:
        return False
    a, b = first[1], second[1]
    return a <= b or b <= a or len(a & b) >= SIMILAR_WORDS * len(a | b)


def different_instruments(first: Sequence[Mention], second: Sequence[Mention]) -> bool:
    """Both texts name instruments, and none of the one's is among the other's."""
    if not first or not second:
        return False
    return not any(same_instrument(a, b) for a in first for b in second)
