"""YAML drafts → the document model.

Loading gathers every problem it can find before giving up: each file is read and parsed with its
places (`sources.py`, through `yaml_reader`: libyaml, tags never executed), checked against the shipped
JSON Schema (`validate.py`), and turned into model nodes here as leniently as possible, so that one
broken recommendation does not hide the problems of the next file. Together these are the only modules
that know YAML.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reportkit.diagnostics import Diagnostic, Severity, SourceLoc, closest_hint
from reportkit.house import DEFAULT_STYLE, HouseStyle, house_style, style_names
from reportkit.images import image_problem
from reportkit.markup import parse_inline
from reportkit.model import (
    AgendaItem,
    AppliedProposal,
    Block,
    Chapter,
    Inlines,
    Meeting,
    Options,
    Paragraph,
    Recommendation,
    Report,
    ReviewedPair,
    Section,
    SubItem,
    Theme,
)
from reportkit.sources import SourceFile, node_loc, parse_source, read_source, value_loc
from reportkit.validate import validate

UNSET_DATE = datetime.date(1970, 1, 1)  # where a date is missing or wrong, reported as such
MAX_SECTION_DEPTH = 3  # chapter (1) → section "A." (2) → subsection "1." (3)
# Word's core properties hold at most 255 characters: the title is the report DOCX's title, and the
# circulation pack's title is "Draft recommendations of the " + the meeting's name.
MAX_TITLE = 255
MAX_MEETING_NAME = MAX_TITLE - len("Draft recommendations of the ")
# The symbol is the DOCX's subject, and the redline's title adds two version names of up to 64.
MAX_SYMBOL = 100


def _applied(value: Any) -> tuple[AppliedProposal, ...]:
    """A recommendation's record of applied proposals (the schema has checked its shape)."""
    if not isinstance(value, list):
        return ()
    return tuple(
        AppliedProposal(str(entry["by"]), str(entry["version"]))
        for entry in value
        if isinstance(entry, dict) and entry.get("by") and entry.get("version")
    )


class ParseCache:
    """Parsed and validated files, kept while their bytes stay the same.

    Parsing and schema validation are most of the loading time; during a session only the file just
    saved has changed, so the watcher keeps one cache and the rest of the report is not parsed again.
    Files are compared by their bytes, not their size and modification time: `cp -p` and `rsync -t`
    keep both while changing the content, and reading a draft costs little beside parsing it.
    """

    def __init__(self) -> None:
        self._entries: dict[tuple[Path, str, str], tuple[bytes, SourceFile | None, list[Diagnostic]]] = {}

    def parsed(
        self, path: Path, display_path: str, definition: str
    ) -> tuple[SourceFile | None, list[Diagnostic]]:
        problems: list[Diagnostic] = []
        try:
            raw = path.read_bytes()
        except OSError:
            return read_source(path, display_path, problems), problems  # says why it cannot be read
        key = (path, display_path, definition)
        cached = self._entries.get(key)
        if cached and cached[0] == raw:
            return cached[1], cached[2]
        source = parse_source(raw, display_path, problems)
        if source is not None:
            problems.extend(validate(source, definition))
        self._entries[key] = (raw, source, problems)
        return source, problems


# --------------------------------------------------------------------------- model building


# Which parts of the report a broken file of each kind may leave out (see Report.incomplete).
INCOMPLETE_PARTS: dict[str, tuple[str, ...]] = {
    "reportFile": ("themes", "agenda", "blocks"),
    "agendaFile": ("agenda",),
    "themesFile": ("themes",),
    "chapterFile": ("blocks",),
    "sectionFile": ("blocks",),
}


class _Builder:
    """Turns validated YAML trees into model nodes, reading every file once and following includes."""

    def __init__(self, content_dir: Path, display_root: str, cache: ParseCache) -> None:
        self.content_dir = content_dir.resolve()
        self.display_root = display_root
        self.cache = cache
        self.incomplete: set[str] = set()
        self.diagnostics: list[Diagnostic] = []
        self.include_stack: list[Path] = []
        self.style: HouseStyle = house_style(DEFAULT_STYLE)  # report.yaml's, once it is read

    # ---- files

    def display(self, path: Path) -> str:
        relative = path.relative_to(self.content_dir).as_posix()
        return f"{self.display_root}/{relative}" if self.display_root else relative

    def resolve_path(self, written: str, loc: SourceLoc) -> Path | None:
        """A path written in the drafts, made absolute; it must stay inside the content folder."""
        try:
            candidate = (self.content_dir / written).resolve()
            candidate.is_file()  # a name longer than the system allows fails here, not in resolve()
        except (OSError, RuntimeError) as error:  # RuntimeError: a symbolic link loop (Python 3.11)
            reason = "it is a symbolic link that leads back to itself"
            if isinstance(error, OSError):
                reason = error.strerror or str(error)
            self.diagnostics.append(
                Diagnostic(
                    "bad-path",
                    f"'{written[:80]}{'...' if len(written) > 80 else ''}' cannot be opened: {reason}",
                    loc,
                    "give the path of a file inside the content folder",
                )
            )
            return None
        if not candidate.is_relative_to(self.content_dir):
            self.diagnostics.append(
                Diagnostic(
                    "path-outside-content",
                    f"'{written}' points outside the content folder",
                    loc,
                    "keep every draft and image inside the content folder",
                )
            )
            return None
        return candidate

    def open(self, written: str, loc: SourceLoc, definition: str) -> SourceFile | None:
        path = self.resolve_path(written, loc)
        if path is None:
            self.incomplete.update(INCOMPLETE_PARTS[definition])
            return None
        if not path.is_file():
            shown = f"{self.display_root}/{written}" if self.display_root else written
            self.diagnostics.append(
                Diagnostic("file-not-found", f"no such file '{shown}'", loc, self._file_hint(path))
            )
            self.incomplete.update(INCOMPLETE_PARTS[definition])
            return None
        source, problems = self.cache.parsed(path, self.display(path), definition)
        self.diagnostics.extend(problems)
        if source is not None:
            self.diagnostics.extend(markup_in_plain_fields(source, source.data))
        if source is None or not isinstance(source.data, dict):
            self.incomplete.update(INCOMPLETE_PARTS[definition])
            return None
        if problems:
            # Blocks with schema problems are still built leniently, ids and all; a themes or agenda file
            # with problems may have lost entries, so names that rely on it are not judged.
            self.incomplete.update(part for part in INCOMPLETE_PARTS[definition] if part != "blocks")
        return source

    def _file_hint(self, path: Path) -> str:
        siblings = [p.name for p in path.parent.glob("*.yaml")] if path.parent.is_dir() else []
        return closest_hint(path.name, siblings) or "check the path; it is relative to the content folder"

    # ---- text

    def inlines(self, source: SourceFile, container: Any, key: str | int) -> Inlines:
        if isinstance(container, dict):
            value = container.get(key)
        elif isinstance(container, list) and isinstance(key, int) and key < len(container):
            value = container[key]
        else:
            value = None
        if not isinstance(value, str):
            return ()
        start = value_loc(source, container, key)
        start_offset = source.loc_to_offset(start)

        def locate(offset: int) -> SourceLoc:
            # The loaded text of a folded or quoted scalar differs from the file; find the markup itself.
            snippet = value[offset : offset + 40].split("\n")[0]
            found = source.text.find(snippet, start_offset)
            return source.offset_to_loc(found) if snippet and found >= 0 else start

        parsed = parse_inline(value, locate)
        for problem in parsed.problems:
            self.diagnostics.append(
                Diagnostic("bad-ref", problem.message, locate(problem.offset), problem.hint)
            )
        return parsed.inlines

    # ---- blocks

    def sub_items(self, source: SourceFile, node: Any) -> tuple[SubItem, ...]:
        items = node.get("items") if isinstance(node, dict) else None
        if not isinstance(items, list):
            return ()
        built: list[SubItem] = []
        for index, item in enumerate(items):
            loc = value_loc(source, items, index)
            if isinstance(item, str):
                built.append(SubItem(None, self.inlines(source, items, index), loc=loc))
            elif isinstance(item, dict):
                item_id = item.get("item") if isinstance(item.get("item"), str) else None
                built.append(
                    SubItem(
                        item_id,
                        self.inlines(source, item, "text"),
                        self.sub_items(source, item),
                        loc=node_loc(source, item),
                    )
                )
        return tuple(built)

    def blocks(self, source: SourceFile, node: Any, level: int, agenda_item: str | None) -> tuple[Block, ...]:
        content = node.get("content") if isinstance(node, dict) else None
        if not isinstance(content, list):
            return ()
        built: list[Block] = []
        for entry in content:
            if not isinstance(entry, dict):
                continue
            block = self.block(source, entry, level, agenda_item)
            if block is not None:
                built.append(block)
        return tuple(built)

    def paragraph_numbered(self, source: SourceFile, entry: dict[str, Any]) -> bool:
        """`numbered: false`, refused on a paragraph listing recommendations: "121.1" needs the 121."""
        if entry.get("numbered") is not False:
            return True
        if entry.get("recommendations"):
            self.diagnostics.append(
                Diagnostic(
                    "unnumbered-list",
                    "a paragraph listing recommendations must be numbered: they are numbered after it",
                    value_loc(source, entry, "numbered"),
                    "remove `numbered: false`",
                )
            )
            return True
        return False

    def block(
        self, source: SourceFile, entry: dict[str, Any], level: int, agenda_item: str | None
    ) -> Block | None:
        loc = node_loc(source, entry)
        if isinstance(entry.get("paragraph"), str):
            return Paragraph(
                entry["paragraph"],
                self.inlines(source, entry, "text"),
                self.sub_items(source, entry),
                show_agenda=entry.get("show_agenda") is True,
                bullets=entry.get("bullets") is True,
                recommendations=self.listed_recommendations(source, entry, agenda_item),
                list_numbering="plain" if entry.get("list_numbering") == "plain" else "compound",
                numbered=self.paragraph_numbered(source, entry),
                loc=loc,
            )
        if isinstance(entry.get("recommendation"), str):
            return self.recommendation(source, entry, agenda_item)
        if isinstance(entry.get("section"), str):
            return self.section(source, entry, level + 1, agenda_item)
        if isinstance(entry.get("include"), str):
            return self.include(entry["include"], value_loc(source, entry, "include"), level + 1, agenda_item)
        return None

    def recommendation(
        self, source: SourceFile, entry: dict[str, Any], agenda_item: str | None
    ) -> Recommendation:
        themes = entry.get("themes")
        own_item = entry.get("agenda_item")
        status = entry.get("status")
        by = entry.get("by")
        response = entry.get("response")
        if isinstance(response, str):
            self.check_response(response, entry["recommendation"], value_loc(source, entry, "response"))
        return Recommendation(
            entry["recommendation"],
            self.inlines(source, entry, "text"),
            status=status if isinstance(status, str) else "proposed",  # type: ignore[arg-type]
            themes=tuple(t for t in themes if isinstance(t, str)) if isinstance(themes, list) else (),
            agenda_item=own_item if isinstance(own_item, str) else agenda_item,
            items=self.sub_items(source, entry),
            bullets=entry.get("bullets") is True,
            by=tuple(b for b in by if isinstance(b, str)) if isinstance(by, list) else (),
            response=response if isinstance(response, str) else None,
            loc=node_loc(source, entry),
            applied=_applied(entry.get("applied")),
        )

    def check_response(self, response: str, recommendation_id: str, loc: SourceLoc) -> None:
        """A response must be one of the house style's words ("supported", "noted" in the UPR)."""
        responses = list(self.style.responses)
        if response in responses:
            return
        if not responses:
            message = (
                f"recommendation '{recommendation_id}' has a response, "
                f"which the {self.style.name} style does not use"
            )
            hint = "remove `response:`, or name a house style with responses in report.yaml (style: geneva)"
        else:
            message = f"recommendation '{recommendation_id}' has an unknown response '{response}'"
            hint = closest_hint(response, responses) or (
                f"the {self.style.name} style's responses are {', '.join(responses)}"
            )
        self.diagnostics.append(Diagnostic("unknown-response", message, loc, hint))

    def listed_recommendations(
        self, source: SourceFile, entry: dict[str, Any], agenda_item: str | None
    ) -> tuple[Recommendation, ...]:
        """A paragraph's list of recommendations (the UPR's "121.1 …")."""
        listed = entry.get("recommendations")
        if not isinstance(listed, list):
            return ()
        return tuple(
            self.recommendation(source, item, agenda_item)
            for item in listed
            if isinstance(item, dict) and isinstance(item.get("recommendation"), str)
        )

    def section(self, source: SourceFile, entry: Any, level: int, agenda_item: str | None) -> Section | None:
        loc = node_loc(source, entry)
        if level > MAX_SECTION_DEPTH:
            self.diagnostics.append(
                Diagnostic(
                    "wrong-type",
                    f"section '{entry['section']}' is nested too deep",
                    loc,
                    "UN reports have chapters, sections (A.) and subsections (1.); move it up a level",
                )
            )
            return None
        own_item = entry.get("agenda_item")
        item = own_item if isinstance(own_item, str) else agenda_item
        title = entry.get("title") if isinstance(entry.get("title"), str) else ""
        return Section(
            entry["section"], title, level, self.blocks(source, entry, level, item), agenda_item=item, loc=loc
        )

    def include(self, written: str, loc: SourceLoc, level: int, agenda_item: str | None) -> Section | None:
        path = self.resolve_path(written, loc)
        if path is None:
            return None
        if path in self.include_stack:
            self.incomplete.add("blocks")
            self.diagnostics.append(
                Diagnostic(
                    "include-cycle", f"'{written}' includes itself", loc, "remove the circular include"
                )
            )
            return None
        source = self.open(written, loc, "sectionFile")
        if source is None or not isinstance(source.data.get("section"), str):
            return None  # a file without its `section:` line is reported by the schema
        self.include_stack.append(path)
        try:
            return self.section(source, source.data, level, agenda_item)
        finally:
            self.include_stack.pop()

    def chapter(self, written: str, loc: SourceLoc) -> Chapter | None:
        source = self.open(written, loc, "chapterFile")
        if source is None:
            return None
        data = source.data
        if not isinstance(data.get("chapter"), str):
            return None
        title = data.get("title") if isinstance(data.get("title"), str) else ""
        return Chapter(
            data["chapter"],
            title,
            self.blocks(source, data, 1, None),
            numbered=data.get("numbered") is not False,
            title_footnote=data["title_footnote"] if isinstance(data.get("title_footnote"), str) else "",
            loc=node_loc(source, data),
        )

    # ---- meeting, agenda, themes

    def agenda(self, source: SourceFile, items: Any) -> tuple[AgendaItem, ...]:
        if not isinstance(items, list):
            return ()
        return tuple(
            AgendaItem(
                item["item"],
                item.get("title") or "",
                self.agenda(source, item.get("items")),
                loc=node_loc(source, item),
            )
            for item in items
            if isinstance(item, dict) and isinstance(item.get("item"), str)
        )

    def themes(self, source: SourceFile, items: Any) -> tuple[Theme, ...]:
        if not isinstance(items, list):
            return ()
        return tuple(
            Theme(item["theme"], str(item.get("title") or ""), loc=node_loc(source, item))
            for item in items
            if isinstance(item, dict) and isinstance(item.get("theme"), str)
        )

    def meeting(self, source: SourceFile, node: Any) -> Meeting:
        node = node if isinstance(node, dict) else {}

        def text(key: str, default: str = "") -> str:
            value = node.get(key)
            return value if isinstance(value, str) else default

        def date(key: str) -> datetime.date | None:
            value = node.get(key)
            if isinstance(value, datetime.datetime):
                return value.date()
            if isinstance(value, datetime.date):
                return value
            if isinstance(value, str):  # a quoted date: the schema checked its form, not the day
                try:
                    return datetime.date.fromisoformat(value)
                except ValueError:
                    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                        self.diagnostics.append(
                            Diagnostic(
                                "wrong-type",
                                f"'{value}' is not a date that exists",
                                value_loc(source, node, key),
                                "check the day and the month; dates are written YYYY-MM-DD",
                            )
                        )
            return None  # other mistakes are reported by the schema

        self.meeting_limits(source, node)
        start, end = date("start_date"), date("end_date")
        if start and end and end < start:
            self.diagnostics.append(
                Diagnostic(
                    "wrong-type",
                    f"the meeting ends ({end.isoformat()}) before it starts ({start.isoformat()})",
                    value_loc(source, node, "end_date"),
                    "check start_date and end_date",
                )
            )

        lines = node.get("session_lines")
        return Meeting(
            issuing_body=text("issuing_body"),
            symbol=text("symbol"),
            job_number=text("job_number"),
            date=date("date") or UNSET_DATE,
            title=text("title"),
            venue=text("venue"),
            start_date=start or UNSET_DATE,
            end_date=end or UNSET_DATE,
            distribution=text("distribution", "General"),
            original_language=text("original_language", "English"),
            meeting_name=text("meeting_name"),
            document_status=text("document_status", "final"),
            session_lines=tuple(x for x in lines if isinstance(x, str)) if isinstance(lines, list) else (),
            session_lines_bold=_positions(node.get("session_lines_bold")),
            subtitle=text("subtitle"),
            title_footnote=text("title_footnote"),
            processing_dates=str(node.get("processing_dates") or ""),
            loc=node_loc(source, node),
        )

    def meeting_limits(self, source: SourceFile, node: dict[Any, Any]) -> None:
        """Lengths the DOCX's document properties cannot exceed, found before any build tries."""
        for key, limit in (("title", MAX_TITLE), ("meeting_name", MAX_MEETING_NAME), ("symbol", MAX_SYMBOL)):
            value = node.get(key)
            if isinstance(value, str) and len(value) > limit:
                self.diagnostics.append(
                    Diagnostic(
                        "text-too-long",
                        f"the meeting's {key} has {len(value)} characters; at most {limit} fit"
                        " in the Word document's properties",
                        value_loc(source, node, key),
                        "shorten it",
                    )
                )

    def options(self, source: SourceFile, node: Any) -> Options:
        if not isinstance(node, dict):
            return Options()
        defaults = Options()
        emblem = node.get("emblem")
        if isinstance(emblem, str):
            path = self.resolve_path(emblem, value_loc(source, node, "emblem"))
            if path is not None and not path.is_file():
                self.diagnostics.append(
                    Diagnostic(
                        "file-not-found",
                        f"no emblem image '{emblem}'",
                        value_loc(source, node, "emblem"),
                        "give a PNG or JPEG path relative to the content folder, or null",
                    )
                )
            elif path is not None and (problem := image_problem(path)):
                self.diagnostics.append(
                    Diagnostic(
                        "bad-image",
                        f"emblem '{emblem}' cannot be used: {problem}",
                        value_loc(source, node, "emblem"),
                        "save the emblem as a PNG or JPEG image (export it again if it is damaged)",
                    )
                )
                path = None
            emblem = str(path) if path is not None else None
        template, template_loc = self.template(source, node)
        margins = node.get("margins") if isinstance(node.get("margins"), dict) else {}
        return Options(
            margin_top=_centimetres(margins.get("top")),
            margin_bottom=_centimetres(margins.get("bottom")),
            recommendation_style=node.get("recommendation_style", defaults.recommendation_style),
            paper=node.get("paper", defaults.paper),
            emblem=emblem if isinstance(emblem, str) else None,
            show_session_lines=_flag(node.get("show_session_lines")),
            recommendations_bold=node.get("recommendations_bold") is True,
            word_limit=node["word_limit"] if isinstance(node.get("word_limit"), int) else defaults.word_limit,
            qr_code=node.get("qr_code") is not False,
            please_recycle=node.get("please_recycle") is not False,
            contents=node.get("contents") is True,
            states_together=node.get("states_together") is True,
            template=template,
            template_loc=template_loc,
        )

    def template(self, source: SourceFile, node: dict[str, Any]) -> tuple[str | None, SourceLoc]:
        """`options.template`: the absolute path of an existing file, or None (the UN template).

        Its styles are checked against the writer's in checks/template.py, after loading."""
        written = node.get("template")
        loc = value_loc(source, node, "template")
        if not isinstance(written, str):
            return None, loc
        path = self.resolve_path(written, loc)
        if path is None:
            return None, loc
        if not path.is_file():
            self.diagnostics.append(
                Diagnostic(
                    "file-not-found",
                    f"no Word template '{written}'",
                    loc,
                    closest_hint(path.name, [p.name for p in path.parent.glob("*.docx")])
                    or "give a .docx path relative to the content folder, or null for the UN template",
                )
            )
            return None, loc
        return str(path), loc

    def reviewed_pairs(self, source: SourceFile, items: Any) -> tuple[ReviewedPair, ...]:
        if not isinstance(items, list):
            return ()
        return tuple(
            ReviewedPair(
                str(item["first"]),
                str(item["second"]),
                str(item.get("reason") or ""),
                loc=node_loc(source, item),
            )
            for item in items
            if isinstance(item, dict) and "first" in item and "second" in item
        )


def load_report(
    content_dir: Path | str, cache: ParseCache | None = None, display_root: str | None = None
) -> tuple[Report | None, list[Diagnostic]]:
    """Read report.yaml and every file it names. Returns the report (None if unusable) and all diagnostics.

    A `ParseCache` kept between calls (as the watcher does) re-reads only the files that changed.
    Messages name files under `display_root` (default: the folder as given), so drafts read from a
    scratch folder can be named after what they were made from.
    """
    content_dir = Path(content_dir)
    display_root = (display_root or content_dir.as_posix()).rstrip("/")
    if not content_dir.is_dir():
        return None, [
            Diagnostic(
                "file-not-found",
                f"no content folder '{display_root}'",
                SourceLoc(display_root),
                "run from the project folder, or pass --content DIR",
            )
        ]
    # Run inside a meeting folder (content "."), places read "chapters/x.yaml:3:5", as its files are named.
    shown_root = "" if display_root == "." else display_root
    builder = _Builder(content_dir, shown_root, cache or ParseCache())
    # Recorded versions are drafts too: `circulate` writes into the folder and `build` reads every file.
    if (content_dir / "versions").exists():
        builder.resolve_path("versions", SourceLoc(builder.display(builder.content_dir / "versions")))
    top_loc = SourceLoc(builder.display(builder.content_dir / "report.yaml"))
    top = builder.open("report.yaml", top_loc, "reportFile")
    if top is None:
        return None, builder.diagnostics
    data = top.data
    builder.style = house_style(house_style_name(top, data, builder.diagnostics))
    builder.diagnostics.extend(bold_lines_beyond_the_last(top, data.get("meeting")))
    agenda: tuple[AgendaItem, ...] = ()
    if isinstance(data.get("agenda"), str):
        agenda_file = builder.open(data["agenda"], value_loc(top, data, "agenda"), "agendaFile")
        if agenda_file is not None:
            agenda = builder.agenda(agenda_file, agenda_file.data.get("agenda"))
    themes: tuple[Theme, ...] = ()
    if isinstance(data.get("themes"), str):
        themes_file = builder.open(data["themes"], value_loc(top, data, "themes"), "themesFile")
        if themes_file is not None:
            themes = builder.themes(themes_file, themes_file.data.get("themes"))
    chapters: list[Chapter] = []
    chapter_list = data.get("chapters")
    if isinstance(chapter_list, list):
        for index, written in enumerate(chapter_list):
            if isinstance(written, str):
                chapter = builder.chapter(written, value_loc(top, chapter_list, index))
                if chapter is not None:
                    chapters.append(chapter)
    report = Report(
        annexes=load_annexes(builder, top, data),
        style=builder.style.name,
        meeting=builder.meeting(top, data.get("meeting")),
        options=builder.options(top, data.get("options")),
        agenda=agenda,
        themes=themes,
        chapters=tuple(chapters),
        reviewed_pairs=builder.reviewed_pairs(top, data.get("reviewed_pairs")),
        incomplete=frozenset(builder.incomplete),
    )
    return report, builder.diagnostics


# --------------------------------------------------------------------------- the house style


def _positions(value: Any) -> tuple[int, ...] | None:
    """`session_lines_bold: [1, 2, 5]`; None when not written (the house style decides)."""
    if not isinstance(value, list):
        return None
    return tuple(v for v in value if isinstance(v, int) and not isinstance(v, bool))


def _centimetres(value: Any) -> float | None:
    """A length the schema has checked; booleans are ints to Python, never lengths."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def house_style_name(source: SourceFile, data: dict[str, Any], diagnostics: list[Diagnostic]) -> str:
    """The house style report.yaml names (`style: geneva`), and the job number checked against it.

    An unknown name is reported and the default style used, so that the rest of the report is still
    checked."""
    written = data.get("style")
    name = DEFAULT_STYLE
    if isinstance(written, str):
        if written in style_names():
            name = written
        else:
            diagnostics.append(
                Diagnostic(
                    "unknown-style",
                    f"no house style '{written}'",
                    value_loc(source, data, "style"),
                    closest_hint(written, list(style_names()))
                    or f"the styles are {', '.join(style_names())}",
                )
            )
            return name
    meeting = data.get("meeting")
    job_number = meeting.get("job_number") if isinstance(meeting, dict) else None
    if isinstance(job_number, str):
        style = house_style(name)
        problem = style.job_number_problem(job_number)
        if problem:
            diagnostics.append(
                Diagnostic(
                    "wrong-job-number",
                    problem,
                    value_loc(source, meeting, "job_number"),
                    f"write the job number the document was given, e.g. {style.job_number_example}, "
                    "or name the house style of its duty station (style: in report.yaml)",
                )
            )
    return name


# --------------------------------------------------------------------------- annexes


def load_annexes(builder: _Builder, source: SourceFile, data: dict[str, Any]) -> tuple[Chapter, ...]:
    """The annex files report.yaml lists (`annexes:`), read as chapter files."""
    listed = data.get("annexes")
    if not isinstance(listed, list):
        return ()
    annexes: list[Chapter] = []
    for index, written in enumerate(listed):
        if isinstance(written, str):
            annex = builder.chapter(written, value_loc(source, listed, index))
            if annex is not None:
                annexes.append(dataclasses.replace(annex, annex=True))
    return tuple(annexes)


# --------------------------------------------------------------------------- plain-text fields

# Fields printed as they are written: titles, the masthead's lines, who made a recommendation. Inline
# markup there is printed literally, which is seldom what the author meant, so it is a warning; not an
# error, since a name may hold such characters (`reportkit new --meeting` takes any text).
PLAIN_FIELDS = frozenset(
    {"title", "subtitle", "title_footnote", "session_lines", "by", "issuing_body", "meeting_name", "venue"}
)
_PLAIN_FIELD_MARKUP = re.compile(r"(\[\[|\^\[|\*\*|\*)")
_MARKUP_NAMES = {"[[": "a reference", "^[": "a footnote", "**": "bold", "*": "italic"}


def _plain_field_hint(key: str, markup: str) -> str:
    if markup == "^[" and key == "title":
        return "write the note as `title_footnote:` beside the title (the meeting's, or a chapter's)"
    return f"'{key}' is printed as written, markup and all: remove it if it is not meant literally"


def markup_in_plain_fields(source: SourceFile, node: Any, key: str = "") -> Iterator[Diagnostic]:
    """Inline markup (`[[`, `^[`, `**`, `*`) in a field that takes plain text, at its place."""
    if isinstance(node, dict):
        for child_key, value in node.items():
            if child_key in PLAIN_FIELDS and isinstance(value, str):
                yield from _plain_markup(source, node, child_key, str(child_key), value)
            elif child_key in PLAIN_FIELDS and isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, str):
                        yield from _plain_markup(source, value, index, str(child_key), item)
            else:
                yield from markup_in_plain_fields(source, value, str(child_key))
    elif isinstance(node, list):
        for item in node:
            yield from markup_in_plain_fields(source, item, key)


def _plain_markup(
    source: SourceFile, container: Any, index: str | int, key: str, value: str
) -> Iterator[Diagnostic]:
    found = _PLAIN_FIELD_MARKUP.search(value)
    if found is None:
        return
    markup = found.group(1)
    yield Diagnostic(
        "markup-not-allowed",
        f"'{key}' cannot hold {_MARKUP_NAMES[markup]} ('{markup}')",
        value_loc(source, container, index),
        _plain_field_hint(key, markup),
        severity=Severity.WARNING,
    )


def bold_lines_beyond_the_last(source: SourceFile, meeting: Any) -> Iterator[Diagnostic]:
    """`session_lines_bold` naming a line the masthead does not have (the schema checks it is 1 or more)."""
    if not isinstance(meeting, dict):
        return
    bold, lines = meeting.get("session_lines_bold"), meeting.get("session_lines")
    count = len(lines) if isinstance(lines, list) else 0
    if not isinstance(bold, list):
        return
    for index, position in enumerate(bold):
        if isinstance(position, int) and not isinstance(position, bool) and position > count:
            yield Diagnostic(
                "wrong-type",
                f"'session_lines_bold' names line {position}, but there are {count} session lines",
                value_loc(source, bold, index),
                "lines count from 1, in the order of session_lines",
            )
