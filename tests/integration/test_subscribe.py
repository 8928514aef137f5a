"""The alert subscriber delivers alerts from alerts.v1 to a webhook, once per consumer group."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from streams.clients.delivery import webhook
from streams.clients.subscribe import AlertFilter, subscribe
from streams.runtime.records import Alert, Evidence
from streams.runtime.topics import TopicNames
from tests.integration.kafka_io import produce


class _Hook(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def _alert(article_id: str, severity: str) -> Alert:
    evidence = [Evidence(sentence="Troops could cross the border within days.", start=0, end=42)]
    return Alert(severity=severity, score=1.0, cameo="138", actor="Russia", target="Ukraine",
                 evidence=evidence, article_id=article_id, story_id=f"s-{article_id}")


def test_webhook_receives_alerts_at_or_above_the_severity_once_per_group(settings_factory):
    settings = settings_factory()
    names = TopicNames.from_settings(settings)
    produce(settings, names.alerts, [(b"a1", _alert("a1", "low")), (b"a2", _alert("a2", "high")),
                                     (b"a3", _alert("a3", "critical"))])
    _Hook.received = []
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    deliver = webhook(f"http://127.0.0.1:{server.server_address[1]}/hook")
    try:
        group, only = f"{settings.app_id}-hook", AlertFilter.of(min_severity="high")
        first = subscribe(settings, deliver, group=group, only=only, from_beginning=True, idle_timeout_s=8)
        again = subscribe(settings, deliver, group=group, only=only, from_beginning=True, idle_timeout_s=5)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert (first.delivered, first.filtered, again.delivered) == (2, 1, 0)
    assert [a["article_id"] for a in _Hook.received] == ["a2", "a3"]
    assert _Hook.received[0]["actor"] == "Russia"
