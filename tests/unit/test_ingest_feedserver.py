"""A local feed server for the ingest tests (127.0.0.1, random port, in a thread), and its own checks.

Routes serve the fixture files of tests/data/feeds (``{base}`` in them becomes the server's address) and
can be changed between polls: another file, an ETag or Last-Modified (answered with 304 when the client
sends it back), an error status, a delay. Every request's headers are recorded.
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FEEDS = Path(__file__).resolve().parents[1] / "data" / "feeds"


@dataclass
class Route:
    """What one path answers."""

    file: str | None = None
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # so that server_close() joins every handler thread


class FeedServer:
    """``with FeedServer() as server:``; ``server.route("/a.rss", file="gazette-1.rss")``, ``server.url("/a.rss")``."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._release = threading.Event()  # ends the delays when the server stops
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="feed-server")

    @property
    def base(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        """The full URL of ``path``."""
        return self.base + path

    def route(self, path: str, **fields: Any) -> str:
        """Set what ``path`` answers; return its URL."""
        self.routes[path] = Route(**fields)
        return self.url(path)

    def headers_sent_to(self, path: str) -> list[dict[str, str]]:
        """The headers of every request to ``path``, in order (names lower-case)."""
        return [headers for p, headers in self.requests if p == path]

    def body_of(self, route: Route) -> bytes:
        """The bytes a route serves."""
        return (FEEDS / route.file).read_text(encoding="utf-8").replace("{base}", self.base).encode() \
            if route.file else route.body

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                headers = {k.lower(): v for k, v in self.headers.items()}
                server.requests.append((self.path, headers))
                route = server.routes.get(self.path)
                if route is None:
                    return self._answer(404, b"not found", {})
                if route.delay_s:
                    server._release.wait(route.delay_s)
                extra = dict(route.headers)
                if route.status != 200:
                    return self._answer(route.status, b"error", extra)
                validators = {k: v for k, v in (("ETag", route.etag), ("Last-Modified", route.last_modified)) if v}
                if (route.etag and headers.get("if-none-match") == route.etag) or \
                        (route.last_modified and headers.get("if-modified-since") == route.last_modified):
                    return self._answer(304, b"", {**validators, **extra})
                self._answer(200, server.body_of(route), {"Content-Type": route.content_type, **validators, **extra})

            def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


def _get(url: str, **headers: str) -> tuple[int, bytes]:
    try:
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 - the test server's own http URL
        with urllib.request.urlopen(request, timeout=5) as resp:  # noqa: S310
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def test_the_server_fills_in_its_address_and_answers_304_to_its_own_validators():
    with FeedServer() as server:
        url = server.route("/a.rss", file="gazette-1.rss", etag='"v1"')
        status, body = _get(url)
        again, _ = _get(url, **{"If-None-Match": '"v1"'})
    assert (status, again) == (200, 304)
    assert f"{server.base}/news/lighthouse-keeper".encode() in body
    assert [h.get("if-none-match") for h in server.headers_sent_to("/a.rss")] == [None, '"v1"']


def test_the_server_stops_its_threads_even_with_a_request_waiting():
    before = threading.active_count()
    with FeedServer() as server:
        server.route("/slow", body=b"late", delay_s=30)
        client = threading.Thread(target=_get, args=(server.url("/slow"),))
        client.start()
        while not server.requests:
            threading.Event().wait(0.01)
    client.join(timeout=10)
    assert not client.is_alive()
    assert threading.active_count() == before
