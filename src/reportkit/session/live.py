"""The session's state: the view of the current drafts, kept up to date on every save, and what a broken
save said.

One `LiveSession` per server. It watches the content folder itself (inotify through watchdog, not the
half-second polling of mkdocs' server, which rebuilds the whole site), re-reads only the saved file
(`ParseCache`), and wakes every browser waiting for news. A broken save keeps the last good view and
adds the errors; the next good save clears them.
"""

from __future__ import annotations

import datetime
import threading
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from reportkit.diagnostics import Diagnostic, Severity
from reportkit.load import ParseCache
from reportkit.pipeline import prepare
from reportkit.versions import CURRENT, Snapshot, load_version, recorded_versions, take_snapshot, versions_dir
from reportkit.watch import CHANGE_EVENTS, is_draft
from reportkit.writers.site.session_page import Problem, State
from reportkit.writers.site.session_view import SessionView, build_view

# An editor's save is several events (write, close; or a temporary file renamed): wait this long for
# quiet before reading, so a half-written file is not reported as an error for a moment.
SETTLE_SECONDS = 0.02


def _problems(diagnostics: list[Diagnostic]) -> tuple[Problem, ...]:
    return tuple(
        Problem(d.loc.path, d.loc.line, d.loc.col, d.code, d.message, d.hint or "")
        for d in diagnostics
        if d.severity is Severity.ERROR
    )


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


class LiveSession:
    def __init__(self, content: Path) -> None:
        self.content = content
        self.cache = ParseCache()
        self.state = State()
        self.changed = threading.Condition()  # notified with a new revision
        self._lock = threading.Lock()  # one refresh at a time
        self._drafts_stamp: tuple[tuple[str, tuple[int, int] | None], ...] = ()
        self._circulated: tuple[tuple[str, tuple[int, int] | None], Snapshot | None] | None = None
        self._observer: Observer | None = None
        self._stop = threading.Event()
        self._dirty = threading.Event()

    # ----------------------------------------------------------------------------- reading

    def _draft_files(self) -> tuple[tuple[str, tuple[int, int] | None], ...]:
        files = sorted(p for p in self.content.rglob("*") if is_draft(str(p)))
        return tuple((str(path), _stamp(path)) for path in files)

    def _latest_version(self) -> Snapshot | None:
        """The latest circulated version, parsed again only when its file changed."""
        names = recorded_versions(self.content)
        if not names:
            return None
        path = versions_dir(self.content) / f"{names[-1]}.yaml"
        key = (str(path), _stamp(path))
        if self._circulated is None or self._circulated[0] != key:
            snapshot, _ = load_version(self.content, names[-1])
            self._circulated = (key, snapshot)
        return self._circulated[1]

    def refresh(self) -> State:
        """Bring the view up to date with the drafts on disk; cheap when nothing changed."""
        with self._lock:
            stamp = self._draft_files()
            if stamp == self._drafts_stamp and self.state.revision:
                return self.state
            self._drafts_stamp = stamp
            prepared = prepare(self.content, self.cache)
            previous = self.state
            if not prepared.ok or prepared.report is None:
                state = State(previous.revision + 1, previous.view, _problems(prepared.diagnostics))
            else:
                report = prepared.report
                moment = datetime.datetime.combine(report.meeting.date, datetime.time())
                drafts = take_snapshot(report, CURRENT, moment)
                view = build_view(drafts, self._latest_version())
                state = State(previous.revision + 1, view, (), _edited(previous.view, view))
            with self.changed:
                self.state = state
                self.changed.notify_all()
            return state

    def wait_newer(self, revision: int, timeout: float) -> State:
        """The state once its revision passes `revision`, or as it is after `timeout` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: self.state.revision > revision, timeout)
            return self.state

    # ----------------------------------------------------------------------------- watching

    def start(self) -> None:
        """Read the drafts, then follow every save until `close()`."""
        self.refresh()
        handler = _Saves(self._dirty)
        self._observer = Observer()
        self._observer.schedule(handler, str(self.content), recursive=True)
        self._observer.start()
        threading.Thread(target=self._follow, name="session-refresh", daemon=True).start()

    def _follow(self) -> None:
        while not self._stop.is_set():
            if not self._dirty.wait(timeout=0.5):
                continue
            while True:  # let the events of one save settle, then read once
                self._dirty.clear()
                if not self._dirty.wait(timeout=SETTLE_SECONDS):
                    break
            try:
                self.refresh()
            except OSError:  # a file vanishing mid-read (an editor's rename): the next event reads again
                continue

    @property
    def closed(self) -> bool:
        return self._stop.is_set()

    def close(self) -> None:
        self._stop.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join()
        with self.changed:
            self.changed.notify_all()


def _edited(before: SessionView | None, after: SessionView) -> tuple[str, ...]:
    """The blocks whose text changed with this save, in reading order: the first is brought into view."""
    if before is None:
        return ()
    return tuple(
        block_id
        for block_id in after.order
        if block_id.startswith("u-")
        and (block_id not in before.blocks or before.blocks[block_id].html != after.blocks[block_id].html)
    )


class _Saves(FileSystemEventHandler):
    def __init__(self, dirty: threading.Event) -> None:
        self.dirty = dirty

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGE_EVENTS or event.is_directory:
            return
        paths = [str(event.src_path), str(getattr(event, "dest_path", "") or "")]
        if any(is_draft(path) for path in paths if path):
            self.dirty.set()
