"""`wirewatch subscribe` through main() on a real broker: what is delivered, what is dead-lettered, what goes on.

Webhooks are local HTTP servers in threads; every subscriber run is bounded by a deadline.
"""

from __future__ import annotations

import base64
import json
import shlex
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from streams.cli import main
from streams.clients.delivery import idempotency_key
from streams.runtime.records import Alert, Evidence
from streams.runtime.topics import TopicNames
from tests.integration.deadline import deadline
from tests.integration.kafka_io import collect, produce


def alert(article_id: str, actor: str = "Russia", target: str = "Ukraine", severity: str = "high",
          escalated: bool = False) -> Alert:
    evidence = [Evidence(sentence="Troops could cross the border within days.", start=0, end=42)]
    return Alert(severity=severity, score=2.0, cameo="138", actor=actor, target=target, evidence=evidence,
                 article_id=article_id, story_id=f"s-{article_id}", escalated=escalated)


def publish(settings, *values: Alert | bytes) -> list[bytes]:
    """Put ``values`` on this test's alerts.v1, in order; return the bytes as published."""
    raw = [v if isinstance(v, bytes) else v.model_dump_json().encode() for v in values]
    produce(settings, TopicNames.from_settings(settings).alerts, [(f"k{i}".encode(), r) for i, r in enumerate(raw)])
    return raw


def dead_letters(settings, count: int) -> list[dict]:
    topic = TopicNames.from_settings(settings).alerts_deadletter
    return collect(settings, [topic], until=lambda found: len(found[topic]) >= count, timeout_s=30)[topic]


Answer = Callable[[str, dict | None], tuple[int, dict[str, str]]]


@pytest.fixture
def webhook() -> Iterator[Callable[[Answer], tuple[str, list[dict]]]]:
    """Start a local webhook answering ``answer(path, alert)``; its URL and the requests it received."""
    started: list[tuple[ThreadingHTTPServer, threading.Thread]] = []

    def start(answer: Answer) -> tuple[str, list[dict]]:
        requests: list[dict] = []

        class Hook(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                sent = json.loads(body) if body else None
                requests.append({"method": self.command, "path": self.path, "alert": sent,
                                 "key": self.headers.get("Idempotency-Key")})
                status, headers = answer(self.path, sent)
                self.send_response(status)
                for name, value in {**headers, "Content-Length": "0"}.items():
                    self.send_header(name, value)
                self.end_headers()

            do_GET = do_POST = _handle  # noqa: N815 - http.server's names

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        started.append((server, thread))
        return f"http://127.0.0.1:{server.server_address[1]}/hook", requests

    yield start
    for server, thread in started:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def quick_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIREWATCH_SUBSCRIBER_ATTEMPTS", "3")
    monkeypatch.setenv("WIREWATCH_SUBSCRIBER_BACKOFF_S", "0.05")


def subscribe(*argv: str) -> int:
    with deadline():
        return main(["subscribe", *argv, "--from-beginning"])


def test_a_redirect_is_not_a_delivery_the_alert_is_dead_lettered(cli_settings, webhook, quick_retries, capsys):
    url, requests = webhook(lambda path, sent: (302, {"Location": "/moved"}) if sent and sent["article_id"] == "r1"
                            else (204, {}))
    raw = publish(cli_settings, alert("r1"), alert("r2"))
    assert subscribe("--webhook", url, "--max", "1") == 0
    assert [(r["method"], r["path"], r["alert"]["article_id"]) for r in requests] == [
        ("POST", "/hook", "r1"), ("POST", "/hook", "r2")]  # no retry, no GET to /moved
    assert "delivered 1 alert(s); 1 dead-lettered" in capsys.readouterr().err
    [letter] = dead_letters(cli_settings, 1)
    assert (letter["reason"], letter["offset"]) == ("delivery_failed", 0)
    assert "webhook answered 302 (redirect to '/moved', not followed" in letter["detail"]
    assert base64.b64decode(letter["original_b64"]) == raw[0]


def test_records_that_are_not_alerts_are_dead_lettered_and_the_next_alert_delivered(cli_settings, webhook, capsys):
    url, requests = webhook(lambda path, sent: (204, {}))
    raw = publish(cli_settings, b"not json", b"[1, 2]", b'{"severity": "high"}', alert("ok"))
    assert subscribe("--webhook", url, "--max", "1") == 0
    assert [r["alert"]["article_id"] for r in requests] == ["ok"]
    letters = dead_letters(cli_settings, 3)
    assert [(d["reason"], d["offset"]) for d in letters] == [("not_json", 0), ("not_object", 1), ("invalid_alert", 2)]
    assert [base64.b64decode(d["original_b64"]) for d in letters] == raw[:3]
    assert "delivered 1 alert(s); 3 dead-lettered" in capsys.readouterr().err


def test_an_endpoint_failing_every_retry_dead_letters_that_alert_and_the_next_is_delivered(
        cli_settings, webhook, quick_retries, capsys):
    url, requests = webhook(lambda path, sent: (500, {}) if sent and sent["article_id"] == "bad" else (204, {}))
    bad, good = alert("bad"), alert("good")
    publish(cli_settings, bad, good)
    assert subscribe("--webhook", url, "--max", "1") == 0
    assert [r["alert"]["article_id"] for r in requests] == ["bad", "bad", "bad", "good"]
    keys = [r["key"] for r in requests]
    assert keys == [idempotency_key(json.loads(bad.model_dump_json()))] * 3 + [
        idempotency_key(json.loads(good.model_dump_json()))]
    [letter] = dead_letters(cli_settings, 1)
    assert letter["reason"] == "delivery_failed"
    assert letter["detail"].startswith("webhook answered 500") and letter["detail"].endswith("(attempt 3 of 3)")
    assert "delivered 1 alert(s); 1 dead-lettered" in capsys.readouterr().err


def _running(pid: int) -> bool:
    """True while ``pid`` is a live process (a zombie waiting to be reaped is not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False


def test_a_hung_exec_is_stopped_after_its_timeout_and_the_next_alert_delivered(cli_settings, monkeypatch, tmp_path,
                                                                               capsys):
    monkeypatch.setenv("WIREWATCH_SUBSCRIBER_ATTEMPTS", "1")
    out, pid = tmp_path / "delivered.txt", tmp_path / "sleep.pid"
    script = (f'payload=$(cat); case "$payload" in *hang-me*) sleep 300 & echo $! > {shlex.quote(str(pid))}; wait;; '
              f'*) printf "%s %s\\n" "$WIREWATCH_IDEMPOTENCY_KEY" "$payload" >> {shlex.quote(str(out))};; esac')
    good = alert("fine")
    publish(cli_settings, alert("hang-me"), good)
    assert subscribe("--exec", script, "--exec-timeout", "1", "--max", "1") == 0
    assert not _running(int(pid.read_text()))
    key, payload = out.read_text().strip().split(" ", 1)
    assert (key, json.loads(payload)) == (idempotency_key(json.loads(payload)), json.loads(good.model_dump_json()))
    [letter] = dead_letters(cli_settings, 1)
    assert letter["detail"] == "command still running after 1 s: stopped (attempt 1 of 1)"
    assert "delivered 1 alert(s); 1 dead-lettered" in capsys.readouterr().err


def test_max_delivers_exactly_that_many_and_the_next_run_the_rest(cli_settings, webhook, capsys):
    url, requests = webhook(lambda path, sent: (204, {}))
    publish(cli_settings, alert("m1"), alert("m2"), alert("m3"))
    assert subscribe("--webhook", url, "--max", "2") == 0
    assert [r["alert"]["article_id"] for r in requests] == ["m1", "m2"]
    assert subscribe("--webhook", url, "--max", "1") == 0
    assert [r["alert"]["article_id"] for r in requests] == ["m1", "m2", "m3"]
    err = capsys.readouterr().err
    assert "delivered 2 alert(s)" in err and "delivered 1 alert(s)" in err


def test_filters_pick_alerts_by_actor_target_severity_and_escalation(cli_settings, webhook, capsys):
    url, requests = webhook(lambda path, sent: (204, {}))
    publish(cli_settings, alert("low", severity="low", escalated=True),
            alert("belarus", actor="Belarus", escalated=True), alert("moldova", target="Moldova", escalated=True),
            alert("alone"), alert("wanted", escalated=True))
    status = subscribe("--webhook", url, "--actor", "russia", "--target", "UKRAINE", "--min-severity", "medium",
                       "--escalated-only", "--max", "1")
    assert status == 0
    assert [r["alert"]["article_id"] for r in requests] == ["wanted"]
    err = capsys.readouterr().err
    assert "(severity >= medium, actor russia, target ukraine, escalated only)" in err
    assert "delivered 1 alert(s); 0 dead-lettered" in err and "4 filtered out" in err


def test_a_webhook_that_is_not_http_is_refused_before_reading_anything(cli_settings, capsys):
    with deadline(30):
        assert main(["subscribe", "--webhook", "file:///etc/passwd"]) == 2
    assert "the webhook must be an http:// or https:// URL" in capsys.readouterr().err
