"""``wirewatch replay``: publish articles from files (default: the seed corpus) to articles.raw.v1.

Paced by a :class:`Pacer`: as fast as the broker takes them, ``rate`` articles a second, or at the
original spacing of their ``published_at`` compressed ``speed`` times (a backtest in real time at 1).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from streams.clients.files import Item, read_paths
from streams.clients.kafka import make_producer
from streams.runtime.settings import Settings
from streams.runtime.topics import TopicNames, ensure_topics

log = logging.getLogger(__name__)


class Pacer:
    """When to send the next article: at most ``rate`` a second, or ``speed`` times the original spacing.

    With ``speed``, an article is due ``(published_at - first published_at) / speed`` seconds after the
    first dated article was sent; an article without ``published_at``, or dated before one already sent,
    is due at once. Without either, every article is due at once.
    """

    def __init__(self, rate: float | None = None, speed: float | None = None,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        if rate is not None and speed is not None:
            raise ValueError("give a rate or a speed, not both")
        if (rate is not None and rate <= 0) or (speed is not None and speed <= 0):
            raise ValueError("rate and speed must be positive")
        self.rate, self.speed, self.clock, self.sleep = rate, speed, clock, sleep
        self._rate_start: float | None = None
        self._count = 0
        self.restart()

    def restart(self) -> None:
        """Start the ``published_at`` schedule again: each pass of a loop keeps the original spacing."""
        self._start: float | None = None
        self._first: datetime | None = None

    def wait(self, published_at: datetime | None) -> None:
        """Sleep until the next article, published at ``published_at``, is due."""
        now = self.clock()
        if self.rate is not None:
            self._rate_start = now if self._rate_start is None else self._rate_start
            due = self._rate_start + self._count / self.rate
            self._count += 1
        elif self.speed is not None and published_at is not None:
            if self._start is None or self._first is None:
                self._start, self._first = now, published_at
            due = self._start + (published_at - self._first).total_seconds() / self.speed
        else:
            return
        if due > now:
            self.sleep(due - now)


@dataclass
class ReplayReport:
    """What a replay did. Problems, ids and ``invalid`` are those of the first pass (a loop repeats them)."""

    sent: int = 0
    invalid: list[Item] = field(default_factory=list)
    skipped: list[Item] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    passes: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    def summary(self, topic: str) -> str:
        """One line: what was published where, what was skipped, how long it took."""
        rate = self.sent / self.seconds if self.seconds > 0 else 0.0
        loops = f" in {self.passes} passes" if self.passes > 1 else ""
        return (f"published {self.sent} record(s) to {topic} ({len(self.ids)} article(s), {len(self.invalid)} "
                f"unreadable){loops}; {len(self.skipped) + len(self.failed)} skipped; "
                f"{self.seconds:.1f} s, {rate:.1f} record(s)/s" + ("; interrupted" if self.interrupted else ""))


def _problem(item: Item, max_bytes: int) -> tuple[str, bool] | None:
    """What is wrong with ``item`` and whether it is skipped (True) or still sent, or None when nothing is."""
    if item.error is not None and item.error.reason == "unreadable_file":
        return f"{item.origin}: unreadable_file: {item.error.detail}; skipped", True
    if len(item.raw) > max_bytes:  # a line cut while read is over it too; its error gives its whole size
        size = item.error.detail if item.error is not None else f"{len(item.raw):,} bytes"
        return f"{item.origin}: over max_message_bytes {max_bytes:,} ({size}); skipped", True
    if item.error is not None:
        return f"{item.origin}: {item.error.reason}: {item.error.detail[:200]}; sent as is, the worker " \
               "dead-letters it", False
    return None


def replay(settings: Settings, paths: Iterable[str | Path], *, progress: bool = False, pacer: Pacer | None = None,
           loop: bool = False, warn: Callable[[str], None] = log.warning) -> ReplayReport:
    """Publish every article in ``paths`` to articles.raw.v1, keyed by article id; with ``loop``, until Ctrl-C.

    A record that cannot be read as an article is published as it is, so that the worker sends it to the
    dead-letter topic with the reason. A record over ``settings.max_message_bytes`` (the broker would
    refuse it) and a file that cannot be read are skipped. Each problem goes to ``warn`` with its
    file:line. ``progress`` shows a bar with the count and the rate on runs of over two seconds.
    """
    from tqdm import tqdm

    paths = list(paths)
    ensure_topics(settings)
    topic = TopicNames.from_settings(settings).raw
    pacer = pacer or Pacer()
    producer = make_producer(settings)
    report = ReplayReport()
    bar = tqdm(desc="replay", unit="article", disable=not progress, delay=2, dynamic_ncols=True)
    started = time.monotonic()
    try:
        while True:
            report.passes += 1
            pacer.restart()
            handed = 0
            for item in read_paths(paths, settings.limits):
                handed += _send_one(producer, topic, item, settings, pacer, report, warn, report.passes == 1)
                bar.update()
            if not loop or not handed:  # a loop over nothing sendable would spin
                break
        producer.flush(timeout=60)
    except KeyboardInterrupt:
        report.interrupted = True
        producer.flush(timeout=60)
    finally:
        bar.close()
        producer.close(timeout=10)
        report.seconds = time.monotonic() - started
    return report


def _send_one(producer: Any, topic: str, item: Item, settings: Settings, pacer: Pacer, report: ReplayReport,
              warn: Callable[[str], None], first_pass: bool) -> bool:
    """Send one item, if it can be sent, when the pacer says so; True when sent.

    Only the first pass of a loop reports problems and records them in ``report``.
    """
    problem = _problem(item, settings.max_message_bytes)
    if problem is not None and first_pass:
        warn(problem[0])
    if problem is not None and problem[1]:
        if first_pass:
            report.skipped.append(item)
        return False
    pacer.wait(item.article.published_at if item.article else None)
    key = item.article.id.encode() if item.article else item.origin.encode()
    future = producer.send(topic, key=key, value=item.raw)
    future.add_callback(lambda _metadata: _count_sent(report))
    future.add_errback(lambda exc: _refused(report, item.origin, exc, warn, first_pass))
    if first_pass and item.article:
        report.ids.append(item.article.id)
    elif first_pass:
        report.invalid.append(item)
    return True


def _count_sent(report: ReplayReport) -> None:
    report.sent += 1  # in the producer's thread, once the broker has the record


def _refused(report: ReplayReport, where: str, exc: Exception, warn: Callable[[str], None], first_pass: bool) -> None:
    if first_pass:
        report.failed.append(where)
        warn(f"{where}: the broker refused it ({type(exc).__name__}: {exc}); skipped")
