"""The dashboard's Kafka reader never dies of a record, and says "stale" when it cannot read."""

from __future__ import annotations

import contextlib
import json
import queue
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from streams.clients.dashboard.feed import Feed
from streams.clients.dashboard.reader import Reader
from streams.runtime.settings import Settings
from streams.runtime.topics import TopicNames

SETTINGS = Settings(app_id="ww-reader-test", topic_prefix="rt.", bootstrap_servers="127.0.0.1:9")
NAMES = TopicNames.from_settings(SETTINGS)
FEED = [json.loads(line) for line in (Path(__file__).parents[1] / "data" / "dashboard_feed.jsonl").open()]
ALERT = json.dumps(next(r["value"] for r in FEED if r["topic"] == "alerts.v1")).encode()
TAGGED = json.dumps(next(r["value"] for r in FEED if r["topic"] == "articles.tagged.v1")).encode()


class Inline:
    """Stands for the event loop: runs what the reader hands over at once, in the reader's thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()

    def call_soon_threadsafe(self, method: Any, *args: Any) -> None:
        with self.lock:
            method(*args)


class FakeConsumer:
    """Hands out the batches of a queue; an exception in the queue is raised by ``poll``."""

    def __init__(self, batches: queue.Queue) -> None:
        self.batches, self.closed = batches, False

    def poll(self, timeout_ms: int = 500) -> dict[Any, list[Any]]:
        try:
            item = self.batches.get(timeout=timeout_ms / 1000)
        except queue.Empty:
            return {}
        if isinstance(item, BaseException):
            raise item
        return {"tp": item}

    def topics(self) -> set[str]:
        return set()

    def close(self) -> None:
        self.closed = True


def record(topic: str, offset: int, value: bytes) -> SimpleNamespace:
    return SimpleNamespace(topic=topic, partition=0, offset=offset, key=None, value=value,
                           timestamp=int(time.time() * 1000))


def _run(reader: Reader, until: Any, timeout_s: float = 10.0) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=reader.run, args=(stop,))
    thread.start()
    deadline = time.monotonic() + timeout_s
    try:
        while not until() and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()


def test_a_json_array_is_skipped_and_the_records_after_it_still_arrive():
    batches: queue.Queue = queue.Queue()
    batches.put([record(NAMES.tagged, 0, b"[1, 2]"), record(NAMES.alerts, 0, b"not json"),
                 record(NAMES.tagged, 1, TAGGED), record(NAMES.alerts, 1, ALERT)])
    feed = Feed()
    _run(Reader(SETTINGS, feed, Inline(), lambda topics: FakeConsumer(batches)),  # type: ignore[arg-type]
         until=lambda: feed.recent["alert"])
    assert [t["id"] for t in feed.recent["tagged"]] == ["ww-101"]
    assert [a["article_id"] for a in feed.recent["alert"]] == ["ww-101"]
    assert feed.status()["skipped_by_reason"] == {"not_object": 1, "not_json": 1}


def test_a_failing_consumer_makes_the_feed_stale_and_the_reader_reads_on_where_it_was():
    first: queue.Queue = queue.Queue()
    first.put([record(NAMES.tagged, 0, TAGGED)])
    first.put(RuntimeError("the broker went away"))
    again: queue.Queue = queue.Queue()  # the new consumer reads from the beginning again
    again.put([record(NAMES.tagged, 0, TAGGED), record(NAMES.alerts, 0, ALERT)])
    consumers = iter([FakeConsumer(first), FakeConsumer(again)])
    feed, states = Feed(), []
    original = feed.set_reader
    feed.set_reader = lambda state, detail: (states.append(state), original(state, detail))  # type: ignore[method-assign]
    _run(Reader(SETTINGS, feed, Inline(), lambda topics: next(consumers), retry_s=0.01),  # type: ignore[arg-type]
         until=lambda: feed.recent["alert"])
    assert states[:3] == ["live", "stale", "live"]
    assert len(feed.recent["tagged"]) == 1 and len(feed.recent["alert"]) == 1  # nothing shown twice


def test_no_broker_means_stale_with_the_reason_and_new_tries():
    tries = []

    def unreachable(topics: list[str]) -> FakeConsumer:
        tries.append(topics)
        raise ConnectionError("no broker")

    feed = Feed()
    _run(Reader(SETTINGS, feed, Inline(), unreachable, retry_s=0.01), until=lambda: len(tries) >= 3)  # type: ignore[arg-type]
    assert feed.reader == "stale"
    assert sorted(tries[0]) == sorted([NAMES.tagged, NAMES.duplicates, NAMES.alerts])


def test_whatever_ends_the_reader_the_feed_says_stale():
    batches: queue.Queue = queue.Queue()
    batches.put(SystemExit("killed"))  # not an Exception: the reader does not catch it, and ends
    feed = Feed()
    reader = Reader(SETTINGS, feed, Inline(), lambda topics: FakeConsumer(batches))  # type: ignore[arg-type]

    def run() -> None:
        with contextlib.suppress(SystemExit):
            reader.run(threading.Event())

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    assert (feed.reader, feed.reader_detail) == ("stale", "the Kafka reader stopped")


def test_a_broker_that_goes_away_is_noticed_although_poll_says_nothing():
    class BrokerGone(FakeConsumer):
        def topics(self) -> set[str]:
            raise ConnectionRefusedError("111 ECONNREFUSED")

    feed, states = Feed(), []
    original = feed.set_reader
    feed.set_reader = lambda state, detail: (states.append((state, detail)), original(state, detail))  # type: ignore[method-assign]
    reader = Reader(SETTINGS, feed, Inline(), lambda topics: BrokerGone(queue.Queue()), probe_s=0.1)  # type: ignore[arg-type]
    _run(reader, until=lambda: len(states) >= 2)
    assert states[:2] == [("live", "reading Kafka at 127.0.0.1:9"),
                          ("stale", "the Kafka reader failed (ConnectionRefusedError)")]
