"""Reading back the origins a worker's outputs carry (streams/runtime/replays.py) from a real broker."""

from __future__ import annotations

import time

from streams.clients.kafka import make_producer
from streams.runtime.replays import CHUNK, HEADER, written_origins
from streams.runtime.topics import TopicNames


def test_the_scan_finds_the_origins_of_one_source_partition_from_a_replayed_offset(settings_factory) -> None:
    settings = settings_factory(replay_scan_margin_s=0.0)
    names = TopicNames.from_settings(settings)
    raw = names.raw
    producer = make_producer(settings)
    before = time.time() - 60
    stamped = [(names.tagged, f"{raw}:0:{o}:0".encode(), before) for o in range(3)]  # older than any replay below
    # More than a chunk of outputs of earlier messages: the backward read stops at the first of them.
    stamped += [(names.tagged, f"{raw}:0:{o}:0".encode(), None) for o in range(3, 3 + 2 * CHUNK)]
    stamped += [(names.tagged, f"{raw}:1:{o}:0".encode(), None) for o in range(5)]  # another source partition
    last = 3 + 2 * CHUNK
    stamped += [(names.tagged, f"{raw}:0:{o}:{i}".encode(), None) for o in range(last, last + 3) for i in (0, 1)]
    stamped += [(names.deadletter, f"{raw}:0:{last + 3}:0".encode(), None), (names.tagged, b"not an origin", None)]
    for topic, header, when in stamped:
        producer.send(topic, key=b"k", value=b"{}", headers=[(HEADER, header)],
                      timestamp_ms=int(when * 1000) if when else None)
    producer.send(names.tagged, key=b"k", value=b"{}")  # no header at all (written by something else)
    producer.flush(timeout=30)
    producer.close(timeout=10)

    scan = written_origins(settings, [names.tagged, names.deadletter])
    expected = {f"{raw}:0:{o}:{i}".encode() for o in range(last, last + 3) for i in (0, 1)}
    assert scan((raw, 0), last, before + 30) == expected | {f"{raw}:0:{last + 3}:0".encode()}
    assert scan((raw, 1), 2, before - 30) == {f"{raw}:1:{o}:0".encode() for o in (2, 3, 4)}
    assert scan((raw, 0), 1, before - 30) >= {f"{raw}:0:{o}:0".encode() for o in (1, 2, 3)}  # back past the chunks
    assert scan((raw, 2), 0, before - 30) == set()
