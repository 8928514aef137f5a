"""No record written twice: outputs a worker already wrote are not written again when it is given their input again.

At-least-once delivery gives a worker again every message after its partition's last committed offset: after
a kill -9, a restart, a rebalance. Its step runs on them again (so that its tables end as they would have),
but what the step already wrote for them must not be written a second time, or every consumer of the topic,
ours or not, reads it twice.

So each record a worker writes carries an ``ww-origin`` header, ``<source topic>:<partition>:<offset>:<n>``:
the message it came from and its place among that message's outputs. When a worker meets a message that does
not follow the last one it took from that partition (the first after a start, or after Faust seeked back),
it reads the origins already written on the step's output topics since that message was published
(:func:`written_origins`), and drops any output whose origin is among them. A replayed message is processed
again; only what was already written is dropped, so an output the crash kept from being written is written
now (nothing lost), and one already written is not written again (nothing doubled).

The origins are read backwards from the end of each output partition, down to the first origin older than
the replayed message, and never before that message's timestamp less ``replay_scan_margin_s`` (a publisher's
clock may run ahead of the broker's): nothing written for a message precedes the message itself.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from agents.step import Message, Output

from .settings import Settings

log = logging.getLogger(__name__)

HEADER = "ww-origin"

TopicPartition = tuple[str, int]
# (source partition, first offset replayed, its time in epoch seconds) -> origins written for it or later
Scan = Callable[[TopicPartition, int, float], set[bytes]]
CHUNK = 200  # records read at a time, backwards from an output partition's end


def origin(message: Message, index: int) -> bytes | None:
    """The ``ww-origin`` header of the ``index``-th output of ``message`` (None offline: no offset)."""
    if message.offset is None or message.partition is None:
        return None
    return f"{message.topic}:{message.partition}:{message.offset}:{index}".encode()


@dataclass
class Replays:
    """Per source partition: the next offset expected, and the origins found written when a replay began.

    Args:
        scan: reads the origins written for a source partition since a time (:func:`written_origins`).
    """

    scan: Scan
    expected: dict[TopicPartition, int] = field(default_factory=dict)
    written: dict[TopicPartition, dict[int, set[bytes]]] = field(default_factory=dict)  # by source offset
    until: dict[TopicPartition, int] = field(default_factory=dict)  # the last source offset found written
    dropped: int = 0

    def needs_scan(self, message: Message) -> bool:
        """True when ``message`` does not follow the last message taken from its partition."""
        if message.offset is None or message.partition is None:
            return False
        return self.expected.get((message.topic, message.partition)) != message.offset

    def rescan(self, message: Message, timestamp: float) -> None:
        """Read what was written for ``message``'s partition since ``timestamp`` (the message's own)."""
        tp = (message.topic, message.partition or 0)
        began = time.monotonic()
        offset = message.offset or 0
        found: dict[int, set[bytes]] = {}
        for header in self.scan(tp, offset, timestamp):
            parsed = parse_origin(header)
            if parsed is not None and parsed[1] >= offset:  # earlier messages will not come again
                found.setdefault(parsed[1], set()).add(header)
        log.info("%s:%d from offset %s: %d outputs already written (read in %.2f s)", *tp, message.offset,
                 sum(map(len, found.values())), time.monotonic() - began)
        if found:
            self.written[tp], self.until[tp] = found, max(found)
        else:
            self.written.pop(tp, None)

    def keep(self, message: Message, outputs: Iterable[Output]) -> list[tuple[Output, bytes | None]]:
        """``outputs`` of ``message`` with their origin headers, less those already written; notes the offset."""
        tp = (message.topic, message.partition or 0)
        by_offset = self.written.get(tp)
        written = by_offset.pop(message.offset, set()) if by_offset and message.offset is not None else set()
        kept = []
        for index, out in enumerate(outputs):
            header = origin(message, index)
            if header is not None and header in written:
                self.dropped += 1
                continue
            kept.append((out, header))
        if message.offset is not None:
            self.expected[tp] = message.offset + 1
            if by_offset is not None and message.offset >= self.until[tp]:
                del self.written[tp]  # the replay has passed every origin found
        return kept


def parse_origin(header: bytes) -> tuple[TopicPartition, int] | None:
    """((topic, partition), offset) of an origin header; None when it is not one."""
    try:
        topic, partition, offset, _index = header.decode().rsplit(":", 3)
        return (topic, int(partition)), int(offset)
    except (UnicodeDecodeError, ValueError):
        return None


def written_origins(settings: Settings, sinks: Iterable[str]) -> Scan:
    """A :data:`Scan` reading the topics ``sinks`` (full names) on the broker of ``settings``.

    Each output partition is read backwards from its end in chunks of :data:`CHUNK` records, and no further
    than the given time less ``replay_scan_margin_s``: a partition's records about one source partition are
    written in the order of their source offsets, so the first record (from the end) whose origin precedes
    the replay's first offset means that nothing earlier in that partition is a replayed message's output.
    """
    from kafka import KafkaConsumer
    from kafka import TopicPartition as KafkaTP

    sinks = list(sinks)

    def scan(source: TopicPartition, first: int, since: float) -> set[bytes]:
        consumer = KafkaConsumer(bootstrap_servers=settings.bootstrap, group_id=None, enable_auto_commit=False,
                                 client_id=f"{settings.app_id}-replays", isolation_level="read_committed")
        deadline = time.monotonic() + settings.replay_scan_timeout_s
        try:
            parts = [KafkaTP(topic, p) for topic in sinks for p in sorted(consumer.partitions_for_topic(topic) or ())]
            if not parts:
                return set()
            when = int(max(since - settings.replay_scan_margin_s, 0) * 1000)
            starts = consumer.offsets_for_times({tp: when for tp in parts})
            ends = consumer.end_offsets(parts)
            found: set[bytes] = set()
            for tp, start in starts.items():
                if start is not None and start.offset < ends[tp]:
                    found |= _read_back(consumer, tp, start.offset, ends[tp], source, first, deadline)
            if time.monotonic() >= deadline:
                log.warning("reading the origins written for %s:%d timed out: some outputs may be written twice",
                            *source)
            return found
        finally:
            consumer.close()

    return scan


def _read_back(consumer: Any, tp: Any, low: int, high: int, source: TopicPartition, first: int,
               deadline: float) -> set[bytes]:
    """Origins naming ``source`` at offset ``first`` or later in partition ``tp``, read backwards from ``high``
    (its end) in chunks, down to ``low`` or to the first older origin of ``source``, or until ``deadline``."""
    found: set[bytes] = set()
    consumer.assign([tp])
    end = high
    while end > low and time.monotonic() < deadline:
        begin = max(low, end - CHUNK)
        consumer.seek(tp, begin)
        older = False
        while consumer.position(tp) < end and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=500).values():
                for record in records:
                    for name, value in record.headers or ():
                        parsed = parse_origin(value) if name == HEADER and value and record.offset < end else None
                        if parsed is not None and parsed[0] == source:
                            if parsed[1] >= first:
                                found.add(value)
                            else:
                                older = True
        if older:
            break
        end = begin
    return found
