"""The broker commands through main(): subscribe, tail, replay, topics, broker status, on a real broker."""

from __future__ import annotations

import json
import shlex
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from streams.cli import main
from streams.ops.broker import free_port
from streams.runtime.records import Alert, Evidence
from streams.runtime.topics import TopicNames
from tests.integration.deadline import deadline
from tests.integration.kafka_io import collect, produce, wait_for_topics


def _alert(article_id: str = "cli-1") -> Alert:
    evidence = [Evidence(sentence="Troops could cross the border within days.", start=0, end=42)]
    return Alert(severity="high", score=2.0, cameo="138", actor="Russia", target="Ukraine",
                 evidence=evidence, article_id=article_id, story_id=f"s-{article_id}")


def _published(settings) -> dict:
    """Publish one alert to this test's alerts topic; return it as subscribers see it."""
    alert = _alert()
    produce(settings, TopicNames.from_settings(settings).alerts, [(b"cli-1", alert)])
    return json.loads(alert.model_dump_json())


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict]]]:
    """A local HTTP endpoint in a thread: its URL and the JSON bodies it received."""
    received: list[dict] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    server.shutdown()
    server.server_close()
    thread.join()


def test_subscribe_exec_runs_the_command_with_the_alert_on_stdin(cli_settings, tmp_path, capsys):
    alert = _published(cli_settings)
    out = tmp_path / "alert.json"
    with deadline(120):
        status = main(["subscribe", "--exec", f"cat > {shlex.quote(str(out))}", "--max", "1", "--from-beginning"])
    assert status == 0
    assert json.loads(out.read_text()) == alert
    assert "delivered 1 alert(s)" in capsys.readouterr().err


def test_subscribe_webhook_posts_the_alert(cli_settings, webhook, capsys):
    alert = _published(cli_settings)
    url, received = webhook
    with deadline(120):
        status = main(["subscribe", "--webhook", url, "--max", "1", "--from-beginning"])
    assert status == 0
    assert received == [alert]
    assert "delivered 1 alert(s)" in capsys.readouterr().err


def test_tail_prints_the_alert_as_one_json_line(cli_settings, capsys):
    alert = _published(cli_settings)
    status = main(["tail", "alerts", "--max", "1", "--json"])
    assert status == 0
    assert [json.loads(line) for line in capsys.readouterr().out.splitlines()] == [alert]


def test_replay_publishes_each_line_to_the_raw_topic(cli_settings, tmp_path, capsys):
    lines = [json.dumps({"id": "r1", "body": "Talks resumed in Geneva on Monday."}), "{broken",
             json.dumps({"id": "r2", "body": "The port of Odesa reopened on Tuesday."})]
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n")
    status = main(["replay", str(path)])
    captured = capsys.readouterr()
    raw = TopicNames.from_settings(cli_settings).raw
    found = collect(cli_settings, [raw], until=lambda f: len(f[raw]) >= 3, settle_s=1)
    assert status == 0
    assert f"published 3 record(s) to {raw} (2 article(s), 1 unreadable)" in captured.out
    assert "articles.jsonl:2: not_json" in captured.err
    # The broken line goes as is, for the worker to dead-letter; collect() reads it back as {}.
    assert [r.get("id") for r in found[raw]] == ["r1", None, "r2"]


def test_topics_creates_the_missing_topics_then_lists_them(cli_settings, monkeypatch, capsys):
    prefix = f"it{uuid.uuid4().hex[:12]}."
    monkeypatch.setenv("WIREWATCH_TOPIC_PREFIX", prefix)
    names = TopicNames.from_settings(cli_settings.model_copy(update={"topic_prefix": prefix})).all()
    first = main(["topics"])
    created = capsys.readouterr().out.splitlines()
    assert wait_for_topics(cli_settings, names), "the created topics never showed in the broker's metadata"
    again = main(["topics"])
    listed = capsys.readouterr().out.splitlines()
    assert first == again == 0
    assert created == [f"{name}  (created)" for name in names]
    assert listed == names and listed[0] == f"{prefix}articles.raw.v1"


def test_broker_status_with_an_external_bootstrap_names_it(cli_settings, capsys):
    status = main(["broker", "status"])
    start = main(["broker", "start"])
    out = capsys.readouterr().out
    assert (status, start) == (0, 2)
    assert out.count(f"KAFKA_BOOTSTRAP_SERVERS is set ({cli_settings.bootstrap}): wirewatch uses that broker") == 2


def test_broker_status_without_a_local_broker_exits_3(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.delenv("WIREWATCH_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.setenv("WIREWATCH_HOME", str(tmp_path))
    monkeypatch.setenv("WIREWATCH_BROKER_PORT", str(free_port()))
    assert main(["broker", "status"]) == 3
    assert capsys.readouterr().out.startswith("local broker not running; data ")
