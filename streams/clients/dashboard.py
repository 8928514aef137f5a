"""``wirewatch dashboard``: the live feed in a browser.

A small aiohttp server reads articles.tagged.v1, articles.duplicates.v1 and alerts.v1 with one
kafka-python consumer (in a thread), keeps the most recent records in memory, and pushes new ones to
every open page with Server-Sent Events. The page is plain HTML and JavaScript shipped in the package
(no CDN): alerts on top, the tagged feed below.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections import deque
from importlib import resources
from typing import Any

from aiohttp import web

from streams.clients.kafka import make_consumer, read_records
from streams.clients.render import headline
from streams.runtime.settings import Settings
from streams.runtime.topics import TopicNames

KINDS = {"articles.tagged.v1": "tagged", "articles.duplicates.v1": "duplicate", "alerts.v1": "alert"}


def summarise(kind: str, value: dict[str, Any]) -> dict[str, Any]:
    """The part of a record the page shows (tagged articles lose their body, keep a lead)."""
    if kind == "alert":
        return value
    article = value["article"]
    lead = article["body"].strip().split("\n")[0][:300]
    summary = {"id": article["id"], "title": article.get("title") or "", "headline": headline(article), "lead": lead,
               "source": article.get("source"), "published_at": article.get("published_at"),
               "story_id": value.get("story_id")}
    if kind == "duplicate":
        return {**summary, "duplicate_of": value["duplicate_of"], "method": value["method"],
                "similarity": value["similarity"]}
    entities: dict[tuple[str, str], dict[str, Any]] = {}
    for e in value.get("entities", []):
        entry = entities.setdefault((e["label"], e["canonical"]), {"label": e["label"], "canonical": e["canonical"],
                                                                    "country_code": e.get("country_code"), "count": 0})
        entry["count"] += 1
    return {**summary, "entities": sorted(entities.values(), key=lambda x: (-x["count"], x["canonical"]))}


class Feed:
    """Recent records and the queues of connected pages; fed from the Kafka thread."""

    def __init__(self, size: int = 200) -> None:
        self.recent: dict[str, deque[dict[str, Any]]] = {k: deque(maxlen=size) for k in KINDS.values()}
        self.listeners: set[asyncio.Queue[tuple[str, dict[str, Any]]]] = set()

    def publish(self, kind: str, summary: dict[str, Any]) -> None:
        """Remember a record and hand it to every open page (call on the event loop)."""
        self.recent[kind].append(summary)
        for queue in list(self.listeners):
            if queue.qsize() < 1000:
                queue.put_nowait((kind, summary))


class DashboardServer:
    """The dashboard's web server and Kafka reader, runnable in a background thread."""

    def __init__(self, settings: Settings, host: str = "127.0.0.1", port: int = 8765) -> None:
        self.settings, self.host, self.port = settings, host, port
        self.feed = Feed()
        self._stop = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._threads: list[threading.Thread] = []
        self._ready = threading.Event()

    def _read_kafka(self) -> None:
        names = TopicNames.from_settings(self.settings)
        kinds = {getattr(names, attr): kind for attr, kind in
                 (("tagged", "tagged"), ("duplicates", "duplicate"), ("alerts", "alert"))}
        consumer = make_consumer(self.settings, *kinds)
        try:
            for topic, _key, value in read_records(consumer, stop=self._stop.is_set):
                if value is not None and self._loop is not None:
                    kind = kinds[topic]
                    self._loop.call_soon_threadsafe(self.feed.publish, kind, summarise(kind, value))
        finally:
            consumer.close()

    def app(self) -> web.Application:
        """The aiohttp application: ``/``, ``/api/recent`` and ``/events``."""
        app = web.Application()
        app.router.add_get("/", self._index)
        app.router.add_get("/api/recent", self._recent)
        app.router.add_get("/events", self._events)
        return app

    async def _index(self, request: web.Request) -> web.Response:
        html = resources.files("streams.clients").joinpath("static/dashboard.html").read_text("utf-8")
        return web.Response(text=html, content_type="text/html")

    async def _recent(self, request: web.Request) -> web.Response:
        return web.json_response({kind: list(items) for kind, items in self.feed.recent.items()})

    async def _events(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
        await response.prepare(request)
        queue: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()
        self.feed.listeners.add(queue)
        try:
            while not self._stop.is_set():
                try:
                    kind, summary = await asyncio.wait_for(queue.get(), timeout=15)
                    await response.write(f"event: {kind}\ndata: {json.dumps(summary)}\n\n".encode())
                except TimeoutError:
                    await response.write(b": keep-alive\n\n")
        except ConnectionResetError:
            pass  # the page was closed
        finally:
            self.feed.listeners.discard(queue)
        return response

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        runner = web.AppRunner(self.app(), shutdown_timeout=1)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self.port = int(runner.addresses[0][1])  # the real port when 0 asked for any free one
        reader = threading.Thread(target=self._read_kafka, name="dashboard-kafka", daemon=True)
        reader.start()
        self._threads.append(reader)
        self._ready.set()
        try:
            while not self._stop.is_set():
                await asyncio.sleep(0.2)
        finally:
            await runner.cleanup()

    def serve_forever(self) -> None:
        """Run until interrupted (the CLI)."""
        try:
            asyncio.run(self._serve())
        finally:
            self._stop.set()

    def start(self) -> DashboardServer:
        """Run in a background thread; return once the port is open."""
        thread = threading.Thread(target=lambda: asyncio.run(self._serve()), name="dashboard", daemon=True)
        thread.start()
        self._threads.append(thread)
        if not self._ready.wait(30):
            raise RuntimeError("dashboard did not start")
        return self

    def stop(self) -> None:
        """Stop the server and the Kafka reader."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=10)

    @property
    def url(self) -> str:
        """Where the page is served."""
        return f"http://{self.host}:{self.port}/"
