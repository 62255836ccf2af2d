"""`reportkit serve` rebuilds the whole site in a process of its own, so the session view never waits.

After each save, mkdocs rebuilds the site (about a second for the bundled example, much more for a
large report). In the serving process that work holds Python's interpreter lock, and the session view,
which follows the same save in a thread of that process, would wait for it. In a worker process it runs
on the other core; the server only waits for the worker's answer, which costs it nothing.

The worker keeps one `Rebuilder`, so its parse cache lives as long as the server. It ignores Ctrl-C:
the server stops it when it stops itself; and where the server cannot (killed, or its terminal closed),
the worker sees it gone and ends too, rather than stay behind holding mkdocs' memory. What it sends back
is a summary (whether the drafts were good, the diagnostics, the files written), not the report itself.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from reportkit.watch import Rebuilder, RebuildSummary, summarize

_rebuilder: Rebuilder | None = None  # the worker process's own, made by _start_worker
SERVER_CHECK_SECONDS = 0.5


def _start_worker(content: Path, out: Path, registry: Path | None, internal: bool, cache_dir: Path) -> None:
    global _rebuilder
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server ends the worker; Ctrl-C is for the server
    server = os.getppid()
    threading.Thread(target=_end_with_the_server, args=(server,), daemon=True).start()
    _rebuilder = Rebuilder(
        content, out, registry=registry, internal=internal, notify=_say, cache_dir=cache_dir
    )


def _end_with_the_server(server: int) -> None:
    """A killed server never says goodbye: its orphaned worker is handed to another parent, and ends.
    (A rebuild cut short leaves only staging folders, which the next command clears: outputs.py.)"""
    while os.getppid() == server:
        time.sleep(SERVER_CHECK_SECONDS)
    os._exit(0)


def _say(message: str) -> None:
    """The worker shares the server's standard error: a wait for the output folder shows there."""
    print(message, file=sys.stderr, flush=True)


def _rebuild_in_worker() -> RebuildSummary:
    assert _rebuilder is not None, "the worker was started without its Rebuilder"
    return summarize(_rebuilder())


class SiteWorker:
    """A process that rebuilds every output, the site included, one rebuild at a time."""

    def __init__(
        self, content: Path, out: Path, registry: Path | None, internal: bool, cache_dir: Path
    ) -> None:
        # spawn, not fork: the server has threads (the session's watcher, the HTTP server), and a forked
        # copy of a threaded process can inherit a lock held by a thread that does not exist there.
        self._pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(content, out, registry, internal, cache_dir),  # as given: the worker starts here
        )

    def rebuild(self) -> RebuildSummary:
        return self._pool.submit(_rebuild_in_worker).result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
