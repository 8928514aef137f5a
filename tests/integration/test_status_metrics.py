"""`wirewatch status` through main() and the worker's metrics endpoint, on a real broker and worker."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable

from prometheus_client.parser import text_string_to_metric_families

from streams.cli import main
from streams.clients.replay import replay
from streams.ops.broker import free_port
from streams.runtime.topics import TopicNames
from tests.integration.kafka_io import collect

SEEDS = "seeds"


def _scrape(port: int) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def _until(condition: Callable[[], object], timeout_s: float, what: str) -> object:
    """Poll ``condition`` until it returns something true; fail with ``what`` after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            found = condition()
        except OSError:  # the endpoint is not up yet
            found = None
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def _status_json(capsys) -> dict:
    assert main(["status", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_status_and_metrics_after_a_replay(settings_factory, worker_factory, monkeypatch, capsys, tmp_path):
    from streams.ops.workerproc import settings_env

    settings = settings_factory(home=tmp_path / "home", metrics_port=free_port(), metrics_lag_interval_s=1.0)
    for name, value in settings_env(settings).items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("WIREWATCH_BOOTSTRAP_SERVERS", raising=False)
    names = TopicNames.from_settings(settings)
    worker = worker_factory(settings)
    replay(settings, [SEEDS])
    collect(settings, [names.alerts], until=lambda f: f[names.alerts])

    port = settings.metrics_port or 0
    step_in = ("wirewatch_step_messages_in_total", (("step", "gate_alerts"), ("topic", "alerts.candidates.v1")))
    scraped = _until(lambda: (m := _scrape(port)).get(step_in) and m, 120, f"metrics ({worker.log_tail()})")
    assert isinstance(scraped, dict)
    raw_in = ("wirewatch_step_messages_in_total", (("step", "validate_articles"), ("topic", "articles.raw.v1")))
    tagged = ("wirewatch_step_messages_out_total", (("step", "tag_entities"), ("topic", "articles.tagged.v1")))
    assert scraped[raw_in] == 1 and scraped[tagged] == 1
    assert sum(v for (name, _), v in scraped.items() if name == "wirewatch_alerts_total") == 1
    assert scraped[("wirewatch_step_seconds_count", (("step", "tag_entities"),))] >= 1

    # Once the worker has committed, every step's lag is 0, in the status and in the metrics.
    status = _until(lambda: (s := _status_json(capsys)) and all(
        t["lag"] == 0 for t in s["topics"] if t["step"]) and s, 90, "every step to catch up")
    assert isinstance(status, dict)
    records = {t["base"]: t["records"] for t in status["topics"]}
    assert records["articles.raw.v1"] == 1 and records["articles.tagged.v1"] == 1 and records["alerts.v1"] == 1
    assert status["last_processed"] and "metrics" in status["last_processed_from"]
    lag = ("wirewatch_consumer_lag", (("step", "tag_entities"), ("topic", "articles.unique.v1")))
    assert _until(lambda: _scrape(port).get(lag) == 0, 60, "the lag gauge to reach 0")

    assert main(["status"]) == 0
    table = capsys.readouterr().out
    assert f"Kafka at {settings.bootstrap}: reachable" in table
    assert any(line.split()[:4] == [names.tagged, "1", "detect_alerts", "0"] for line in table.splitlines()), table
    assert "worker last processed:" in table and "the worker's metrics" in table


def test_status_of_a_pipeline_that_never_ran(cli_settings, capsys):
    assert main(["status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["broker_reachable"] and status["last_processed"] is None
    assert {t["base"]: (t["exists"], t["records"]) for t in status["topics"]}["articles.raw.v1"] == (True, 0)


def test_status_without_a_broker_is_one_line_and_exit_status_2(monkeypatch, capsys):
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", f"127.0.0.1:{free_port()}")
    assert main(["status", "--timeout", "1"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith("wirewatch: cannot reach Kafka at 127.0.0.1:")
