"""Replays: what a worker given messages again writes, and when it asks what was already written."""

from __future__ import annotations

from agents.step import Message, Output
from streams.runtime.records import Article
from streams.runtime.replays import Replays, origin, parse_origin


def msg(offset: int | None, partition: int | None = 0) -> Message:
    return Message(b"k", {}, "raw", partition, offset)


def outs(n: int) -> list[Output]:
    return [Output("valid", f"{i}".encode(), Article(id=f"x{i}", body="b")) for i in range(n)]


class Table:
    """A scan answering from a fixed set of written origins, counting its calls."""

    def __init__(self, written: set[bytes]) -> None:
        self.written, self.calls = written, 0

    def __call__(self, source: tuple[str, int], first: int, since: float) -> set[bytes]:
        self.calls += 1
        return set(self.written)


def run(replays: Replays, offsets: list[int], per_message: int = 1) -> list[bytes | None]:
    sent = []
    for offset in offsets:
        message = msg(offset)
        if replays.needs_scan(message):
            replays.rescan(message, 0.0)
        sent += [header for _, header in replays.keep(message, outs(per_message))]
    return sent


def test_a_replay_writes_only_the_outputs_not_yet_written_even_the_rest_of_a_half_written_message() -> None:
    table = Table({b"raw:0:5:0", b"raw:0:6:0", b"raw:0:7:0"})  # 7's second output never made it
    sent = run(Replays(table), [5, 6, 7, 8], per_message=2)
    assert sent == [b"raw:0:5:1", b"raw:0:6:1", b"raw:0:7:1", b"raw:0:8:0", b"raw:0:8:1"]
    assert table.calls == 1


def test_the_written_origins_are_asked_again_only_when_offsets_jump() -> None:
    table = Table(set())
    replays = Replays(table)
    run(replays, [0, 1, 2])
    assert table.calls == 1
    run(replays, [1, 2])  # Faust seeked back (a rebalance): ask again
    assert table.calls == 2
    run(replays, [9])  # the partition came back after another worker had it
    assert table.calls == 3


def test_offline_messages_have_no_origin_and_are_never_checked() -> None:
    table = Table({b"raw:0:0:0"})
    replays = Replays(table)
    assert not replays.needs_scan(msg(None, None))
    assert [h for _, h in replays.keep(msg(None, None), outs(1))] == [None]
    assert table.calls == 0


def test_an_origin_names_topic_partition_offset_and_place_and_reads_back() -> None:
    header = origin(Message(None, {}, "t.articles.raw.v1", 3, 41), 2)
    assert header == b"t.articles.raw.v1:3:41:2"
    assert parse_origin(header) == (("t.articles.raw.v1", 3), 41)
    assert parse_origin(b"\xff\xfe") is None and parse_origin(b"no-colons") is None


def test_origins_of_earlier_messages_are_not_kept_and_the_rest_are_forgotten_once_passed() -> None:
    replays = Replays(Table({b"raw:0:3:0", b"raw:0:5:0", b"raw:0:6:0"}))
    assert run(replays, [5]) == []
    assert replays.written == {("raw", 0): {6: {b"raw:0:6:0"}}}  # 3 will not come again
    assert run(replays, [6, 7]) == [b"raw:0:7:0"]
    assert replays.written == {}
