"""The dashboard's memory: the last hour's entities, the reader's state, pages that fall behind."""

from __future__ import annotations

import asyncio

from streams.clients.dashboard.feed import Feed, Listener, TopEntities

NOW = 1_700_000_000.0
KYIV, PUTIN, NATO = ("GPE", "Kyiv", "UA"), ("PERSON", "Vladimir Putin", "RU"), ("ORG", "NATO", None)


def _names(top: TopEntities) -> list[tuple[str, int]]:
    return [(e["canonical"], e["articles"]) for e in top.top()]


def test_entities_are_ranked_by_the_articles_of_the_last_hour_that_name_them():
    top = TopEntities(window_s=3600)
    top.add(NOW - 100, [KYIV, PUTIN, KYIV], NOW)  # named twice in one article: one article
    top.add(NOW - 50, [KYIV, NATO], NOW)
    top.add(NOW - 4000, [NATO, NATO], NOW)  # over an hour old already: not counted
    assert _names(top) == [("Kyiv", 2), ("NATO", 1), ("Vladimir Putin", 1)]


def test_entities_leave_the_ranking_when_their_articles_leave_the_hour():
    top = TopEntities(window_s=3600)
    top.add(NOW - 3500, [PUTIN], NOW)
    top.add(NOW - 10, [KYIV], NOW)
    assert top.expire(NOW + 200) and _names(top) == [("Kyiv", 1)]
    assert not top.expire(NOW + 300)


def test_the_window_holds_at_most_so_many_articles():
    top = TopEntities(window_s=3600, max_articles=2)
    for i, key in enumerate([PUTIN, NATO, KYIV]):
        top.add(NOW - 30 + i, [key], NOW)
    assert _names(top) == [("Kyiv", 1), ("NATO", 1)]


def test_a_skipped_record_is_counted_by_reason_and_the_pages_are_told():
    feed, listener = Feed(), Listener()
    feed.listeners.add(listener)
    feed.skip("not_object")
    feed.skip("not_object")
    feed.skip("not_json")
    assert feed.status()["skipped"] == 3 and feed.status()["skipped_by_reason"] == {"not_object": 2, "not_json": 1}
    assert listener.queue.qsize() == 3 and listener.queue.get_nowait()[0] == "status"


def test_the_pages_hear_of_a_change_of_the_reader_once():
    feed, listener = Feed(), Listener()
    feed.listeners.add(listener)
    for _ in range(3):
        feed.set_reader("stale", "cannot reach Kafka")
    assert listener.queue.qsize() == 1 and feed.status()["reader"] == "stale"


def test_the_ranking_is_sent_when_it_changes_only():
    feed, listener = Feed(), Listener()
    feed.listeners.add(listener)
    feed.publish("tagged", {"id": "a", "entities": [{"label": "GPE", "canonical": "Kyiv", "country_code": "UA"}]},
                 NOW, NOW)
    feed.tick(NOW)
    feed.tick(NOW + 1)
    sent = [listener.queue.get_nowait() for _ in range(listener.queue.qsize())]
    assert [kind for kind, _ in sent] == ["tagged", "top"]
    assert sent[1][1]["entities"][0]["canonical"] == "Kyiv"


def test_a_page_too_far_behind_is_marked_to_be_dropped_rather_than_fed_holes():
    async def scenario() -> Listener:
        feed, listener = Feed(), Listener(queue=asyncio.Queue(maxsize=2))
        feed.listeners.add(listener)
        for i in range(3):
            feed.publish("alert", {"article_id": str(i)}, NOW, NOW)
        return listener

    assert asyncio.run(scenario()).overflowed
