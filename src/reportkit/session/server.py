"""The session view's HTTP routes, in front of mkdocs' live-reload server on the same port.

    GET /session/            the page, rendered from the current drafts (`?chapter=ID` for one chapter)
    GET /session/events      Server-Sent Events: an "update" after every save (or broken save)

Server-Sent Events need nothing but the standard library on either side (the browser's EventSource
reconnects by itself). Each connection remembers the blocks it has sent, so an update carries only the
blocks that changed for that browser, whatever revision it last saw. mkdocs' server is a threading WSGI
server, so every browser waiting on its event stream holds a thread, not the whole server.
"""

from __future__ import annotations

import secrets
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from reportkit.serving import LocalServer
from reportkit.session.live import LiveSession
from reportkit.writers.site.session_page import render_page, update_message

PREFIX = "/session"
KEEPALIVE_SECONDS = 15.0  # a comment line now and then: a closed browser shows up as a failed write

StartResponse = Callable[..., Any]


class SessionApp:
    """The WSGI application for /session/."""

    def __init__(self, session: LiveSession, port: int | None = None) -> None:
        self.session = session
        # The drafts are the secretariat's: a page from another site that points a name of its own at
        # 127.0.0.1 (DNS rebinding) must not read them, so only requests addressed to this machine by
        # its local names are answered. None: whatever port the server got (the benchmark's).
        self.port = port

    def _addressed_here(self, environ: dict[str, Any]) -> bool:
        host = environ.get("HTTP_HOST", "")
        name, _, port = host.rpartition(":")
        if name not in ("127.0.0.1", "localhost"):
            return False
        return self.port is None or port == str(self.port)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
        if not self._addressed_here(environ):
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"400 Bad Request: the session view answers only at 127.0.0.1 or localhost"]
        if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
            start_response("405 Method Not Allowed", [("Allow", "GET"), ("Content-Type", "text/plain")])
            return [b"405 Method Not Allowed"]
        if path == PREFIX:
            start_response("301 Moved Permanently", [("Location", f"{PREFIX}/")])
            return []
        if path == f"{PREFIX}/":
            return self._page(query.get("chapter", [""])[0], start_response)
        if path == f"{PREFIX}/events":
            since = query.get("since", ["0"])[0]
            return self._events(int(since) if since.isdigit() else 0, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
        return [b"404 Not Found"]

    def _page(self, chapter: str, start_response: StartResponse) -> list[bytes]:
        try:
            state = self.session.refresh()  # a plain GET returns the drafts as they are on disk now
        except OSError:  # a draft replaced mid-read by an editor's rename: the watcher reads it next
            state = self.session.state
        nonce = secrets.token_urlsafe(16)
        body = render_page(state, chapter, nonce).encode("utf-8")
        policy = (
            f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; "
            "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"
        )
        start_response(
            "200 OK",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
                ("Content-Security-Policy", policy),
            ],
        )
        return [body]

    def _events(self, since: int, start_response: StartResponse) -> Iterator[bytes]:
        start_response(
            "200 OK",
            [("Content-Type", "text/event-stream; charset=utf-8"), ("Cache-Control", "no-store")],
        )
        return self._stream(since)

    def _stream(self, since: int) -> Iterator[bytes]:
        session = self.session
        sent: dict[str, str] = {}
        state = session.state
        if state.revision == since and state.view is not None:
            # The page was rendered from this very state: the browser already has every block.
            sent.update((block_id, block.html) for block_id, block in state.view.blocks.items())
            seen = since
        else:
            seen = -1  # anything newer than what the page showed: send it all now
        yield b": reportkit session\n\n"
        while not session.closed:
            state = session.wait_newer(seen, KEEPALIVE_SECONDS)
            if state.revision <= seen:
                yield b": keepalive\n\n"
                continue
            seen = state.revision
            yield f"event: update\ndata: {update_message(state, sent)}\n\n".encode()


class SessionServer(LocalServer):
    """`serve`'s live-reload server (localhost only, no 500s) with /session/ answered by the session view,
    everything else as before."""

    def __init__(self, session_app: SessionApp, **options: Any) -> None:
        super().__init__(**options)
        self.session_app = session_app

    def serve_request(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == PREFIX or path.startswith(f"{PREFIX}/"):
            return self.session_app(environ, start_response)
        return super().serve_request(environ, start_response)


def session_server(
    content: Path, builder: Callable[[], None], port: int, site: Path
) -> tuple[SessionServer, LiveSession]:
    """The server `reportkit serve` runs: the site on 127.0.0.1:port, the session view at /session/.
    The session follows the drafts from now on; close it after the server."""
    session = LiveSession(content)
    session.start()
    app = SessionApp(session, port)
    server = SessionServer(app, builder=builder, host="127.0.0.1", port=port, root=str(site))
    return server, session
