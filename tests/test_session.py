"""The session view of `reportkit serve` (/session/): the drafts as projected in the room, marked against
the last circulated version, updated in place after each save.

The view's blocks are tested as data; the page runs under the real `reportkit serve` in a child process,
driven in Debian's Chromium. Nothing is timed: every wait is for something to show.
"""

from __future__ import annotations

import contextlib
import datetime
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reportkit.pipeline import prepare
from reportkit.versions import CURRENT, Snapshot, take_snapshot
from reportkit.writers.site.session_view import SessionView, build_view
from tests.conftest import MINI, run_cli
from tests.site_support import PAYLOAD

playwright_api = pytest.importorskip("playwright.sync_api")

REPORTKIT = Path(sys.executable).parent / "reportkit"
STARTUP_SECONDS = 90

RECOMMENDATIONS = Path("chapters") / "recommendations.yaml"
ORIGINAL = "text: States should cooperate."
REWORDED = "text: States must cooperate."
ADDED = """      - recommendation: share-data
        status: proposed
        themes: [cooperation]
        text: States should share tracing data.
"""


def _snapshot(content: Path) -> Snapshot:
    prepared = prepare(content)
    assert prepared.ok and prepared.report is not None, prepared.diagnostics
    return take_snapshot(prepared.report, CURRENT, datetime.datetime(2022, 6, 1))


def _edit(path: Path, old: str, new: str) -> None:
    source = path.read_text("utf-8")
    assert old in source, f"{path} no longer contains {old!r}"
    path.write_text(source.replace(old, new, 1), "utf-8")


def _add_recommendation(content: Path) -> None:
    _edit(
        content / RECOMMENDATIONS,
        "      - recommendation: dropped",
        ADDED + "      - recommendation: dropped",
    )


# ------------------------------------------------------------------------------------------ the view


@pytest.fixture
def changed_view(mini: Path) -> SessionView:
    """v1 is the fixture; the drafts reword one recommendation, add one and move another."""
    circulated = _snapshot(mini)
    _edit(mini / RECOMMENDATIONS, ORIGINAL, REWORDED)
    _add_recommendation(mini)
    # mark-all moves from section B to the end of section A.
    source = (mini / RECOMMENDATIONS).read_text("utf-8")
    moved = """      - recommendation: mark-all
        status: adopted
        themes: [marking]
        text: States should mark all firearms.
"""
    source = source.replace(moved, "")
    source = source.replace("      - recommendation: dropped", moved + "      - recommendation: dropped")
    (mini / RECOMMENDATIONS).write_text(source, "utf-8")
    return build_view(_snapshot(mini), circulated)


def test_a_reworded_recommendation_shows_its_deletions_and_insertions(changed_view: SessionView) -> None:
    block = changed_view.blocks["u-cooperate"].html
    assert "rk-changed" in block
    assert "<del>should</del>" in block and "<ins>must</ins>" in block


def test_an_added_recommendation_is_inserted_whole(changed_view: SessionView) -> None:
    block = changed_view.blocks["u-share-data"].html
    assert 'class="rk-unit rk-recommendation rk-added"' in block
    assert "<ins>States should share tracing data.</ins>" in block
    assert changed_view.order.index("u-share-data") == changed_view.order.index("u-cooperate") + 1


def test_a_moved_recommendation_is_marked_at_both_places(changed_view: SessionView) -> None:
    to, origin = changed_view.blocks["u-mark-all"].html, changed_view.blocks["u-mark-all-from"].html
    assert "rk-moved-to" in to and "Moved here (was Recommendation 2)" in to
    assert '<ins class="rk-move">States should mark all firearms.</ins>' in to
    assert "rk-moved-from" in origin and "Moved to Recommendation 3" in origin
    assert "<del>States should mark all firearms.</del>" in origin
    order = changed_view.order
    assert order.index("u-mark-all") < order.index("h-marking-recs") < order.index("u-mark-all-from")


def test_without_a_circulated_version_nothing_is_marked(mini: Path) -> None:
    view = build_view(_snapshot(mini), None)
    assert view.compared_with == ""
    assert not any(
        "<ins>" in b.html or "<del>" in b.html or "rk-changed" in b.html for b in view.blocks.values()
    )
    assert [chapter for chapter, _ in view.chapters] == ["recommendations", "deliberations"]
    assert {view.blocks[i].chapter for i in view.order} == {"recommendations", "deliberations"}


def test_draft_text_is_escaped_in_the_blocks(mini: Path) -> None:
    _edit(mini / RECOMMENDATIONS, ORIGINAL, f"text: '{PAYLOAD}'")
    block = build_view(_snapshot(mini), None).blocks["u-cooperate"].html
    assert "<script>" not in block and "<img" not in block
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in block


# ------------------------------------------------------------------------------------------ the page


@dataclass
class Served:
    content: Path
    url: str  # http://127.0.0.1:PORT/session/


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


@contextlib.contextmanager
def _serving(content: Path, out: Path) -> Iterator[str]:
    port = _free_port()
    command = [str(REPORTKIT), "serve", "--content", str(content), "--out", str(out), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/session/"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while _get(url) is None:
            assert process.poll() is None, "reportkit serve ended"
            assert time.monotonic() < deadline, f"{url} never answered"
            time.sleep(0.3)
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The fixture circulated as v1, one recommendation reworded since, served by `reportkit serve`."""
    root = tmp_path_factory.mktemp("session")
    content = root / "content"
    shutil.copytree(MINI, content)
    circulated = run_cli("circulate", "--content", content, "--out", root / "packs", "--as", "v1")
    assert circulated.exit_code == 0, circulated.stderr
    _edit(content / RECOMMENDATIONS, ORIGINAL, REWORDED)
    with _serving(content, root / "build") as url:
        yield Served(content, url)


@pytest.fixture
def drafts(served: Served) -> Iterator[Path]:
    """The served recommendations file; put back as it was after the test."""
    path = served.content / RECOMMENDATIONS
    before = path.read_text("utf-8")
    yield path
    path.write_text(before, "utf-8")
    # Wait until the server has read it back, so the next test starts from the same view.
    page = _get(served.url) or ""
    assert "share-data" not in page and 'rk-problems" role="alert" hidden' in page


Opener = Callable[..., playwright_api.Page]


@pytest.fixture
def open_page(browser: playwright_api.Browser) -> Iterator[Opener]:
    """Opens pages in fresh browser contexts (separate browsers, as far as the server can tell)."""
    contexts: list[playwright_api.BrowserContext] = []

    def opener(height: int = 900) -> playwright_api.Page:
        context = browser.new_context(viewport={"width": 1280, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield opener
    for context in contexts:
        context.close()


def _wait_until_live(page: playwright_api.Page) -> None:
    """Until the page follows the server's updates (its event stream is open)."""
    page.locator("body[data-live]").wait_for(state="attached")


def test_a_plain_get_returns_the_current_text(served: Served, drafts: Path) -> None:
    _edit(drafts, "text: States should mark all firearms.", "text: States should mark every firearm.")
    page = _get(served.url) or ""  # straight after the save, without waiting for any watcher
    assert "every firearm" in page


def test_the_session_answers_only_when_addressed_to_this_machine(served: Served) -> None:
    """A page elsewhere that points its own name at 127.0.0.1 (DNS rebinding) cannot read the drafts."""
    port = served.url.split(":")[2].split("/")[0]
    for host in ("attacker.example", f"attacker.example:{port}", "127.0.0.1:1"):
        request = urllib.request.Request(served.url, headers={"Host": host})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 400, host
    request = urllib.request.Request(served.url, headers={"Host": f"localhost:{port}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert "<ins>must</ins>" in response.read().decode("utf-8")


def test_the_view_shows_insertions_and_deletions_against_the_circulated_version(
    served: Served, open_page: Opener
) -> None:
    page = open_page()
    page.goto(served.url)
    block = page.locator("#u-cooperate")
    assert block.locator("del").all_inner_texts() == ["should"]
    assert block.locator("ins").all_inner_texts() == ["must"]
    decorations = page.evaluate(
        "() => ['ins', 'del'].map(t => getComputedStyle(document.querySelector('#u-cooperate ' + t))"
        ".textDecorationLine)"
    )
    assert decorations == ["underline", "line-through"]
    assert "Changes since version v1" in page.inner_text("main")


def test_a_save_updates_the_page_in_place_without_reloading(
    served: Served, open_page: Opener, drafts: Path
) -> None:
    page = open_page()
    page.goto(served.url)
    _wait_until_live(page)
    # Marks that a reload or a replaced element would lose.
    page.evaluate(
        "() => { window.__kept = 'page'; document.getElementById('u-cooperate').__kept = 'block'; }"
    )
    _edit(drafts, REWORDED, "text: States must cooperate closely.")
    _add_recommendation(served.content)
    page.wait_for_function("() => document.getElementById('u-cooperate').innerText.includes('closely')")
    page.locator("#u-share-data").wait_for()
    kept = page.evaluate("() => [window.__kept, document.getElementById('u-cooperate').__kept]")
    assert kept == ["page", "block"]
    assert page.locator("#u-cooperate ins").all_inner_texts() == ["must", " closely"]
    assert page.locator("#u-share-data ins").inner_text() == "States should share tracing data."
    ids = page.evaluate("() => [...document.getElementById('rk-report').children].map(e => e.id)")
    assert ids.index("u-share-data") == ids.index("u-cooperate") + 1


def test_the_edited_recommendation_is_brought_into_view(
    served: Served, open_page: Opener, drafts: Path
) -> None:
    page = open_page(height=400)
    page.goto(served.url)
    _wait_until_live(page)
    in_view = (
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= innerHeight; }"
    )
    assert not page.evaluate(in_view, "u-mark-parts")
    _edit(drafts, "text: barrels.", "text: barrels and slides.")
    page.wait_for_function("() => document.getElementById('u-mark-parts').innerText.includes('slides')")
    page.wait_for_function(f"() => ({in_view})('u-mark-parts')")
    assert "rk-just-edited" in (page.get_attribute("#u-mark-parts", "class") or "")


def test_a_broken_save_shows_the_error_over_the_last_good_text_then_clears(
    served: Served, open_page: Opener, drafts: Path
) -> None:
    page = open_page()
    page.goto(served.url)
    _wait_until_live(page)
    good = drafts.read_text("utf-8")
    drafts.write_text(good + "      - recommendation: [\n", "utf-8")
    problems = page.locator("#rk-problems")
    problems.wait_for(state="visible")
    shown = problems.inner_text()
    assert f"{drafts}:" in shown and "error[yaml-syntax]" in shown
    line = int(shown.split(f"{drafts}:")[1].split(":")[0])
    assert line == len(good.splitlines()) + 1 or line == len(good.splitlines()) + 2
    assert "must" in page.inner_text("#u-cooperate")  # the last good text stays under the error
    drafts.write_text(good.replace(REWORDED, "text: States must now cooperate."), "utf-8")
    problems.wait_for(state="hidden")
    page.wait_for_function("() => document.getElementById('u-cooperate').innerText.includes('now')")


def test_several_browsers_follow_the_same_session_offline(
    served: Served, open_page: Opener, drafts: Path
) -> None:
    pages = [open_page() for _ in range(3)]
    requests: list[str] = []
    for page in pages:
        page.on("request", lambda request: requests.append(request.url))
        page.goto(served.url)
        _wait_until_live(page)
    _edit(drafts, "text: States should mark all firearms.", "text: States should mark all small arms.")
    for page in pages:
        page.wait_for_function("() => document.getElementById('u-mark-all').innerText.includes('small arms')")
    origin = served.url.removesuffix("session/")
    assert requests and all(url.startswith(origin) for url in requests), requests


def test_one_chapter_can_be_chosen_in_the_page(served: Served, open_page: Opener) -> None:
    page = open_page()
    page.goto(served.url)
    assert page.locator("#u-cooperate").is_visible()
    page.select_option("#rk-chapter", "deliberations")
    assert not page.locator("#u-cooperate").is_visible()
    assert page.locator("#h-deliberations").is_visible()
    assert page.url.endswith("?chapter=deliberations")
    page.reload()  # the server renders the same choice from the address
    assert not page.locator("#u-cooperate").is_visible()
    assert page.input_value("#rk-chapter") == "deliberations"
