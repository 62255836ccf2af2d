"""The watcher rebuilds on save, reports a broken save with its location, keeps the last good outputs,
and recovers on the next valid save. It runs the real watchdog observer on a real folder."""

from __future__ import annotations

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
