"""`wirewatch status`'s table and times, from a status read elsewhere (tests/integration reads a real one)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from streams.ops.status import Status, TopicState, ago, metrics_url, render_status
from streams.runtime.settings import Settings

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("seconds", "expected"), [
    (0, "0 s ago"), (59, "59 s ago"), (60, "1 min ago"), (7_200, "2 h ago"), (3 * 86_400, "3 days ago")])
def test_ago(seconds, expected):
    assert ago(NOW - timedelta(seconds=seconds), NOW) == expected


def test_the_table_has_a_line_per_topic_with_records_step_and_lag():
    status = Status("127.0.0.1:19092", "wirewatch", [
        TopicState("articles.raw.v1", "articles.raw.v1", True, 1_204, "validate_articles", 3, NOW),
        TopicState("articles.valid.v1", "articles.valid.v1", True, 1_201, "deduplicate_articles", None, NOW),
        TopicState("alerts.v1", "alerts.v1", False),
    ], NOW - timedelta(seconds=12), "the worker's metrics")
    out = io.StringIO()
    render_status(status, out, now=NOW)
    rows = [line.split() for line in out.getvalue().splitlines()]
    assert ["articles.raw.v1", "1,204", "validate_articles", "3", "0", "s", "ago"] in rows
    assert ["articles.valid.v1", "1,201", "deduplicate_articles", "?", "0", "s", "ago"] in rows
    assert ["alerts.v1", "missing", "-", "-", "-"] in rows
    assert "worker last processed: 12 s ago (2026-03-01 11:59:48 UTC), from the worker's metrics" in out.getvalue()


@pytest.mark.parametrize(("host", "url"), [
    ("127.0.0.1", "http://127.0.0.1:9108/metrics"), ("0.0.0.0", "http://127.0.0.1:9108/metrics"),  # noqa: S104
    ("10.0.0.5", "http://10.0.0.5:9108/metrics")])
def test_metrics_url_is_where_the_worker_listens(host, url):
    assert metrics_url(Settings(metrics_port=9108, metrics_host=host)) == url
    assert metrics_url(Settings()) is None
