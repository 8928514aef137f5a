"""The dashboard's web server: the page, its script, style and map, the recent records, the event stream.

Routes: ``/`` (the page), ``/static/<file>`` (its script, style and ``world.json``, a fixed list),
``/api/recent`` (the recent records, the last hour's entities and the reader's state, for scripts) and
``/events`` (Server-Sent Events: first a ``snapshot``, the same as ``/api/recent``, then ``tagged``,
``duplicate``, ``alert``, ``top`` and ``status`` as they happen). All behind :class:`~.security.Gate`;
event streams are capped at ``dashboard_max_streams``.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from importlib import resources
from typing import Any

from aiohttp import web

from streams.runtime.settings import Settings

from .feed import Feed, Listener
from .reader import ConsumerFactory, Reader
from .security import WILDCARDS, Gate, is_loopback, new_token

STATIC = {"dashboard.html": "text/html", "dashboard.js": "text/javascript", "map.js": "text/javascript",
          "dashboard.css": "text/css", "world.json": "application/json"}


def sse(kind: str, data: dict[str, Any]) -> bytes:
    """One Server-Sent Event (JSON text has no raw line breaks, so one ``data:`` line)."""
    return f"event: {kind}\ndata: {json.dumps(data)}\n\n".encode()


class DashboardServer:
    """The dashboard's web server and Kafka reader, runnable in a background thread.

    Args:
        settings: broker, topics, input limits, ``dashboard_token`` and ``dashboard_max_streams``.
        host: address to listen on; beyond loopback a token is required (generated when none is given).
        port: port to listen on; 0 for any free one (:attr:`port` then holds the real one).
        token: the token to ask for (default ``settings.dashboard_token``).
        allow_hosts: more names the dashboard answers to in the Host header (a reverse proxy's name).
        consumer_factory: makes the Kafka consumer from a list of topics (tests pass a fake one).
    """

    def __init__(self, settings: Settings, host: str = "127.0.0.1", port: int = 8765, *, token: str | None = None,
                 allow_hosts: tuple[str, ...] = (), consumer_factory: ConsumerFactory | None = None) -> None:
        self.settings, self.host, self.port = settings, host, port
        token = token or settings.dashboard_token
        self.token_generated = token is None and not is_loopback(host)
        self.token = new_token() if self.token_generated else token
        self.gate = Gate(host, self.token, allow_hosts)
        self.max_streams = settings.dashboard_max_streams
        self.feed = Feed()
        self._consumer_factory = consumer_factory
        self._files = {name: resources.files("streams.clients").joinpath(f"static/{name}").read_bytes()
                       for name in STATIC}
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._ready = threading.Event()
        self._failed: BaseException | None = None

    def app(self) -> web.Application:
        """The aiohttp application, its routes behind the gate."""
        app = web.Application(middlewares=[self.gate.middleware])
        app.on_response_prepare.append(self.gate.add_headers)
        app.router.add_get("/", self._index)
        app.router.add_get("/static/{name}", self._static)
        app.router.add_get("/api/recent", self._recent)
        app.router.add_get("/events", self._events)
        return app

    def _file(self, name: str) -> web.Response:
        return web.Response(body=self._files[name], content_type=STATIC[name], charset="utf-8",
                            headers={"Cache-Control": "no-cache"})

    async def _index(self, _request: web.Request) -> web.Response:
        return self._file("dashboard.html")

    async def _static(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in STATIC or name == "dashboard.html":
            raise web.HTTPNotFound()
        return self._file(name)

    async def _recent(self, _request: web.Request) -> web.Response:
        return web.json_response(self.feed.snapshot(), headers={"Cache-Control": "no-store"})

    async def _events(self, request: web.Request) -> web.StreamResponse:
        if len(self.feed.listeners) >= self.max_streams:
            raise web.HTTPServiceUnavailable(text=f"{self.max_streams} event streams are open already; "
                                                  "close one or raise dashboard_max_streams\n",
                                             headers={"Retry-After": "10"})
        # No await between the count, the registration and the snapshot: the cap holds however many arrive at
        # once, and every record is either in the snapshot or queued after it.
        listener = Listener()
        self.feed.listeners.add(listener)
        snapshot = sse("snapshot", self.feed.snapshot())
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream; charset=utf-8",
                                               "Cache-Control": "no-store"})
        try:
            await response.prepare(request)
            await response.write(b"retry: 3000\n\n" + snapshot)
            idle = 0
            while not self._stop.is_set() and not listener.overflowed:
                if request.transport is None or request.transport.is_closing():
                    break  # the page was closed: free its place now, not at the next write
                try:
                    kind, data = await asyncio.wait_for(listener.queue.get(), timeout=1)
                except TimeoutError:
                    idle += 1
                    if idle % 15 == 0:  # a comment line keeps proxies from closing an idle stream
                        await response.write(b": keep-alive\n\n")
                    continue
                await response.write(sse(kind, data))
        except ConnectionResetError:
            pass  # the page was closed
        finally:
            self.feed.listeners.discard(listener)
        return response

    async def _serve(self) -> None:
        loop = asyncio.get_running_loop()
        runner = web.AppRunner(self.app(), shutdown_timeout=1)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self.port = int(runner.addresses[0][1])  # the real port when 0 asked for any free one
        self.gate.cookie = f"wirewatch-dashboard-{self.port}"  # cookies ignore the port: one name per dashboard
        reader = Reader(self.settings, self.feed, loop, self._consumer_factory)
        thread = threading.Thread(target=reader.run, args=(self._stop,), name="dashboard-kafka", daemon=True)
        thread.start()
        self._threads.append(thread)
        self._ready.set()
        try:
            ticked = 0.0
            while not self._stop.is_set():
                if time.monotonic() - ticked >= 1.0:
                    ticked = time.monotonic()
                    self.feed.tick(time.time())
                    if not thread.is_alive():
                        self.feed.set_reader("stale", "the Kafka reader stopped")
                await asyncio.sleep(0.1)
        finally:
            await runner.cleanup()

    def _serve_in_thread(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:  # noqa: BLE001 - handed to start(), which raises it in the caller
            self._failed = exc
            self._ready.set()

    def start(self) -> DashboardServer:
        """Run in a background thread; return once the port is open.

        Raises:
            RuntimeError: when the server could not start (the port is taken, the address is wrong).
        """
        thread = threading.Thread(target=self._serve_in_thread, name="dashboard", daemon=True)
        thread.start()
        self._threads.append(thread)
        if not self._ready.wait(30) or self._failed is not None:
            self.stop()
            raise RuntimeError(f"dashboard did not start: {self._failed or 'timed out'}")
        return self

    def wait(self) -> None:
        """Block until the server stops (Ctrl-C raises KeyboardInterrupt here)."""
        while any(t.is_alive() for t in self._threads if t.name == "dashboard"):
            self._stop.wait(0.5)

    def banner(self) -> list[str]:
        """What the command line tells the user once the server is up: where, and the token when needed."""
        lines = [f"dashboard on {self.base_url} (Ctrl-C to stop)"]
        if self.host in WILDCARDS:
            lines.append(f"listening on every interface: other machines use http://{socket.gethostname()}:{self.port}/")
        if self.token and self.token_generated:
            lines.append(f"a token is required beyond loopback; generated for this run: {self.token}")
            lines.append("set WIREWATCH_DASHBOARD_TOKEN to keep one across runs")
        if self.token:
            lines.append(f"open {self.url}")
        return lines

    def stop(self) -> None:
        """Stop the server and the Kafka reader."""
        self._stop.set()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout=10)

    @property
    def base_url(self) -> str:
        """Where the dashboard is served (on loopback when bound to every interface)."""
        host = "127.0.0.1" if self.host in WILDCARDS else self.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}/"

    @property
    def url(self) -> str:
        """The page's address to open, with the token when one is needed."""
        return self.base_url + (f"?token={self.token}" if self.token else "")
