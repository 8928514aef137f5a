"""``wirewatch ingest`` on a real broker: publish, dead-letter furniture, restart from the compacted cursors."""

from __future__ import annotations

import base64
import json

import pytest

from streams.cli import main
from streams.clients.feeds.report import PollSummary
from streams.clients.ingest import run
from streams.runtime.topics import INGEST_CURSORS, TopicNames
from tests.integration.kafka_io import collect
from tests.unit.test_ingest_feedserver import FeedServer

MODIFIED = "Tue, 16 Apr 2024 10:00:00 GMT"


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def feeds(server: FeedServer) -> list[str]:
    return [server.route("/gazette.rss", file="gazette-1.rss"),
            server.route("/courier.atom", file="courier.atom", content_type="application/atom+xml",
                         etag='"courier-1"', last_modified=MODIFIED),
            server.route("/northwind.json", file="northwind.json", content_type="application/feed+json")]


def ingest_once(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["ingest", *argv, "--once"]) == 0
    return capsys.readouterr().out.strip()


def cleanup_policy(settings, topic: str) -> str:
    from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=settings.bootstrap)
    try:
        described = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
    finally:
        admin.close()
    [by_name] = described.values()
    return str(by_name[topic]["cleanup.policy"]["value"])


def test_ingest_publishes_and_a_restart_publishes_only_what_is_new_or_updated(cli_settings, server, tmp_path,
                                                                               capsys):
    names = TopicNames.from_settings(cli_settings)
    cursors = cli_settings.topic_prefix + INGEST_CURSORS
    feed_list = tmp_path / "feeds.txt"
    feed_list.write_text("# coast and valley\n" + "\n".join(feeds(server)) + "\n")

    first = ingest_once(["--feeds", str(feed_list)], capsys)
    again = ingest_once(["--feeds", str(feed_list)], capsys)  # a new process: its place comes from Kafka
    server.route("/gazette.rss", file="gazette-2.rss")
    later = ingest_once(["--feeds", str(feed_list)], capsys)
    found = collect(cli_settings, [names.raw, names.deadletter, cursors],
                    until=lambda f: len(f[names.raw]) >= 8 and f[names.deadletter], settle_s=2)

    assert first == "poll 1: 3 feed(s) polled, 6 new, 0 updated, 1 dead-lettered, 0 not modified, 0 failed"
    assert again == "poll 1: 3 feed(s) polled, 0 new, 0 updated, 0 dead-lettered, 1 not modified, 0 failed"
    assert later == "poll 1: 3 feed(s) polled, 1 new, 1 updated, 0 dead-lettered, 1 not modified, 0 failed"
    raw = found[names.raw]
    assert len(raw) == 8 and len({a["id"] for a in raw}) == 7  # the update reuses its article's id
    assert raw[-1]["id"] == raw[0]["id"] and "Update, 17 April" in raw[-1]["body"]
    [letter] = found[names.deadletter]
    entry = json.loads(base64.b64decode(letter["original_b64"]))
    assert (letter["reason"], entry["guid"]) == ("no_article_text", "gazette-2024-0416-live")
    assert {c["feed"] for c in found[cursors]} == set(feeds(server))
    assert cleanup_policy(cli_settings, cursors) == "compact"


def test_the_interval_loop_polls_until_stopped(settings_factory, server):
    settings = settings_factory()
    summaries: list[PollSummary] = []
    polls = run(settings, feeds(server)[1:], interval_s=0.2, on_poll=summaries.append,
                stop=lambda: len(summaries) >= 2)
    names = TopicNames.from_settings(settings)
    found = collect(settings, [names.raw], until=lambda f: len(f[names.raw]) >= 4, settle_s=1)
    assert polls == 2
    assert [s.line() for s in summaries] == [
        "poll 1: 2 feed(s) polled, 4 new, 0 updated, 0 dead-lettered, 0 not modified, 0 failed; next poll in 0s",
        "poll 2: 2 feed(s) polled, 0 new, 0 updated, 0 dead-lettered, 1 not modified, 0 failed; next poll in 0s"]
    assert len(found[names.raw]) == 4
