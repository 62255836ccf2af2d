"""The HTTP side of `reportkit serve`: mkdocs' live-reload server, for this machine's browser only.

Three things mkdocs' server does not do, which a drafting session needs:
- it answers any Host header, so a web page from elsewhere whose name is made to resolve to 127.0.0.1
  (DNS rebinding) could read the drafts' site; only localhost names are answered here;
- an odd URL (`/index.html%00.png`: a NUL in the path, a name too long for the system) raised inside
  it and came back as HTTP 500 with a traceback; here it is 400 or 404;
- a rebuild that raised left every request waiting for a site that never came; here the failure is
  reported and the last good site is served.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import Any

from mkdocs.livereload import LiveReloadServer

LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})
StartResponse = Callable[..., Any]


def is_local_host(header: str) -> bool:
    """Whether a Host header ("localhost:8000", "[::1]:8000", "127.0.0.1") names this machine."""
    host = header.strip().lower()
    name = host[: host.find("]") + 1] if host.startswith("[") else host.partition(":")[0]
    return name in LOCAL_NAMES


def _odd_path(path: str) -> bool:
    return any(ord(character) < 32 or ord(character) == 127 for character in path)


def _answer(start_response: StartResponse, status: str, message: str) -> list[bytes]:
    start_response(status, [("Content-Type", "text/plain; charset=utf-8")])
    return [f"{status}: {message}\n".encode()]


class LocalServer(LiveReloadServer):  # type: ignore[misc]
    """mkdocs' LiveReloadServer that answers only localhost, never with a 500, and never hangs."""

    def __init__(self, builder: Callable[[], None], **options: Any) -> None:
        super().__init__(builder=_reporting_failures(builder), **options)

    def serve_request(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if not is_local_host(str(environ.get("HTTP_HOST", ""))):
            return _answer(start_response, "400 Bad Request", "this server answers only to localhost")
        if _odd_path(str(environ.get("PATH_INFO", ""))):
            return _answer(start_response, "400 Bad Request", "control characters in the path")
        result: Iterable[bytes] = super().serve_request(environ, start_response)
        return result

    def _serve_request(
        self, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes] | None:
        try:
            result: Iterable[bytes] | None = super()._serve_request(environ, start_response)
        except (OSError, ValueError):  # a name the system refuses: there is no such page
            return None
        return result


def _reporting_failures(builder: Callable[[], None]) -> Callable[[], None]:
    """The rebuild, made unable to stop the server: mkdocs waits for a successful rebuild before it
    answers again, so one that raised would leave every browser waiting."""

    def rebuild() -> None:
        try:
            builder()
        except Exception as error:  # a defect, not bad drafts (those are diagnostics): say it, carry on
            print(
                f"the rebuild failed ({type(error).__name__}: {error}); the last good site stays",
                file=sys.stderr,
                flush=True,
            )

    return rebuild
