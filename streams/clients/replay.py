"""``wirewatch replay``: publish articles from files (default: the seed corpus) to articles.raw.v1."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from streams.clients.files import Item, read_paths
from streams.clients.kafka import make_producer
from streams.runtime.settings import Settings
from streams.runtime.topics import TopicNames, ensure_topics

log = logging.getLogger(__name__)


@dataclass
class ReplayReport:
    """What a replay sent."""

    sent: int = 0
    invalid: list[Item] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)


def replay(settings: Settings, paths: Iterable[str | Path], *, progress: bool = False) -> ReplayReport:
    """Publish every article in ``paths`` to articles.raw.v1, keyed by article id.

    Unreadable records are published too, as their original bytes, so that the worker sends them to
    the dead-letter topic with the reason: nothing given to replay is silently dropped.
    """
    from tqdm import tqdm

    items = list(read_paths(paths))
    ensure_topics(settings)
    topic = TopicNames.from_settings(settings).raw
    producer = make_producer(settings)
    report = ReplayReport()
    try:
        for item in tqdm(items, desc="replay", unit="article", disable=not progress):
            key = item.article.id.encode() if item.article else item.origin.encode()
            producer.send(topic, key=key, value=item.raw)
            report.sent += 1
            if item.article:
                report.ids.append(item.article.id)
            else:
                report.invalid.append(item)
        producer.flush(timeout=60)
    finally:
        producer.close(timeout=10)
    return report
