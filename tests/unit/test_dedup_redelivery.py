"""At-least-once delivery: the same message again is not a duplicate; the same article sent again is."""

from __future__ import annotations

from agents.dedup.stage import Deduplicator
from streams.runtime.records import Article

ARTICLE = Article(id="a1", body="LVIV (AP) — Trains to the western border ran late on Sunday after a power cut.")


def test_redelivered_message_passes_as_new_with_the_same_story():
    dedup = Deduplicator({})
    first = dedup.check(ARTICLE, "raw:0:5")
    again = dedup.check(ARTICLE, "raw:0:5")
    assert not first.is_duplicate and not again.is_duplicate
    assert again.story_id == first.story_id


def test_republished_article_is_a_duplicate_of_itself():
    dedup = Deduplicator({})
    first = dedup.check(ARTICLE, "raw:0:5")
    again = dedup.check(ARTICLE, "raw:0:9")
    assert (again.duplicate_of, again.method, again.story_id) == ("a1", "exact", first.story_id)


def test_without_origin_a_repeat_is_a_duplicate():
    dedup = Deduplicator({})
    dedup.check(ARTICLE)
    assert dedup.check(ARTICLE).duplicate_of == "a1"
