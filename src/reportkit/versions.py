"""Recorded versions: a snapshot of what was circulated, kept as YAML in the content folder.

`reportkit circulate --as v1` freezes the report as delegations received it into
`content/versions/v1.yaml`, so the file lives in git beside the drafts and later commands can compare any
two versions, or a version and the current drafts, without rebuilding history. A snapshot holds text as
a reader saw it (references rendered, footnotes apart), the ids that make comparison independent of
position, and the numbers that were printed, so that "recommendation 12 of version 1" can be answered
after the drafts have moved on.

    version: v1
    date: 2021-05-20
    meeting: {symbol: CTOC/COP/WG.6/2021/4, title: …, …}   # and `style: geneva`, `paper: Letter` when so
    themes: {marking: Marking and record-keeping, …}
    sections:                    # chapters and sections in reading order, with what each holds directly
      - {id: recommendations, kind: chapter, number: II, title: Recommendations, contents: [...]}
    recommendations:
      - id: marking-all-firearms
        number: '27'
        section: diversion-recommendations
        section_title: Recommendations on …
        themes: [marking, legislation]
        status: adopted
        text: In line with the Firearms Protocol, …
        items: [{label: (a), depth: 1, text: …}]
        by: [France, Lithuania]  # a UPR recommendation: its States and the response (absent otherwise)
        response: supported
    paragraphs:
      - {id: mandate-resolution-5-4, number: '1', section: introduction, text: …}

Cross-references are kept with their place in the text and their target ids (`references`), so that a
reference rendered "recommendation 27" in one version and "recommendation 28" in the next is the same
words: renumbering is not rewording. This module is the only one that reads or writes version files;
the comparison and the writers in `reportkit.redline` see only the frozen `Snapshot`.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast, get_args

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString

from reportkit.diagnostics import Diagnostic, SourceLoc
from reportkit.house import DEFAULT_STYLE, HouseStyle, house_style, style_names
from reportkit.model import (
    AgendaItem,
    Block,
    DocumentSymbol,
    Footnote,
    Inlines,
    PaperSize,
    Paragraph,
    Recommendation,
    Reference,
    Report,
    Section,
    SubItem,
    Text,
    agenda_lines,
)
from reportkit.sources import SourceFile, node_loc, parse_source, value_loc

VERSIONS_FOLDER = "versions"
CURRENT = "current"  # what `--to` means when absent: the drafts as they are now; never a version name
# A version name becomes a file name and a folder name in the outputs: keep it to what is safe in both.
# Matched against the whole name (`fullmatch`): "v1\n" is not "v1".
VERSION_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
MAX_AUTHOR = 255  # the length Word allows for a name in its document properties
FORMAT = 1  # bumped if the file layout changes, so an old reportkit can refuse a newer file

LineKind = Literal["text", "item", "footnote"]
UnitKind = Literal["recommendation", "paragraph"]

# --------------------------------------------------------------------------- the snapshot model


@dataclass(frozen=True, slots=True)
class SnapshotReference:
    """A cross-reference inside a line: where it starts, how it read, and what it points at."""

    start: int
    text: str
    targets: tuple[str, ...]
    form: str = "default"


@dataclass(frozen=True, slots=True)
class Line:
    """One paragraph of a unit as a reader sees it: the lead text, a subparagraph or a footnote."""

    kind: LineKind
    text: str
    label: str = ""  # "(a)" for a subparagraph, "1" for a footnote, "" for the lead text
    depth: int = 0  # 1 for (a), 2 for (i) …
    references: tuple[SnapshotReference, ...] = ()


@dataclass(frozen=True, slots=True)
class Unit:
    """A recommendation or a numbered paragraph, as it was circulated."""

    kind: UnitKind
    id: str
    number: str
    section: str  # id of the chapter or section that holds it directly
    lines: tuple[Line, ...]  # the lead text first, then subparagraphs, then footnotes
    themes: tuple[str, ...] = ()
    status: str = ""
    flags: tuple[str, ...] = ()  # what the duplication check said when it was circulated; not compared
    # The UPR's States that made a recommendation and the response of the State concerned, printed with
    # it in the pack and the redline; empty for bodies whose recommendations have neither.
    by: tuple[str, ...] = ()
    response: str = ""

    @property
    def text(self) -> str:
        return self.lines[0].text

    @property
    def full_text(self) -> str:
        """The lead text and the labelled subparagraphs, one per line (footnotes left out)."""
        parts = [self.lines[0].text]
        parts.extend(f"{line.label} {line.text}" for line in self.lines[1:] if line.kind == "item")
        return "\n".join(parts)


@dataclass(frozen=True, slots=True)
class SnapshotSection:
    """A chapter ("II. Recommendations") or a section ("A. General recommendations")."""

    id: str
    kind: Literal["chapter", "section"]
    number: str  # "II" for a chapter, "A" or "1" for a section
    title: str
    level: int  # 1 chapter, 2 section, 3 subsection
    parent: str = ""
    contents: tuple[str, ...] = ()  # ids of what it holds directly, in reading order


@dataclass(frozen=True, slots=True)
class SnapshotMeeting:
    symbol: str
    title: str
    issuing_body: str
    meeting_name: str
    job_number: str
    venue: str
    start_date: datetime.date
    end_date: datetime.date
    original_language: str = "English"
    recommendation_style: str = "headings"
    style: str = DEFAULT_STYLE  # the house style, whose words and dates the pack and the redline print
    paper: PaperSize = "A4"  # the report's paper, which the pack, redline and compilation print on too


@dataclass(frozen=True, slots=True)
class Snapshot:
    name: str  # "v1", or CURRENT for the drafts
    moment: datetime.datetime  # when it was circulated; midnight when only a date was given
    meeting: SnapshotMeeting
    themes: tuple[tuple[str, str], ...]  # (id, title) in the report's order
    sections: tuple[SnapshotSection, ...]
    recommendations: tuple[Unit, ...]
    paragraphs: tuple[Unit, ...]
    duplication_checked: bool = False  # whether `flags` come from a check, or none was run
    path: str = field(default="", compare=False)

    @property
    def style(self) -> HouseStyle:
        return house_style(self.meeting.style)

    @property
    def date_label(self) -> str:
        """The date as the report's house style prints it, "20 May 2021"."""
        return self.style.date(self.moment.date())

    def section(self, section_id: str) -> SnapshotSection | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def theme_title(self, theme_id: str) -> str:
        return dict(self.themes).get(theme_id, theme_id)

    def section_label(self, section_id: str) -> str:
        """How the report cites a section ("II.A") or a chapter ("II")."""
        section = self.section(section_id)
        if section is None:
            return ""
        parent = self.section_label(section.parent) if section.parent else ""
        return f"{parent}.{section.number}" if parent else section.number

    def reading_order(self) -> Iterator[SnapshotSection | Unit]:
        """Every chapter, section, paragraph and recommendation in the order of the report."""
        units = {unit.id: unit for unit in (*self.paragraphs, *self.recommendations)}
        sections = {section.id: section for section in self.sections}

        def walk(section: SnapshotSection) -> Iterator[SnapshotSection | Unit]:
            yield section
            for member in section.contents:
                if member in sections:
                    yield from walk(sections[member])
                elif member in units:
                    yield units[member]

        for chapter in (s for s in self.sections if s.kind == "chapter"):
            yield from walk(chapter)


# --------------------------------------------------------------------------- from the report


def _flatten(inlines: Inlines) -> tuple[str, tuple[SnapshotReference, ...], list[Footnote]]:
    """The plain text of inlines with where each reference sits, and the footnotes met on the way."""
    text = io.StringIO()
    references: list[SnapshotReference] = []
    footnotes: list[Footnote] = []
    for inline in inlines:
        if isinstance(inline, Text):
            text.write(inline.value)
        elif isinstance(inline, DocumentSymbol):
            text.write(inline.symbol)
        elif isinstance(inline, Reference):
            rendered = "".join(part.text for part in inline.rendered) or ", ".join(inline.targets)
            references.append(SnapshotReference(text.tell(), rendered, inline.targets, inline.form))
            text.write(rendered)
        elif isinstance(inline, Footnote):
            footnotes.append(inline)
    return text.getvalue(), tuple(references), footnotes


def _lines(
    text: Inlines, items: tuple[SubItem, ...], agenda: tuple[AgendaItem, ...] = ()
) -> tuple[Line, ...]:
    lead, references, footnotes = _flatten(text)
    lines = [Line("text", lead, references=references)]
    # The agenda a paragraph prints after its text is part of what the reader got, so it is compared too.
    lines.extend(Line("item", text, label, depth + 1) for depth, label, text in agenda_lines(agenda))

    def add_items(sub_items: tuple[SubItem, ...], depth: int) -> None:
        for item in sub_items:
            item_text, item_references, item_footnotes = _flatten(item.text)
            lines.append(Line("item", item_text, item.label, depth, item_references))
            footnotes.extend(item_footnotes)
            add_items(item.items, depth + 1)

    add_items(items, 1)
    for footnote in footnotes:
        # A footnote's own footnotes cannot exist in the format; its references are kept like any text.
        note_text, note_references, _ = _flatten(footnote.content)
        lines.append(Line("footnote", note_text, str(footnote.number), 0, note_references))
    return tuple(lines)


def take_snapshot(
    report: Report, name: str, moment: datetime.datetime, flags: Mapping[str, tuple[str, ...]] | None = None
) -> Snapshot:
    """The numbered, resolved report as it would be circulated now. Withdrawn recommendations are left
    out: they are not printed, so for delegations they do not exist. `flags` (recommendation id → the
    duplication check's sentences) are kept with the version, so its pack can be printed again later
    from the version file alone; None means no check was run."""
    sections: list[SnapshotSection] = []
    recommendations: list[Unit] = []
    paragraphs: list[Unit] = []

    def visit(blocks: tuple[Block, ...], container: str) -> list[str]:
        members: list[str] = []
        for block in blocks:
            if isinstance(block, Paragraph):
                agenda = report.agenda if block.show_agenda else ()
                lines = _lines(block.text, block.items, agenda)
                paragraphs.append(Unit("paragraph", block.id, block.number, container, lines))
                members.append(block.id)
                members.extend(visit(block.recommendations, container))  # the UPR's "121.1 …" list
            elif isinstance(block, Recommendation):
                if block.status == "withdrawn":
                    continue
                unit = Unit(
                    "recommendation",
                    block.id,
                    block.number,
                    container,
                    _lines(block.text, block.items),
                    block.themes,
                    block.status,
                    tuple((flags or {}).get(block.id, ())),
                    block.by,
                    block.response or "",
                )
                recommendations.append(unit)
                members.append(block.id)
            elif isinstance(block, Section):
                # The section goes in before what it holds, so that `sections` stays in reading order.
                position = len(sections)
                sections.append(
                    SnapshotSection(block.id, "section", block.number, block.title, block.level, container)
                )
                contents = tuple(visit(block.blocks, block.id))
                sections[position] = dataclasses.replace(sections[position], contents=contents)
                members.append(block.id)
        return members

    for chapter in report.chapters:
        position = len(sections)
        sections.append(SnapshotSection(chapter.id, "chapter", chapter.number, chapter.title, 1))
        contents = tuple(visit(chapter.blocks, chapter.id))
        sections[position] = dataclasses.replace(sections[position], contents=contents)

    meeting = report.meeting
    return Snapshot(
        name=name,
        moment=moment,
        meeting=SnapshotMeeting(
            symbol=meeting.symbol,
            title=meeting.title,
            issuing_body=meeting.issuing_body,
            meeting_name=meeting.meeting_name,
            job_number=meeting.job_number,
            venue=meeting.venue,
            start_date=meeting.start_date,
            end_date=meeting.end_date,
            original_language=meeting.original_language,
            recommendation_style=report.options.recommendation_style,
            style=report.style,
            paper=report.options.paper,
        ),
        themes=tuple((theme.id, theme.title) for theme in report.themes),
        sections=tuple(sections),
        recommendations=tuple(recommendations),
        paragraphs=tuple(paragraphs),
        duplication_checked=flags is not None,
    )


# --------------------------------------------------------------------------- names and dates


def check_version_name(name: str) -> Diagnostic | None:
    if name == CURRENT:
        return Diagnostic(
            "bad-version-name",
            f"'{CURRENT}' names the current drafts and cannot be a version name",
            SourceLoc("--as"),
            "choose another name, e.g. 'v1' or '2021-05-20'",
        )
    if not VERSION_NAME.fullmatch(name):
        return Diagnostic(
            "bad-version-name",
            f"version name '{name}' is not a plain name",
            SourceLoc("--as"),
            "use letters, digits, '.', '-' and '_' (at most 64), starting with a letter or digit",
        )
    return None


def check_author(author: str) -> Diagnostic | None:
    """The redline's author goes into every tracked change, where XML cannot hold control characters."""
    if any(ord(character) < 32 or 127 <= ord(character) < 160 for character in author) or not author.strip():
        return Diagnostic(
            "bad-author",
            f"author '{author}' is empty or holds a control character",
            SourceLoc("--author"),
            "give a plain name, e.g. --author 'UNODC Secretariat'",
        )
    if len(author) > MAX_AUTHOR:
        return Diagnostic(
            "bad-author",
            f"the author has {len(author)} characters; at most {MAX_AUTHOR}",
            SourceLoc("--author"),
            "give a shorter name",
        )
    return None


def parse_moment(value: str) -> datetime.datetime | None:
    """`2021-05-20` or `2021-05-20T14:30[:00]`; None if it is neither."""
    try:
        if "T" in value or " " in value:
            return datetime.datetime.fromisoformat(value).replace(tzinfo=None, microsecond=0)
        return datetime.datetime.combine(datetime.date.fromisoformat(value), datetime.time())
    except ValueError:
        return None


def format_moment(moment: datetime.datetime) -> str:
    """The form written in the file: a date alone when no time of day was given."""
    if moment.time() == datetime.time():
        return moment.date().isoformat()
    return moment.isoformat(timespec="seconds")


# --------------------------------------------------------------------------- the version file


def versions_dir(content_dir: Path) -> Path:
    return content_dir / VERSIONS_FOLDER


def version_path(content_dir: Path, name: str) -> Path:
    return versions_dir(content_dir) / f"{name}.yaml"


def recorded_versions(content_dir: Path) -> list[str]:
    """The names of the versions recorded in a content folder, oldest first by the date written in each
    file (names alone would sort 'v10' before 'v2'), ties broken by name."""
    folder = versions_dir(content_dir)
    if not folder.is_dir():
        return []
    dated: list[tuple[str, str]] = []
    for path in folder.glob("*.yaml"):
        try:
            text = path.read_text("utf-8", errors="replace")
        except OSError:  # a folder named x.yaml, a broken link: listed, and reported when it is read
            text = ""
        match = re.search(r"^date:\s*['\"]?([0-9T:-]+)", text, re.M)
        dated.append((match.group(1) if match else "", path.stem))
    return [name for _, name in sorted(dated)]


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    # Only folded texts are wrapped (by `_wrapped`); ruamel's own wrapping of plain scalars leaves a
    # trailing space on every broken line.
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    # A value used twice (one date object for start and end) is written out twice, never as an anchor
    # and alias: reportkit's reader refuses aliases.
    yaml.representer.ignore_aliases = lambda data: True
    return yaml


TEXT_WIDTH = 88
# A folded scalar reads back exactly only if folding cannot merge or drop spaces.
_FOLDABLE = re.compile(r"\S+(?: \S+)*")


def _wrapped(text: str) -> str:
    """A long text as a folded block (`>-`) broken at spaces, so that a reworded sentence shows as a
    small git diff; texts that folding could alter stay as they are (ruamel quotes them as needed)."""
    if len(text) <= TEXT_WIDTH or not _FOLDABLE.fullmatch(text):
        return text
    folds: list[int] = []
    start = 0
    while len(text) - start > TEXT_WIDTH:
        cut = text.rfind(" ", start, start + TEXT_WIDTH + 1)
        if cut <= start:
            cut = text.find(" ", start + TEXT_WIDTH)
        if cut == -1:
            break
        folds.append(cut)
        start = cut + 1
    folded = FoldedScalarString(text)
    folded.fold_pos = folds  # type: ignore[attr-defined]
    return folded


def _flow(values: tuple[str, ...] | list[str]) -> CommentedSeq:
    sequence = CommentedSeq(values)
    sequence.fa.set_flow_style()
    return sequence


def _line_node(line: Line) -> CommentedMap:
    node = CommentedMap()
    if line.label:
        node["label"] = line.label
    if line.kind == "item":
        node["depth"] = line.depth
    node["text"] = _wrapped(line.text)
    if line.references:
        node["references"] = _references_node(line.references)
    return node


def _references_node(references: tuple[SnapshotReference, ...]) -> CommentedSeq:
    nodes = CommentedSeq()
    for reference in references:
        node = CommentedMap(at=reference.start, text=reference.text, to=_flow(list(reference.targets)))
        if reference.form != "default":
            node["form"] = reference.form
        node.fa.set_flow_style()
        nodes.append(node)
    return nodes


def _unit_node(unit: Unit, snapshot: Snapshot) -> CommentedMap:
    node = CommentedMap(id=unit.id, number=unit.number, section=unit.section)
    if unit.kind == "recommendation":
        section = snapshot.section(unit.section)
        node["section_title"] = section.title if section else ""
        node["themes"] = _flow(list(unit.themes))
        node["status"] = unit.status
        # Written only when there is something, so that versions of reports without them read as before.
        if unit.by:
            node["by"] = _flow(list(unit.by))
        if unit.response:
            node["response"] = unit.response
    lead = unit.lines[0]
    node["text"] = _wrapped(lead.text)
    if lead.references:
        node["references"] = _references_node(lead.references)
    items = [_line_node(line) for line in unit.lines if line.kind == "item"]
    if items:
        node["items"] = CommentedSeq(items)
    footnotes = [_line_node(line) for line in unit.lines if line.kind == "footnote"]
    if footnotes:
        node["footnotes"] = CommentedSeq(footnotes)
    if unit.flags:
        node["flags"] = CommentedSeq(_wrapped(flag) for flag in unit.flags)
    return node


def render_version(snapshot: Snapshot) -> str:
    """The version file's text. Everything a later comparison needs, and nothing of the build."""
    meeting = snapshot.meeting
    document = CommentedMap()
    document["format"] = FORMAT
    document["version"] = snapshot.name
    document["date"] = format_moment(snapshot.moment)
    document["meeting"] = CommentedMap(
        symbol=meeting.symbol,
        title=_wrapped(meeting.title),
        issuing_body=_wrapped(meeting.issuing_body),
        meeting_name=meeting.meeting_name,
        job_number=meeting.job_number,
        venue=meeting.venue,
        start_date=meeting.start_date.isoformat(),
        end_date=meeting.end_date.isoformat(),
        original_language=meeting.original_language,
        recommendation_style=meeting.recommendation_style,
    )
    if meeting.style != DEFAULT_STYLE:  # the files of Vienna reports stay as they were
        document["meeting"]["style"] = meeting.style
    if meeting.paper != "A4":  # likewise the files of reports on A4, as all were before
        document["meeting"]["paper"] = meeting.paper
    document["duplication_checked"] = snapshot.duplication_checked
    document["themes"] = CommentedMap(snapshot.themes)
    sections = CommentedSeq()
    for section in snapshot.sections:
        node = CommentedMap(id=section.id, kind=section.kind, number=section.number)
        node["title"] = _wrapped(section.title)
        node["level"] = section.level
        if section.parent:
            node["parent"] = section.parent
        node["contents"] = CommentedSeq(section.contents)
        sections.append(node)
    document["sections"] = sections
    document["recommendations"] = CommentedSeq(_unit_node(u, snapshot) for u in snapshot.recommendations)
    document["paragraphs"] = CommentedSeq(_unit_node(u, snapshot) for u in snapshot.paragraphs)
    for key in ("sections", "recommendations", "paragraphs"):
        document.yaml_set_comment_before_after_key(key, before="\n")
    stream = io.StringIO()
    stream.write(
        f"# Version '{snapshot.name}' of the report as circulated, recorded by `reportkit circulate`.\n"
        "# Written once and compared against later; do not edit it by hand.\n"
    )
    _yaml().dump(document, stream)
    return stream.getvalue()


class _VersionFileError(Exception):
    """A version file that does not have the expected shape; carries what was wrong and where."""

    def __init__(self, message: str, loc: SourceLoc | None = None) -> None:
        super().__init__(message)
        self.loc = loc


class _VersionReader:
    """Reads a parsed version file into a snapshot; a wrong shape raises _VersionFileError at its place."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source

    def get(self, node: Any, key: str, kind: type | tuple[type, ...], where: str, default: Any = ...) -> Any:
        if not isinstance(node, dict) or key not in node:
            if default is not ...:
                return default
            loc = node_loc(self.source, node)
            raise _VersionFileError(f"{where}: missing '{key}'", loc)
        value = node[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _kinds(kind)):
            loc = value_loc(self.source, node, key)
            raise _VersionFileError(f"{where}: '{key}' has the wrong type", loc)
        return value

    def line(self, node: Any, kind: LineKind, where: str) -> Line:
        references = tuple(
            SnapshotReference(
                self.get(ref, "at", int, where),
                str(self.get(ref, "text", str, where)),
                tuple(str(t) for t in self.get(ref, "to", list, where)),
                str(self.get(ref, "form", str, where, "default")),
            )
            for ref in self.get(node, "references", list, where, [])
        )
        return Line(
            kind,
            str(self.get(node, "text", str, where)),
            str(self.get(node, "label", (str, int), where, "")),
            int(self.get(node, "depth", int, where, 0)),
            references,
        )

    def unit(self, node: Any, kind: UnitKind, where: str) -> Unit:
        lines = [self.line(node, "text", where)]
        lines.extend(self.line(item, "item", where) for item in self.get(node, "items", list, where, []))
        notes = self.get(node, "footnotes", list, where, [])
        lines.extend(self.line(note, "footnote", where) for note in notes)
        return Unit(
            kind,
            str(self.get(node, "id", str, where)),
            str(self.get(node, "number", (str, int), where)),
            str(self.get(node, "section", str, where)),
            tuple(lines),
            tuple(str(t) for t in self.get(node, "themes", list, where, [])),
            str(self.get(node, "status", str, where, "")),
            tuple(str(flag) for flag in self.get(node, "flags", list, where, [])),
            tuple(str(state) for state in self.get(node, "by", list, where, [])),
            str(self.get(node, "response", str, where, "")),
        )

    def snapshot(self, data: Any, display_path: str) -> Snapshot:
        if not isinstance(data, dict):
            raise _VersionFileError("not a version file (expected a mapping)")
        if self.get(data, "format", int, "file", FORMAT) > FORMAT:
            raise _VersionFileError("written by a newer reportkit")
        moment = parse_moment(str(self.get(data, "date", (str, datetime.date), "file")))
        if moment is None:
            raise _VersionFileError("'date' is not an ISO date")
        meeting = self.get(data, "meeting", dict, "file")

        def date_of(key: str) -> datetime.date:
            value = self.get(meeting, key, (str, datetime.date), "meeting")
            return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)

        snapshot_meeting = SnapshotMeeting(
            symbol=str(self.get(meeting, "symbol", str, "meeting")),
            title=str(self.get(meeting, "title", str, "meeting")),
            issuing_body=str(self.get(meeting, "issuing_body", str, "meeting")),
            meeting_name=str(self.get(meeting, "meeting_name", str, "meeting", "")),
            job_number=str(self.get(meeting, "job_number", str, "meeting", "")),
            venue=str(self.get(meeting, "venue", str, "meeting", "")),
            start_date=date_of("start_date"),
            end_date=date_of("end_date"),
            original_language=str(self.get(meeting, "original_language", str, "meeting", "English")),
            recommendation_style=str(self.get(meeting, "recommendation_style", str, "meeting", "headings")),
            style=str(self.get(meeting, "style", str, "meeting", DEFAULT_STYLE)),
            paper=cast(PaperSize, str(self.get(meeting, "paper", str, "meeting", "A4"))),
        )
        if snapshot_meeting.style not in style_names():
            loc = value_loc(self.source, meeting, "style")
            raise _VersionFileError(f"meeting: no house style '{snapshot_meeting.style}'", loc)
        if snapshot_meeting.paper not in get_args(PaperSize):
            loc = value_loc(self.source, meeting, "paper")
            raise _VersionFileError(f"meeting: no paper '{snapshot_meeting.paper}' (A4 or Letter)", loc)
        sections = tuple(
            SnapshotSection(
                str(self.get(node, "id", str, f"section {index + 1}")),
                "chapter" if self.get(node, "kind", str, "section") == "chapter" else "section",
                str(self.get(node, "number", (str, int), "section")),
                str(self.get(node, "title", str, "section")),
                int(self.get(node, "level", int, "section")),
                str(self.get(node, "parent", str, "section", "")),
                tuple(str(member) for member in self.get(node, "contents", list, "section", [])),
            )
            for index, node in enumerate(self.get(data, "sections", list, "file"))
        )
        recommendations = tuple(
            self.unit(node, "recommendation", f"recommendation {index + 1}")
            for index, node in enumerate(self.get(data, "recommendations", list, "file"))
        )
        paragraphs = tuple(
            self.unit(node, "paragraph", f"paragraph {index + 1}")
            for index, node in enumerate(self.get(data, "paragraphs", list, "file", []))
        )
        themes = tuple((str(k), str(v)) for k, v in self.get(data, "themes", dict, "file", {}).items())
        return Snapshot(
            name=str(self.get(data, "version", (str, int), "file")),
            moment=moment,
            meeting=snapshot_meeting,
            themes=themes,
            sections=sections,
            recommendations=recommendations,
            paragraphs=paragraphs,
            duplication_checked=bool(self.get(data, "duplication_checked", bool, "file", False)),
            path=display_path,
        )


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def parse_version(text: str | bytes, display_path: str) -> tuple[Snapshot | None, list[Diagnostic]]:
    """A version file's text → its snapshot, or the reason it cannot be read.

    Read by the drafts' reader, with all its checks (characters, syntax, duplicate keys, no tags or
    aliases), so a damaged or hostile file gives a diagnostic at its place and costs no more than its size.
    """
    diagnostics: list[Diagnostic] = []
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    source = parse_source(raw, display_path, diagnostics)
    if source is None:
        return None, diagnostics
    try:
        return _VersionReader(source).snapshot(source.data, display_path), []
    except (_VersionFileError, ValueError, TypeError) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        loc = error.loc if isinstance(error, _VersionFileError) and error.loc else SourceLoc(display_path)
        return None, [
            Diagnostic(
                "bad-version",
                f"cannot read version file: {message}",
                loc,
                "version files are written by `reportkit circulate`; restore it from git or record it again"
                " with --replace",
            )
        ]


def load_version(content_dir: Path, name: str) -> tuple[Snapshot | None, list[Diagnostic]]:
    path = version_path(content_dir, name)
    if not VERSION_NAME.fullmatch(name) or not (path.exists() or path.is_symlink()):
        known = recorded_versions(content_dir)
        hint = (
            f"recorded versions: {', '.join(known)}"
            if known
            else f"no version is recorded in {versions_dir(content_dir)}; record one with `circulate --as`"
        )
        return None, [
            Diagnostic("unknown-version", f"no version '{name}' in {content_dir}", SourceLoc(str(path)), hint)
        ]
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [
            Diagnostic(
                "bad-version",
                f"cannot read version file: {error.strerror or error}",
                SourceLoc(str(path)),
                "a version file is a readable file written by `reportkit circulate`",
            )
        ]
    return parse_version(raw, str(path))


def version_exists(content_dir: Path, name: str) -> Diagnostic | None:
    """The refusal to overwrite a recorded version: what was sent stays what was sent."""
    path = version_path(content_dir, name)
    if not path.exists():
        return None
    return Diagnostic(
        "version-exists",
        f"version '{name}' is already recorded",
        SourceLoc(str(path)),
        "choose a new name with --as, or pass --replace to record it again",
    )
