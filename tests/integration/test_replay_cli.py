"""`wirewatch replay` through main() on a real broker: oversized articles, pacing, looping."""

from __future__ import annotations

import _thread
import json
import threading
from datetime import UTC, datetime, timedelta

from streams.cli import main
from streams.runtime.topics import TopicNames
from tests.integration.kafka_io import collect

T0 = datetime(2022, 2, 14, 9, 0, tzinfo=UTC)


def article(article_id: str, body: str = "Talks resumed in Geneva on Monday.", minute: float | None = None) -> str:
    values = {"id": article_id, "body": body}
    if minute is not None:
        values["published_at"] = (T0 + timedelta(minutes=minute)).isoformat()
    return json.dumps(values)


def raw_ids(settings, count: int) -> list[str | None]:
    topic = TopicNames.from_settings(settings).raw
    return [r.get("id") for r in collect(settings, [topic], until=lambda f: len(f[topic]) >= count)[topic]]


def test_a_2_mb_article_is_reported_with_file_and_line_and_the_rest_is_sent(cli_settings, tmp_path, capsys):
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join([article("a1"), article("huge", "word " * 400_000), article("a3")]) + "\n")
    status = main(["replay", str(path)])
    out, err = capsys.readouterr()
    assert status == 1
    assert f"warning: {path}:2: over max_message_bytes 990,000 (2,000,026 bytes" in err
    assert out.startswith(f"published 2 record(s) to {cli_settings.topic_prefix}articles.raw.v1 (2 article(s), "
                          "0 unreadable); 1 skipped; ")
    assert raw_ids(cli_settings, 2) == ["a1", "a3"]


def test_speed_keeps_the_spacing_of_published_at(cli_settings, tmp_path, capsys):
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join(article(f"s{m}", minute=m) for m in (0, 0.5, 1)) + "\n")
    assert main(["replay", str(path), "--speed", "60"]) == 0  # a minute of news a second
    seconds = float(capsys.readouterr().out.split("; ")[2].split(" s,")[0])
    assert seconds >= 0.95
    assert raw_ids(cli_settings, 3) == ["s0", "s0.5", "s1"]


def test_loop_replays_again_until_ctrl_c_then_prints_the_summary(cli_settings, tmp_path, capsys):
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join(article(f"l{i}") for i in range(3)) + "\n")
    topic = TopicNames.from_settings(cli_settings).raw
    seen: list[int] = []
    returned = threading.Event()

    def stop_after_two_passes() -> None:
        found = collect(cli_settings, [topic], until=lambda f: len(f[topic]) >= 6 or returned.is_set(), timeout_s=60)
        seen.append(len(found[topic]))
        if not returned.is_set():
            _thread.interrupt_main()  # Ctrl-C

    watcher = threading.Thread(target=stop_after_two_passes)
    watcher.start()
    try:
        status = main(["replay", str(path), "--loop", "--rate", "20"])
    finally:
        returned.set()
        watcher.join()
    summary = capsys.readouterr().out.strip()
    assert status == 0 and seen[0] >= 6
    assert "(3 article(s), 0 unreadable) in " in summary and summary.endswith("; interrupted")
    assert int(summary.split("(3 article(s), 0 unreadable) in ")[1].split(" ")[0]) >= 2
