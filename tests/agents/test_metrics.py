"""Worker metrics: counters move when a step's function runs inside the Faust agent, and the endpoint serves them."""

from __future__ import annotations

import asyncio
import json
import urllib.request
import uuid
from unittest.mock import patch

import faust

from agents.dedup.steps import DEDUPLICATE_ARTICLES, VALIDATE_ARTICLES
from streams.ops.broker import free_port
from streams.ops.metrics import WorkerMetrics, install
from streams.runtime.app import add_step, declare_topics
from streams.runtime.records import Article, ValidArticle
from streams.runtime.settings import Settings

BODY = "SARVO, Veldania (AP) — Authorities ordered thousands of people to leave their homes on Tuesday."


def _through(step, values: list, metrics: WorkerMetrics) -> None:
    """Feed ``values`` to ``step`` registered on a fresh app with ``metrics``; sends go nowhere."""
    settings = Settings(app_id=f"ww-test-{uuid.uuid4().hex[:12]}", topic_prefix=f"t{uuid.uuid4().hex[:12]}.")
    app = faust.App(settings.app_id, autodiscover=False)
    agent = add_step(app, step, declare_topics(app, settings), settings, metrics)

    async def feed() -> None:
        with patch.object(faust.topics.Topic, "send", autospec=True):
            async with agent.test_context() as tested:
                for value in values:
                    await tested.put(value, key=b"k")

    asyncio.run(feed())


def _sample(metrics: WorkerMetrics, name: str, **labels: str) -> float | None:
    return metrics.registry.get_sample_value(name, labels)


def test_validation_counts_messages_in_and_out_dead_letters_by_reason_and_time():
    metrics = WorkerMetrics()
    good = json.dumps({"id": "a1", "body": BODY}).encode()
    _through(VALIDATE_ARTICLES, [good, b"not json", good.replace(b"a1", b"a2")], metrics)
    step = {"step": "validate_articles"}
    assert _sample(metrics, "wirewatch_step_messages_in_total", **step, topic="articles.raw.v1") == 3
    assert _sample(metrics, "wirewatch_step_messages_out_total", **step, topic="articles.valid.v1") == 2
    assert _sample(metrics, "wirewatch_step_messages_out_total", **step, topic="articles.deadletter.v1") == 1
    assert _sample(metrics, "wirewatch_dead_letters_total", reason="not_json") == 1
    assert _sample(metrics, "wirewatch_step_seconds_count", **step) == 3
    assert (_sample(metrics, "wirewatch_last_processed_timestamp_seconds", **step) or 0) > 0


def test_dedup_counts_duplicates_by_method():
    metrics = WorkerMetrics()
    first = ValidArticle(article=Article(id="a1", body=BODY), origin="raw:0:0").model_dump(mode="json")
    again = ValidArticle(article=Article(id="a2", body=BODY), origin="raw:0:1").model_dump(mode="json")
    _through(DEDUPLICATE_ARTICLES, [first, again], metrics)
    assert _sample(metrics, "wirewatch_duplicates_total", method="exact") == 1
    assert _sample(metrics, "wirewatch_step_messages_out_total", step="deduplicate_articles",
                   topic="articles.unique.v1") == 1


def test_the_endpoint_serves_the_registry_on_loopback():
    metrics, port = WorkerMetrics(), free_port()
    metrics.dead_letters.labels("not_json").inc(2)
    server = metrics.serve("127.0.0.1", port)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
            text = response.read().decode()
    finally:
        server.shutdown()
        server.server_close()
    assert 'wirewatch_dead_letters_total{reason="not_json"} 2.0' in text


def test_metrics_are_installed_only_with_a_port():
    app = faust.App(f"ww-test-{uuid.uuid4().hex[:12]}", autodiscover=False)
    assert install(app, Settings()) is None
    assert isinstance(install(app, Settings(metrics_port=free_port())), WorkerMetrics)
