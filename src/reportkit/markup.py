"""The inline markup of draft texts: references `[[…]]`, footnotes `^[…]`, emphasis `**bold**` and
`*italic*`, and UN document symbols.

Pure string work, so that the loader (which knows YAML) and any future editor integration share one
parser. The parser never fails: malformed markup becomes a `MarkupProblem` and the text is kept as is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from reportkit.diagnostics import UNKNOWN_LOC, SourceLoc
from reportkit.model import DocumentSymbol, Emphasis, Footnote, Inline, Reference, ReferenceForm, Text

_MARKUP_START = re.compile(r"\\\[\[|\\\^\[|\\\*|\[\[|\^\[|\*\*|\*")
REFERENCE_FORMS: tuple[str, ...] = ("default", "number", "title", "cap")

# A UN document symbol: an upper-case series element, then at least two more "/"-separated elements,
# e.g. A/RES/55/255, CTOC/COP/WG.6/2021/INF/1/Rev.1, E/CN.15/2021/L.1. "and/or" never matches.
DOCUMENT_SYMBOL = re.compile(r"\b[A-Z][A-Z0-9.]*(?:/[A-Za-z0-9][A-Za-z0-9.]*){2,}")


# Typographic quotes, as UN documents print them and pandoc's `smart` reader extension makes them: a
# straight quote is an opening one at the start of a text or after a space or an opening bracket or dash,
# a closing one (or an apostrophe) everywhere else.
_OPENS_AFTER = frozenset(" \t\n([{\u2018\u201c\u2013\u2014/-")
_CURLY = {('"', True): "\u201c", ('"', False): "\u201d", ("'", True): "\u2018", ("'", False): "\u2019"}


def curl_quotes(text: str, before: str = "") -> str:
    """`text` with straight quotes made typographic; `before` is the character printed before it."""
    if '"' not in text and "'" not in text:
        return text
    result = []
    previous = before
    for char in text:
        if char in "\"'":
            char = _CURLY[char, previous == "" or previous in _OPENS_AFTER]
        result.append(char)
        previous = char
    return "".join(result)


def _curl_inlines(inlines: list[Inline]) -> list[Inline]:
    """Quotes in the text pieces, each knowing what precedes it (a reference prints words)."""
    curled: list[Inline] = []
    previous = ""
    for inline in inlines:
        if isinstance(inline, Text):
            inline = Text(curl_quotes(inline.value, previous), inline.emphasis)
            previous = inline.value[-1:] or previous
        elif isinstance(inline, Reference | DocumentSymbol):
            previous = "a"
        curled.append(inline)
    return curled


@dataclass(frozen=True, slots=True)
class MarkupProblem:
    message: str
    offset: int
    hint: str


@dataclass(frozen=True, slots=True)
class ParsedText:
    inlines: tuple[Inline, ...]
    problems: tuple[MarkupProblem, ...]


def _no_location(offset: int) -> SourceLoc:
    return UNKNOWN_LOC


def _closing_bracket(text: str, start: int, closer: str) -> int:
    """Index of the `closer` ("]]" or "]") that ends markup opened before `start`, honouring nesting."""
    depth = 0
    index = start
    while index < len(text):
        if text.startswith("\\[", index) or text.startswith("\\]", index):
            index += 2
            continue
        char = text[index]
        if char == "[":
            depth += 1
        elif char == "]":
            if depth == 0 and text.startswith(closer, index):
                return index
            depth = max(depth - 1, 0)
        index += 1
    return -1


def _split_symbols(text: str, emphasis: Emphasis = "") -> list[Inline]:
    pieces: list[Inline] = []
    position = 0
    for match in DOCUMENT_SYMBOL.finditer(text):
        symbol = match.group(0).rstrip(".")
        end = match.start() + len(symbol)
        if match.start() > position:
            pieces.append(Text(text[position : match.start()], emphasis))
        pieces.append(DocumentSymbol(symbol))
        position = end
    if position < len(text):
        pieces.append(Text(text[position:], emphasis))
    return pieces


def _parse_reference(body: str, offset: int, loc: SourceLoc) -> tuple[Reference | None, MarkupProblem | None]:
    target_part, _, form = body.partition("|")
    form = form.strip() or "default"
    if form not in REFERENCE_FORMS:
        return None, MarkupProblem(
            f"unknown reference form '{form}' in '[[{body}]]'",
            offset,
            "use [[id]], [[id|number]], [[id|title]] or [[id|cap]]",
        )
    is_range = ".." in target_part
    separator = ".." if is_range else ","
    targets = tuple(t.strip() for t in target_part.split(separator))
    if any(not t for t in targets) or (is_range and len(targets) != 2):
        return None, MarkupProblem(
            f"malformed reference '[[{body}]]'",
            offset,
            "write [[id]], a list [[a, b, c]] or a range [[first..last]]",
        )
    typed_form: ReferenceForm = form  # type: ignore[assignment]  # checked against REFERENCE_FORMS above
    return Reference(targets=targets, is_range=is_range, form=typed_form, loc=loc), None


def parse_inline(
    text: str, locate: Callable[[int], SourceLoc] = _no_location, base_offset: int = 0
) -> ParsedText:
    """Split a draft text into inline nodes.

    `locate` turns an offset in `text` into a place in the source file, so that references and
    footnotes know where they were written.
    """
    inlines: list[Inline] = []
    problems: list[MarkupProblem] = []
    plain: list[str] = []
    # Where `**` (bold) and `*` (italic) were opened and not yet closed; text between takes their emphasis.
    opened: dict[str, int] = {}

    def flush_plain() -> None:
        if plain:
            emphasis: Emphasis = "bold" if "**" in opened else "italic" if "*" in opened else ""
            inlines.extend(_split_symbols("".join(plain), emphasis))
            plain.clear()

    index = 0
    while index < len(text):
        # Jump to the next place markup can start; everything before it is plain text.
        found = _MARKUP_START.search(text, index)
        if found is None:
            plain.append(text[index:])
            break
        if found.start() > index:
            plain.append(text[index : found.start()])
            index = found.start()
        if text.startswith("\\[[", index) or text.startswith("\\^[", index):
            plain.append(text[index + 1 : index + 3])
            index += 3
        elif text.startswith("\\*", index):
            plain.append("*")
            index += 2
        elif text.startswith("*", index):
            marker = "**" if text.startswith("**", index) else "*"
            flush_plain()
            if marker in opened:
                if index == opened[marker] + len(marker):
                    problems.append(
                        MarkupProblem(
                            f"empty emphasis '{marker}{marker}'",
                            base_offset + opened[marker],
                            "write the words to emphasize between the markers, or remove them",
                        )
                    )
                del opened[marker]
            elif opened:
                problems.append(_nested_emphasis(marker, base_offset + index))
            else:
                opened[marker] = index
            index += len(marker)
        elif text.startswith("[[", index):
            end = _closing_bracket(text, index + 2, "]]")
            if end < 0:
                problems.append(
                    MarkupProblem(
                        "'[[' is never closed", base_offset + index, "close it with ']]', or write '\\[['"
                    )
                )
                plain.append(text[index:])
                break
            offset = base_offset + index
            reference, problem = _parse_reference(text[index + 2 : end], offset, locate(offset))
            if problem:
                problems.append(problem)
                plain.append(text[index : end + 2])
            elif reference:
                flush_plain()
                inlines.append(reference)
            index = end + 2
        elif text.startswith("^[", index):
            end = _closing_bracket(text, index + 2, "]")
            offset = base_offset + index
            if end < 0:
                problems.append(MarkupProblem("'^[' is never closed", offset, "close the footnote with ']'"))
                plain.append(text[index:])
                break
            inner = parse_inline(text[index + 2 : end], locate, offset + 2)
            flush_plain()
            if not "".join(i.value for i in inner.inlines if isinstance(i, Text)).strip():
                problems.append(MarkupProblem("empty footnote '^[]'", offset, "write the footnote's text"))
            inlines.append(Footnote(content=inner.inlines, loc=locate(offset)))
            problems.extend(inner.problems)
            index = end + 1
    flush_plain()
    for marker, offset in opened.items():
        problems.append(_unclosed_emphasis(marker, base_offset + offset))
    return ParsedText(tuple(_curl_inlines(inlines)), tuple(problems))


def _unclosed_emphasis(marker: str, offset: int) -> MarkupProblem:
    kind = "bold" if marker == "**" else "italic"
    return MarkupProblem(
        f"'{marker}' ({kind}) is never closed",
        offset,
        f"close it with '{marker}', or write '\\*' for an asterisk",
    )


def _nested_emphasis(marker: str, offset: int) -> MarkupProblem:
    return MarkupProblem(
        f"'{marker}' inside emphasis that is still open",
        offset,
        "close the first emphasis before opening another; bold and italic do not nest",
    )
