"""`wirewatch replay` through main(), on a stand-in producer: what is skipped, what is reported, what is sent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from streams.cli import main


class Sent:
    """A future already acknowledged (or refused with ``error``)."""

    def __init__(self, error: Exception | None = None) -> None:
        self.error = error

    def add_callback(self, callback) -> None:
        if self.error is None:
            callback(None)

    def add_errback(self, errback) -> None:
        if self.error is not None:
            errback(self.error)


class Producer:
    def __init__(self, refuse: set[bytes]) -> None:
        self.records: list[tuple[str, bytes, bytes]] = []
        self.refuse = refuse

    def send(self, topic: str, key: bytes, value: bytes) -> Sent:
        if key in self.refuse:
            return Sent(RuntimeError("MessageSizeTooLargeError"))
        self.records.append((topic, key, value))
        return Sent()

    def flush(self, timeout: float) -> None:
        pass

    def close(self, timeout: float) -> None:
        pass


@pytest.fixture
def producer(monkeypatch) -> Producer:
    """The producer replay will use; no broker is contacted."""
    made = Producer(refuse=set())
    monkeypatch.setenv("WIREWATCH_TOPIC_PREFIX", "t.")
    monkeypatch.setattr("streams.clients.replay.make_producer", lambda settings: made)
    monkeypatch.setattr("streams.clients.replay.ensure_topics", lambda settings: [])
    monkeypatch.setattr("streams.commands.require_broker", lambda settings: None)  # the stand-in is the broker
    return made


def article(article_id: str, body: str = "Talks resumed in Geneva on Monday.") -> str:
    return json.dumps({"id": article_id, "body": body})


def test_an_oversized_article_is_reported_with_file_and_line_and_the_rest_is_sent(producer, tmp_path, capsys):
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join([article("a1"), article("big", "word " * 400_000), "{broken", article("a3")]) + "\n")
    status = main(["replay", str(path)])
    out, err = capsys.readouterr()
    assert status == 1
    assert f"warning: {path}:2: over max_message_bytes 990,000 (2,000,025 bytes, over max_raw_bytes" in err
    assert f"warning: {path}:3: not_json" in err and "sent as is" in err
    assert [key for _topic, key, _value in producer.records] == [b"a1", f"{path}:3".encode(), b"a3"]
    assert out.startswith("published 3 record(s) to t.articles.raw.v1 (2 article(s), 1 unreadable); 1 skipped; ")


def test_a_file_that_cannot_be_read_is_named_and_the_next_file_is_sent(producer, tmp_path, monkeypatch, capsys):
    (tmp_path / "a.jsonl").write_text(article("a1") + "\n")
    (tmp_path / "b.jsonl").write_text(article("b1") + "\n")
    (tmp_path / "c.jsonl").write_text(article("c1") + "\n")
    real_open = Path.open

    def open_(self: Path, *args, **kwargs):
        if self.name == "b.jsonl":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)
    status = main(["replay", str(tmp_path)])
    out, err = capsys.readouterr()
    assert status == 1
    assert f"warning: {tmp_path / 'b.jsonl'}: unreadable_file: PermissionError: [Errno 13] Permission denied; " \
           "skipped" in err
    assert [key for _topic, key, _value in producer.records] == [b"a1", b"c1"]
    assert "(2 article(s), 0 unreadable); 1 skipped" in out


def test_a_record_the_broker_refuses_is_reported_and_not_counted(producer, tmp_path, capsys):
    producer.refuse = {b"a2"}
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join([article("a1"), article("a2"), article("a3")]) + "\n")
    status = main(["replay", str(path)])
    out, err = capsys.readouterr()
    assert status == 1
    assert f"warning: {path}:2: the broker refused it (RuntimeError: MessageSizeTooLargeError); skipped" in err
    assert out.startswith("published 2 record(s)")


def test_the_summary_gives_the_time_and_rate_and_no_progress_bar_is_drawn_off_a_terminal(producer, tmp_path, capsys):
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join(article(f"a{i}") for i in range(5)) + "\n")
    assert main(["replay", str(path), "--rate", "50"]) == 0
    out, err = capsys.readouterr()
    summary = out.strip()
    seconds = float(summary.split("; ")[2].split(" s,")[0])
    assert summary.startswith("published 5 record(s) to t.articles.raw.v1 (5 article(s), 0 unreadable); 0 skipped; ")
    assert seconds >= 0.08 - 0.01  # 5 articles at 50 a second: the last one 80 ms after the first
    assert err == ""


@pytest.mark.parametrize("argv", [["--rate", "0"], ["--speed", "-2"], ["--rate", "nan"], ["--rate", "x"],
                                  ["--rate", "1", "--speed", "1"]])
def test_a_rate_and_a_speed_are_positive_and_exclusive(producer, argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["replay", *argv])
    assert exit_.value.code == 2
