"""Per-feed cursors: what is new or updated, how much is remembered, how they are read back."""

from __future__ import annotations

from streams.clients.feeds.cursor import CursorStore, FeedCursor, content_hash
from streams.runtime.settings import Settings


def cursor(*seen: tuple[str, str], etag: str | None = None) -> FeedCursor:
    return FeedCursor(feed="http://news.test/feed.rss", etag=etag, seen=list(seen))


def test_entries_are_new_updated_or_already_seen():
    place = cursor(("a", "h1"), ("b", "h2"))
    assert place.changes([("a", "h1"), ("b", "h2-changed"), ("c", "h3")]) == [None, "updated", "new"]


def test_the_hash_covers_title_and_text():
    base = content_hash("Pier rebuilt", ["One.", "Two."])
    assert base == content_hash("Pier rebuilt", ["One.", "Two."])
    assert base != content_hash("Pier rebuilt today", ["One.", "Two."])
    assert base != content_hash("Pier rebuilt", ["One.", "Two. Update."])


def test_advancing_moves_listed_entries_last_and_forgets_the_oldest_past_the_limit():
    place = cursor(*[(f"old{n}", "h") for n in range(5)], ("kept", "h"))
    after = place.advanced(etag='"e2"', modified="Tue", listed=[("kept", "h"), ("new", "h")], limit=3)
    assert after.seen == [("old4", "h"), ("kept", "h"), ("new", "h")]
    assert (after.etag, after.modified) == ('"e2"', "Tue")


def test_entries_the_feed_still_lists_are_never_forgotten_whatever_the_limit():
    listed = [(f"e{n}", "h") for n in range(20)]
    assert cursor().advanced(etag=None, modified=None, listed=listed, limit=10).seen == listed


def test_same_place_ignores_the_time_of_writing():
    place = cursor(("a", "h"), etag='"1"')
    assert place.same_place(place.advanced(etag='"1"', modified=None, listed=[("a", "h")], limit=10))
    assert not place.same_place(place.advanced(etag='"2"', modified=None, listed=[("a", "h")], limit=10))


def test_cursors_round_trip_as_json():
    place = cursor(("a", "h"), etag='"1"')
    assert FeedCursor.model_validate_json(place.model_dump_json()) == place


def test_reading_back_keeps_the_latest_per_feed_and_skips_tombstones_and_bad_values():
    store = CursorStore(Settings(topic_prefix="t."), producer=None)
    found: dict[str, FeedCursor] = {}
    first, second = cursor(("a", "h")), cursor(("a", "h"), ("b", "h"))
    store._apply(found, b"http://news.test/feed.rss", first.model_dump_json().encode())
    store._apply(found, b"http://news.test/feed.rss", second.model_dump_json().encode())
    store._apply(found, b"http://other.test/feed.rss", b"{not json")
    assert found == {"http://news.test/feed.rss": second}
    store._apply(found, b"http://news.test/feed.rss", None)
    assert found == {}
    assert store.topic == "t.ingest.cursors.v1"
