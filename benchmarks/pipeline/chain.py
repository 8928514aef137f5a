"""The chain on a real local broker: settings per phase, publishing, and a collector of record timestamps.

Each phase (one worker, the naive peer, two workers) has its own app id and topic prefix, so it starts
from empty state. Latency is taken from Kafka record timestamps (CreateTime, set by each producer):
the article's record on articles.raw.v1 (as the publisher's send was acknowledged: the collector does not
read the raw topic back) against its record on articles.tagged.v1 or alerts.v1. An article
"has come out" once it is on articles.tagged.v1, articles.duplicates.v1 or the dead-letter topic; the
collector reads them with ``read_committed``, notes when it saw each, and a burst's throughput runs from
the first publish to the last expected output seen (alerts included).
"""

from __future__ import annotations

import math
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from streams.clients.kafka import make_producer
from streams.clients.replay import Pacer
from streams.ops.broker import LocalBroker
from streams.runtime import topics as t
from streams.runtime.records import Article
from streams.runtime.settings import Settings

OUT_TOPICS = (t.TAGGED, t.DUPLICATES, t.DEADLETTER)


@contextmanager
def local_broker(data_dir: Path) -> Iterator[str]:
    """A local Kafka broker on free ports, its data in ``data_dir``; stopped on exit, also on error or Ctrl-C."""
    broker = LocalBroker.on_free_ports(Settings().home, data_dir=data_dir)
    try:
        broker.start()
        yield broker.address
    finally:
        broker.stop()


def phase_settings(address: str, home: Path, name: str, **overrides: Any) -> Settings:
    """Settings of one phase: its own app id (consumer group, tables) and topic prefix."""
    tag = uuid.uuid4().hex[:8]
    values: dict[str, Any] = {"bootstrap_servers": address, "app_id": f"wwbench-{name}-{tag}",
                              "topic_prefix": f"bench-{name}-{tag}.", "home": home}
    values.update(overrides)
    return Settings(**values)


def publish(settings: Settings, articles: Iterable[Article], rate: float | None = None,
            collector: Collector | None = None) -> float:
    """Publish ``articles`` to articles.raw.v1 (as fast as possible, or ``rate`` a second); the wall time it began.

    Each record's CreateTime, as the broker acknowledged it, goes to ``collector``: the collector need not
    read the raw topic back (a benchmark that re-reads every article body takes CPU from the workers).
    """
    producer = make_producer(settings)
    topic = settings.topic_prefix + t.RAW
    pacer = Pacer(rate=rate)
    started = time.time()
    sent = []
    try:
        for article in articles:
            pacer.wait(None)
            sent.append((article.id, producer.send(topic, key=article.id.encode(),
                                                   value=article.model_dump_json().encode())))
        producer.flush(timeout=60)
    finally:
        producer.close(timeout=10)
    if collector is not None:
        collector.published({key: future.get(timeout=10).timestamp / 1e3 for key, future in sent})
    return started


@dataclass
class Seen:
    """One output record: its topic, its CreateTime (s) and when the collector saw it (wall time, s)."""

    topic: str
    timestamp: float
    seen: float


@dataclass
class Outcome:
    """What came out for a set of articles."""

    started: float
    ended: float
    out: dict[str, Seen]
    alerts: dict[str, list[Seen]]
    raw: dict[str, float]
    missing: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def tagged_latencies(self) -> list[float]:
        """Seconds from publish to articles.tagged.v1, per tagged article."""
        return [s.timestamp - self.raw[k] for k, s in self.out.items() if s.topic == t.TAGGED and k in self.raw]

    def alert_latencies(self) -> list[float]:
        """Seconds from publish to alerts.v1, per alert."""
        return [s.timestamp - self.raw[k] for k, seen in self.alerts.items() for s in seen if k in self.raw]


class Collector:
    """Reads the raw and output topics of one phase in a thread, from the beginning, keeping timestamps."""

    def __init__(self, settings: Settings) -> None:
        from kafka import KafkaConsumer

        self.base = {settings.topic_prefix + b: b for b in (*OUT_TOPICS, t.ALERTS)}
        self.consumer = KafkaConsumer(*self.base, bootstrap_servers=settings.bootstrap, group_id=None,
                                      auto_offset_reset="earliest", enable_auto_commit=False,
                                      isolation_level="read_committed", fetch_max_wait_ms=50,
                                      client_id=f"{settings.app_id}-bench")
        self.raw: dict[str, float] = {}
        self.out: dict[str, Seen] = {}
        self.alerts: dict[str, list[Seen]] = {}
        self.doubles: dict[tuple[str, str], int] = {}  # (topic, key): records after the first (redeliveries)
        self.lock = threading.Lock()
        self.last_progress = time.time()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="collector", daemon=True)

    def __enter__(self) -> Collector:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(10)
        self.consumer.close()

    def published(self, stamps: dict[str, float]) -> None:
        """The CreateTime (s) of each article's record on articles.raw.v1, from the publisher."""
        with self.lock:
            for key, stamp in stamps.items():
                self.raw.setdefault(key, stamp)

    def _run(self) -> None:
        while not self._stop.is_set():
            for records in self.consumer.poll(timeout_ms=100).values():
                now = time.time()
                with self.lock:
                    for r in records:
                        self._note(r, now)
                    self.last_progress = now

    def _note(self, record: Any, now: float) -> None:
        key, base = (record.key or b"").decode("utf-8", "replace"), self.base[record.topic]
        stamp = record.timestamp / 1e3
        if base == t.ALERTS:
            self.alerts.setdefault(key, []).append(Seen(base, stamp, now))
        elif key in self.out and self.out[key].topic == base:
            self.doubles[base, key] = self.doubles.get((base, key), 0) + 1
        else:
            self.out.setdefault(key, Seen(base, stamp, now))

    def wait(self, keys: set[str], started: float, *, expected_alerts: int | None = None, settle_s: float = 10.0,
             idle_s: float = 120.0, alive: Callable[[], bool] = lambda: True) -> Outcome:
        """Wait until every article of ``keys`` came out and its alerts too; give up after ``idle_s`` without news.

        The alerts are complete once at least ``expected_alerts`` came and nothing came for ``settle_s``; the
        end time is the last expected record seen, so the settling wait is not counted.
        """
        while True:
            time.sleep(0.2)
            with self.lock:
                out = {k: s for k, s in self.out.items() if k in keys}
                alerts = {k: list(s) for k, s in self.alerts.items() if k in keys}
                raw = {k: s for k, s in self.raw.items() if k in keys}
                doubles = {b: n for (b, k), n in self.doubles.items() if k in keys}
                quiet = time.time() - self.last_progress
            n_alerts = sum(len(s) for s in alerts.values())
            # The analyzer's alert count is a floor, not the target: the worker may raise others.
            done = len(out) == len(keys) and n_alerts >= (expected_alerts or 0) and quiet >= settle_s
            if done or quiet >= idle_s or not alive():
                break
        seen = [s.seen for s in out.values()] + [s.seen for v in alerts.values() for s in v]
        counts = {b: sum(1 for s in out.values() if s.topic == b) for b in OUT_TOPICS}
        counts[t.ALERTS] = n_alerts
        for base, n in doubles.items():
            counts[f"doubles on {base}"] = counts.get(f"doubles on {base}", 0) + n
        return Outcome(started, max(seen, default=started), out, alerts, raw, len(keys) - len(out), counts)


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (nearest rank) of ``values``; NaN when there are none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered), max(1, math.ceil(q / 100 * len(ordered)))) - 1]


def process_stat(pid: int) -> tuple[float, float]:
    """(peak RSS in MB from VmHWM, CPU seconds used) of process ``pid``; (nan, nan) once it is gone."""
    import os

    try:
        status = Path(f"/proc/{pid}/status").read_text()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan"), float("nan")
    hwm = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)
    ticks = os.sysconf("SC_CLK_TCK")
    return hwm / 1024, (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


def machine_busy_s() -> float:
    """CPU seconds the whole machine has been busy since boot, all cores (/proc/stat: all but idle and iowait)."""
    import os

    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError, IndexError):
        return float("nan")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """Child processes of ``pid`` (a worker that forked would be measured through them)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found
