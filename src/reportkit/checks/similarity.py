"""Lexical similarity of recommendations: TF-IDF cosine over word 1–2-grams.

Why this and not a fuzzy string ratio: almost every recommendation opens with the same formula
("States parties to the Firearms Protocol should", "UNODC is requested to") and a ratio counts that as
agreement. Here the formulas and the usual hedges ("upon request", "where appropriate") are cut out
before anything is counted, English function words are dropped, words are stemmed (mark, marking,
markings → mark) so that a reworded ask still shares its terms, and every term is weighted by how rare it
is among all the recommendations compared (draft + registry): "firearms" is everywhere and weighs little,
"iarms" or "brokering" weighs a lot.

A recommendation is compared as a whole and, when it has several sentences or sub-items, part by part:
a long topic list such as recommendation 47 (11 sub-items) shares a little with everything as a whole
but its cosine stays low, while one of its sub-items may repeat another recommendation, which is a
"possible overlap" and never a "duplicate".

The pipeline is plain numpy/scipy: term counts are kept per text so that a registry's counts can be
cached on disk and the IDF recomputed for each draft in milliseconds (see index.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, pairwise

import numpy as np
import scipy.sparse as sp
import snowballstemmer

# --------------------------------------------------------------------------- boilerplate

# Who is asked. Longest alternatives first: the regex takes the first that matches.
_ACTOR = (
    r"(?:[Tt]he\s+)?(?:"
    r"States\s+parties(?:\s+to\s+the\s+(?:Firearms\s+)?Protocol)?"
    r"|(?:Member\s+)?States"
    r"|United\s+Nations\s+Office\s+on\s+Drugs\s+and\s+Crime(?:\s+\(UNODC\))?"
    r"|UNODC|[Ss]ecretariat"
    r"|(?:relevant\s+)?international\s+(?:and\s+regional\s+)?organizations"
    r"|Working\s+Group(?:\s+on\s+Firearms)?"
    r"|Conference(?:\s+of\s+the\s+Parties)?"
    r")"
)
_ACTORS = rf"{_ACTOR}(?:\s*,\s*{_ACTOR})*(?:,?\s+and\s+{_ACTOR})?"
# "… (UNODC), in cooperation with relevant international and regional organizations, is requested to"
_ASIDE = r"(?:\s*,[^,;.]{1,90},)?"
_ASK = (
    r"(?:should|shall|may\s+wish\s+to|must"
    r"|(?:is|are)\s+(?:(?:also|further)\s+)?(?:requested|encouraged|invited|urged|called\s+upon|recommended)\s+to"
    r"|(?:is|are)\s+(?:(?:also|further)\s+)?encouraged)"
)
_AFTER = r"(?:\s+(?:also|further|continue\s+to))*"
# The formulas themselves, wherever they stand ("Acknowledging that …, States should …").
_FORMULA = rf"\b{_ACTORS}{_ASIDE}\s+{_ASK}{_AFTER}\b|\band\s+should(?:\s+also)?\b"
# Hedges that say nothing about what is asked.
_HEDGE = (
    r"\b(?:upon\s+request|on\s+request|when\s+requested|at\s+the\s+request\s+of\s+States"
    r"|(?:as|where|when|if)\s+appropriate(?:\s+and\s+feasible)?"
    r"|(?:where|if)\s+feasible(?:\s+and\s+appropriate)?"
    r"|in\s+accordance\s+with\s+(?:their\s+)?(?:domestic|national)\s+law"
    r"|in\s+line\s+with\s+the\s+Firearms\s+Protocol"
    r"|in\s+accordance\s+with\s+the\s+Firearms\s+Protocol"
    # The Protocol's own title, quoted in many recommendations as a way of saying "firearms".
    r"|(?:to\s+)?prevent,\s+combat\s+and\s+eradicate"
    r"|(?:the\s+)?illicit\s+manufacturing\s+of\s+and\s+trafficking\s+in\s+firearms,\s+their\s+parts\s+and"
    r"\s+components\s+and\s+ammunition)\b"
)
BOILERPLATE = re.compile(f"{_FORMULA}|{_HEDGE}")


# The openings learned from the corpus compared (formulas.py), as one expression, or None.
Openings = re.Pattern[str] | None


def boilerplate_spans(text: str, openings: Openings = None) -> list[tuple[int, int]]:
    """Where the formulas and hedges are, for cutting them out and for showing them dimmed."""
    spans = [match.span() for match in BOILERPLATE.finditer(text)]
    if openings is not None:
        spans += [
            match.span()
            for match in openings.finditer(text)
            if match.end() > match.start() and not any(a <= match.start() < b for a, b in spans)
        ]
    return sorted(spans)


def strip_boilerplate(text: str, openings: Openings = None) -> str:
    """The text without the written formulas and hedges, then without a learned opening."""
    stripped = BOILERPLATE.sub(" ", text)
    return openings.sub(" ", stripped) if openings is not None else stripped


# --------------------------------------------------------------------------- terms

# English function words plus the verbs of asking that survive a formula ("consider", "continue").
# Written out here rather than taken from scikit-learn, whose import alone costs a second and a half.
STOP_WORDS = frozenset(
    """
    a about above across after again against all almost along already also although always am among an
    and another any anyone anything are around as at be became because become been before being below
    between both but by can cannot could did do does doing done down during each either else enough even
    ever every few for from further had has have having he her here hers herself him himself his how
    however i if in into is it its itself just least less many may me might more most much must my
    myself neither no nor not of off often on once one only or other others otherwise our ours ourselves
    out over own per perhaps rather same several she should since so some such than that the their
    theirs them themselves then there thereby therefore these they this those though through thus to
    together too toward towards under until up upon us very via was we well were what whatever when
    where whereas whether which while who whom whose why will with within without would yet you your
    yours yourself
    also consider considering continue continued including inter particular particularly regard
    respect relevant appropriate effective effectively ensure efforts better view
    """.split()  # noqa: SIM905 - a word list reads better as text
)

_WORD = re.compile(r"[a-z0-9]+")
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


@lru_cache(maxsize=200_000)
def _content_term(word: str) -> str | None:
    """The stem of a lower-cased word, or None for a function word or a stray letter.

    Cached as one call per word: the same few thousand words recur in every text, so each is looked
    up, filtered and stemmed once.
    """
    if word in STOP_WORDS or (len(word) < 2 and not word.isdigit()):
        return None
    return stem(word)


def content_words(text: str, openings: Openings = None) -> list[str]:
    """The stemmed content words of a text, boilerplate and function words removed, in order."""
    words = _WORD.findall(strip_boilerplate(text, openings).lower())
    return [term for term in map(_content_term, words) if term is not None]


def terms(text: str, openings: Openings = None) -> list[str]:
    """Unigrams and bigrams of the content words: bigrams keep "financial intelligence" apart from
    "intelligence" and "financial investigations"."""
    words = content_words(text, openings)
    return words + [f"{first} {second}" for first, second in pairwise(words)]


# --------------------------------------------------------------------------- units

_LABEL = re.compile(r"^\s*(\([a-z]+\)|[a-z]+\.)\s+")
_SENTENCE_END = re.compile(r"(?<=[.;:])\s+(?=[A-Z(])")
MIN_PART_WORDS = 3  # a part shorter than this ("Other matters") matches by accident


@dataclass(frozen=True, slots=True)
class Unit:
    """A text that is scored: a recommendation's whole text (part "") or one part of it."""

    owner: int  # index of the recommendation in its list
    part: str  # "" for the whole text; "(d)" for a sub-item; "sentence 2"
    text: str


def split_label(item: str) -> tuple[str, str]:
    """ "(d) Regulation of brokers …" → ("(d)", "Regulation of brokers …")."""
    match = _LABEL.match(item)
    if match is None:
        return "", item.strip()
    return match.group(1), item[match.end() :].strip()


def units_of(owner: int, text: str, items: Sequence[str]) -> list[Unit]:
    """The whole text, then its parts: the sentences of the lead-in and each sub-item.

    Parts exist only when there are at least two of them: a one-sentence recommendation is its own
    single part, and scoring it twice would add nothing.
    """
    whole = " ".join([text, *(split_label(item)[1] for item in items)])
    units = [Unit(owner, "", whole)]
    parts: list[tuple[str, str]] = []
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s]
    if len(sentences) > 1 or items:
        parts.extend(
            (f"sentence {index}" if len(sentences) > 1 else "lead-in", sentence)
            for index, sentence in enumerate(sentences, start=1)
        )
    for item in items:
        label, body = split_label(item)
        parts.append((label or f"item {len(parts) + 1}", body))
    parts = [(label, body) for label, body in parts if len(content_words(body)) >= MIN_PART_WORDS]
    if len(parts) > 1:
        units.extend(Unit(owner, label, body) for label, body in parts)
    return units


# --------------------------------------------------------------------------- counting and weighting


def count_terms(
    texts: Iterable[str], vocabulary: MutableMapping[str, int], grow: bool, openings: Openings = None
) -> sp.csr_matrix:
    """Sublinear term frequencies (1 + ln count), one row per text, columns from `vocabulary`.

    With `grow`, unseen terms are added to the vocabulary (which the caller owns) in reading order;
    without it they are dropped, which is right for a text compared only with texts that never
    contain them.
    """
    term_lists = [terms(text, openings) for text in texts]
    rows = np.repeat(np.arange(len(term_lists)), [len(found) for found in term_lists])
    columns = np.asarray(_columns_of(list(chain.from_iterable(term_lists)), vocabulary, grow), dtype=np.int64)
    if not grow:
        known = columns >= 0
        rows, columns = rows[known], columns[known]
    return _tally(rows, columns, len(term_lists), len(vocabulary))


def _columns_of(found: list[str], vocabulary: MutableMapping[str, int], grow: bool) -> list[int]:
    """The column of each term; with `grow` a new term gets the next free column, else it is -1."""
    if grow:
        for term in dict.fromkeys(found):  # each distinct term once, in order of first appearance
            if term not in vocabulary:
                vocabulary[term] = len(vocabulary)
        return list(map(vocabulary.__getitem__, found))
    return [vocabulary.get(term, -1) for term in found]


def _tally(rows: np.ndarray, columns: np.ndarray, row_count: int, column_count: int) -> sp.csr_matrix:
    """Count each (row, column) occurrence in numpy, not in a Python dict per text: about a second
    less at 20,000 texts. Sorting the cells as row × width + column gives CSR order: by row, then by
    column."""
    width = max(column_count, 1)
    cells, counts = np.unique(rows * width + columns, return_counts=True)
    cell_rows, cell_columns = np.divmod(cells, width)
    indptr = np.zeros(row_count + 1, dtype=np.int64)
    np.cumsum(np.bincount(cell_rows, minlength=row_count), out=indptr[1:])
    values = (1.0 + np.log(counts.astype(np.float64))).astype(np.float32)
    return sp.csr_matrix((values, cell_columns.astype(np.int32), indptr), shape=(row_count, column_count))


def with_columns(matrix: sp.csr_matrix, columns: int) -> sp.csr_matrix:
    """The same rows over a vocabulary that grew at its end (new columns are all zero)."""
    return sp.csr_matrix((matrix.data, matrix.indices, matrix.indptr), shape=(matrix.shape[0], columns))


def document_frequencies(tf: sp.csr_matrix, rows: np.ndarray | None = None) -> np.ndarray:
    """In how many of the rows (all, or those listed) each column occurs: the rows' cells are picked
    from the matrix's own arrays (slicing 200,000 rows out of a registry's counts copies them all)."""
    indices = tf.indices
    if rows is not None:
        picked = np.zeros(tf.shape[0], dtype=bool)
        picked[rows] = True
        indices = indices[np.repeat(picked, np.diff(tf.indptr))]
    return np.bincount(indices, minlength=tf.shape[1]).astype(np.float64)


def inverse_document_frequencies(df: np.ndarray, documents: int) -> np.ndarray:
    """Smoothed IDF, ln((1 + n) / (1 + df)) + 1: a term in every text still counts a little."""
    return (np.log((1.0 + documents) / (1.0 + df)) + 1.0).astype(np.float32)


def weighted(tf: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """TF × IDF, each row scaled to unit length so that a dot product is the cosine."""
    matrix = tf.copy()
    matrix.data = (matrix.data * idf[matrix.indices]).astype(np.float32)
    lengths = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    scale = np.divide(1.0, lengths, out=np.zeros_like(lengths), where=lengths > 0)
    return sp.csr_matrix(sp.diags(scale.astype(np.float32)) @ matrix)


# Terms in more than this share of texts go through a dense product: sparse × sparse is slow
# exactly when a few terms are everywhere ("firearm", "traffick"), and a dense block of a few hundred
# columns is fast. The rest stays sparse. The sum is the exact cosine.
DENSE_TERM_SHARE = 0.02


@dataclass(frozen=True)
class Targets:
    """The right-hand side of many cosine blocks, split once: frequent columns dense, the rest sparse and
    transposed (slicing a 20,000-row matrix for every block would cost more than the products)."""

    dense: np.ndarray | None  # rows × frequent columns
    rare_transposed: sp.csr_matrix  # rare columns × rows
    frequent: np.ndarray
    rare: np.ndarray

    def from_row(self, row: int) -> Targets:
        """The same targets without their first `row` rows (a view of the dense part; cutting the
        sparse part costs a few milliseconds). A cosine does not depend on which other rows are there."""
        if row == 0:
            return self
        dense = None if self.dense is None else self.dense[row:]
        return Targets(dense, self.rare_transposed[:, row:], self.frequent, self.rare)


def split_targets(matrix: sp.csr_matrix, frequent: np.ndarray | None) -> Targets:
    if frequent is None or not frequent.size:
        # Every column is rare: no mask over the vocabulary (400,000 terms in a large registry's,
        # and this runs once for each pair whose parts are shown).
        nothing = np.zeros(0, dtype=np.int64)
        return Targets(None, sp.csr_matrix(matrix.T), nothing, nothing)
    rare_mask = np.ones(matrix.shape[1], dtype=bool)
    rare_mask[frequent] = False
    rare = np.flatnonzero(rare_mask)
    dense = matrix[:, frequent].toarray()
    rare_transposed = sp.csr_matrix(matrix[:, rare].T)
    return Targets(dense, rare_transposed, frequent, rare)


def cosine_block(
    left: sp.csr_matrix, right: sp.csr_matrix | Targets, frequent: np.ndarray | None = None
) -> np.ndarray:
    """All cosines between the rows of two weighted matrices over the same columns, as a dense array."""
    targets = right if isinstance(right, Targets) else split_targets(right, frequent)
    if targets.dense is None:
        return (left @ targets.rare_transposed).toarray().astype(np.float32, copy=False)
    result = left[:, targets.frequent].toarray() @ targets.dense.T
    result += (left[:, targets.rare] @ targets.rare_transposed).toarray()
    return result.astype(np.float32, copy=False)


def frequent_columns(df: np.ndarray, documents: int) -> np.ndarray:
    if documents < 2000:
        return np.zeros(0, dtype=np.int64)  # small inputs: sparse is already instant
    return np.flatnonzero(df > DENSE_TERM_SHARE * documents)


# --------------------------------------------------------------------------- showing shared wording


@dataclass(frozen=True, slots=True)
class Marked:
    """A text cut into runs, each tagged: "boilerplate", "shared" (in a shared two-word term),
    "common" (a shared single word) or "" (nothing to note)."""

    runs: tuple[tuple[str, str], ...]


def mark_shared(text: str, other: str, openings: Openings = None) -> Marked:
    """Mark in `text` the wording it shares with `other`, and its boilerplate."""
    other_words = content_words(other, openings)
    other_unigrams = set(other_words)
    other_bigrams = set(pairwise(other_words))
    dim = boilerplate_spans(text, openings)
    # Content words of `text` with their positions, to find those in shared bigrams.
    tokens: list[tuple[int, int, str]] = []
    for match in re.finditer(r"[A-Za-z0-9]+", text):
        start, end = match.span()
        word = match.group().lower()
        if (
            any(a <= start < b for a, b in dim)
            or word in STOP_WORDS
            or (len(word) < 2 and not word.isdigit())
        ):
            continue
        tokens.append((start, end, stem(word)))
    tag_at: dict[int, tuple[int, str]] = {}
    for index, (start, end, word) in enumerate(tokens):
        in_bigram = (index > 0 and (tokens[index - 1][2], word) in other_bigrams) or (
            index + 1 < len(tokens) and (word, tokens[index + 1][2]) in other_bigrams
        )
        if in_bigram:
            tag_at[start] = (end, "shared")
        elif word in other_unigrams:
            tag_at[start] = (end, "common")
    for start, end in dim:
        tag_at[start] = (end, "boilerplate")
    runs: list[tuple[str, str]] = []
    position = 0
    for start in sorted(tag_at):
        end, tag = tag_at[start]
        if start < position:
            continue
        if start > position:
            runs.append((text[position:start], ""))
        runs.append((text[start:end], tag))
        position = end
    if position < len(text):
        runs.append((text[position:], ""))
    # Join a shared run to the next one across a space, so "financial investigations" reads as one mark.
    merged: list[tuple[str, str]] = []
    for piece, tag in runs:
        if (
            merged
            and tag == "shared"
            and len(merged) >= 2
            and merged[-1][1] == ""
            and not merged[-1][0].strip()
            and merged[-2][1] == "shared"
        ):
            gap = merged.pop()[0]
            previous = merged.pop()[0]
            merged.append((previous + gap + piece, "shared"))
        else:
            merged.append((piece, tag))
    return Marked(tuple(merged))
