"""Straight quotes typed in the drafts are printed as UN documents print them: “ ” ‘ ’."""

from __future__ import annotations

import pytest

from reportkit.markup import curl_quotes, parse_inline
from reportkit.model import Reference, Text


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ('entitled "Marking of firearms".', "entitled \u201cMarking of firearms\u201d."),
        ("the States' views", "the States\u2019 views"),
        ("don't", "don\u2019t"),
        ("the word 'brokering' means", "the word \u2018brokering\u2019 means"),
        ('("ibid.")', "(\u201cibid.\u201d)"),
        ('"Quoted" at the start', "\u201cQuoted\u201d at the start"),
        ("he said: \"it is 'marking'.\"", "he said: \u201cit is \u2018marking\u2019.\u201d"),
        ("no quotes at all", "no quotes at all"),
    ],
)
def test_straight_quotes_become_opening_or_closing_by_what_precedes_them(typed: str, printed: str) -> None:
    assert curl_quotes(typed) == printed


def test_a_quote_after_a_reference_closes_what_was_opened_before_it() -> None:
    parsed = parse_inline('item 2, entitled "[[marking|title]]", was considered')
    first, reference, last = parsed.inlines
    assert isinstance(reference, Reference)
    assert first == Text("item 2, entitled \u201c")
    assert last == Text("\u201d, was considered")


def test_quotes_in_a_footnote_are_curled_in_their_own_text() -> None:
    parsed = parse_inline('a text^["Ibid."] goes on')
    footnote = parsed.inlines[1]
    assert footnote.content == (Text("\u201cIbid.\u201d"),)
