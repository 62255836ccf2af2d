"""Save-to-DOM latency of the session view: from writing a draft to Debian's Chromium showing the change.

The session's routes run in this process on a threading WSGI server, without mkdocs' site rebuild
beside them (`reportkit serve` also rebuilds the whole site after a save, on the same two cores); the
content folder has a circulated version, so every update carries the comparison with it. The page
records, with a MutationObserver, the wall-clock moment its DOM first holds the new text; the benchmark
records the moment before it writes the file. Goals: 200 ms at the example's size, 400 ms at ten times.

    .venv/bin/python bench/session_latency.py [--times 10] [--repeat 10]
"""

# ruff: noqa: E402 - the imports follow the sys.path line, so the script runs from a checkout
from __future__ import annotations

import argparse
import datetime
import shutil
import signal
import socket
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import wsgiref.simple_server
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests/chromium.py: the browser and flags the tests use

from scale import scale_content
from tests.chromium import CHROMIUM, CHROMIUM_ARGS

from reportkit.redline.actions import circulate
from reportkit.session.live import LiveSession
from reportkit.session.server import SessionApp

EDITED_FILE = Path("recommendations") / "c-diversion.yaml"
EDITED_TEXT = "States parties should apply markings to all firearms"
# Notes when the block's text first holds `word`: the time is taken in the mutation that put it there.
WATCH = """([id, word]) => {
  window.__rkShownAt = null;
  const report = document.getElementById("rk-report");
  const observer = new MutationObserver(() => {
    const block = document.getElementById(id);
    if (block && block.textContent.includes(word)) { observer.disconnect(); window.__rkShownAt = Date.now(); }
  });
  observer.observe(report, { subtree: true, childList: true, characterData: true });
}"""


class _Quiet(wsgiref.simple_server.WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _ThreadingServer(socketserver.ThreadingMixIn, wsgiref.simple_server.WSGIServer):
    daemon_threads = True


@contextmanager
def _session(content: Path) -> Iterator[tuple[str, LiveSession]]:
    session = LiveSession(content)
    session.start()
    server = wsgiref.simple_server.make_server(
        "127.0.0.1", 0, SessionApp(session), server_class=_ThreadingServer, handler_class=_Quiet
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/session/", session
    finally:
        server.shutdown()
        server.server_close()
        session.close()


def _edited_block(session: LiveSession) -> str:
    view = session.refresh().view
    assert view is not None, session.state.problems
    return next(block_id for block_id in view.order if EDITED_TEXT in view.blocks[block_id].html)


@contextmanager
def _served(content: Path) -> Iterator[tuple[str, LiveSession]]:
    """`reportkit serve` itself, as a secretariat runs it: the site rebuilt by mkdocs (in serve's worker
    process) after every save, beside the session view. The LiveSession here only finds block ids."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    out = content.parent / f"{content.name}-served"
    command = [sys.executable, "-m", "reportkit", "serve", "--content", str(content), "--out", str(out),
               "--port", str(port)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/session/", timeout=5).close()
                break
            except OSError:
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}/session/", LiveSession(content)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)


def _served_page_shows(base: str, word: str) -> float:
    """The moment (ms) the served recommendations page first holds `word`."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{base}recommendations.html", timeout=10) as response:
            if word in response.read().decode("utf-8"):
                return time.time() * 1000
        time.sleep(0.02)
    raise TimeoutError(f"the served site never showed {word}")


def measure(
    content: Path, repeat: int, under_serve: bool = False, site_timings: list[float] | None = None
) -> list[float]:
    """Milliseconds from each save to the DOM showing it; under `serve`, `site_timings` gets the
    milliseconds from each save to the full site's page showing it."""
    site_timings = [] if site_timings is None else site_timings
    from playwright.sync_api import sync_playwright

    edited = content / EDITED_FILE
    original = edited.read_text("utf-8")
    timings: list[float] = []
    serving = _served(content) if under_serve else _session(content)
    with serving as (url, session), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.locator("body[data-live]").wait_for(state="attached")
        block_id = _edited_block(session)
        for round_number in range(repeat + 1):
            word = f"revision{round_number}x"
            page.evaluate(WATCH, [block_id, word])
            saved = time.time() * 1000
            edited.write_text(original.replace(EDITED_TEXT, f"{EDITED_TEXT} {word}"), "utf-8")
            page.wait_for_function("() => window.__rkShownAt !== null")
            at = page.evaluate("() => window.__rkShownAt")
            if round_number:  # the first round warms the caches, as the first save of a session does
                timings.append(at - saved)
                if under_serve:  # and the full site, rebuilt by mkdocs behind the session view
                    site_timings.append(_served_page_shows(url.removesuffix("session/"), word) - saved)
        browser.close()
    edited.write_text(original, "utf-8")
    return timings


def prepare_content(work: Path, times: int) -> Path:
    """The example (or `times` its size) with version v1 circulated from it."""
    content = work / f"session-{times}x"
    if times == 1:
        shutil.copytree(ROOT / "content", content)
    else:
        scale_content(ROOT / "content", content, times)
    outcome = circulate(content, work / f"packs-{times}x", "v1", datetime.date(2021, 5, 20).isoformat())
    assert outcome.ok, outcome.diagnostics
    return content


def session_latency(work: Path, times: int, repeat: int) -> None:
    print("5. session view: save to the page's DOM in Chromium")
    goals = {1: 200, times: 400}
    for under_serve, label in (
        (False, "session routes alone"),
        (True, "under reportkit serve, mkdocs rebuilding"),
    ):
        print(f"   {label}:")
        for size in (1, times):
            folder = work / ("served" if under_serve else "alone")
            folder.mkdir(exist_ok=True)
            site: list[float] = []
            timings = measure(prepare_content(folder, size), repeat, under_serve, site)
            print(
                f"   {size:3d}× median {statistics.median(timings):6.0f} ms, slowest {max(timings):6.0f} ms"
                f" over {len(timings)} saves   (goal ≤ {goals[size]} ms)"
            )
            if site:
                print(
                    f"        the full site's page: median {statistics.median(site):6.0f} ms,"
                    f" slowest {max(site):6.0f} ms (mkdocs, in serve's worker process)"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=10)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reportkit-session-") as folder:
        session_latency(Path(folder), arguments.times, arguments.repeat)


if __name__ == "__main__":
    main()
