"""The dashboard's memory: recent records, the entities of the last hour, the reader's state, open pages.

Everything here runs on the server's event loop (the Kafka reader hands records over with
``call_soon_threadsafe``), so nothing needs a lock.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

KINDS = ("tagged", "duplicate", "alert")
Event = tuple[str, dict[str, Any]]
EntityKey = tuple[str, str, str | None]  # label, canonical name, country code


class TopEntities:
    """Entities of the articles published in the last ``window_s`` seconds, by the number of articles
    that mention them. An article's time is its Kafka timestamp, when the pipeline tagged it."""

    def __init__(self, window_s: float = 3600.0, max_articles: int = 100_000) -> None:
        self.window_s, self.max_articles = window_s, max_articles
        self._heap: list[tuple[float, int, tuple[EntityKey, ...]]] = []
        self._order = itertools.count()
        self.counts: Counter[EntityKey] = Counter()

    def add(self, at: float, keys: list[EntityKey], now: float) -> None:
        """Count the entities of one article published at ``at`` (seconds since the epoch)."""
        if at < now - self.window_s or not keys:
            return
        unique = tuple(dict.fromkeys(keys))
        heapq.heappush(self._heap, (at, next(self._order), unique))
        self.counts.update(unique)
        while len(self._heap) > self.max_articles:
            self._drop()

    def expire(self, now: float) -> bool:
        """Forget articles older than the window; True when any was forgotten."""
        expired = False
        while self._heap and self._heap[0][0] < now - self.window_s:
            self._drop()
            expired = True
        return expired

    def _drop(self) -> None:
        _at, _n, keys = heapq.heappop(self._heap)
        self.counts.subtract(keys)
        for key in keys:
            if self.counts[key] <= 0:
                del self.counts[key]

    def top(self, n: int = 12) -> list[dict[str, Any]]:
        """The ``n`` most-mentioned entities, most first (ties by name)."""
        ranked = sorted(self.counts.items(), key=lambda item: (-item[1], item[0][1], item[0][0]))[:n]
        return [{"label": label, "canonical": name, "country_code": code, "articles": count}
                for (label, name, code), count in ranked]


@dataclass(eq=False)  # each stream is itself: hashed by identity, kept in a set
class Listener:
    """One open event stream: its queue, and whether it fell too far behind to be fed."""

    queue: asyncio.Queue[Event] = field(default_factory=lambda: asyncio.Queue(maxsize=1000))
    overflowed: bool = False


class Feed:
    """Recent records, the last hour's entities, the reader's state, and the pages to tell."""

    def __init__(self, size: int = 200, window_s: float = 3600.0) -> None:
        self.recent: dict[str, deque[dict[str, Any]]] = {k: deque(maxlen=size) for k in KINDS}
        self.entities = TopEntities(window_s)
        self.listeners: set[Listener] = set()
        self.skipped: Counter[str] = Counter()
        self.reader, self.reader_detail = "starting", "connecting to Kafka"
        self._last_top: list[dict[str, Any]] = []

    def status(self) -> dict[str, Any]:
        """The reader's state (``starting``, ``live`` or ``stale``) and the records skipped, by reason."""
        return {"reader": self.reader, "detail": self.reader_detail, "skipped": sum(self.skipped.values()),
                "skipped_by_reason": dict(self.skipped)}

    def snapshot(self) -> dict[str, Any]:
        """Everything a page needs when it opens (``GET /api/recent``)."""
        return {**{kind: list(items) for kind, items in self.recent.items()},
                "top_entities": self.entities.top(), "status": self.status()}

    def publish(self, kind: str, summary: dict[str, Any], at: float, now: float) -> None:
        """Remember a record read at Kafka time ``at`` and hand it to every open page."""
        self.recent[kind].append(summary)
        self._send(kind, summary)
        if kind == "tagged":
            self.entities.add(at, [(e["label"], e["canonical"], e["country_code"]) for e in summary["entities"]],
                              now)

    def skip(self, reason: str) -> None:
        """Count a record that could not be shown, and tell the pages."""
        self.skipped[reason] += 1
        self._send("status", self.status())

    def set_reader(self, state: str, detail: str) -> None:
        """Record the reader's state; the pages are told when it changes."""
        if (state, detail) != (self.reader, self.reader_detail):
            self.reader, self.reader_detail = state, detail
            self._send("status", self.status())

    def tick(self, now: float) -> None:
        """Once a second: forget what left the hour, and send the ranking when it changed."""
        self.entities.expire(now)
        ranking = self.entities.top()
        if ranking != self._last_top:
            self._last_top = ranking
            self._send("top", {"entities": ranking})

    def _send(self, kind: str, data: dict[str, Any]) -> None:
        for listener in list(self.listeners):
            try:
                listener.queue.put_nowait((kind, data))
            except asyncio.QueueFull:
                listener.overflowed = True  # the page reconnects and reloads /api/recent
