"""`reportkit serve` answers on localhost and rebuilds the site when a draft is saved.

It runs the real command in a child process, as a user would, and talks to it over HTTP on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import html
import http.client
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, MINI, ROOT

REPORTKIT = Path(sys.executable).parent / "reportkit"
TIMEOUT = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return html.unescape(response.read().decode("utf-8"))
    except OSError:
        return None


def _wait_for(url: str, wanted: str) -> str:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        page = _get(url)
        if page is not None and wanted in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {wanted!r}")


@contextlib.contextmanager
def _serving(content: Path, out: Path, *options: str) -> Iterator[str]:
    port = _free_port()
    command = [
        str(REPORTKIT),
        "serve",
        "--content",
        str(content),
        "--out",
        str(out),
        "--port",
        str(port),
        *options,
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    with _serving(content, tmp_path / "build") as url:
        yield content, url


def test_serve_answers_on_localhost_and_rebuilds_on_save(served: tuple[Path, str]) -> None:
    content, url = served
    home = _wait_for(f"{url}/", "CTOC/COP/WG.6/2022/4")
    assert "livereload" in home  # mkdocs' live reload script, served from localhost
    chapter = content / "chapters" / "recommendations.yaml"
    chapter.write_text(
        chapter.read_text("utf-8").replace("States should cooperate.", "States should cooperate now.")
    )
    _wait_for(f"{url}/recommendations.html", "States should cooperate now.")


def test_serve_with_a_registry_publishes_the_compendium(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    options = ("--registry", str(ROOT / "registry"), "--cache", str(cache))
    with _serving(EXAMPLE, tmp_path / "build", *options) as url:
        _wait_for(f"{url}/compendium.html", "CTOC/COP/WG.6/2021/4, recommendation 27")
        assert list(cache.glob("registry-*.json"))  # the registry's index is kept where it was asked


def _request(url: str, path: str, host: str | None = None) -> tuple[int, str]:
    """Status and body of a GET sent as written: the path unquoted by nobody, the Host header given."""
    address = url.removeprefix("http://")
    connection = http.client.HTTPConnection(address, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host if host is not None else address)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def test_serve_answers_only_localhost_host_headers(served: tuple[Path, str]) -> None:
    _, url = served
    _wait_for(f"{url}/", "CTOC/COP/WG.6/2022/4")
    port = url.rsplit(":", 1)[1]
    assert _request(url, "/", f"localhost:{port}")[0] == 200
    assert _request(url, "/", f"[::1]:{port}")[0] == 200
    for host in (f"attacker.example:{port}", "127.0.0.1.attacker.example", ""):
        assert _request(url, "/", host) == (400, "400 Bad Request: this server answers only to localhost\n")


def test_serve_answers_odd_urls_with_400_or_404_never_500(served: tuple[Path, str]) -> None:
    _, url = served
    _wait_for(f"{url}/", "CTOC/COP/WG.6/2022/4")
    assert _request(url, "/index.html%00.png") == (400, "400 Bad Request: control characters in the path\n")
    assert _request(url, "/index.html%0a")[0] == 400
    assert _request(url, "/" + "x" * 5000 + ".html")[0] == 404
    assert _request(url, "/%ff%fe.html")[0] == 404
    assert _request(url, "/../../etc/passwd")[0] == 404
    assert _request(url, "/index.html")[0] == 200  # and it still serves


def test_serve_keeps_answering_while_a_draft_has_an_impossible_date(served: tuple[Path, str]) -> None:
    content, url = served
    _wait_for(f"{url}/", "CTOC/COP/WG.6/2022/4")
    report = content / "report.yaml"
    good = report.read_text("utf-8")
    report.write_text(good.replace("date: 2022-06-01", "date: 2022-06-31"), "utf-8")
    time.sleep(2)  # the rebuild that finds the error
    assert "CTOC/COP/WG.6/2022/4" in (_get(f"{url}/") or "")  # answered, with the last good site
    chapter = content / "chapters" / "recommendations.yaml"
    chapter.write_text(chapter.read_text("utf-8").replace("States should cooperate.", "States act."))
    report.write_text(good, "utf-8")
    _wait_for(f"{url}/recommendations.html", "States act.")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.extend(int(child) for child in (task / "children").read_text().split())
    return found


def _gone(pid: int) -> bool:
    return not Path(f"/proc/{pid}").exists() or b"zombie" in Path(f"/proc/{pid}/status").read_bytes()


def _serve_mini(tmp_path: Path) -> subprocess.Popen[str]:
    """`reportkit serve` on a copy of the small report, answering once its site is built."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    port = _free_port()
    command = [REPORTKIT, "serve", "--content", content, "--out", tmp_path / "build", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}/", "CTOC/COP/WG.6/2022/4")
    except BaseException:
        process.kill()
        process.communicate(timeout=30)
        raise
    return process


def _site_worker(server: int) -> int:
    """The one spawned process that rebuilds the site beside the server."""
    workers = [c for c in _children(server) if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]
    assert len(workers) == 1, _children(server)
    return workers[0]


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads the process tree from /proc")
def test_the_site_is_rebuilt_in_a_worker_process_that_ends_with_the_server(tmp_path: Path) -> None:
    """mkdocs runs beside the server, not in it, so the session view's thread never waits for it."""
    process = _serve_mini(tmp_path)
    try:
        worker = _site_worker(process.pid)
        assert (tmp_path / "build" / "internal-site" / "index.html").is_file()  # the secretariat's site
        assert not (tmp_path / "build" / "site").exists()  # serve never replaces the public one
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert _gone(worker)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads the process tree from /proc")
def test_a_killed_server_leaves_no_worker_behind(tmp_path: Path) -> None:
    """Killed (or its terminal closed), the server cannot stop its worker: the worker sees and ends."""
    process = _serve_mini(tmp_path)
    try:
        worker = _site_worker(process.pid)
    finally:
        process.kill()
        process.communicate(timeout=30)
    deadline = time.monotonic() + 20
    while not _gone(worker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _gone(worker)
