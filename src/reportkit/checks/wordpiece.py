"""The uncased BERT WordPiece tokenizer, for all-MiniLM-L6-v2.

Written here rather than imported: the `tokenizers` package pulls in huggingface-hub (and its HTTP
stack) for a job of forty lines. The vocabulary (30,522 pieces, Apache-2.0, from Google's BERT) ships
with reportkit as `data/bert-uncased-vocab.txt`.

The steps are BERT's: lower-case, strip accents (NFD, drop combining marks), split on white space and
around every punctuation character, then cut each word greedily into the longest pieces in the
vocabulary ("ratification" → "ratification"; "iarms" → "ia", "##rms"), a word that cannot be cut
becoming [UNK].
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib.resources import files

MAX_WORD_CHARS = 100  # BERT's limit: a longer "word" is [UNK]


def bundled_vocabulary() -> list[str]:
    text = files("reportkit.checks").joinpath("data/bert-uncased-vocab.txt").read_text("utf-8")
    return text.splitlines()


def _is_punctuation(character: str) -> bool:
    # BERT counts every non-alphanumeric ASCII character as punctuation ("$", "^", "`" too), and the
    # Unicode punctuation categories.
    code = ord(character)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(character).startswith("P")


def basic_words(text: str) -> list[str]:
    """Lower-cased, accent-free words and single punctuation characters."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    words: list[str] = []
    current: list[str] = []
    for character in decomposed:
        category = unicodedata.category(character)
        if category == "Mn" or (category in ("Cc", "Cf") and not character.isspace()):
            continue  # accents and control characters are dropped
        if character.isspace() or _is_punctuation(character):
            if current:
                words.append("".join(current))
                current = []
            if not character.isspace():
                words.append(character)
        else:
            current.append(character)
    if current:
        words.append("".join(current))
    return words


class WordPiece:
    def __init__(self, vocabulary: list[str]) -> None:
        self._ids = {piece: index for index, piece in enumerate(vocabulary)}
        self._unknown = self._ids["[UNK]"]
        self._start = self._ids["[CLS]"]
        self._end = self._ids["[SEP]"]
        self.pieces = lru_cache(maxsize=50_000)(self._pieces)

    def _pieces(self, word: str) -> tuple[int, ...]:
        """Greedy longest-match-first, continuation pieces prefixed "##"."""
        if len(word) > MAX_WORD_CHARS:
            return (self._unknown,)
        found: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else f"##{word[start:end]}"
                if piece in self._ids:
                    found.append(self._ids[piece])
                    break
                end -= 1
            else:
                return (self._unknown,)
            start = end
        return tuple(found)

    def encode(self, text: str, max_tokens: int) -> list[int]:
        """[CLS] pieces… [SEP], cut to `max_tokens` in all."""
        ids = [self._start]
        for word in basic_words(text):
            ids.extend(self.pieces(word))
        return [*ids[: max_tokens - 1], self._end]
