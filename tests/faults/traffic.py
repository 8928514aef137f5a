"""Traffic for the fault tests and the guarantee benchmark: distinct short articles, and an account of every id.

The articles are built from random words so that no two are near-duplicates of each other (each must come
out of dedup as unique), two or three short sentences each so that the NLP stages stay fast. The account
reads every output topic the way our clients do (read_committed) and says, per article id, where it went.
"""

from __future__ import annotations

import base64
import json
import random
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from streams.clients.kafka import make_consumer
from streams.clients.once import Once
from streams.runtime.settings import Settings
from streams.runtime.topics import TopicNames

PLACES = ["Geneva", "Nairobi", "Lima", "Oslo", "Hanoi", "Quito", "Tbilisi", "Accra", "Manila", "Bogota"]
SYLLABLES = ["ka", "lo", "mi", "ren", "to", "sa", "vi", "dor", "pe", "lun", "ga", "ti", "mor", "bel", "ius", "ne"]


def word(rng: random.Random) -> str:
    """A made-up word of two or three syllables."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))


def article(rng: random.Random, aid: str) -> bytes:
    """A raw article of two or three short sentences of random words, naming one place."""
    sentences = [" ".join(word(rng) for _ in range(rng.randint(8, 12))).capitalize() + "."
                 for _ in range(rng.randint(2, 3))]
    sentences[0] = f"Officials in {rng.choice(PLACES)} said {sentences[0][0].lower()}{sentences[0][1:]}"
    return json.dumps({"id": aid, "title": word(rng).capitalize(), "body": " ".join(sentences),
                       "source": "Wire", "published_at": "2024-05-01T12:00:00Z"}).encode()


def burst(count: int, seed: int = 7, prefix: str = "a") -> list[tuple[bytes, bytes]]:
    """``count`` distinct articles as (key, raw value), ids ``<prefix>-0`` ... in order."""
    rng = random.Random(seed)
    return [(f"{prefix}-{i}".encode(), article(rng, f"{prefix}-{i}")) for i in range(count)]


def record_id(topic: str, names: TopicNames, value: dict[str, Any]) -> str:
    """The article id an output record is about (a dead letter: the id in its original, else its origin)."""
    if topic == names.alerts:
        return str(value.get("article_id"))
    if topic == names.deadletter:
        try:
            return str(json.loads(base64.b64decode(value["original_b64"]))["id"])
        except (ValueError, KeyError, TypeError, RecursionError):  # poison: not an article
            return f"{value.get('source_topic')}:{value.get('partition')}:{value.get('offset')}"
    return str((value.get("article") or {}).get("id"))


@dataclass(frozen=True)
class Account:
    """Where every sent id went: each must be in exactly one of unique/duplicates/dead letters, once."""

    sent: int
    accounted: int
    lost: list[str]
    doubled: dict[str, int]  # "<topic base>:<id>" -> extra copies, over every output topic
    untagged: list[str]      # unique articles that never reached articles.tagged.v1
    seen_doubled: int = 0    # extra copies left once read as our clients read (streams.clients.once)

    @property
    def clean(self) -> bool:
        """No id lost, none doubled, every unique article tagged."""
        return not (self.lost or self.doubled or self.untagged)

    def line(self, prefix: str, **figures: object) -> str:
        """The figures on one line, for the README."""
        by_topic = Counter(key.rsplit(":", 1)[0] for key in self.doubled)
        figures = {**figures, **({"doubled_on": dict(by_topic)} if by_topic else {})}
        extra = "".join(f" {k}={v}" for k, v in figures.items())
        return (f"{prefix} sent={self.sent} accounted={self.accounted} lost={len(self.lost)} "
                f"doubled_in_topics={sum(self.doubled.values())} doubled_seen_by_clients={self.seen_doubled} "
                f"untagged={len(self.untagged)}{extra}")


def output_topics(names: TopicNames) -> list[str]:
    """The topics an article can end on."""
    return [names.unique, names.duplicates, names.tagged, names.alerts, names.deadletter]


def account(ids: Iterable[str], found: dict[str, list[dict[str, Any]]], names: TopicNames) -> Account:
    """Account for ``ids`` in what was read from :func:`output_topics`."""
    ids = list(ids)
    seen = {topic: Counter(record_id(topic, names, v) for v in values) for topic, values in found.items()}
    base = {topic: topic.removeprefix(names.raw.removesuffix("articles.raw.v1")) for topic in found}
    doubled = {f"{base[t]}:{i}": n - 1 for t, counts in seen.items() for i, n in counts.items() if n > 1}
    decided = [names.unique, names.duplicates, names.deadletter]
    for i in ids:  # one article decided twice differently (unique, then duplicate of itself) is doubled too
        places = sum(1 for t in decided if seen[t][i])
        if places > 1:
            doubled[f"decided:{i}"] = places - 1
    lost = [i for i in ids if not any(seen[t][i] for t in decided)]
    untagged = [i for i in seen[names.unique] if not seen[names.tagged][i]]
    once = Once()
    kept = {t: [v for v in values if once.first(t, None, json.dumps(v).encode())] for t, values in found.items()}
    seen_doubled = sum(n - 1 for t, values in kept.items()
                       for n in Counter(record_id(t, names, v) for v in values).values() if n > 1)
    return Account(len(ids), len(ids) - len(lost), lost, doubled, untagged, seen_doubled)


def read_all(settings: Settings, topics: list[str], *, until: Any, timeout_s: float,
             settle_s: float = 5.0) -> dict[str, list[dict[str, Any]]]:
    """Every record of ``topics`` from the beginning, repeats included (read_committed), until ``until(found)``
    holds, then ``settle_s`` more."""
    from streams.clients.kafka import read_records

    found: dict[str, list[dict[str, Any]]] = {t: [] for t in topics}
    consumer = make_consumer(settings, *topics)
    done: list[float] = []

    def stop() -> bool:
        if not done and until(found):
            done.append(time.monotonic())
        return bool(done) and time.monotonic() - done[0] >= settle_s

    try:
        for topic, _key, value in read_records(consumer, timeout_s=timeout_s, stop=stop, once=False):
            found[topic].append(value or {})
    finally:
        consumer.close()
    return found


def arrivals(settings: Settings, topic: str, count: int, timeout_s: float) -> list[float]:
    """Monotonic times at which the first ``count`` records of ``topic`` became readable (read_committed)."""
    from streams.clients.kafka import read_records

    times: list[float] = []
    consumer = make_consumer(settings, topic)
    try:
        for _ in read_records(consumer, timeout_s=timeout_s, stop=lambda: len(times) >= count, once=False):
            times.append(time.monotonic())
    finally:
        consumer.close()
    return times[:count]  # one poll can bring more


class NewOutput:
    """Watches ``topic`` from its current end: when does its next committed record show?"""

    def __init__(self, settings: Settings, topic: str) -> None:
        from kafka import TopicPartition

        self.consumer = make_consumer(settings)
        parts = self.consumer.partitions_for_topic(topic) or {0}
        self.consumer.assign([TopicPartition(topic, p) for p in parts])
        self.consumer.seek_to_end()
        for tp in self.consumer.assignment():
            self.consumer.position(tp)  # resolve the end now, before anything new is written

    def wait(self, timeout_s: float) -> float | None:
        """Monotonic time of the first new record, or None when none came within ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        try:
            while time.monotonic() < deadline:
                if any(self.consumer.poll(timeout_ms=200).values()):
                    return time.monotonic()
            return None
        finally:
            self.consumer.close()
