"""Build ground-truth YAML from the three real UPR reports of Slovenia (tests/data/upr/).

Runs ``pdftotext -layout`` on each PDF in ../shared/real-reports (or $UPR_PDF_DIR), removes the
running header (the document symbol), the page numbers, the job-number line, the barcode line and
footnote blocks, and writes one YAML file per report with the masthead particulars, the page count
and every recommendation (number as printed, text without States, States in order, response group,
clustered parts).

It also parses the plain (non-layout) ``pdftotext`` output with the same recommendation parser and
prints how the two differ, so the choice of extraction mode can be checked: ``--compare``.

Deterministic: running it again regenerates byte-identical files.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
# The issued PDFs live in the shared folder beside the repository (not in it: they are not ours).
PDF_DIR = Path(os.environ.get("UPR_PDF_DIR", ROOT.parent / "shared" / "real-reports"))
OUT_DIR = ROOT / "tests" / "data" / "upr"
SYMBOLS = ("A/HRC/14/15", "A/HRC/28/15", "A/HRC/43/15")

# Repairs of text that is genuinely defective in the PDF's text layer, keyed by (symbol, number as
# printed) -> (wrong, right).  Typos that are printed in the PDF itself (e.g. "childre," in
# A/HRC/28/15 115.104, "(netherlands)" in 115.106) are NOT repaired: the files record what is printed.
# The text layer of these three reports needed no repair (see tests/data/upr/README.md); the table is
# kept so that a later report's defects are recorded here rather than patched in the parser.
REPAIRS: dict[tuple[str, str], list[tuple[str, str]]] = {}

RESPONSES = (
    ("enjoy the support", "supported"),
    ("will be examined", "to be examined"),
    ("have been noted", "noted"),
    ("did not enjoy the support", "noted"),
)

PAGE_NUMBER = re.compile(r"^\d{1,3}$")
JOB_NUMBER = re.compile(r"^GE\.\d{2}-\d{5}")
FOOTNOTE_START = re.compile(r"^(\*{1,3})(?:\s+(.*))?$")
CHAPTER = re.compile(r"^([IVX]+)\.\s+(.*\S)$")
PARAGRAPH = re.compile(r"^(\d{1,3})\.\s+(.*)$")
RECS_HEADING = re.compile(r"^(?:([IVX]+)\.\s+)?(Conclusions and/or recommendations)(\**)$")
ITEM = re.compile(r"^(\d{1,3})\.(\d{1,3})?(?:\s+(.*))?$")


def run_pdftotext(pdf: Path, layout: bool) -> str:
    """Return the text layer of ``pdf`` as pdftotext prints it (UTF-8, pages split by form feeds)."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")


def decode_barcode(line: str) -> str | None:
    """The barcode font maps '*1423930*' to U+F02A U+F031 ...; return the decoded digits or None."""
    s = line.strip()
    if s and all(0xF000 <= ord(c) <= 0xF0FF for c in s):
        return "".join(chr(ord(c) - 0xF000) for c in s).strip()
    return None


def clean_pages(text: str, symbol: str) -> tuple[list[list[tuple[int, str]]], list[dict[str, Any]]]:
    """Split into pages and drop running headers, page numbers, job numbers, barcodes, footnotes.

    Returns the pages as lists of (page number, stripped line) -- blank lines kept as "" -- and the
    footnotes found below the first page, each with its marker, page and text.
    """
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    out: list[list[tuple[int, str]]] = []
    footnotes: list[dict[str, Any]] = []
    for pno, page in enumerate(pages, start=1):
        lines = [ln.rstrip() for ln in page.split("\n")]
        kept: list[tuple[int, str]] = []
        in_note: dict[str, Any] | None = None
        for raw in lines:
            s = raw.strip()
            if s == symbol or PAGE_NUMBER.match(s) or JOB_NUMBER.match(s) or decode_barcode(s):
                in_note = None if s else in_note
                continue
            m = FOOTNOTE_START.match(s)
            if pno > 1 and m:
                in_note = {"marker": m.group(1), "page": pno, "text": m.group(2) or ""}
                footnotes.append(in_note)
                continue
            if in_note is not None:
                if s:
                    in_note["text"] = (in_note["text"] + " " + s).strip()
                continue
            kept.append((pno, s))
        out.append(kept)
    for note in footnotes:
        note["text"] = normalise(note["text"])
    return out, footnotes


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines: a line ending in a hyphen after a letter is joined without a space.

    These reports are not hyphenated automatically: every hyphen at a line end is a hard hyphen of a
    compound ("same-sex", "awareness-raising", "non-refoulement", "Inter-Ministerial"), so it is
    kept and the two halves are joined with no space.
    """
    out = ""
    for s in lines:
        s = s.strip()
        if not s:
            continue
        if not out:
            out = s
        elif re.search(r"[A-Za-z]-$", out) and re.match(r"[A-Za-z]", s):
            out += s
        else:
            out += " " + s
    return normalise(out)


def normalise(s: str) -> str:
    """Collapse runs of white space (layout mode pads justified lines) to single spaces."""
    return re.sub(r"\s+", " ", s).strip()


def split_top_level(s: str, sep: str = ",") -> list[str]:
    """Split on ``sep`` outside parentheses."""
    parts, depth, cur = [], 0, ""
    for c in s:
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        if c == sep and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += c
    parts.append(cur)
    return [p.strip() for p in parts]


STATE_WORD = re.compile(r"^(?:[a-z]+[’'])?(?:[A-Z][a-zà-ž’'\-]*|[a-zà-ž’'\-]+)$")


def is_state_group(inner: str) -> bool:
    """True when a parenthesised group reads as a list of State names.

    Pattern only, no list of States: every comma-separated element is a run of words, each a
    capitalised or lower-case word (no digits, no all-capital acronyms such as "ICRMW"), and an
    element may end in a parenthesised qualifier of the same kind ("Iran (Islamic Republic of)").
    """
    for el in split_top_level(inner):
        m = re.match(r"^([^()]+?)(?:\s*\(([^()]+)\))?$", el)
        if not m:
            return False
        for chunk in (m.group(1), m.group(2) or ""):
            for w in chunk.split():
                if not STATE_WORD.match(w):
                    return False
        if not re.search(r"[A-Z]", m.group(1)) and not re.match(r"^[a-z]+$", m.group(1)):
            return False
    return True


def trailing_groups(s: str) -> tuple[str, list[str]]:
    """Strip balanced parenthesised groups from the end of ``s`` while they are State groups."""
    groups: list[str] = []
    s = s.rstrip()
    while s.endswith(")"):
        depth, i = 0, len(s) - 1
        while i >= 0:
            if s[i] == ")":
                depth += 1
            elif s[i] == "(":
                depth -= 1
                if depth == 0:
                    break
            i -= 1
        if i < 0:
            break
        inner = s[i + 1 : -1]
        if not is_state_group(inner):
            break
        groups.insert(0, inner)
        s = s[:i].rstrip()
    return s, groups


def states_of(groups: list[str]) -> list[str]:
    """Flatten State groups into a list of names, in order."""
    return [el for g in groups for el in split_top_level(g) if el]


def find_groups(s: str) -> list[tuple[int, int, str]]:
    """All top-level parenthesised groups of ``s`` as (start, end, inner)."""
    out, depth, start = [], 0, -1
    for i, c in enumerate(s):
        if c == "(":
            if depth == 0:
                start = i
            depth += 1
        elif c == ")" and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i + 1, s[start + 1 : i]))
    return out


def parse_item(printed: str) -> dict[str, Any]:
    """Split one recommendation as printed into text, States and clustered parts.

    Clusters come in two forms: parts joined by "; " each ending in its States ("... (Egypt); continue
    ... (Peru); ..."), and the first cycle's alternatives joined by "/" each with its States followed
    by a shared object ("joining (Algeria)/sign and ratify (Egypt)/... of the Convention ... (Algeria,
    Egypt, ...)").
    """
    body = re.sub(r"[;.]$", "", printed).rstrip()
    # Boundaries: a State group followed by "; " or "/" (only State groups count).
    cuts: list[tuple[int, int, str, str]] = []
    for start, end, inner in find_groups(body):
        nxt = body[end : end + 2]
        if is_state_group(inner) and (nxt.startswith("; ") or nxt.startswith("/")):
            cuts.append((start, end, inner, ";" if nxt.startswith(";") else "/"))
    item: dict[str, Any] = {}
    if not cuts:
        text, groups = trailing_groups(body)
        item["text"] = text
        item["states"] = states_of(groups)
        return item
    kind = cuts[0][3]
    parts: list[dict[str, Any]] = []
    pos = 0
    for start, end, inner, _ in cuts:
        seg = body[pos:start].strip()
        parts.append({"text": seg, "states": states_of([inner])})
        pos = end + (2 if body[end : end + 2] == "; " else 1)
    tail = body[pos:].strip()
    if kind == ";":
        text, groups = trailing_groups(tail)
        parts.append({"text": text, "states": states_of(groups)})
        item["text"] = "; ".join(p["text"] for p in parts)
        item["cluster"] = "semicolon"
        item["parts"] = parts
        states: list[str] = []
        for p in parts:
            states += [s for s in p["states"] if s not in states]
        item["states"] = states
        return item
    # "/" alternatives: the last part's own State group is followed by the shared object.
    m = re.match(r"^(.*?)\s*\(([^()]*)\)\s+(.*)$", tail)
    if m and is_state_group(m.group(2)):
        parts.append({"text": m.group(1).strip(), "states": states_of([m.group(2)])})
        tail = m.group(3)
    named = {s for p in parts for s in p["states"]}
    shared_states: list[list[str]] = []
    shared = tail
    for start, end, inner in reversed(find_groups(tail)):
        if is_state_group(inner) and set(split_top_level(inner)) <= named:
            shared_states.insert(0, split_top_level(inner))
            shared = (shared[:start].rstrip() + " " + shared[end:].lstrip()).strip()
    shared = normalise(shared)
    states = []
    for p in parts:
        states += [s for s in p["states"] if s not in states]
    item["text"] = "/".join(p["text"] for p in parts) + " " + shared
    item["states"] = states
    item["cluster"] = "alternatives"
    item["parts"] = parts
    item["shared_text"] = shared
    item["shared_state_groups"] = shared_states
    return item


def response_of(lead_in: str) -> str:
    """The response group as the lead-in sentence words it."""
    low = lead_in.lower()
    for key, value in sorted(RESPONSES, key=lambda kv: -len(kv[0])):
        if key in low:
            return value
    return "unknown"


def recommendations(pages: list[list[tuple[int, str]]], symbol: str) -> dict[str, Any]:
    """Find the chapter 'Conclusions and/or recommendations' and parse its numbered list(s)."""
    lines = [pl for page in pages for pl in page]
    start = next(i for i, (_, s) in enumerate(lines) if RECS_HEADING.match(s))
    heading = RECS_HEADING.match(lines[start][1])
    assert heading
    number = heading.group(1)
    if number is None:  # plain pdftotext puts the chapter number on a line of its own
        number = next(s for _, s in reversed(lines[:start]) if s).rstrip(".")
    paras: list[dict[str, Any]] = []
    cur_para: dict[str, Any] | None = None
    cur_item: dict[str, Any] | None = None
    for pno, s in lines[start + 1 :]:
        if not s:
            continue
        if CHAPTER.match(s) or re.match(r"^[IVX]+\.$", s) or s == "Annex":
            break
        pm = PARAGRAPH.match(s)
        if pm and (cur_para is None or int(pm.group(1)) == cur_para["paragraph"] + 1):
            cur_para = {"paragraph": int(pm.group(1)), "lead": [pm.group(2)], "items": []}
            paras.append(cur_para)
            cur_item = None
            continue
        if cur_para is None:
            continue
        im = ITEM.match(s)
        if im:
            major, minor = int(im.group(1)), im.group(2)
            nxt = len(cur_para["items"]) + 1
            compound = minor is not None and major == cur_para["paragraph"] and int(minor) == nxt
            simple = minor is None and major == nxt
            if compound or simple:
                label = f"{major}.{minor}" if compound else f"{major}."
                cur_item = {"label": label, "page": pno, "lines": [im.group(3) or ""], "pages": {pno}}
                cur_para["items"].append(cur_item)
                continue
        if cur_item is None:
            cur_para["lead"].append(s)
        else:
            cur_item["lines"].append(s)
            cur_item["pages"].add(pno)
    groups, items, closings = [], [], []
    for para in paras:
        if not para["items"]:
            closings.append({"paragraph": para["paragraph"], "text": join_lines(para["lead"])})
            continue
        lead = join_lines(para["lead"])
        response = response_of(lead)
        groups.append(
            {
                "paragraph": para["paragraph"],
                "lead_in": lead,
                "response": response,
                "count": len(para["items"]),
            }
        )
        for it in para["items"]:
            printed = join_lines(it["lines"])
            for wrong, right in REPAIRS.get((symbol, it["label"]), []):
                assert wrong in printed, (symbol, it["label"], wrong)
                printed = printed.replace(wrong, right)
            label = it["label"]
            compound = f"{para['paragraph']}.{label[:-1]}" if label.endswith(".") else label
            rec: dict[str, Any] = {"number": compound, "printed_label": label}
            rec.update(parse_item(printed))
            rec["response"] = response
            rec["paragraph"] = para["paragraph"]
            rec["pages"] = sorted(it["pages"])
            rec["printed"] = printed
            items.append(rec)
    return {
        "chapter": {"number": number, "title": heading.group(2), "footnote_marker": heading.group(3) or None},
        "groups": groups,
        "closing": closings,
        "recommendations": items,
    }


def masthead(layout_text: str) -> dict[str, Any]:
    """Read the masthead, session lines, title, subtitle, title footnote and job number of page 1."""
    page1 = layout_text.split("\f")[0]
    rows = [ln.rstrip() for ln in page1.split("\n")]
    cells = [[c for c in re.split(r"\s{2,}", r.strip()) if c] for r in rows]
    info: dict[str, Any] = {}
    i = 0
    right: list[str] = []
    left: list[str] = []
    while i < len(rows):
        row = cells[i]
        i += 1
        if not row:
            if info.get("original"):
                break
            continue
        for c in row:
            if re.match(r"^[A-Z]+/", c):
                info["symbol"] = c
            elif c.startswith("Distr.:"):
                info["distribution"] = c.split(":", 1)[1].strip()
            elif c.startswith("Original:"):
                info["original"] = c.split(":", 1)[1].strip()
            elif re.match(r"^\d{1,2} [A-Z][a-z]+ \d{4}$", c):
                info["date"] = c
            elif c in ("United Nations",):
                left.append(c)
            else:
                right.append(c)
    info["organization"] = left[0] if left else None
    info["issuing_organ"] = right[0] if right else None
    blocks: list[list[str]] = []
    cur: list[str] = []
    for r in rows[i:]:
        s = r.strip()
        if not s:
            if cur:
                blocks.append(cur)
                cur = []
            continue
        cur.append(s)
    if cur:
        blocks.append(cur)
    flat = [s for b in blocks for s in b]
    info["session_lines"] = blocks[0]
    title = " ".join(blocks[1])
    info["title"] = normalise(re.sub(r"\*+$", "", title))
    info["title_lines"] = blocks[1]
    info["title_footnote_marker"] = re.search(r"(\*+)$", title).group(1) if title.endswith("*") else None
    info["subtitle"] = " ".join(blocks[2])
    note: list[str] = []
    for s in flat[flat.index(blocks[2][-1]) + 1 :]:
        if JOB_NUMBER.match(s) or decode_barcode(s):
            break
        note.append(s)
    info["title_footnote"] = normalise(re.sub(r"^\*+", "", " ".join(note)))
    info["job_number"] = next(s for s in flat if JOB_NUMBER.match(s))
    info["barcode_text"] = next((decode_barcode(s) for s in flat if decode_barcode(s)), None)
    return info


def build(pdf: Path, symbol: str, layout: bool = True) -> dict[str, Any]:
    """Everything recorded for one report, from one pdftotext mode."""
    text = run_pdftotext(pdf, layout=layout)
    pages, footnotes = clean_pages(text, symbol)
    data: dict[str, Any] = {"source": pdf.name, "extraction": "pdftotext -layout" if layout else "pdftotext"}
    if layout:
        data["masthead"] = masthead(text)
    data["pages"] = len(pages)
    data["footnotes_after_page_1"] = footnotes
    data.update(recommendations(pages, symbol))
    return data


def compare(pdf: Path, symbol: str) -> list[str]:
    """Differences between the recommendations parsed from -layout and from plain pdftotext."""
    a = build(pdf, symbol, layout=True)["recommendations"]
    b = build(pdf, symbol, layout=False)["recommendations"]
    out = [f"{symbol}: layout {len(a)} items, plain {len(b)} items"]
    bb = {r["number"]: r for r in b}
    for r in a:
        o = bb.get(r["number"])
        if o is None:
            out.append(f"  {r['number']}: missing in plain")
        elif o["printed"] != r["printed"]:
            out.append(f"  {r['number']}: layout {r['printed']!r}")
            out.append(f"  {r['number']}: plain  {o['printed']!r}")
    return out


HEADER = (
    "# Generated by scripts/make_upr_truth.py from {source} (pdftotext -layout); do not edit by hand.\n"
    "# See tests/data/upr/README.md for what the fields hold and how they were checked.\n"
)


def main(argv: list[str] | None = None) -> int:
    """Write tests/data/upr/<symbol>.yaml for the three reports (or compare extraction modes)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--compare", action="store_true", help="print -layout vs plain differences only")
    ap.add_argument("--out", type=Path, default=OUT_DIR, help="folder for the YAML files")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for symbol in SYMBOLS:
        name = symbol.replace("/", "-")
        pdf = PDF_DIR / f"{name}.pdf"
        if args.compare:
            print("\n".join(compare(pdf, symbol)))
            continue
        data = build(pdf, symbol)
        body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        (args.out / f"{name}.yaml").write_text(HEADER.format(source=pdf.name) + body, encoding="utf-8")
        counts = ", ".join(f"{g['paragraph']}: {g['count']} {g['response']}" for g in data["groups"])
        n = len(data["recommendations"])
        print(f"{name}.yaml: {data['pages']} pages, {n} recommendations ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
