"""The registry: earlier meetings' adopted recommendations, kept as plain YAML files in the project.

One file per meeting, `registry/<symbol-slug>.yaml` (`ctoc-cop-wg-6-2021-4.yaml`), so that recording a
meeting touches one file and git shows exactly what changed. A file holds the meeting's particulars
once, its themes (id → title, for the compendium) and one entry per adopted recommendation:

    meeting:
      symbol: CTOC/COP/WG.6/2021/4
      name: Working Group on Firearms
      title: Report on the meeting of the Working Group on Firearms held in Vienna from 10 to 12 May 2021
      venue: Vienna
      start_date: 2021-05-10
      end_date: 2021-05-12
    themes:
      marking: Marking of firearms
    recommendations:
      - id: marking-all-firearms
        number: '27'
        status: adopted
        themes: [marking, legislation]
        text: >-
          In line with the Firearms Protocol, States parties should apply markings to all firearms, …

`record_report` is the only writer: it rewrites the meeting's file in place with ruamel.yaml's
round-trip mode. A value that has not changed is left as it was written (quotes, folding, comments);
one that has changed keeps its old style; keys reportkit does not know are kept, with a warning. A file
that is broken, or that records another meeting or nothing at all, is never overwritten.
"""

from __future__ import annotations

import datetime
import hashlib
import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from reportkit.diagnostics import Diagnostic, Severity, SourceLoc
from reportkit.house import DEFAULT_STYLE, style_names
from reportkit.model import Report
from reportkit.registry.from_report import entries_from_report
from reportkit.registry.model import (
    EMPTY_REGISTRY,
    REGISTRY_STATUS,
    Registry,
    RegistryEntry,
    RegistryMeeting,
    symbol_slug,
)
from reportkit.sources import SourceFile, key_loc, read_source, value_loc
from reportkit.yaml_reader import YamlList, YamlMap

TEXT_WIDTH = 96  # folded texts are wrapped so that a reworded recommendation shows as a small diff


# --------------------------------------------------------------------------- reading


def registry_files(registry_dir: Path) -> list[Path]:
    return sorted(path for path in registry_dir.glob("*.yaml") if path.is_file())


def registry_file_digests(registry_dir: Path) -> list[tuple[Path, str]]:
    """Each registry file with the SHA-256 of its bytes: an unchanged digest is an unchanged meeting."""
    return [(path, hashlib.sha256(path.read_bytes()).hexdigest()) for path in registry_files(registry_dir)]


def registry_hash(registry_dir: Path) -> str:
    """A hash of every registry file's name and bytes: equal hashes mean an identical registry."""
    digest = hashlib.sha256()
    for path in registry_files(registry_dir):
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _style(head: dict[str, Any], source: SourceFile, diagnostics: list[Diagnostic]) -> str:
    """The meeting's house style; files written before styles were recorded are Vienna's."""
    style = head.get("style", DEFAULT_STYLE)
    if style in style_names():
        return str(style)
    diagnostics.append(
        Diagnostic(
            "registry-format",
            f"no house style '{style}'",
            value_loc(source, head, "style"),
            f"house styles: {', '.join(style_names())}",
        )
    )
    return DEFAULT_STYLE


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _texts_or_absent(value: Any) -> bool:
    """Whether an entry's `items` or `themes` is absent or a list of texts (numbers read as texts)."""
    if value is None:
        return True
    return isinstance(value, list) and all(
        isinstance(v, str | int | float) and not isinstance(v, bool) for v in value
    )


def _loc_of(display_path: str, node: Any, index: int | None = None) -> SourceLoc:
    if isinstance(node, YamlList) and index is not None:
        line, col = node.lc.item(index)
        return SourceLoc(display_path, line + 1, col + 1)
    if isinstance(node, YamlMap | YamlList):
        return SourceLoc(display_path, node.lc.line + 1, node.lc.col + 1)
    return SourceLoc(display_path)


def _read_meeting_file(
    path: Path, display_path: str, diagnostics: list[Diagnostic]
) -> tuple[RegistryMeeting | None, list[RegistryEntry]]:
    # The drafts' reader: libyaml's speed for a registry of 20,000 entries, and places for messages.
    source = read_source(path, display_path, diagnostics)
    if source is None:
        return None, []
    data = source.data
    here = SourceLoc(display_path)
    head = data.get("meeting") if isinstance(data, dict) else None
    if not isinstance(head, dict) or not isinstance(head.get("symbol"), str):
        diagnostics.append(
            Diagnostic(
                "registry-format",
                "a registry file needs `meeting:` with a `symbol`",
                here,
                "record meetings with `reportkit registry add`, or copy the layout of another file",
            )
        )
        return None, []
    themes = data.get("themes") if isinstance(data.get("themes"), dict) else {}
    for key in ("start_date", "end_date"):
        if head.get(key) is not None and _date(head.get(key)) is None:
            diagnostics.append(
                Diagnostic(
                    "wrong-type",
                    f"'{key}' must be a date like 2021-05-10; got '{head[key]}'",
                    value_loc(source, head, key),
                    "write dates as YYYY-MM-DD",
                )
            )
    meeting = RegistryMeeting(
        symbol=str(head["symbol"]),
        name=str(head.get("name") or ""),
        title=str(head.get("title") or ""),
        venue=str(head.get("venue") or ""),
        start_date=_date(head.get("start_date")),
        end_date=_date(head.get("end_date")),
        themes=tuple((str(key), str(value)) for key, value in themes.items()),
        path=display_path,
        style=_style(head, source, diagnostics),
    )
    entries: list[RegistryEntry] = []
    items = data.get("recommendations")
    if not isinstance(items, list):
        diagnostics.append(
            Diagnostic(
                "registry-format",
                "a registry file needs a `recommendations:` list",
                _loc_of(display_path, data),
                "add `recommendations: []` if the meeting adopted none",
            )
        )
        return meeting, []
    for index, item in enumerate(items):
        loc = _loc_of(display_path, items, index)
        missing = [key for key in ("id", "number", "text") if not isinstance(item, dict) or not item.get(key)]
        if missing:
            diagnostics.append(
                Diagnostic(
                    "registry-format",
                    f"registry entry without {', '.join(missing)}",
                    loc,
                    "every entry needs an id, its published number and its text",
                )
            )
            continue
        wrong = [key for key in ("items", "themes", "by") if not _texts_or_absent(item.get(key))]
        for key in wrong:
            diagnostics.append(
                Diagnostic(
                    "wrong-type",
                    f"'{key}' of registry entry '{item['id']}' must be a list of texts",
                    value_loc(source, item, key),
                    "write a list, e.g. [marking, legislation] or one '- ' entry per line",
                )
            )
        if wrong:
            continue
        entries.append(
            RegistryEntry(
                symbol=meeting.symbol,
                meeting=meeting.label,
                number=str(item["number"]),
                id=str(item["id"]),
                text=" ".join(str(item["text"]).split()),
                items=tuple(" ".join(str(sub).split()) for sub in item.get("items") or ()),
                themes=tuple(str(theme) for theme in item.get("themes") or ()),
                status=str(item.get("status") or REGISTRY_STATUS),
                by=tuple(str(state) for state in item.get("by") or ()),
                response=str(item["response"]) if item.get("response") else None,
                loc=loc,
            )
        )
    return meeting, entries


def _unique_entries(found: list[RegistryEntry], diagnostics: list[Diagnostic]) -> list[RegistryEntry]:
    """A meeting's entries, each id once: a later entry with an earlier one's id is reported, dropped."""
    seen: dict[str, SourceLoc] = {}
    entries: list[RegistryEntry] = []
    for entry in found:
        if entry.id in seen:
            diagnostics.append(
                Diagnostic(
                    "duplicate-id",
                    f"two entries of {entry.symbol} have the id '{entry.id}'",
                    entry.loc,
                    "ids must be unique within a meeting",
                    related=(seen[entry.id],),
                )
            )
            continue
        seen[entry.id] = entry.loc
        entries.append(entry)
    return entries


def read_meeting(
    path: Path, diagnostics: list[Diagnostic]
) -> tuple[RegistryMeeting | None, list[RegistryEntry]]:
    """One meeting file on its own, as `load_registry` reads each (the check that no other file records
    the same meeting is the caller's): the index reads only the files that changed since it was built."""
    meeting, found = _read_meeting_file(path, path.as_posix(), diagnostics)
    return meeting, _unique_entries(found, diagnostics)


def meeting_order(meeting: RegistryMeeting) -> tuple[datetime.date, str]:
    """The registry's order of meetings: oldest first, undated ones before all, then by symbol."""
    return meeting.start_date or datetime.date.min, meeting.symbol


def load_registry(registry_dir: Path) -> tuple[Registry, list[Diagnostic]]:
    """Every meeting file of the registry folder; problems are diagnostics, as for the drafts."""
    diagnostics: list[Diagnostic] = []
    if not registry_dir.is_dir():
        diagnostics.append(
            Diagnostic(
                "file-not-found",
                f"no registry folder '{registry_dir.as_posix()}'",
                SourceLoc(registry_dir.as_posix()),
                "create it with `reportkit registry add --content DIR --registry PATH`",
            )
        )
        return EMPTY_REGISTRY, diagnostics
    meetings: list[RegistryMeeting] = []
    entries: list[RegistryEntry] = []
    first_place: dict[str, SourceLoc] = {}
    for path in registry_files(registry_dir):
        meeting, found = _read_meeting_file(path, path.as_posix(), diagnostics)
        if meeting is None:
            continue
        if meeting.symbol in first_place:
            # Two files for one meeting would make every one of its recommendations a duplicate of itself.
            diagnostics.append(
                Diagnostic(
                    "duplicate-id",
                    f"meeting {meeting.symbol} is recorded twice",
                    SourceLoc(path.as_posix()),
                    "keep one file per meeting",
                    related=(first_place[meeting.symbol],),
                )
            )
            continue
        first_place[meeting.symbol] = SourceLoc(path.as_posix())
        meetings.append(meeting)
        entries.extend(_unique_entries(found, diagnostics))
    meetings.sort(key=meeting_order)
    # Oldest meeting first, each in its published order: the order of the compendium and of ties.
    position = {meeting.symbol: index for index, meeting in enumerate(meetings)}
    entries.sort(key=lambda entry: position[entry.symbol])
    return Registry(tuple(meetings), tuple(entries), registry_hash(registry_dir)), diagnostics


# --------------------------------------------------------------------------- writing


def _folded(text: str, indent: int) -> FoldedScalarString:
    """A `>-` block wrapped at word boundaries: short lines diff well and read well in a browser."""
    scalar = FoldedScalarString(text)
    width = TEXT_WIDTH - indent
    fold_positions: list[int] = []
    line_start = 0
    last_space = -1
    for position, character in enumerate(text):
        # A folded line may not start with a space, or the fold would change the text.
        if character == " " and position + 1 < len(text) and text[position + 1] != " ":
            last_space = position
        if position - line_start >= width and last_space > line_start:
            fold_positions.append(last_space)
            line_start = last_space + 1
            last_space = -1
    scalar.fold_pos = fold_positions  # type: ignore[attr-defined]
    return scalar


def _flow_list(values: tuple[str, ...]) -> CommentedSeq:
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


ENTRY_KEYS = ("id", "number", "status", "themes", "text", "items", "by", "response")
MEETING_KEYS = ("symbol", "name", "title", "venue", "start_date", "end_date")
TOP_KEYS = ("meeting", "themes", "recommendations")
_STYLES = (DoubleQuotedScalarString, SingleQuotedScalarString, LiteralScalarString)


def _update(node: CommentedMap, key: str, value: Any) -> None:
    """Set `node[key]`, leaving an equal value exactly as written and giving a changed one its old style."""
    old = node.get(key)
    if key in node and (old == value if not isinstance(value, list) else list(old or ()) == value):
        return
    if isinstance(value, list):
        seq = CommentedSeq(value)
        if not isinstance(old, CommentedSeq) or old.fa.flow_style():
            seq.fa.set_flow_style()
        node[key] = seq
        return
    if isinstance(value, str):
        style = next((kind for kind in _STYLES if isinstance(old, kind)), None)
        if style is not None:
            value = style(value)
        elif isinstance(old, FoldedScalarString) or (old is None and key == "text"):
            value = _folded(value, 6)
    node[key] = value


def _fill_entry(node: CommentedMap, entry: RegistryEntry) -> CommentedMap:
    """Set an entry's fields in place, so that comments attached to the mapping stay where they were."""
    if "number" not in node:
        node["id"] = entry.id
        node["number"] = SingleQuotedScalarString(entry.number)  # '27' stays a text, not a number
    _update(node, "id", entry.id)
    _update(node, "number", entry.number)
    _update(node, "status", entry.status)
    _update(node, "themes", list(entry.themes))
    _update(node, "text", entry.text)
    for key, value in (("by", list(entry.by)), ("response", entry.response)):
        if value:  # written only where the report has them (the UPR), so other files stay as they were
            _update(node, key, value)
        elif key in node:
            del node[key]
    if entry.items and list(node.get("items") or ()) != list(entry.items):
        node["items"] = CommentedSeq(_folded(item, 8) for item in entry.items)
    elif not entry.items and "items" in node:
        del node["items"]
    return node


def _meeting_node(record: RegistryMeeting, node: CommentedMap | None) -> CommentedMap:
    node = node if isinstance(node, CommentedMap) else CommentedMap()
    for key in MEETING_KEYS:
        _update(node, key, getattr(record, key))
    if record.style != DEFAULT_STYLE:  # the files of Vienna meetings stay as they were
        _update(node, "style", record.style)
    elif "style" in node:
        del node["style"]
    return node


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096  # wrapping is done by _folded; ruamel must not re-wrap plain scalars
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    # A value used twice (one date object for start and end) is written out twice, never as an anchor
    # and alias: reportkit's reader refuses aliases.
    yaml.representer.ignore_aliases = lambda data: True
    return yaml


HEADER = (
    "Adopted recommendations of {symbol}, recorded by `reportkit registry add`.\n"
    "Re-recording the meeting rewrites its entries in place; comments written in this file are kept."
)


def render_meeting_file(record: RegistryMeeting, entries: list[RegistryEntry], existing: str | None) -> str:
    """The YAML text of a meeting's registry file, updating `existing` (its old text) when there is one."""
    yaml = _yaml()
    document = yaml.load(existing) if existing else None
    if not isinstance(document, CommentedMap):
        document = CommentedMap()
        document.yaml_set_start_comment(HEADER.format(symbol=record.symbol))
    document["meeting"] = _meeting_node(record, document.get("meeting"))
    themes = document.get("themes") if isinstance(document.get("themes"), CommentedMap) else CommentedMap()
    for key in [key for key in themes if key not in dict(record.themes)]:
        del themes[key]
    for theme_id, title in record.themes:
        _update(themes, theme_id, title)
    document["themes"] = themes
    old = document.get("recommendations")
    old_nodes = {
        str(node.get("id")): node
        for node in (old if isinstance(old, list) else [])
        if isinstance(node, CommentedMap)
    }
    nodes = [_fill_entry(old_nodes.get(entry.id, CommentedMap()), entry) for entry in entries]
    if isinstance(old, CommentedSeq):
        # Keep the sequence object (and with it comments between entries) and swap its contents.
        del old[:]
        old.extend(nodes)
        document["recommendations"] = old
    else:
        document["recommendations"] = CommentedSeq(nodes)
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


def _recorded_symbol(data: Any) -> Any:
    meeting = data.get("meeting") if isinstance(data, dict) else None
    return meeting.get("symbol") if isinstance(meeting, dict) else None


def meeting_file_for(registry_dir: Path, symbol: str) -> Path:
    """The file that records `symbol`: the existing one whatever its name, else `<slug>.yaml`."""
    default = registry_dir / f"{symbol_slug(symbol)}.yaml"
    candidates = registry_files(registry_dir) if registry_dir.is_dir() else []
    # The usual name first: a large registry need not be parsed to find it.
    for path in sorted(candidates, key=lambda path: path != default):
        source = read_source(path, path.as_posix(), [])  # a broken file is reported by load_registry
        if source is not None and _recorded_symbol(source.data) == symbol:
            return path
    return default


def _unknown_keys(source: SourceFile) -> list[Diagnostic]:
    """Warnings for keys reportkit does not write: they are kept, but nothing reads them."""
    data = source.data
    places: list[tuple[Any, Any, str]] = [(data, key, "the file") for key in data if key not in TOP_KEYS]
    meeting = data.get("meeting")
    if isinstance(meeting, dict):
        places += [(meeting, key, "the meeting") for key in meeting if key not in (*MEETING_KEYS, "style")]
    entries = data.get("recommendations")
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict):
            name = f"entry '{entry.get('id')}'"
            places += [(entry, key, name) for key in entry if key not in ENTRY_KEYS]
    return [
        Diagnostic(
            "unknown-key",
            f"unknown key '{key}' in {name}; it is kept as written, but reportkit does not read it",
            key_loc(source, node, key),
            "keep notes as '# comments', or leave it if another tool reads it",
            Severity.WARNING,
        )
        for node, key, name in places
    ]


def record_report(report: Report, registry_dir: Path) -> tuple[Path, int, list[Diagnostic]]:
    """Record the report's adopted recommendations; returns the file, how many entries, and problems.

    Recording the same meeting again replaces its entries (the report is the source of truth), and
    the file is replaced atomically so a reader never sees half a registry. A file that cannot be read
    or that is not this meeting's registry file is left alone, with an error (nothing is written).
    """
    from reportkit.atomic import write_atomically

    record, entries = entries_from_report(report)
    path = meeting_file_for(registry_dir, record.symbol)
    diagnostics: list[Diagnostic] = []
    existing = None
    if path.exists() or path.is_symlink():
        source = read_source(path, path.as_posix(), diagnostics)
        if source is None:
            return path, 0, diagnostics
        if _recorded_symbol(source.data) != record.symbol:
            diagnostics.append(
                Diagnostic(
                    "not-a-registry-file",
                    f"'{path.as_posix()}' is not the registry file of {record.symbol}; it is left as it is",
                    SourceLoc(path.as_posix()),
                    "move or rename that file, or give another --registry folder",
                )
            )
            return path, 0, diagnostics
        diagnostics.extend(_unknown_keys(source))
        existing = source.text
    write_atomically(path, render_meeting_file(record, entries, existing).encode("utf-8"))
    return path, len(entries), diagnostics


class YamlRegistryStore:
    """The registry as one folder of YAML files, one per meeting (a `store.RegistryStore`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @property
    def name(self) -> str:
        return self.folder.as_posix()

    def exists(self) -> bool:
        return self.folder.is_dir()

    def content_hash(self) -> str:
        return registry_hash(self.folder)

    def load(self) -> tuple[Registry, list[Diagnostic]]:
        return load_registry(self.folder)

    def record(self, report: Report) -> tuple[str, int, list[Diagnostic]]:
        path, count, diagnostics = record_report(report, self.folder)
        return path.as_posix(), count, diagnostics
