"""Live drafting: rebuild on every save, keep the last good outputs while the drafts are broken.

The watcher keeps one `ParseCache`, so a save re-reads only the file that changed. A broken save
prints its diagnostics and changes nothing in the output folder (the build writes only when the
drafts are valid); the next valid save brings everything up to date again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from reportkit.build import DEFAULT_CACHE_DIR, BuildResult, build
from reportkit.diagnostics import Diagnostic, SourceLoc
from reportkit.load import ParseCache
from reportkit.outputs import OutputFolderError
from reportkit.pipeline import Prepared

DRAFT_SUFFIXES = (".yaml", ".yml")
CHANGE_EVENTS = frozenset({"created", "modified", "moved", "deleted", "closed"})
# Editors save in several steps (write a temporary file, rename, touch); wait this long for quiet.
SETTLE_SECONDS = 0.05


@dataclass
class Rebuild:
    result: BuildResult
    seconds: float


@dataclass(frozen=True, slots=True)
class RebuildSummary:
    """What is reported of one rebuild: small enough to send back from `serve`'s worker process."""

    ok: bool
    diagnostics: tuple[Diagnostic, ...]
    written: tuple[Path, ...]
    seconds: float


def summarize(rebuild: Rebuild) -> RebuildSummary:
    prepared = rebuild.result.prepared
    return RebuildSummary(
        prepared.ok, tuple(prepared.diagnostics), tuple(rebuild.result.written), rebuild.seconds
    )


class Rebuilder:
    """Runs the build for one content folder, keeping the parse cache between runs."""

    def __init__(
        self,
        content: Path,
        out: Path,
        only: list[str] | None = None,
        html: bool = True,
        registry: Path | None = None,
        notify: Callable[[str], None] = lambda message: None,
        internal: bool = False,
        cache_dir: Path = DEFAULT_CACHE_DIR,
    ) -> None:
        self.content = content
        self.out = out
        self.only = only
        self.html = html  # False: write the site's pages but leave running mkdocs to `serve`
        self.registry = registry  # the compendium (and, internal, duplication) pages, as `build --registry`
        self.internal = internal  # the secretariat's pages too, as `build --internal`
        self.cache_dir = cache_dir  # the registry's index, as `build --cache`
        self.cache = ParseCache()
        self.lock = threading.Lock()
        self.notify = notify  # told when the output folder is busy with another command

    def __call__(self) -> Rebuild:
        with self.lock:
            started = time.perf_counter()
            try:
                result = build(
                    self.content,
                    self.out,
                    self.only,
                    self.cache,
                    self.html,
                    self.registry,
                    notify=self.notify,
                    internal=self.internal,
                    cache_dir=self.cache_dir,
                )
            except OutputFolderError as refusal:  # the watcher carries on: the next save may succeed
                result = BuildResult(Prepared(None, refusal.diagnostics))
            except OSError as error:
                hint = "the earlier outputs are unchanged; the next save tries again"
                problem = Diagnostic(
                    "cannot-write",
                    f"cannot write to '{self.out}': {error.strerror or error}",
                    SourceLoc(str(self.out)),
                    hint,
                )
                result = BuildResult(Prepared(None, [problem]))
            return Rebuild(result, time.perf_counter() - started)


def is_draft(path: str) -> bool:
    name = Path(path).name
    # Editors' swap and backup files (".x.yaml.swp", "x.yaml~", ".#x.yaml") are not drafts.
    return name.endswith(DRAFT_SUFFIXES) and not name.startswith((".", "#"))


class _DraftChanges(FileSystemEventHandler):
    def __init__(self, changed: threading.Event, out: Path) -> None:
        self.changed = changed
        self.out = out.resolve()  # inside a meeting folder: what the rebuild writes is not a draft

    def on_any_event(self, event: FileSystemEvent) -> None:
        # Only changes: the rebuild itself opens and reads every draft, and those events must not
        # trigger another rebuild.
        if event.event_type not in CHANGE_EVENTS or event.is_directory:
            return
        paths = [str(event.src_path), str(getattr(event, "dest_path", "") or "")]
        if any(is_draft(p) and not Path(p).resolve().is_relative_to(self.out) for p in paths if p):
            self.changed.set()


def watch_drafts(
    rebuilder: Rebuilder,
    on_rebuild: Callable[[Rebuild], None],
    stop: threading.Event,
) -> None:
    """Rebuild once, then after every change to a draft, until `stop` is set."""
    changed = threading.Event()
    observer = Observer()
    observer.schedule(_DraftChanges(changed, rebuilder.out), str(rebuilder.content), recursive=True)
    observer.start()
    try:
        on_rebuild(rebuilder())
        while not stop.is_set():
            if not changed.wait(timeout=0.2):
                continue
            # Let a burst of events from one save settle, then rebuild once for all of them.
            while True:
                changed.clear()
                if not changed.wait(timeout=SETTLE_SECONDS):
                    break
            on_rebuild(rebuilder())
    finally:
        observer.stop()
        observer.join()
