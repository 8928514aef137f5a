"""Per-feed cursors: what ingestion has already handled, kept in a compacted Kafka topic.

Topic ``ingest.cursors.v1`` (streams/runtime/topics.py), key = the feed's URL, value = a :class:`FeedCursor`
(the validators for conditional GET and the entries seen, bounded). Compaction keeps the latest value per
feed, so reading the topic from the beginning to its end at start gives every feed's place.
A feed's cursor is written only after the broker has acknowledged every record of that poll: a crash in
between republishes those entries (at least once), it never skips one.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Literal

from pydantic import Field, ValidationError

from streams.clients.kafka import BrokerUnreachable, make_consumer
from streams.runtime.records import Produced, utcnow
from streams.runtime.settings import Settings
from streams.runtime.topics import INGEST_CURSORS

log = logging.getLogger(__name__)

Change = Literal["new", "updated"]


def content_hash(title: str, paragraphs: Iterable[str]) -> str:
    """A short fingerprint of an entry's title and article text: a changed one means an updated entry."""
    text = title.strip() + "\n\n" + "\n\n".join(paragraphs)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class FeedCursor(Produced):
    """A feed's place (ingest.cursors.v1): conditional-GET validators, and entries seen with their hashes."""

    feed: str
    etag: str | None = None
    modified: str | None = None
    seen: list[tuple[str, str]] = Field(default_factory=list,
                                        description="(article id, content hash), least recently listed first")
    updated_at: datetime = Field(default_factory=utcnow)

    def changes(self, listed: Sequence[tuple[str, str]]) -> list[Change | None]:
        """For each (article id, hash): ``new`` if never seen, ``updated`` if its text changed, else None."""
        seen = dict(self.seen)
        return ["new" if seen.get(i) is None else None if seen[i] == h else "updated" for i, h in listed]

    def advanced(self, *, etag: str | None, modified: str | None, listed: Sequence[tuple[str, str]],
                 limit: int) -> FeedCursor:
        """The cursor once every entry the feed lists now (``listed``, id and hash) has been handled.

        Entries listed now move to the end; the oldest others are forgotten past ``limit``, but never one
        the feed still lists (forgetting it would publish it again).
        """
        current = dict(listed)
        kept = [(i, h) for i, h in self.seen if i not in current] + list(current.items())
        return self.model_copy(update={"etag": etag, "modified": modified, "updated_at": utcnow(),
                                       "seen": kept[-max(limit, len(current)):]})

    def same_place(self, other: FeedCursor) -> bool:
        """True when ``other`` records the same validators and entries (so it need not be written again)."""
        return (self.etag, self.modified, self.seen) == (other.etag, other.modified, other.seen)


class CursorStore:
    """Reads every feed's cursor from ingest.cursors.v1, and writes one with the given producer."""

    def __init__(self, settings: Settings, producer: Any) -> None:
        self.settings = settings
        self.producer = producer
        self.topic = settings.topic_prefix + INGEST_CURSORS

    def save(self, cursor: FeedCursor) -> Any:
        """Send ``cursor``, keyed by its feed's URL; returns the send's future."""
        return self.producer.send(self.topic, key=cursor.feed.encode("utf-8"),
                                  value=cursor.model_dump_json().encode("utf-8"))

    def load(self, timeout_s: float = 30.0) -> dict[str, FeedCursor]:
        """The latest cursor of every feed, read from the topic's beginning to its end.

        Raises:
            BrokerUnreachable: when the topic cannot be read to its end within ``timeout_s``.
        """
        from kafka import TopicPartition

        deadline = time.monotonic() + timeout_s
        consumer = make_consumer(self.settings)
        cursors: dict[str, FeedCursor] = {}
        try:
            while not (partitions := consumer.partitions_for_topic(self.topic)):
                if time.monotonic() > deadline:  # a topic just created can take a moment to show in metadata
                    raise BrokerUnreachable(f"the cursor topic {self.topic} did not show in {timeout_s:g}s")
                time.sleep(0.2)
            assigned = [TopicPartition(self.topic, p) for p in sorted(partitions)]
            consumer.assign(assigned)
            consumer.seek_to_beginning(*assigned)
            end = consumer.end_offsets(assigned)
            while any(consumer.position(tp) < end[tp] for tp in assigned):
                if time.monotonic() > deadline:
                    raise BrokerUnreachable(f"could not read {self.topic} to its end in {timeout_s:g}s")
                for records in consumer.poll(timeout_ms=500).values():
                    for record in records:
                        self._apply(cursors, record.key, record.value)
        finally:
            consumer.close()
        return cursors

    def _apply(self, cursors: dict[str, FeedCursor], key: bytes | None, value: bytes | None) -> None:
        feed = (key or b"").decode("utf-8", "replace")
        if value is None:  # a tombstone: the feed's place was deleted
            cursors.pop(feed, None)
            return
        try:
            cursors[feed] = FeedCursor.model_validate_json(value)
        except ValidationError as exc:
            # An unreadable cursor only costs a republish of what the feed lists (dedup links those).
            log.warning("ignoring an unreadable cursor for %s: %s", feed, exc.errors()[0]["msg"])
