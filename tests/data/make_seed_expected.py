"""Make tests/data/seed_expected.json from the reference report's extracted text.

The reference report (the Working Group on Firearms, Vienna, 10-12 May 2021) was extracted from its PDF
into ``wg-firearms-2021-report.txt``; the extraction left defects that the real document does not have
(see the README beside it). This script repairs them one by one, each repair named and checked to apply
exactly as often as expected, then cuts the text into numbered paragraphs, recommendations, their
subparagraphs and the footnotes. The tests compare what reportkit builds from ``content/`` with it.

Usage (from the repository root):

    .venv/bin/python tests/data/make_seed_expected.py [SEED_DIR]

SEED_DIR defaults to ``../shared/seed`` relative to the repository root. The JSON is written beside
this script.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
DEFAULT_SEED_DIR = REPO_ROOT.parent / "shared" / "seed"
SEED_FILE = "wg-firearms-2021-report.txt"
OUTPUT = HERE / "seed_expected.json"

# Subparagraph lists whose items are kept (key in the JSON -> the unit that carries them).
SUBITEM_KEYS = {
    ("recommendation", 46): "rec-46",
    ("recommendation", 47): "rec-47",
    ("paragraph", 56): "para-56",
}

Lines = list[str]


class RepairError(Exception):
    """A repair did not find what it expects: the seed is not the text this script was written for."""


def expect(count: int, wanted: int, repair: str) -> None:
    if count != wanted:
        raise RepairError(f"{repair}: applied {count} times, expected {wanted}")


# ---------------------------------------------------------------------------------------------------
# The repairs, in the order they are applied. Each takes and returns the list of lines.
# ---------------------------------------------------------------------------------------------------

FOOTNOTES: dict[str, str] = {}  # filled by cut_footnote_texts

PAGE_FOOTER = re.compile(r"^V\.21-03928 \**\d+\**/\**\d+\**$")  # "V.21-03928 3/16", "V.21-03928 **15/16**"


def drop_masthead_remnants(lines: Lines) -> Lines:
    """The masthead was lost in extraction; what is left of it (distribution, date, original language,
    title) precedes the first chapter heading and is not part of the numbered text."""
    start = lines.index("I. Introduction")
    expect(sum(1 for line in lines[:start] if line.strip()), 3, "drop_masthead_remnants")
    return lines[start:]


def remove_page_footers(lines: Lines) -> Lines:
    """Page footers ("V.21-03928 3/16", some with Markdown bold) were extracted into the text."""
    kept = [line for line in lines if not PAGE_FOOTER.match(line.strip())]
    expect(len(lines) - len(kept), 7, "remove_page_footers")
    return kept


def cut_footnote_texts(lines: Lines) -> Lines:
    """The footnotes ("¹ On behalf of …", "² Ibid.") were extracted at the foot of their page, in the
    middle of paragraph 52. Take them out of the running text and keep them as the footnotes."""
    kept = []
    for line in lines:
        match = re.match(r"^([¹²])\s*(.+)$", line.strip())
        if match:
            FOOTNOTES[str("¹²".index(match.group(1)) + 1)] = match.group(2)
        else:
            kept.append(line)
    expect(len(FOOTNOTES), 2, "cut_footnote_texts")
    return kept


# A page break split these paragraphs in two (and left a blank line between the halves):
# (end of the first half, start of the second half).
PAGE_BREAK_SPLITS = [
    ("and refrain from transferring", "arms to criminal groups"),  # recommendation 23
    ("General Director for Legal", "Affairs of the Financial Intelligence Unit"),  # paragraph 8
    ("to share further", "observations or provide ideas"),  # paragraph 13
    ("were mainly made at the domestic", "level, with less than 10 per cent"),  # paragraph 25
    ("as well as unmarked firearms already in", "circulation. Moreover,"),  # paragraph 30
    ("Brazil, Cuba, European", "Union, Finland and Mexico."),  # paragraph 46
    ("Malaysia, Philippines, Russian", "Federation, Somalia, Sri Lanka"),  # paragraph 52
]


def rejoin_page_break_splits(lines: Lines) -> Lines:
    """Rejoin the halves of paragraphs split by a page break, words such as "European / Union" included."""
    lines = list(lines)
    for end, start in PAGE_BREAK_SPLITS:
        joined = 0
        for i, line in enumerate(lines):
            if not line.rstrip().endswith(end):
                continue
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines) and lines[j].lstrip(" -").startswith(start):
                lines[i] = line.rstrip() + " " + lines[j].lstrip(" -")
                del lines[i + 1 : j + 1]
                joined += 1
                break
        expect(joined, 1, f"rejoin_page_break_splits {end!r} / {start!r}")
    return lines


# The agenda printed under paragraph 49 is generated from agenda.yaml, not written as text.
AGENDA_LIST = re.compile(r"^\s*-\s+(\d\.|\([a-z]\))\s")


def drop_agenda_list(lines: Lines) -> Lines:
    """Take out the agenda listed under paragraph 49 (its entries look like paragraphs "- 1. …")."""
    start = next(i for i, line in enumerate(lines) if line.startswith("- 49. "))
    end = start + 1
    while end < len(lines) and AGENDA_LIST.match(lines[end]):
        end += 1
    expect(end - start - 1, 8, "drop_agenda_list")
    return lines[: start + 1] + lines[end:]


def remove_list_markers(lines: Lines) -> Lines:
    """Strip the "- " bullets that extraction put before numbered paragraphs and subparagraphs."""
    stripped = [re.sub(r"^\s*-\s+", "", line) for line in lines]
    expect(sum(a != b for a, b in zip(lines, stripped, strict=True)), 67, "remove_list_markers")
    return stripped


def restore_paragraph_23_number(lines: Lines) -> Lines:
    """Paragraph 23 lost its number."""
    opening = "The representative of the Group of Western European and other States referred to the"
    hits = [i for i, line in enumerate(lines) if line.startswith(opening)]
    expect(len(hits), 1, "restore_paragraph_23_number")
    lines = list(lines)
    lines[hits[0]] = "23. " + lines[hits[0]]
    return lines


# The "Recommendation N" headings lost in extraction: N -> how the recommendation's text starts.
LOST_RECOMMENDATION_HEADINGS = {
    8: "Acknowledging that criminal and terrorist groups may participate",
    17: "Taking into account the close links between firearms trafficking and transnational organized crime",
    32: "States parties to the Firearms Protocol should establish, in accordance with domestic law, a",
    40: "In view of the fact that theft, loss or other forms of diversion",
}


def restore_lost_recommendation_headings(lines: Lines) -> Lines:
    """Put back the headings "Recommendation 8", "17", "32" and "40" before their texts."""
    lines = list(lines)
    for number, opening in LOST_RECOMMENDATION_HEADINGS.items():
        hits = [i for i, line in enumerate(lines) if line.startswith(opening)]
        expect(len(hits), 1, f"restore_lost_recommendation_headings {number}")
        lines[hits[0] : hits[0]] = [f"Recommendation {number}", ""]
    return lines


def end_rec_47_f_with_semicolon(lines: Lines) -> Lines:
    """Subparagraph (f) of recommendation 47 ends with ":" instead of ";"."""
    lines = list(lines)
    hits = [
        i
        for i, line in enumerate(lines)
        if line.startswith("(f) Addressing the issue of illicit manufacturing")
    ]
    expect(len(hits), 1, "end_rec_47_f_with_semicolon")
    if not lines[hits[0]].endswith("3D-printing of firearms:"):
        raise RepairError("end_rec_47_f_with_semicolon: (f) does not end with a colon")
    lines[hits[0]] = lines[hits[0]][:-1] + ";"
    return lines


def remove_footnote_markers(lines: Lines) -> Lines:
    """Footnote reference marks are not part of the text (¹ was lost in paragraph 46; ² survives in 47)."""
    marked = sum(line.count("¹") + line.count("²") for line in lines)
    expect(marked, 1, "remove_footnote_markers")
    return [line.replace("¹", "").replace("²", "") for line in lines]


@dataclass(frozen=True)
class Repair:
    name: str
    apply: Callable[[Lines], Lines]


REPAIRS = [
    Repair("masthead remnants", drop_masthead_remnants),
    Repair("page footers", remove_page_footers),
    Repair("footnote texts inside paragraph 52", cut_footnote_texts),
    Repair("paragraphs split by page breaks", rejoin_page_break_splits),
    Repair("agenda list of paragraph 49 (generated)", drop_agenda_list),
    Repair('"- " list markers', remove_list_markers),
    Repair("number of paragraph 23", restore_paragraph_23_number),
    Repair('lost "Recommendation N" headings', restore_lost_recommendation_headings),
    Repair('";" at the end of recommendation 47 (f)', end_rec_47_f_with_semicolon),
    Repair("footnote markers in the running text", remove_footnote_markers),
]


# ---------------------------------------------------------------------------------------------------
# Cutting the repaired text into units
# ---------------------------------------------------------------------------------------------------

HEADING = re.compile(r"^(?:[IVX]+|[A-E])\. [A-Z]")  # "I. Introduction", "B. Statements"
PARAGRAPH = re.compile(r"^(\d+)\. (.+)$")
RECOMMENDATION = re.compile(r"^Recommendation (\d+)$")
SUBITEM = re.compile(r"^\(([a-z])\) (.+)$")


def cut(lines: Lines) -> dict:
    paragraphs: dict[str, str] = {}
    recommendations: dict[str, str] = {}
    subitems: dict[str, list[str]] = {}
    current: tuple[str, int] | None = None  # the unit that subparagraphs belong to
    pending_recommendation: int | None = None  # a heading waiting for its text

    for line in (line.strip() for line in lines):
        if not line:
            continue
        if pending_recommendation is not None:
            recommendations[str(pending_recommendation)] = line
            current, pending_recommendation = ("recommendation", pending_recommendation), None
        elif match := RECOMMENDATION.match(line):
            number = int(match.group(1))
            if number != len(recommendations) + 1:
                raise RepairError(f"recommendation {number} out of order")
            pending_recommendation = number
        elif match := PARAGRAPH.match(line):
            number = int(match.group(1))
            if number != len(paragraphs) + 1:
                raise RepairError(f"paragraph {number} out of order")
            paragraphs[str(number)] = match.group(2)
            current = ("paragraph", number)
        elif match := SUBITEM.match(line):
            if current not in SUBITEM_KEYS:
                raise RepairError(f"unexpected subparagraph after {current}: {line[:60]}")
            items = subitems.setdefault(SUBITEM_KEYS[current], [])
            if match.group(1) != "abcdefghijklmnopqrstuvwxyz"[len(items)]:
                raise RepairError(f"subparagraph ({match.group(1)}) of {current} out of order")
            items.append(match.group(2))
        elif HEADING.match(line):
            current = None
        else:
            raise RepairError(f"line not understood: {line[:80]}")

    return {
        "paragraphs": paragraphs,
        "recommendations": recommendations,
        "footnotes": dict(FOOTNOTES),
        "subitems": subitems,
    }


def main(argv: list[str]) -> int:
    seed_dir = Path(argv[1]) if len(argv) > 1 else DEFAULT_SEED_DIR
    lines = (seed_dir / SEED_FILE).read_text(encoding="utf-8").splitlines()
    for repair in REPAIRS:
        lines = repair.apply(lines)
    expected = cut(lines)

    counts = {key: len(expected[key]) for key in ("paragraphs", "recommendations", "footnotes")}
    if counts != {"paragraphs": 57, "recommendations": 47, "footnotes": 2}:
        raise RepairError(f"unexpected counts {counts}")
    items = {key: len(value) for key, value in expected["subitems"].items()}
    if items != {"rec-46": 2, "rec-47": 11, "para-56": 3}:
        raise RepairError(f"unexpected subparagraph counts {items}")

    OUTPUT.write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(REPO_ROOT)}: {counts}, subparagraphs {items}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
