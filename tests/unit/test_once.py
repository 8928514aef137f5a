"""Clients read each output record once: a worker's replayed copy after a crash is dropped, others are not."""

from __future__ import annotations

import json

import pytest

from streams.clients.once import Once

TAGGED, DUP, ALERTS, LETTERS = ("p.articles.tagged.v1", "p.articles.duplicates.v1", "p.alerts.v1",
                                "p.articles.deadletter.v1")


def raw(**fields: object) -> bytes:
    return json.dumps(fields).encode()


# (topic, first record, second record, second is read)
CASES = [
    (TAGGED, raw(article={"id": "a1"}, entities=[]), raw(article={"id": "a1"}, entities=[]), False),
    (TAGGED, raw(article={"id": "a1"}), raw(article={"id": "a2"}), True),
    (DUP, raw(article={"id": "a2"}, duplicate_of="a1", detected_at="T1"),
     raw(article={"id": "a2"}, duplicate_of="a1", detected_at="T2"), False),
    (ALERTS, raw(article_id="a1", story_id="s1", detected_at="T1", escalated=False),
     raw(article_id="a1", story_id="s1", detected_at="T2", escalated=True), False),
    (ALERTS, raw(article_id="a1", story_id="s1"), raw(article_id="a3", story_id="s1"), True),
    (LETTERS, raw(source_topic="p.raw", partition=0, offset=7, reason="not_json", received_at="T1"),
     raw(source_topic="p.raw", partition=0, offset=7, reason="not_json", received_at="T2"), False),
    (LETTERS, raw(source_topic="p.raw", partition=0, offset=7, reason="not_json"),
     raw(source_topic="p.raw", partition=0, offset=8, reason="not_json"), True),
    (TAGGED, b"\xff not json", b"\xff not json", False),
    (TAGGED, b"\xff not json", b"\xfe not json", True),
]


@pytest.mark.parametrize(("topic", "first", "second", "read"), CASES)
def test_a_repeat_is_dropped_and_another_record_is_not(topic: str, first: bytes, second: bytes, read: bool) -> None:
    once = Once()
    assert once.first(topic, b"k", first)
    assert once.first(topic, b"k", second) is read


def test_the_same_identity_on_another_topic_is_another_record() -> None:
    once = Once()
    assert once.first(TAGGED, b"a1", raw(article={"id": "a1"}))
    assert once.first("p.articles.unique.v1", b"a1", raw(article={"id": "a1"}))


def test_it_remembers_the_last_capacity_identities_only() -> None:
    once = Once(capacity=2)
    for aid in ("a1", "a2", "a3"):
        assert once.first(TAGGED, None, raw(article={"id": aid}))
    assert once.first(TAGGED, None, raw(article={"id": "a1"}))  # forgotten, oldest first
    assert not once.first(TAGGED, None, raw(article={"id": "a3"}))
    assert once.dropped == 1


def test_two_alerts_of_one_article_about_two_pairs_are_both_kept():
    once = Once()
    first = json.dumps({"article_id": "a", "story_id": "s", "actor": "Russia", "target": "Ukraine"}).encode()
    second = json.dumps({"article_id": "a", "story_id": "s", "actor": "China", "target": "Taiwan"}).encode()
    assert once.first(ALERTS, b"a", first) and once.first(ALERTS, b"a", second)
    assert not once.first(ALERTS, b"a", first)


def test_a_raw_article_sent_again_on_purpose_is_read_again():
    once = Once()
    raw = json.dumps({"id": "l1", "body": "Talks resumed."}).encode()
    assert once.first("p.articles.raw.v1", b"l1", raw) and once.first("p.articles.raw.v1", b"l1", raw)
