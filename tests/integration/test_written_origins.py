"""Reading back the origins a worker's outputs carry (streams/runtime/replays.py) from a real broker."""

from __future__ import annotations

import time

from streams.clients.kafka import make_producer
from streams.runtime.replays import HEADER, written_origins
from streams.runtime.topics import TopicNames


def test_the_scan_finds_the_origins_of_one_source_partition_written_since_a_time(settings_factory) -> None:
    settings = settings_factory(replay_scan_margin_s=0.0)
    names = TopicNames.from_settings(settings)
    producer = make_producer(settings)
    before = time.time() - 60
    raw = names.raw
    stamped = [(names.tagged, f"{raw}:0:{o}:0".encode(), before) for o in range(3)]  # older than the replay
    stamped += [(names.tagged, f"{raw}:0:{o}:0".encode(), None) for o in range(3, 6)]
    stamped += [(names.deadletter, f"{raw}:0:6:0".encode(), None), (names.deadletter, f"{raw}:1:6:0".encode(), None),
                (names.tagged, b"not an origin", None)]
    for topic, header, when in stamped:
        producer.send(topic, key=b"k", value=b"{}", headers=[(HEADER, header)],
                      timestamp_ms=int(when * 1000) if when else None)
    producer.send(names.tagged, key=b"k", value=b"{}")  # no header at all (written by something else)
    producer.flush(timeout=30)
    producer.close(timeout=10)

    scan = written_origins(settings, [names.tagged, names.deadletter])
    found = scan((raw, 0), before + 30)
    assert found == {f"{raw}:0:{o}:0".encode() for o in range(3, 7)}
    assert scan((raw, 1), before - 30) == {f"{raw}:1:6:0".encode()}
    assert scan((raw, 2), before - 30) == set()
