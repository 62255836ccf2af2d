"""The watcher rebuilds on save, reports a broken save with its location, keeps the last good outputs,
and recovers on the next valid save. It runs the real watchdog observer on a real folder."""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportkit.watch import Rebuild, Rebuilder, is_draft, watch_drafts

TIMEOUT = 10


@pytest.fixture
def watching(mini: Path, tmp_path: Path) -> Iterator[tuple[Path, Path, queue.Queue[Rebuild]]]:
    out = tmp_path / "build"
    rebuilds: queue.Queue[Rebuild] = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(
        target=watch_drafts, args=(Rebuilder(mini, out, ["md"]), rebuilds.put, stop), daemon=True
    )
    thread.start()
    first = rebuilds.get(timeout=TIMEOUT)
    assert first.result.prepared.ok
    yield mini, out, rebuilds
    stop.set()
    thread.join(timeout=TIMEOUT)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def test_a_save_rebuilds_the_outputs(watching: tuple[Path, Path, queue.Queue[Rebuild]]) -> None:
    content, out, rebuilds = watching
    assert "States should cooperate." in (out / "report.md").read_text("utf-8")
    _edit(
        content / "chapters" / "recommendations.yaml",
        "States should cooperate.",
        "States should cooperate closely.",
    )
    rebuild = rebuilds.get(timeout=TIMEOUT)
    assert rebuild.result.prepared.ok
    assert "States should cooperate closely." in (out / "report.md").read_text("utf-8")


def test_a_broken_save_is_reported_and_the_last_good_output_stays_until_fixed(
    watching: tuple[Path, Path, queue.Queue[Rebuild]],
) -> None:
    content, out, rebuilds = watching
    good = (out / "report.md").read_bytes()
    chapter = content / "chapters" / "recommendations.yaml"
    _edit(chapter, "[[mark-all]]", "[[mark-al]]")
    broken = rebuilds.get(timeout=TIMEOUT)
    rendered = [d.render() for d in broken.result.prepared.diagnostics]
    assert not broken.result.prepared.ok
    assert any(
        line.startswith(f"{chapter.as_posix()}:28:") and "error[unknown-ref]" in line for line in rendered
    )
    assert (out / "report.md").read_bytes() == good

    _edit(chapter, "[[mark-al]]", "[[mark-all]] and [[cooperate]]")
    fixed = rebuilds.get(timeout=TIMEOUT)
    assert fixed.result.prepared.ok
    assert "as in recommendation [2](#mark-all) and recommendation [1](#cooperate)" in (
        out / "report.md"
    ).read_text("utf-8")


def test_editor_swap_files_are_not_drafts() -> None:
    assert is_draft("content/chapters/a.yaml")
    assert not is_draft("content/chapters/.a.yaml.swp")
    assert not is_draft("content/chapters/a.yaml~")
    assert not is_draft("content/chapters/.#a.yaml")


def test_reading_the_drafts_during_a_rebuild_does_not_trigger_another(
    watching: tuple[Path, Path, queue.Queue[Rebuild]],
) -> None:
    content, _, rebuilds = watching
    with pytest.raises(queue.Empty):
        rebuilds.get(timeout=1.5)  # the first build opened every draft; that is not a change
    _edit(content / "chapters" / "recommendations.yaml", "States should cooperate.", "States should act.")
    assert rebuilds.get(timeout=TIMEOUT).result.prepared.ok
    with pytest.raises(queue.Empty):
        rebuilds.get(timeout=1.5)  # one save, one rebuild


def test_a_save_that_keeps_size_and_modification_time_is_seen(
    watching: tuple[Path, Path, queue.Queue[Rebuild]],
) -> None:
    content, out, rebuilds = watching
    chapter = content / "chapters" / "recommendations.yaml"
    before = chapter.stat()
    _edit(chapter, "States should cooperate.", "STATES SHOULD COOPERATE.")
    os.utime(chapter, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `cp -p` or `rsync -t` leave it
    assert (chapter.stat().st_size, chapter.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    rebuild = rebuilds.get(timeout=TIMEOUT)
    assert rebuild.result.prepared.ok
    assert "STATES SHOULD COOPERATE." in (out / "report.md").read_text("utf-8")


def test_an_impossible_date_is_reported_and_watching_goes_on(
    watching: tuple[Path, Path, queue.Queue[Rebuild]],
) -> None:
    content, out, rebuilds = watching
    good = (out / "report.md").read_bytes()
    report = content / "report.yaml"
    _edit(report, "date: 2022-06-01", "date: 2022-06-31")
    broken = rebuilds.get(timeout=TIMEOUT)
    assert [d.render() for d in broken.result.prepared.diagnostics] == [
        f"{report.as_posix()}:7:9: error[wrong-type]: '2022-06-31' is not a date that exists\n"
        "  hint: check the day and the month; dates are written YYYY-MM-DD"
    ]
    assert (out / "report.md").read_bytes() == good
    _edit(report, "date: 2022-06-31", "date: 2022-06-30")
    assert rebuilds.get(timeout=TIMEOUT).result.prepared.ok
