"""Property-based tests: generated drafts go through load, number, resolve and every writer.

The only acceptable outcomes are valid outputs or clean diagnostics — never an exception. Drafts are
random structures (chapters, sections, paragraphs, recommendations, sub-items), random texts with any
Unicode, random references (often to ids that exist, sometimes not, sometimes malformed) and random
footnotes; some files are random bytes. CI runs the "ci" profile; `pytest --hypothesis-profile=deep
tests/test_fuzz.py` runs many more examples. Any crash found becomes a case in tests/bad-inputs/.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import event, given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from reportkit.build import WRITERS, render_outputs
from reportkit.diagnostics import Severity
from reportkit.pipeline import prepare
from tests.conftest import MINI

DIAGNOSTIC_LINE = re.compile(r"^\S.*:\d+:\d+: (error|warning|note)\[[a-z0-9-]+\]: .+$")
IDS = ["a", "b", "c", "intro", "rec-1", "rec-2", "para-x", "item-1", "item-2", "sec-a", "sec-b", "Bad Id"]
THEMES = ["marking", "cooperation", "unknown-theme"]

ids = st.sampled_from(IDS)
plain_text = st.text(min_size=0, max_size=40)
markup = st.one_of(
    plain_text,
    ids.map(lambda i: f"[[{i}]]"),
    st.tuples(ids, ids).map(lambda p: f"[[{p[0]}..{p[1]}]]"),
    st.lists(ids, min_size=2, max_size=3).map(lambda xs: f"[[{', '.join(xs)}]]"),
    st.tuples(ids, st.sampled_from(["number", "title", "cap", "bogus"])).map(lambda p: f"[[{p[0]}|{p[1]}]]"),
    plain_text.map(lambda t: f"^[{t}]"),
    st.sampled_from(["[[", "]]", "^[", "\\[[", "CTOC/COP/WG.6/2021/INF/1/Rev.1.", "<script>x</script>"]),
)
texts = st.lists(markup, min_size=0, max_size=5).map("".join)

sub_items = st.recursive(
    st.lists(texts, min_size=1, max_size=3),
    lambda children: st.lists(
        st.fixed_dictionaries({"text": texts}, optional={"item": ids, "items": children}),
        min_size=1,
        max_size=3,
    ),
    max_leaves=6,
)


def _paragraph() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"paragraph": ids, "text": texts}, optional={"items": sub_items, "show_agenda": st.booleans()}
    )


def _recommendation() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "recommendation": ids,
            "text": texts,
            "status": st.sampled_from(["adopted", "proposed", "withdrawn", "agreed", "nonsense"]),
            "themes": st.lists(st.sampled_from(THEMES), min_size=0, max_size=2),
        },
        optional={"agenda_item": ids, "items": sub_items, "extra_key": plain_text},
    )


blocks = st.recursive(
    st.lists(st.one_of(_paragraph(), _recommendation()), max_size=4),
    lambda children: st.lists(
        st.one_of(
            _paragraph(),
            _recommendation(),
            st.fixed_dictionaries({"section": ids, "title": plain_text, "content": children}),
        ),
        max_size=4,
    ),
    max_leaves=12,
)
chapters = st.lists(
    st.fixed_dictionaries({"chapter": ids, "title": plain_text, "content": blocks}), min_size=1, max_size=3
)
agenda = st.lists(
    st.fixed_dictionaries(
        {"item": ids, "title": plain_text},
        optional={"items": st.lists(st.fixed_dictionaries({"item": ids, "title": plain_text}), max_size=2)},
    ),
    min_size=1,
    max_size=3,
)
# Whole files of random bytes stand in for files damaged by an editor, a bad paste or a wrong encoding.
garbage = st.one_of(
    st.binary(max_size=80), st.text(max_size=80).map(lambda t: t.encode("utf-8", "surrogatepass"))
)


def _dump(data: Any) -> bytes:
    stream = io.StringIO()
    YAML(typ="rt").dump(data, stream)
    return stream.getvalue().encode("utf-8", "surrogatepass")


def _write_drafts(
    folder: Path,
    the_chapters: list[dict[str, Any]],
    the_agenda: list[dict[str, Any]],
    damaged: dict[str, bytes],
) -> None:
    (folder / "chapters").mkdir(parents=True)
    report = {
        "meeting": {
            "issuing_body": "Conference of the Parties",
            "symbol": "CTOC/COP/WG.6/2099/1",
            "job_number": "V.99-00001",
            "date": "2099-01-31",
            "title": "A generated report",
            "venue": "Vienna",
            "start_date": "2099-01-10",
            "end_date": "2099-01-12",
        },
        "agenda": "agenda.yaml",
        "themes": "themes.yaml",
        "chapters": [f"chapters/{n}.yaml" for n in range(len(the_chapters))],
    }
    files = {
        "report.yaml": _dump(report),
        "agenda.yaml": _dump({"agenda": the_agenda}),
        "themes.yaml": _dump(
            {
                "themes": [
                    {"theme": "marking", "title": "Marking"},
                    {"theme": "cooperation", "title": "Cooperation"},
                ]
            }
        ),
    }
    for number, chapter in enumerate(the_chapters):
        files[f"chapters/{number}.yaml"] = _dump(chapter)
    files.update(damaged)
    for relative, data in files.items():
        (folder / relative).write_bytes(data)


def _run_everything(content: Path) -> None:
    prepared = prepare(content)
    for diagnostic in prepared.diagnostics:
        first_line = diagnostic.render().split("\n")[0]
        assert DIAGNOSTIC_LINE.match(first_line), first_line
        assert diagnostic.hint, first_line
    event("valid draft" if prepared.ok else "invalid draft")
    if prepared.ok:
        assert prepared.report is not None
        outputs = render_outputs(prepared.report, list(WRITERS))
        assert outputs["report.md"]
        assert outputs["report.docx"].startswith(b"PK")
        assert outputs["pages/index.md"]
    else:
        assert any(d.severity is Severity.ERROR for d in prepared.diagnostics)


@given(
    the_chapters=chapters,
    the_agenda=agenda,
    damaged=st.dictionaries(
        st.sampled_from(["themes.yaml", "chapters/0.yaml", "agenda.yaml"]), garbage, max_size=1
    ),
)
def test_generated_drafts_give_outputs_or_clean_diagnostics(
    the_chapters: list[dict[str, Any]], the_agenda: list[dict[str, Any]], damaged: dict[str, bytes]
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="reportkit-fuzz-"))
    try:
        _write_drafts(folder / "content", the_chapters, the_agenda, damaged)
        _run_everything(folder / "content")
    finally:
        shutil.rmtree(folder)


# --------------------------------------------------------------------------- drafts that are valid

# Any character a draft may hold: everything but markup (brackets, emphasis), controls and lone surrogates.
safe_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="[]^\\*"),
    min_size=1,
    max_size=60,
).filter(lambda t: t.strip())


@st.composite
def valid_drafts(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Chapters with unique ids and references only to ids that exist, in every form."""
    counter = iter(range(10_000))
    made: list[tuple[str, str]] = []  # (id, kind) in document order

    def new_id(kind: str) -> str:
        identifier = f"{kind[:3]}-{next(counter)}"
        made.append((identifier, kind))
        return identifier

    def text() -> str:
        pieces = draw(st.lists(st.one_of(safe_text, st.just("REF"), st.just("NOTE")), min_size=1, max_size=4))
        return "".join(pieces)

    def block(depth: int) -> dict[str, Any]:
        kind = draw(
            st.sampled_from(["paragraph", "recommendation", "section"] if depth < 3 else ["paragraph"])
        )
        if kind == "section":
            return {
                "section": new_id("section"),
                "title": draw(safe_text),
                "content": [block(depth + 1) for _ in range(draw(st.integers(2, 3)))],
            }
        entry: dict[str, Any] = {kind: new_id(kind), "text": text()}
        if kind == "recommendation":
            entry.update(status=draw(st.sampled_from(["adopted", "proposed", "agreed"])), themes=["marking"])
        if draw(st.booleans()):
            entry["items"] = [text() for _ in range(draw(st.integers(1, 3)))]
        return entry

    chapters = [
        {
            "chapter": new_id("chapter"),
            "title": draw(safe_text),
            "content": [block(2) for _ in range(draw(st.integers(1, 4)))],
        }
        for _ in range(draw(st.integers(1, 3)))
    ]
    # Lone subheadings are an error by design; give every lone section a sibling.
    for container in _containers(chapters):
        sections = [b for b in container if "section" in b]
        if len(sections) == 1:
            container.append(
                {
                    "section": new_id("section"),
                    "title": "Sibling",
                    "content": [{"paragraph": new_id("paragraph"), "text": "x"}],
                }
            )
    ids = [identifier for identifier, _ in made]

    def fill(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fill(v) for v in value]
        if isinstance(value, str):
            while "REF" in value:
                target = draw(st.sampled_from(ids))
                form = draw(st.sampled_from(["", "|number", "|cap"]))
                value = value.replace("REF", f"[[{target}{form}]]", 1)
            while "NOTE" in value:
                value = value.replace("NOTE", f"^[{draw(safe_text)}]", 1)
        return value

    return [fill(chapter) for chapter in chapters]


def _containers(chapters: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    found = []
    stack = [chapter["content"] for chapter in chapters]
    while stack:
        content = stack.pop()
        found.append(content)
        stack.extend(b["content"] for b in content if "section" in b)
    return found


@given(the_chapters=valid_drafts())
def test_valid_generated_drafts_build_every_output(the_chapters: list[dict[str, Any]]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="reportkit-fuzz-"))
    try:
        _write_drafts(folder / "content", the_chapters, [{"item": "item-x", "title": "An item"}], {})
        prepared = prepare(folder / "content")
        # A self-reference is the only error a valid draft can hit; editorial warnings ("%") may come.
        errors = {d.code for d in prepared.diagnostics if d.severity is Severity.ERROR}
        assert errors <= {"self-ref"}, [d.render() for d in prepared.diagnostics]
        event("built" if prepared.ok else "self-reference")
        if prepared.ok:
            assert prepared.report is not None
            outputs = render_outputs(prepared.report, list(WRITERS))
            assert outputs["report.docx"].startswith(b"PK")
    finally:
        shutil.rmtree(folder)


# --------------------------------------------------------------------------- YAML's own hazards

# Explicit tags, each with values that fit and values that do not; unknown and unsafe tags as well.
TAGS = ["", "", "!!str ", "!!int ", "!!bool ", "!!float ", "!!timestamp ", "!!null ", "!!binary ", "!!set ",
        "!!omap ", "!!python/object/apply:os.system ", "!local "]  # fmt: skip
SCALARS = ["abc", "yes", "maybe", "12", "1e999", "0x1F", ".nan", "2021-06-30", "2021-06-31", "0000-01-01",
           "9" * 5000, "~", "'quoted'", '"esc\\x0b"', '"\\ud800"', "2021-05-20 25:61:00"]  # fmt: skip


@st.composite
def yaml_values(draw: st.DrawFn, depth: int = 0, anchors: tuple[str, ...] = ()) -> str:
    """A flow-style YAML value as text: tagged scalars, lists and mappings, with anchors, aliases to
    them (recursive ones too, from inside the anchored collection) and aliases to nothing."""
    anchor = f"a{draw(st.integers(0, 3))}" if draw(st.booleans()) else None
    known = (*anchors, anchor) if anchor else anchors
    kind = draw(st.sampled_from(["scalar", "alias", "list", "map"] if depth < 4 else ["scalar", "alias"]))
    if kind == "alias":
        return f"*{draw(st.sampled_from(known))}" if known else "*nowhere"
    prefix = f"&{anchor} " if anchor else ""
    if kind == "scalar":
        return f"{prefix}{draw(st.sampled_from(TAGS))}{draw(st.sampled_from(SCALARS))}"
    children = draw(st.lists(yaml_values(depth + 1, known), max_size=3))
    if kind == "list":
        return f"{prefix}{draw(st.sampled_from(['', '!!seq ']))}[{', '.join(children)}]"
    keys = [f"k{n}" for n in range(len(children))]
    return f"{prefix}{{{', '.join(f'{k}: {v}' for k, v in zip(keys, children, strict=True))}}}"


@given(value=yaml_values(), line_end=st.sampled_from(["\n", "\r\n", "\r"]))
def test_tags_anchors_aliases_and_line_ends_give_clean_diagnostics(value: str, line_end: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix="reportkit-fuzz-"))
    try:
        content = folder / "content"
        shutil.copytree(MINI, content)
        themes = content / "themes.yaml"
        text = themes.read_text("utf-8").replace("title: Marking", f"title: {value}", 1)
        themes.write_bytes(text.replace("\n", line_end).encode("utf-8"))
        prepared = prepare(content)
        for diagnostic in prepared.diagnostics:
            first_line = diagnostic.render().split("\n")[0]
            assert DIAGNOSTIC_LINE.match(first_line), first_line
            assert diagnostic.hint, first_line
            # Every place is inside the file: line ends of any style are counted as the parser counts.
            if diagnostic.loc.path.endswith("themes.yaml"):
                assert 1 <= diagnostic.loc.line <= 5, first_line
        if "*" in value:  # an alias, to something or to nothing, is never accepted
            assert not prepared.ok
        event("valid" if prepared.ok else "refused")
    finally:
        shutil.rmtree(folder)


@given(the_chapters=valid_drafts(), line_end=st.sampled_from(["\r\n", "\r"]))
def test_line_end_style_does_not_change_the_report(the_chapters: list[dict[str, Any]], line_end: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix="reportkit-fuzz-"))
    try:
        unix, other = folder / "unix", folder / "other"
        agenda = [{"item": "item-x", "title": "An item"}]
        _write_drafts(unix, the_chapters, agenda, {})
        _write_drafts(other, the_chapters, agenda, {})
        for path in other.rglob("*.yaml"):
            path.write_bytes(path.read_bytes().replace(b"\n", line_end.encode()))
        first, second = prepare(unix), prepare(other)
        assert [d.render() for d in second.diagnostics] == [
            d.render().replace("/unix/", "/other/") for d in first.diagnostics
        ]
        if first.ok:
            assert first.report is not None and second.report is not None
            assert render_outputs(first.report, ["md"]) == render_outputs(second.report, ["md"])
    finally:
        shutil.rmtree(folder)
