"""`wirewatch tail` through main(), on a stand-in consumer: unreadable records are skipped and reported."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from streams.cli import main

ALERT = {"kind": "invasion_warning", "severity": "high", "score": 2.0, "actor": "Russia", "target": "Ukraine",
         "article_id": "a1", "evidence": [{"sentence": "Troops could cross \x1b[2Jthe border."}]}


class Consumer:
    """Hands out the given values as records of one topic, then nothing."""

    def __init__(self, topic: str, values: list[bytes | None]) -> None:
        self.batches = [{0: [SimpleNamespace(topic=topic, partition=0, offset=i, key=None, value=v)
                             for i, v in enumerate(values)]}]
        self.closed = False

    def poll(self, timeout_ms: int = 0) -> dict:
        return self.batches.pop(0) if self.batches else {}

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def alerts_topic(monkeypatch):
    """Make `tail alerts` read these values; returns the consumer it will use."""
    made: list[Consumer] = []

    def install(values: list[bytes | None]) -> list[Consumer]:
        monkeypatch.setenv("WIREWATCH_TOPIC_PREFIX", "t.")

        def make_consumer(settings, topic, **_kwargs):
            made.append(Consumer(topic, values))
            return made[-1]

        monkeypatch.setattr("streams.clients.kafka.make_consumer", make_consumer)
        monkeypatch.setattr("streams.commands.require_broker", lambda settings: None)  # the stand-in is the broker
        return made

    return install


BAD = [b"[1, 2]", b"not json", b"\xff\xfe", None, b"[" * 10_000]
NOT_AN_ALERT = b'{"severity": "high"}'  # a JSON object: passed on by --json, which shows records as they are


@pytest.mark.parametrize("as_json", [False, True])
def test_tail_skips_and_reports_unreadable_records_and_shows_the_rest(alerts_topic, capsys, as_json):
    bad = BAD if as_json else [*BAD, NOT_AN_ALERT]
    consumers = alerts_topic([*bad, json.dumps(ALERT).encode()])
    status = main(["tail", "alerts", "--max", "1", "--timeout", "5", *(["--json"] if as_json else [])])
    out, err = capsys.readouterr()
    assert status == 0 and consumers[0].closed
    skipped = [line for line in err.splitlines() if line.startswith("wirewatch: skipped an unreadable record at")]
    assert [line.split(" at ", 1)[1].split(":")[:3] for line in skipped] == [
        ["t.alerts.v1", "0", str(offset)] for offset in range(len(bad))]
    assert ["not_object", "not_json", "not_utf8", "empty_message", "too_deep"] == [
        line.split(": ")[2] for line in skipped[:5]]
    assert f"skipped {len(bad)} unreadable record(s)" in err
    if as_json:
        assert [json.loads(line) for line in out.splitlines()] == [ALERT]
    else:
        assert out.startswith("ALERT invasion_warning [high, score 2.0] Russia -> Ukraine")
    assert "\x1b" not in out
