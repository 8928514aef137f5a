"""Reading feeds (RSS, Atom, JSON Feed) into entries, and the article id each entry gets."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from streams.clients.feeds.parse import FeedEntry, MalformedFeed, article_id, parse_feed
from tests.unit.test_ingest_feedserver import FEEDS

BASE = "http://news.test"


def read(name: str, content_type: str = "") -> object:
    body = (FEEDS / name).read_text(encoding="utf-8").replace("{base}", BASE).encode()
    return parse_feed(body, f"{BASE}/feeds/{name}", content_type)


@pytest.mark.parametrize(("name", "kind", "title", "first"), [
    ("gazette-1.rss", "rss20", "Harbour Gazette",
     ("gazette-2024-0416-pier", "Council backs rebuild of the old ferry pier",
      datetime(2024, 4, 16, 7, 30, tzinfo=UTC))),
    ("courier.atom", "atom10", "Valley Courier",
     ("tag:valleycourier.example,2024:rail-reopens", "Rail line through the valley to reopen after landslide repairs",
      datetime(2024, 4, 16, 14, 0, tzinfo=UTC))),
    ("northwind.json", "json", "Northwind Wire",
     ("nw-5521", "Ferry crews call off strike after pay deal", datetime(2024, 4, 16, 18, 40, tzinfo=UTC))),
])
def test_each_kind_of_feed_gives_guid_title_and_published_time_in_utc(name, kind, title, first):
    feed = read(name)
    entry = feed.entries[0]
    assert (feed.kind, feed.title) == (kind, title)
    assert (entry.guid, entry.title, entry.published) == first


def test_content_prefers_the_full_text_over_the_summary_and_json_text_becomes_paragraphs():
    pier = read("gazette-1.rss").entries[0]
    wind = read("northwind.json").entries[1]
    assert "crumbling pier" in pier.html and pier.html != "The council voted to rebuild the pier."
    assert wind.html.startswith("<p>PORT ALDER — The planning board") and wind.html.count("<p>") == 2


def test_an_atom_entry_without_published_uses_updated():
    assert read("courier.atom").entries[1].published == datetime(2024, 4, 15, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(("name", "content_type", "reason"), [
    ("maintenance.html", "text/html", "not an RSS, Atom or JSON feed"),
    ("truncated.rss", "application/rss+xml", "unclosed token"),
])
def test_a_document_that_is_no_feed_is_malformed(name, content_type, reason):
    with pytest.raises(MalformedFeed, match=reason):
        read(name, content_type)


@pytest.mark.parametrize(("body", "reason"), [
    (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "not JSON"),
    (b'{"title": "no version", "items": []}', "without a JSON Feed version"),
    (b'{"version": "https://jsonfeed.org/version/1", "items": {}}', "without an items list"),
])
def test_broken_json_feeds_are_malformed(body, reason):
    with pytest.raises(MalformedFeed, match=reason):
        parse_feed(body, f"{BASE}/feed.json", "application/feed+json")


def entry(guid=None, link=None, title="Pier rebuilt", published=None):
    return FeedEntry(guid=guid, link=link, title=title, html="", published=published)


@pytest.mark.parametrize(("a", "b", "same"), [
    # A guid that is a URL names the article wherever it is carried; tracking parameters do not matter.
    (("feed-a", entry(guid="https://news.test/pier")), ("feed-b", entry(guid="https://www.news.test/pier?utm_source=x")),
     True),
    # A link without a guid: the canonical link (as dedup reads URLs).
    (("feed-a", entry(link="https://news.test/pier#comments")), ("feed-b", entry(link="HTTPS://news.test/pier")), True),
    (("feed-a", entry(link="https://news.test/pier")), ("feed-a", entry(link="https://news.test/harbour")), False),
    # A bare guid is only unique within its feed.
    (("feed-a", entry(guid="1001")), ("feed-b", entry(guid="1001")), False),
    (("feed-a", entry(guid="1001", title="Old title")), ("feed-a", entry(guid="1001", title="New title")), True),
    # Neither: the title and published time, within the feed.
    (("feed-a", entry()), ("feed-a", entry()), True),
    (("feed-a", entry()), ("feed-a", entry(title="Another story")), False),
])
def test_article_ids_are_stable_and_as_shared_as_the_entry_ids_allow(a, b, same):
    assert (article_id(*a) == article_id(*b)) is same
    assert article_id(*a).startswith("feed-") and len(article_id(*a)) == 29
