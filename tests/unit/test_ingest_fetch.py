"""Fetching feeds: conditional GET, error statuses, timeouts, size caps, redirects, gzip (a local server)."""

from __future__ import annotations

import gzip

import pytest

from streams.clients.feeds.fetch import Fetcher, FetchError
from tests.unit.test_ingest_feedserver import FeedServer

MODIFIED = "Tue, 16 Apr 2024 10:00:00 GMT"


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def fetcher(timeout_s: float = 5.0, max_bytes: int = 1_000_000) -> Fetcher:
    return Fetcher(timeout_s=timeout_s, max_bytes=max_bytes)


def test_validators_are_returned_then_sent_back_and_304_is_not_modified(server):
    url = server.route("/courier.atom", file="courier.atom", etag='"c1"', last_modified=MODIFIED)
    first = fetcher().get(url)
    second = fetcher().get(url, etag=first.etag, modified=first.last_modified)
    assert (first.status, first.etag, first.last_modified) == (200, '"c1"', MODIFIED)
    assert b"Valley Courier" in first.body
    assert (second.not_modified, second.body, second.etag, second.last_modified) == (True, b"", '"c1"', MODIFIED)
    sent = server.headers_sent_to("/courier.atom")[1]
    assert (sent["if-none-match"], sent["if-modified-since"]) == ('"c1"', MODIFIED)


@pytest.mark.parametrize(("route", "reason", "retry_after"), [
    ({"status": 500}, "HTTP 500", None),
    ({"status": 503, "headers": {"Retry-After": "120"}}, "HTTP 503", 120.0),
    ({"status": 404}, "HTTP 404", None),
    ({"body": b"x" * 5000}, "over ingest_max_bytes 1,024", None),
    ({"body": gzip.compress(b"x" * 5000), "headers": {"Content-Encoding": "gzip"}}, "once decompressed", None),
    ({"status": 302, "headers": {"Location": "file:///etc/passwd"}}, "redirect to a non-http URL refused", None),
])
def test_a_bad_response_is_a_fetch_error_with_its_reason(server, route, reason, retry_after):
    url = server.route("/feed", **route)
    with pytest.raises(FetchError, match=reason) as error:
        fetcher(max_bytes=1024).get(url)
    assert error.value.retry_after == retry_after


def test_a_slow_server_times_out(server):
    url = server.route("/slow.rss", file="gazette-1.rss", delay_s=30)
    with pytest.raises(FetchError, match=r"timed out after 0.3s"):
        fetcher(timeout_s=0.3).get(url)


def test_gzip_bodies_are_decompressed_and_http_redirects_followed(server):
    server.route("/feed.rss", body=gzip.compress(b"<rss/>"), headers={"Content-Encoding": "gzip"})
    url = server.route("/old.rss", status=301, headers={"Location": "/feed.rss"})
    response = fetcher().get(url)
    assert (response.body, response.url) == (b"<rss/>", server.url("/feed.rss"))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed.xml", "feed.xml", "http://"])
def test_only_web_urls_are_fetched(url):
    with pytest.raises(FetchError, match="not an http"):
        fetcher().get(url)


def test_a_closed_port_is_a_fetch_error():
    with FeedServer() as server:
        url = server.url("/gone.rss")
    with pytest.raises(FetchError, match="cannot connect"):
        fetcher().get(url)
