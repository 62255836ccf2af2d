"""`amendments apply`, the YAML half: a proposal put into a draft file, the file otherwise untouched.

A proposal is plain text, as the delegation read it in the pack: the lead text, then each subparagraph
after its label ("(a) …"). The drafts hold markup: `[[id]]` where the pack printed "recommendation 27".
So, before anything is written:

- references in the proposed text are turned back into `[[id]]` (`[[id|cap]]` at "Recommendation 27")
  when the number is one of the circulated version's recommendations that the drafts still hold — the
  numbers the delegation saw — and kept as text, with a warning, otherwise;
- the characters that would read as markup (`[[`, `^[`) are escaped;
- the text replaces the recommendation's `text` (and each subparagraph's) in the file read with
  ruamel.yaml's round trip, which keeps comments, quoting, key order and the other entries as written;
  a folded block (`>-`) stays folded, wrapped at the width the example's files use;
- `applied:` records whose proposal it was (`{by: Mexico, version: v1}`), for the internal pages.

A proposal that deletes the recommendation sets `status: withdrawn` (withdrawn recommendations stay in the
file, unpublished). One that adds or removes subparagraphs, or a recommendation with footnotes (whose text
the pack printed apart), is refused: its structure cannot be read back from plain text, so it is applied
by hand. Pure: the file's text in, the new text out; `apply.apply_amendment` reads and writes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

TEXT_WIDTH = 96  # the example's folded texts are wrapped near here; a wrapped text diffs line by line
# "recommendation 27" / "Recommendation 27", as the pack prints a reference (see versions._flatten).
_REFERENCE = re.compile(r"\b([Rr])ecommendation (\d+)(?![\d\w]|\.\d)")
_MARKUP = re.compile(r"(\[\[|\^\[)")
_QUOTED = (DoubleQuotedScalarString, SingleQuotedScalarString, LiteralScalarString)


@dataclass(frozen=True, slots=True)
class ProposedText:
    """What a proposal makes of a recommendation: its lead text and subparagraph texts (None where the
    proposal keeps the circulated text, which is then left as written: the pack printed it with
    typographic quotes and folded lines the file does not have), or its deletion."""

    lead: str | None
    items: tuple[str | None, ...]
    withdrawn: bool = False


def references_to_ids(
    text: str, version_numbers: Mapping[str, str], draft_ids: set[str]
) -> tuple[str, list[str]]:
    """The text with markup escaped and "recommendation N" turned into `[[id]]` where N is a number of
    the circulated version (`version_numbers`: number → id) whose recommendation the drafts still hold;
    the references left as text are returned too, for a warning each."""
    escaped = _MARKUP.sub(lambda match: "\\" + match.group(1), text)
    unresolved: list[str] = []

    def replace(match: re.Match[str]) -> str:
        target = version_numbers.get(match.group(2))
        if target is None or target not in draft_ids:
            unresolved.append(match.group(0))
            return match.group(0)
        return f"[[{target}|cap]]" if match.group(1) == "R" else f"[[{target}]]"

    return _REFERENCE.sub(replace, escaped), unresolved


def _folded(text: str, indent: int) -> FoldedScalarString:
    """A `>-` block broken at spaces before TEXT_WIDTH columns (a break never precedes a space, which
    folding would otherwise eat)."""
    scalar = FoldedScalarString(text)
    breaks: list[int] = []
    line_start = 0
    candidate = -1
    for position, character in enumerate(text):
        if character == " " and text[position + 1 : position + 2] not in (" ", ""):
            if position - line_start > TEXT_WIDTH - indent and candidate > line_start:
                breaks.append(candidate)
                line_start = candidate + 1
            candidate = position
    if len(text) - line_start > TEXT_WIDTH - indent and candidate > line_start:
        breaks.append(candidate)
    scalar.fold_pos = breaks  # type: ignore[attr-defined]
    return scalar


def _styled(old: Any, text: str, indent: int) -> Any:
    """The new text in the old value's style: quoted stays quoted, a folded or long one is folded."""
    style = next((kind for kind in _QUOTED if isinstance(old, kind)), None)
    if style is not None:
        return style(text)
    if isinstance(old, FoldedScalarString) or len(text) + indent > TEXT_WIDTH:
        return _folded(text, indent)
    return text


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096  # the folds are chosen by _folded; ruamel must not wrap the other values again
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    return yaml


def _find(node: Any, recommendation_id: str) -> tuple[CommentedMap, int] | None:
    """The mapping `recommendation: ID` anywhere in the file, and its indentation."""
    if isinstance(node, CommentedSeq):
        for index, entry in enumerate(node):
            if isinstance(entry, CommentedMap) and entry.get("recommendation") == recommendation_id:
                return entry, node.lc.item(index)[1] + 2
            found = _find(entry, recommendation_id)
            if found is not None:
                return found
    elif isinstance(node, CommentedMap):
        for value in node.values():
            found = _find(value, recommendation_id)
            if found is not None:
                return found
    return None


def _item_slots(items: Any, indent: int) -> list[tuple[Any, Any, int]]:
    """Where each subparagraph's text is held, in reading order: (container, key or index, indent)."""
    slots: list[tuple[Any, Any, int]] = []
    if not isinstance(items, CommentedSeq):
        return slots
    for index, entry in enumerate(items):
        if isinstance(entry, CommentedMap):
            slots.append((entry, "text", indent + 4))
            slots.extend(_item_slots(entry.get("items"), indent + 4))
        else:
            slots.append((items, index, indent + 2))
    return slots


class CannotApply(Exception):
    """The file does not hold the recommendation in a shape the proposal can be put into."""


def apply_to_yaml(text: str, recommendation_id: str, proposed: ProposedText, by: str, version: str) -> str:
    """The draft file's text with the recommendation's text (or status) replaced and the proposal
    recorded under `applied`; everything else as it was written. Raises CannotApply."""
    yaml = _yaml()
    data = yaml.load(text)
    unchanged = io.StringIO()
    yaml.dump(data, unchanged)
    if unchanged.getvalue() != text:
        # ruamel would rewrite some other line (a `null` it drops, an unusual indentation): the promise
        # is to change the recommendation alone, so the file is left to be edited by hand.
        raise CannotApply("the file cannot be rewritten without changing lines outside the recommendation")
    found = _find(data, recommendation_id)
    if found is None:
        raise CannotApply(f"the file holds no recommendation '{recommendation_id}'")
    node, indent = found
    if proposed.withdrawn:
        node["status"] = "withdrawn"
    else:
        slots = _item_slots(node.get("items"), indent)
        if len(slots) != len(proposed.items):
            raise CannotApply(
                f"the proposal has {len(proposed.items)} subparagraph(s) where the drafts have {len(slots)}"
            )
        if proposed.lead is not None:
            node["text"] = _styled(node.get("text"), proposed.lead, indent + 2)
        for (container, key, item_indent), item_text in zip(slots, proposed.items, strict=True):
            if item_text is not None:
                container[key] = _styled(container[key], item_text, item_indent)
    record = {"by": by, "version": version}
    applied = node.get("applied")
    if not isinstance(applied, CommentedSeq):
        applied = CommentedSeq()
        node["applied"] = applied
    if not any(dict(entry) == record for entry in applied if isinstance(entry, Mapping)):
        entry = CommentedMap(record)
        entry.fa.set_flow_style()
        applied.append(entry)
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()
