"""Idempotent reading: each output record once, although the worker delivers at least once.

After a crash, a worker processes again the messages whose offsets it had not committed, and writes their
records a second time (README, "Reliability": Faust's ``exactly_once`` does not prevent it here). Those
second copies say the same thing as the first, about the same thing, so every client drops them by the
record's identity on its topic:

- a dead letter: where its original came from (``source_topic:partition:offset``) and its reason;
- an alert: its article, story, actor and target (an article may warn of two pairs);
- a duplicate: its article and the article it duplicates;
- an unique or tagged article: its article id (dedup gives an id one story; a reused id is dead-lettered);
- anything else (or unreadable): its key and the SHA-256 of its bytes.

Time stamps (``detected_at``, ``received_at``) are not part of an identity: a replay stamps them anew.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from typing import Any

from streams.runtime import topics as t

DEFAULT_CAPACITY = 200_000  # identities remembered (about 100 bytes each): far more than a crash replays


def identity(topic: str, key: bytes | None, value: bytes | None) -> str:
    """What a record on ``topic`` is about: equal for a record and its replayed copy."""
    fallback = f"{(key or b'').hex()}:{hashlib.sha256(value or b'').hexdigest()}"
    try:
        record: Any = json.loads(value) if value is not None else None
    except (ValueError, RecursionError):
        return fallback
    if not isinstance(record, dict):
        return fallback
    nested = record.get("article")
    article: dict[str, Any] = nested if isinstance(nested, dict) else {}
    if topic.endswith(t.DEADLETTER) or topic.endswith(t.ALERTS_DEADLETTER):
        if record.get("offset") is None:
            return fallback
        return f"{record.get('source_topic')}:{record.get('partition')}:{record.get('offset')}:{record.get('reason')}"
    if topic.endswith(t.ALERTS) or topic.endswith(t.CANDIDATES):
        return f"{record.get('article_id')}:{record.get('story_id')}:{record.get('actor')}:{record.get('target')}"
    if topic.endswith(t.DUPLICATES):
        return f"{article.get('id')}:{record.get('duplicate_of')}"
    if article.get("id") is not None:
        return str(article["id"])
    return fallback


class Once:
    """Remembers the identities of the last ``capacity`` records read, per topic, and refuses a repeat."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self.capacity = capacity
        self.seen: OrderedDict[tuple[str, str], None] = OrderedDict()
        self.dropped = 0

    def first(self, topic: str, key: bytes | None, value: bytes | None) -> bool:
        """True the first time a record with this identity is read on ``topic``; False for a repeat.

        Records of topics the worker does not write (the raw articles a publisher sends, the ingest cursors) are
        always first: a publisher may send an article again on purpose (``replay --loop``, an updated entry).
        """
        if topic.endswith((t.RAW, t.INGEST_CURSORS)):
            return True
        ident = (topic, identity(topic, key, value))
        if ident in self.seen:
            self.seen.move_to_end(ident)
            self.dropped += 1
            return False
        self.seen[ident] = None
        if len(self.seen) > self.capacity:
            self.seen.popitem(last=False)
        return True
