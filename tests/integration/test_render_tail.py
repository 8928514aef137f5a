"""`wirewatch tail` through main() on a real broker: unreadable records are skipped and reported, the rest shown."""

from __future__ import annotations

from streams.cli import main
from streams.runtime.records import Alert, Evidence
from streams.runtime.topics import TopicNames
from tests.integration.kafka_io import produce


def test_tail_skips_unreadable_records_and_shows_the_alert_without_escape_codes(cli_settings, capsys):
    evidence = [Evidence(sentence="Troops could cross\x1b[2J the border.\x1b]0;owned\x07", start=0, end=30)]
    alert = Alert(severity="high", score=2.0, cameo="138", actor="Russia", target="Ukraine", evidence=evidence,
                  article_id="t1", story_id="s-t1")
    topic = TopicNames.from_settings(cli_settings).alerts
    produce(cli_settings, topic, [(b"x", b"[1, 2]"), (b"y", b"not json"), (b"t1", alert)])
    status = main(["tail", "alerts", "--max", "1", "--timeout", "60"])
    out, err = capsys.readouterr()
    assert status == 0
    assert out.startswith("ALERT invasion_warning [high, score 2.0] Russia -> Ukraine  (article t1)")
    assert "+ Troops could cross the border." in out and "\x1b" not in out and "\x07" not in out
    assert f"skipped an unreadable record at {topic}:0:0: not_object" in err
    assert f"skipped an unreadable record at {topic}:0:1: not_json" in err
