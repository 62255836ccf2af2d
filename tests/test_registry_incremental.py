"""The registry's term index, updated when the registry changes: only the files that changed are read
and counted, the previous cache is reused then removed, and the result is what a full rebuild gives
(meetings, entries in order, every unit's term counts, openings) — so the check finds the same pairs."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
import scipy.sparse as sp

from reportkit.checks import index as term_index
from reportkit.checks.formulas import learned_openings
from reportkit.checks.index import TermIndex, build_index
from reportkit.checks.similarity import document_frequencies
from reportkit.diagnostics import Diagnostic
from reportkit.model import Report
from reportkit.pipeline import prepare
from reportkit.registry import YamlRegistryStore, load_registry, yaml_store
from reportkit.registry.check import run_duplicate_check
from reportkit.registry.index import StoredEntries, open_registry, registry_texts
from reportkit.registry.model import Registry
from tests.conftest import ROOT

EXAMPLE_2022 = ROOT / "examples" / "wg-firearms-2022"
TOPICS = (
    "marking",
    "record-keeping",
    "brokering",
    "deactivation",
    "tracing",
    "import licences",
    "stockpiles",
)
VERBS = ("strengthen", "review", "harmonize", "document", "publish", "fund", "assess", "simplify")


def _texts(meeting: int, count: int, opening: str = "States should") -> list[tuple[str, list[str]]]:
    """Texts that differ from meeting to meeting, some of two sentences, some with sub-items."""
    texts: list[tuple[str, list[str]]] = []
    for number in range(count):
        verb = VERBS[(meeting + number) % len(VERBS)]
        topic = TOPICS[(meeting * 3 + number) % len(TOPICS)]
        text = f"{opening} {verb} national rules on {topic} in line with the Protocol (meeting {meeting})."
        items: list[str] = []
        if number % 3 == 1:
            text += f" Regional bodies could share practice on {TOPICS[number % len(TOPICS)]} and training."
        if number % 4 == 2:
            items = [f"(a) Reports on {topic} seizures and losses", f"(b) Audits of {verb} procedures yearly"]
        texts.append((text, items))
    return texts


def write_meeting(
    folder: Path, meeting: int, year: int, texts: Sequence[tuple[str, list[str]]], symbol: str | None = None
) -> Path:
    """A registry file as `registry add` would write it (JSON strings are YAML double-quoted ones)."""
    lines = [
        "meeting:",
        f"  symbol: {symbol or f'TEST/{meeting}'}",
        f"  name: Test meeting {meeting}",
        "  title: Generated",
        "  venue: Vienna",
        f"  start_date: {year}-03-01",
        f"  end_date: {year}-03-02",
        "themes: {}",
        "recommendations:",
    ]
    for number, (text, items) in enumerate(texts, start=1):
        lines += [f"  - id: r{number}", f"    number: '{number}'", f"    text: {json.dumps(text)}"]
        lines += ["    items:", *(f"      - {json.dumps(item)}" for item in items)] if items else []
    path = folder / f"test-{meeting:03d}.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.fixture
def registry_dir(tmp_path: Path) -> Path:
    """Four meetings of 2010–2016, 12 entries each, their openings "States should" and "UNODC is
    requested to", beside the bundled registry's 2021 meeting."""
    folder = tmp_path / "registry"
    shutil.copytree(ROOT / "registry", folder)
    for meeting, year in enumerate((2010, 2012, 2014, 2016)):
        texts = _texts(meeting, 9) + _texts(meeting, 3, "UNODC is requested to")
        write_meeting(folder, meeting, year, texts)
    return folder


class Spies:
    """What the registry reader parsed and what the counter counted, from a given moment on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.parsed: list[str] = []
        self.counted: list[str] = []
        read, count = yaml_store._read_meeting_file, term_index.count_terms

        def reading(path: Path, *arguments: object) -> object:
            self.parsed.append(path.name)
            return read(path, *arguments)  # type: ignore[arg-type]

        def counting(texts: object, *arguments: object, **options: object) -> sp.csr_matrix:
            listed = list(texts)  # type: ignore[call-overload]
            self.counted.extend(listed)
            return count(listed, *arguments, **options)  # type: ignore[arg-type]

        monkeypatch.setattr(yaml_store, "_read_meeting_file", reading)
        monkeypatch.setattr(term_index, "count_terms", counting)


def unit_texts(registry: Registry, symbols: set[str]) -> list[str]:
    """The texts of the units of the given meetings' entries, in the order the index counts them."""
    return _units([entry for entry in registry.entries if entry.symbol in symbols])


def _units(entries: Sequence[object]) -> list[str]:
    from reportkit.checks.similarity import units_of

    return [
        unit.text
        for owner, entry in enumerate(entries)
        for unit in units_of(owner, entry.text, entry.items)  # type: ignore[attr-defined]
    ]


def rows_by_term(index: TermIndex) -> list[dict[str, float]]:
    """Each row's {term: tf}: equal whatever numbers the columns have."""
    terms = {column: term for term, column in index.vocabulary.items()}
    tf = index.tf
    rows = []
    for start, end in zip(tf.indptr[:-1], tf.indptr[1:], strict=True):
        cells = zip(tf.indices[start:end].tolist(), tf.data[start:end].tolist(), strict=True)
        rows.append({terms[column]: value for column, value in cells})
    return rows


def assert_as_rebuilt(folder: Path, registry: Registry, index: TermIndex | None) -> None:
    """The registry and index equal a full rebuild's without any cache, column for column, and what
    reading the YAML and counting it as reportkit always did gives, term for term."""
    assert index is not None
    rebuilt, rebuilt_index, problems = open_registry(folder, None)
    assert problems == [] and rebuilt_index is not None
    assert registry.meetings == rebuilt.meetings
    assert list(registry.entries) == list(rebuilt.entries)
    assert registry.content_hash == rebuilt.content_hash
    assert (index.owners == rebuilt_index.owners).all() and index.parts == rebuilt_index.parts
    assert index.openings == rebuilt_index.openings
    assert index.vocabulary == rebuilt_index.vocabulary and (index.tf != rebuilt_index.tf).nnz == 0
    assert index.tf.dtype == rebuilt_index.tf.dtype
    # Each term's document frequency (stored in the cache) is what counting the rebuilt rows gives.
    counted_frequencies = document_frequencies(rebuilt_index.tf, rebuilt_index.owner_starts)
    assert (index.document_frequencies() == counted_frequencies).all()
    loaded, _ = load_registry(folder)
    texts = registry_texts(loaded)
    counted = build_index(texts, openings=learned_openings([text for text, _ in texts]))
    assert rows_by_term(index) == rows_by_term(counted) and index.openings == counted.openings
    assert (index.owners == counted.owners).all() and index.parts == counted.parts


def cache_files(cache: Path) -> list[str]:
    return sorted(path.suffix for path in cache.glob("registry-*"))


def test_adding_a_meeting_that_sorts_last_reads_and_counts_only_its_file(
    registry_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    open_registry(registry_dir, cache)
    spies = Spies(monkeypatch)
    write_meeting(registry_dir, 7, 2023, _texts(7, 12))

    registry, index, problems = open_registry(registry_dir, cache)

    assert problems == []
    assert spies.parsed == ["test-007.yaml"]
    assert spies.counted == unit_texts(registry, {"TEST/7"})
    assert registry.meetings[-1].symbol == "TEST/7"
    assert isinstance(registry.entries, StoredEntries)  # still read one entry at a time
    assert_as_rebuilt(registry_dir, registry, index)


def test_a_meeting_dated_between_others_takes_its_place_in_the_order(
    registry_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    open_registry(registry_dir, cache)
    spies = Spies(monkeypatch)
    write_meeting(registry_dir, 8, 2013, _texts(8, 12))

    registry, index, _ = open_registry(registry_dir, cache)

    assert spies.parsed == ["test-008.yaml"]
    assert spies.counted == unit_texts(registry, {"TEST/8"})
    symbols = [meeting.symbol for meeting in registry.meetings]
    assert symbols == ["TEST/0", "TEST/1", "TEST/8", "TEST/2", "TEST/3", "CTOC/COP/WG.6/2021/4"]
    assert registry.entries[24].symbol == "TEST/8" and registry.entries[36].symbol == "TEST/2"
    assert_as_rebuilt(registry_dir, registry, index)


def test_a_changed_file_is_read_and_counted_again_and_the_others_reused(
    registry_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    open_registry(registry_dir, cache)
    spies = Spies(monkeypatch)
    path = registry_dir / "test-001.yaml"
    path.write_text(path.read_text("utf-8").replace("national rules on", "national laws on", 4), "utf-8")

    registry, index, _ = open_registry(registry_dir, cache)

    assert spies.parsed == ["test-001.yaml"]
    assert spies.counted == unit_texts(registry, {"TEST/1"})
    assert sum("national laws on" in entry.text for entry in registry.entries) == 4
    assert_as_rebuilt(registry_dir, registry, index)


def test_a_removed_file_drops_out_and_nothing_is_read(
    registry_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    open_registry(registry_dir, cache)
    spies = Spies(monkeypatch)
    (registry_dir / "test-002.yaml").unlink()

    registry, index, _ = open_registry(registry_dir, cache)

    assert spies.parsed == [] and spies.counted == []
    assert "TEST/2" not in {meeting.symbol for meeting in registry.meetings}
    assert_as_rebuilt(registry_dir, registry, index)


def test_new_openings_recount_every_unit_from_the_cache_without_reading_the_other_files(
    registry_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    _, before, _ = open_registry(registry_dir, cache)
    assert before is not None and "consider taking measures to" not in before.openings
    spies = Spies(monkeypatch)
    write_meeting(registry_dir, 9, 2023, _texts(9, 6, "Consider taking measures to"))

    registry, index, _ = open_registry(registry_dir, cache)

    assert index is not None and "consider taking measures to" in index.openings
    assert spies.parsed == ["test-009.yaml"]
    assert sorted(spies.counted) == sorted(_units(list(registry.entries)))  # every unit, once
    assert_as_rebuilt(registry_dir, registry, index)


def test_a_meeting_recorded_twice_is_reported_as_a_full_read_reports_it(
    registry_dir: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    open_registry(registry_dir, cache)
    write_meeting(registry_dir, 7, 2023, _texts(7, 3), symbol="TEST/1")

    registry, index, problems = open_registry(registry_dir, cache)

    expected_registry, expected = load_registry(registry_dir)
    assert index is None and problems == expected and registry == expected_registry
    rendered = [problem.render().splitlines()[0] for problem in problems]
    place = (registry_dir / "test-007.yaml").as_posix()
    assert rendered == [f"{place}:1:1: error[duplicate-id]: meeting TEST/1 is recorded twice"]


def test_a_changed_file_with_a_problem_is_reported_with_no_index(registry_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    open_registry(registry_dir, cache)
    path = registry_dir / "test-003.yaml"
    path.write_text(path.read_text("utf-8").replace("  - id: r2\n", "  - id: r1\n"), "utf-8")

    _, index, problems = open_registry(registry_dir, cache)

    assert index is None and problems == load_registry(registry_dir)[1]
    assert [problem.message for problem in problems] == ["two entries of TEST/3 have the id 'r1'"]


def test_a_damaged_previous_cache_is_ignored(registry_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    open_registry(registry_dir, cache)
    (previous,) = cache.glob("registry-*.arrays")
    for array in ("indices.npy", "files.npy"):  # cut short, as by a full disk or a killed copy
        (previous / array).write_bytes((previous / array).read_bytes()[:100])
    write_meeting(registry_dir, 7, 2023, _texts(7, 12))

    registry, index, problems = open_registry(registry_dir, cache)

    assert problems == []
    assert_as_rebuilt(registry_dir, registry, index)


def test_an_updated_cache_stores_each_terms_document_frequency(registry_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    open_registry(registry_dir, cache)
    write_meeting(registry_dir, 7, 2023, _texts(7, 12))
    open_registry(registry_dir, cache)  # updated from the previous cache

    registry, index, _ = open_registry(registry_dir, cache)  # read back from the updated cache

    assert index is not None and index.frequencies is not None
    assert_as_rebuilt(registry_dir, registry, index)


def test_the_previous_cache_is_removed_once_reused(registry_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    open_registry(registry_dir, cache)
    (previous,) = cache.glob("registry-*.arrays")
    write_meeting(registry_dir, 7, 2023, _texts(7, 12))

    open_registry(registry_dir, cache)

    assert not previous.exists() and not previous.with_suffix(".json").exists()
    assert cache_files(cache) == [".arrays", ".json"]  # one registry, one term index
    again, index, _ = open_registry(registry_dir, cache)  # and it is the one read from now on
    assert_as_rebuilt(registry_dir, again, index)


def test_the_check_finds_the_same_pairs_against_an_updated_index(registry_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    open_registry(registry_dir, cache)
    write_meeting(registry_dir, 8, 2013, _texts(8, 12))
    report = prepare(EXAMPLE_2022).report
    assert report is not None

    def found(cache_dir: Path) -> list[object]:
        checked = run_duplicate_check(report, registry_dir, cache_dir, method="lexical")
        assert checked.findings is not None
        findings = checked.findings
        pairs = [(f.first.key, f.second.key, f.level, f.score, f.basis) for f in findings.findings]
        nearest = [
            (c.key, tuple((n.candidate.key, n.score) for n in near)) for c, near in findings.neighbours
        ]
        return [*pairs, *nearest, findings.registry_size]

    updated = found(cache)
    assert cache_files(cache) == [".arrays", ".json"]  # the check used (and made) the updated index
    assert any(pair[1].startswith("CTOC/COP/WG.6/2021/4#") for pair in updated[:5])  # type: ignore[index]
    assert updated == found(tmp_path / "fresh-cache")


class OtherStore:
    """A store that is not the YAML folder (a database, say): the same records through the interface."""

    def __init__(self, folder: Path) -> None:
        self.yaml = YamlRegistryStore(folder)
        self.name = "other store"

    def exists(self) -> bool:
        return True

    def content_hash(self) -> str:
        return self.yaml.content_hash()

    def load(self) -> tuple[Registry, list[Diagnostic]]:
        return self.yaml.load()

    def record(self, report: Report) -> tuple[str, int, list[Diagnostic]]:
        return self.yaml.record(report)


def test_another_store_is_read_whole_when_it_changes(
    registry_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    open_registry(OtherStore(registry_dir), cache)
    spies = Spies(monkeypatch)
    write_meeting(registry_dir, 7, 2023, _texts(7, 12))

    registry, index, problems = open_registry(OtherStore(registry_dir), cache)

    assert problems == [] and len(spies.parsed) == 6  # every file: no records to update from
    assert cache_files(cache) == [".arrays", ".arrays", ".json", ".json"]
    assert_as_rebuilt(registry_dir, registry, index)
