"""Polling feeds that change between polls (a local server), publishing to a recording producer."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from streams.clients.feeds.cursor import CursorStore, FeedCursor
from streams.clients.ingest import Ingestor, read_feed_list
from streams.runtime.settings import Settings
from tests.unit.test_ingest_feedserver import FEEDS, FeedServer

MODIFIED = "Tue, 16 Apr 2024 10:00:00 GMT"
RAW, DEADLETTER, CURSORS = "t.articles.raw.v1", "t.articles.deadletter.v1", "t.ingest.cursors.v1"


class Acked:
    def get(self, timeout: float | None = None) -> None:
        return None


class RecordingProducer:
    """Keeps every record sent; every send is acknowledged at once."""

    def __init__(self) -> None:
        self.records: list[tuple[str, bytes, bytes]] = []

    def send(self, topic: str, key: bytes, value: bytes) -> Acked:
        self.records.append((topic, key, value))
        return Acked()

    def flush(self, timeout: float | None = None) -> None:
        pass

    def on(self, topic: str) -> list[dict[str, Any]]:
        return [json.loads(value) for t, _, value in self.records if t == topic]

    def take(self, topic: str) -> list[dict[str, Any]]:
        """The records sent to ``topic`` since the last take."""
        found = self.on(topic)
        self.records = [r for r in self.records if r[0] != topic]
        return found


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def ingestor(feeds: list[str], producer: RecordingProducer, clock: Clock | None = None,
             cursors: dict[str, FeedCursor] | None = None, **settings: Any) -> Ingestor:
    values: dict[str, Any] = {"topic_prefix": "t.", "ingest_timeout_s": 1.0, **settings}
    config = Settings(**values)
    return Ingestor(config, feeds, producer=producer, store=CursorStore(config, producer), cursors=cursors or {},
                    interval_s=300, clock=clock or Clock())


def three_feeds(server: FeedServer) -> list[str]:
    return [server.route("/gazette.rss", file="gazette-1.rss"),
            server.route("/courier.atom", file="courier.atom", content_type="application/atom+xml",
                         etag='"courier-1"', last_modified=MODIFIED),
            server.route("/northwind.json", file="northwind.json", content_type="application/feed+json")]


def test_the_first_poll_publishes_each_entry_once_with_its_article_text(server):
    producer = RecordingProducer()
    summary = ingestor(three_feeds(server), producer).poll()
    articles = producer.on(RAW)
    pier = articles[0]
    assert summary.line() == ("poll 1: 3 feed(s) polled, 6 new, 0 updated, 1 dead-lettered, 0 not modified, "
                              "0 failed; next poll in 300s")
    assert [a["title"] for a in articles] == [
        "Council backs rebuild of the old ferry pier", "Last lighthouse keeper on the cape retires after 38 years",
        "Rail line through the valley to reopen after landslide repairs",
        "Apple growers expect a record harvest after a mild spring",
        "Ferry crews call off strike after pay deal", "Offshore wind farm wins approval for twelve more turbines"]
    assert [key.decode() for t, key, _ in producer.records if t == RAW] == [a["id"] for a in articles]
    assert (pier["source"], pier["published_at"], pier["url"]) == (
        "Harbour Gazette", "2024-04-16T07:30:00Z", server.url("/news/pier-rebuild?utm_source=rss&utm_medium=feed"))
    assert pier["body"].startswith("HARBOURTON — The city council voted on Tuesday")
    assert pier["body"].endswith("should take two years.")  # no related links, footer or "appeared first on"
    assert [a["source"] for a in articles[2:]] == ["Valley Courier"] * 2 + ["Northwind Wire"] * 2


def test_an_entry_that_is_only_furniture_is_dead_lettered_with_the_entry(server):
    producer = RecordingProducer()
    ingestor([server.route("/gazette.rss", file="gazette-1.rss")], producer).poll()
    [letter] = producer.on(DEADLETTER)
    entry = json.loads(base64.b64decode(letter["original_b64"]))
    assert letter["reason"] == "no_article_text"
    assert letter["detail"].startswith("0 word(s) of article text once page furniture is dropped, under "
                                       "ingest_min_words 15")
    assert (entry["guid"], entry["title"], entry["feed"]) == (
        "gazette-2024-0416-live", "Watch live: storm coverage along the coast", server.url("/gazette.rss"))
    assert "Storm damage bill rises again" in entry["content_html"]


def test_the_next_poll_publishes_the_new_and_the_updated_entry_and_sends_the_validators(server):
    producer, clock = RecordingProducer(), Clock()
    feeds = ingestor(three_feeds(server), producer, clock)
    feeds.poll()
    first = {a["title"]: a for a in producer.take(RAW)}
    server.route("/gazette.rss", file="gazette-2.rss")
    clock.now += 300
    summary = feeds.poll()
    new, updated = producer.take(RAW)
    pier = first["Council backs rebuild of the old ferry pier"]
    assert summary.line().startswith("poll 2: 3 feed(s) polled, 1 new, 1 updated, 0 dead-lettered, 1 not modified")
    assert new["title"] == "New school on the harbour road opens in September"
    # The update keeps the id and URL, so dedup links it to its first version as the same story.
    assert (updated["id"], updated["url"]) == (pier["id"], pier["url"])
    assert updated["body"] == pier["body"] + ("\n\nUpdate, 17 April: the port authority confirmed on Wednesday "
                                              "that it will pay 60 percent of the cost.")
    sent = server.headers_sent_to("/courier.atom")
    assert (sent[1]["if-none-match"], sent[1]["if-modified-since"]) == ('"courier-1"', MODIFIED)
    assert "if-none-match" not in sent[0]


def test_a_failing_feed_backs_off_doubling_while_the_others_are_polled(server):
    producer, clock = RecordingProducer(), Clock()
    down = server.route("/down.rss", status=500)
    gazette = server.route("/gazette.rss", file="gazette-1.rss")
    feeds = ingestor([down, gazette], producer, clock)
    lines = []
    for step in (0, 30, 31, 300, 400):  # seconds after the previous poll
        clock.now += step
        lines.append(feeds.poll().line())
        if step == 300:
            server.route("/down.rss", file="courier.atom")
    assert len(server.headers_sent_to("/down.rss")) == 4
    assert len(server.headers_sent_to("/gazette.rss")) == 3  # at 0, 361 and 761 s: every 300 s, whatever /down does
    assert lines[0].endswith(f"2 new, 0 updated, 1 dead-lettered, 0 not modified, 1 failed; "
                             f"{down}: HTTP 500 (retry in 60s); next poll in 60s")
    assert lines[1].startswith("poll 2: 0 feed(s) polled") and lines[1].endswith("1 backing off; next poll in 30s")
    assert lines[2].endswith(f"{down}: HTTP 500 (retry in 120s); next poll in 120s")  # the second failure doubles
    assert lines[3].startswith("poll 4: 2 feed(s) polled") and "(retry in 240s)" in lines[3]
    assert lines[4].startswith("poll 5: 2 feed(s) polled, 2 new") and "0 failed" in lines[4]  # recovered


def test_retry_after_is_honoured(server):
    url = server.route("/busy.rss", status=503, headers={"Retry-After": "900"})
    summary = ingestor([url], RecordingProducer()).poll()
    assert summary.reports[0].retry_in == 900


def test_a_malformed_feed_and_a_slow_server_are_reported_and_the_others_go_on(server):
    producer = RecordingProducer()
    broken = server.route("/broken.rss", file="maintenance.html", content_type="text/html")
    truncated = server.route("/truncated.rss", file="truncated.rss")
    slow = server.route("/slow.rss", file="gazette-1.rss", delay_s=30)
    gazette = server.route("/gazette.rss", file="gazette-2.rss")
    summary = ingestor([broken, truncated, slow, gazette], producer, ingest_timeout_s=0.5).poll()
    line = summary.line()
    assert "4 feed(s) polled, 3 new, 0 updated, 1 dead-lettered, 0 not modified, 3 failed" in line
    assert f"{broken}: malformed feed: not an RSS, Atom or JSON feed" in line
    assert f"{truncated}: malformed feed: broken rss20 feed, no entry readable" in line
    assert f"{slow}: timed out after 0.5s (retry in 60s)" in line
    assert len(producer.on(RAW)) == 3


def test_an_ingestor_started_from_the_saved_cursors_republishes_nothing(server):
    producer = RecordingProducer()
    feeds = three_feeds(server)
    ingestor(feeds, producer).poll()
    saved = {c["feed"]: FeedCursor.model_validate(c) for c in producer.on(CURSORS)}
    restarted = RecordingProducer()
    summary = ingestor(feeds, restarted, cursors=saved).poll()
    assert sorted(saved) == sorted(feeds)
    assert summary.line().startswith("poll 1: 3 feed(s) polled, 0 new, 0 updated, 0 dead-lettered, 1 not modified")
    assert restarted.records == []  # nothing published, and no cursor rewritten: nothing moved


def test_a_feed_that_changes_only_its_furniture_republishes_nothing(server):
    producer, clock = RecordingProducer(), Clock()
    feeds = ingestor([server.route("/gazette.rss", file="gazette-1.rss")], producer, clock)
    feeds.poll()
    producer.take(RAW)
    rss = (FEEDS / "gazette-1.rss").read_text(encoding="utf-8").replace("{base}", server.base)
    chrome = rss.replace("Port authority names a new chief", "Harbour festival dates announced")
    server.route("/gazette.rss", body=chrome.encode())
    clock.now += 300
    assert "0 new, 0 updated" in feeds.poll().line()
    assert producer.on(RAW) == []


@pytest.mark.parametrize(("fetch_pages", "published", "dead_letters"), [(False, 0, 1), (True, 1, 0)])
def test_fetch_pages_takes_the_text_from_the_linked_page(server, fetch_pages, published, dead_letters):
    producer = RecordingProducer()
    server.route("/pages/pier.html", file="pages/pier.html", content_type="text/html; charset=utf-8")
    feeds = ingestor([server.route("/teaser.rss", file="teaser.rss")], producer)
    feeds.fetch_pages = fetch_pages
    feeds.poll()
    articles = producer.on(RAW)
    assert (len(articles), len(producer.on(DEADLETTER))) == (published, dead_letters)
    if fetch_pages:
        assert articles[0]["body"].startswith("HARBOURTON — The city council voted on Tuesday")
        assert "old iron bollards" in articles[0]["body"] and "Most read" not in articles[0]["body"]
        assert len(server.headers_sent_to("/pages/pier.html")) == 1


def test_an_article_over_the_message_limit_is_dead_lettered_too_large(server):
    item = {"id": "big-1", "url": server.url("/big"), "title": "Budget in full", "content_text": "Line item. " * 2000}
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Budget", "items": [item]}).encode()
    producer = RecordingProducer()
    ingestor([server.route("/big.json", body=body, content_type="application/feed+json")], producer,
             max_message_bytes=10_000).poll()
    assert [d["reason"] for d in producer.on(DEADLETTER)] == ["too_large"]
    assert producer.on(RAW) == []


def test_a_feed_list_has_one_url_a_line_with_comments(tmp_path):
    path = tmp_path / "feeds.txt"
    path.write_text("# the coast\nhttp://news.test/a.rss\n\n  http://news.test/b.atom  # the valley\n")
    assert read_feed_list(path) == ["http://news.test/a.rss", "http://news.test/b.atom"]
    with pytest.raises(FileNotFoundError, match="no such feed list"):
        read_feed_list(tmp_path / "missing.txt")
