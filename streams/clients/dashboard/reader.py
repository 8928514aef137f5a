"""The dashboard's Kafka reader: one kafka-python consumer in a thread, feeding the event loop.

Reads articles.tagged.v1, articles.duplicates.v1 and alerts.v1 from the beginning (no consumer group:
nothing is committed). A record it cannot show is skipped and counted by reason; an error of the consumer
itself (the broker went away, which a metadata request every ``probe_s`` seconds finds out, or a bug) marks
the feed ``stale``, and the reader connects again with back-off, going on after the last record it handed
over. If the thread ends for any reason, the feed says ``stale``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from streams.clients.once import Once
from streams.runtime.settings import Settings
from streams.runtime.topics import TopicNames

from .feed import Feed
from .records import BadRecord, decode, summarise

log = logging.getLogger(__name__)
ConsumerFactory = Callable[[list[str]], Any]
BOOTSTRAP_TIMEOUT_MS = 5000  # kafka-python waits 30 s by default: the page would say "connecting" that long


def open_consumer(settings: Settings, topics: list[str]) -> Any:
    """A kafka-python consumer on ``topics`` from the beginning, in no group (it commits nothing)."""
    from kafka import KafkaConsumer

    return KafkaConsumer(*topics, bootstrap_servers=settings.bootstrap, group_id=None, auto_offset_reset="earliest",
                         enable_auto_commit=False, client_id=f"{settings.app_id}-dashboard",
                         bootstrap_timeout_ms=BOOTSTRAP_TIMEOUT_MS,
                         isolation_level="read_committed")  # as every client: README, "Reliability"


class Reader:
    """Reads the dashboard's topics into ``feed``, through ``loop``; run :meth:`run` in a thread."""

    def __init__(self, settings: Settings, feed: Feed, loop: asyncio.AbstractEventLoop,
                 consumer_factory: ConsumerFactory | None = None, retry_s: float = 1.0,
                 max_retry_s: float = 30.0, probe_s: float = 10.0) -> None:
        self.settings, self.feed, self.loop = settings, feed, loop
        self.factory = consumer_factory or (lambda topics: open_consumer(settings, topics))
        self.retry_s, self.max_retry_s, self.probe_s = retry_s, max_retry_s, probe_s
        self.once = Once()  # a record a worker wrote again after a crash is shown once
        names = TopicNames.from_settings(settings)
        self.kinds = {names.tagged: "tagged", names.duplicates: "duplicate", names.alerts: "alert"}
        self.positions: dict[tuple[str, int], int] = {}  # next offset to hand over, per partition

    def _hand(self, method: Callable[..., None], *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is closed: the server is stopping
            self.loop.call_soon_threadsafe(method, *args)

    def run(self, stop: threading.Event) -> None:
        """Read until ``stop`` is set; whatever ends the thread, the feed is marked stale."""
        try:
            self._run(stop)
        finally:
            self._hand(self.feed.set_reader, "stale", "the Kafka reader stopped")

    def _run(self, stop: threading.Event) -> None:
        delay, where = self.retry_s, self.settings.bootstrap
        while not stop.is_set():
            try:
                consumer = self.factory(list(self.kinds))
            except Exception as exc:  # noqa: BLE001 - any failure to connect: say so, wait, try again
                self._hand(self.feed.set_reader, "stale", f"cannot reach Kafka at {where} ({type(exc).__name__})")
                stop.wait(delay)
                delay = min(delay * 2, self.max_retry_s)
                continue
            try:
                self._hand(self.feed.set_reader, "live", f"reading Kafka at {where}")
                delay = self.retry_s
                self._consume(consumer, stop)
            except Exception as exc:  # noqa: BLE001 - the consumer failed: say so, reconnect after a pause
                log.warning("dashboard: the Kafka reader failed (%s: %s); connecting again in %.0f s",
                            type(exc).__name__, exc, delay, exc_info=log.isEnabledFor(logging.DEBUG))
                self._hand(self.feed.set_reader, "stale", f"the Kafka reader failed ({type(exc).__name__})")
                stop.wait(delay)
                delay = min(delay * 2, self.max_retry_s)
            finally:
                with contextlib.suppress(Exception):
                    consumer.close()

    def _consume(self, consumer: Any, stop: threading.Event) -> None:
        probed = time.monotonic()
        while not stop.is_set():
            for records in consumer.poll(timeout_ms=500).values():
                for record in records:
                    if self.once.first(record.topic, record.key, record.value):  # not a crashed worker's repeat
                        self._one(record)
            if time.monotonic() - probed >= self.probe_s:
                # poll() says nothing when the broker goes away; a metadata request raises, and we say stale.
                consumer.topics()
                probed = time.monotonic()

    def _one(self, record: Any) -> None:
        place = (record.topic, record.partition)
        if record.offset < self.positions.get(place, 0):
            return  # handed over before the consumer was made again
        self.positions[place] = record.offset + 1
        kind = self.kinds[record.topic]
        try:
            summary = summarise(decode(kind, record.value, self.settings.limits))
        except BadRecord as exc:
            log.warning("dashboard: skipped %s:%s:%s: %s", *place, record.offset, exc)
            self._hand(self.feed.skip, exc.reason)
            return
        except Exception:  # noqa: BLE001 - a record that breaks the summary is skipped, not the reader
            log.exception("dashboard: skipped %s:%s:%s", *place, record.offset)
            self._hand(self.feed.skip, "error")
            return
        now = time.time()
        stamp = getattr(record, "timestamp", None)  # ms; -1 when the producer set none
        at = stamp / 1000 if stamp and stamp > 0 else now
        self._hand(self.feed.publish, kind, summary, at, now)
