"""The registry's records: earlier meetings and their adopted recommendations, as plain data.

An entry is named elsewhere (in `reviewed_pairs`, in JSON findings) by its *registry key*,
`SYMBOL#ID` (`CTOC/COP/WG.6/2021/4#marking-all-firearms`); `SYMBOL#NUMBER`
(`CTOC/COP/WG.6/2021/4#27`) names the same entry, since a published report's numbers never change.

No I/O here: the stores (`store.py`, `yaml_store.py`) read and write these records.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from reportkit.diagnostics import UNKNOWN_LOC, SourceLoc
from reportkit.house import DEFAULT_STYLE, house_style

REGISTRY_STATUS = "adopted"  # what `registry add` records: only what a meeting adopted is precedent


@dataclass(frozen=True, slots=True)
class RegistryMeeting:
    """A recorded meeting: enough to cite it ("CTOC/COP/WG.6/2021/4") and to name it in a compendium."""

    symbol: str
    name: str
    title: str
    venue: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    themes: tuple[tuple[str, str], ...] = ()  # (theme id, title) in the meeting's order
    path: str = ""
    style: str = DEFAULT_STYLE  # the report's house style: the compendium cites it in its words and dates

    @property
    def label(self) -> str:
        """ "Working Group on Firearms, Vienna, 10–12 May 2021": how a person recognises the meeting."""
        return ", ".join(part for part in (self.name, self.venue, meeting_dates(self)) if part)

    @property
    def year(self) -> int | None:
        return self.start_date.year if self.start_date else None


@dataclass(frozen=True, slots=True)
class RegistryEntry:
    """One adopted recommendation of an earlier meeting."""

    symbol: str
    meeting: str  # the meeting's label, repeated here so an entry can be shown on its own
    number: str
    id: str
    text: str  # the lead-in, as published (references rendered, footnotes left out)
    items: tuple[str, ...] = ()  # the subparagraphs, each with its label: "(d) Regulation of brokers …"
    themes: tuple[str, ...] = ()
    status: str = REGISTRY_STATUS
    by: tuple[str, ...] = ()  # who made it (the UPR's recommending States), as printed
    response: str | None = None  # the answer of the State concerned, in its house style's words
    loc: SourceLoc = field(default=UNKNOWN_LOC, compare=False)

    @property
    def key(self) -> str:
        return registry_key(self.symbol, self.id)

    @property
    def full_text(self) -> str:
        return "\n".join((self.text, *self.items))


@dataclass(frozen=True, slots=True)
class Registry:
    meetings: tuple[RegistryMeeting, ...]
    # Oldest meeting first, each in its published order; a tuple when read from the store, read
    # lazily (index.StoredEntries) from the index cache.
    entries: Sequence[RegistryEntry]
    content_hash: str  # of every file's bytes: the key of the cached index

    def find(self, key: str) -> RegistryEntry | None:
        """The entry a registry key names, by id or by number."""
        symbol, _, local = key.partition("#")
        for entry in self.entries:
            if entry.symbol == symbol and local in (entry.id, entry.number):
                return entry
        return None

    def meeting(self, symbol: str) -> RegistryMeeting | None:
        return next((m for m in self.meetings if m.symbol == symbol), None)


EMPTY_REGISTRY = Registry((), (), hashlib.sha256(b"").hexdigest())


def registry_key(symbol: str, local: str) -> str:
    return f"{symbol}#{local}"


def symbol_slug(symbol: str) -> str:
    """CTOC/COP/WG.6/2021/4 → ctoc-cop-wg-6-2021-4: a file name that sorts by body and year."""
    return re.sub(r"[^a-z0-9]+", "-", symbol.lower()).strip("-")


def meeting_dates(meeting: RegistryMeeting) -> str:
    """ "10–12 May 2021", "30 May–2 June 2022", "10 May 2021", as the meeting's house style writes a span."""
    start, end = meeting.start_date, meeting.end_date
    if start is None:
        return ""
    return house_style(meeting.style).date_range(start, end or start)


def entries_by_meeting(registry: Registry) -> dict[str, list[RegistryEntry]]:
    """Each meeting's entries (by symbol), in the registry's order: one pass over the entries."""
    grouped: dict[str, list[RegistryEntry]] = {}
    for entry in registry.entries:
        grouped.setdefault(entry.symbol, []).append(entry)
    return grouped


def iter_by_theme(registry: Registry) -> Iterator[tuple[str, str, list[RegistryEntry]]]:
    """(theme id, title, entries) for every theme any meeting used, titles from the latest meeting."""
    titles: dict[str, str] = {}
    order: list[str] = []
    for meeting in registry.meetings:
        for theme_id, title in meeting.themes:
            if theme_id not in titles:
                order.append(theme_id)
            titles[theme_id] = title
    for entry in registry.entries:
        for theme_id in entry.themes:
            if theme_id not in titles:
                order.append(theme_id)
                titles[theme_id] = theme_id
    for theme_id in order:
        members = [entry for entry in registry.entries if theme_id in entry.themes]
        if members:
            yield theme_id, titles[theme_id], members
