"""Poison of every kind mixed into good traffic, through a real worker on a real broker.

Every bad record reaches articles.deadletter.v1 with its reason, every good one reaches articles.tagged.v1,
and the worker is still running at the end.
"""

from __future__ import annotations

import base64
import json

import pytest

from streams.runtime.topics import TopicNames
from tests.integration.kafka_io import collect, produce
from tests.unit.poison import POISON, article

MAX_MESSAGE_BYTES = 20_000  # small, so that one article's tagged record is too large for it
BIG_TAGGED = article("too-big-tagged", "Olaf Scholz flew to Kyiv. " * 450)  # valid; its entities overflow
NAIVE = article("naive-time", "The port of Odesa reopened on Tuesday.", published_at="2024-03-01T12:00:00")
REUSED_ID = article("good-0", "An entirely different story about grain prices in Chicago, told at length.")


def test_every_poison_is_dead_lettered_with_its_reason_and_good_articles_flow_around_it(
        settings_factory, worker_factory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIREWATCH_MAX_MESSAGE_BYTES", str(MAX_MESSAGE_BYTES))  # the worker inherits it
    settings = settings_factory()
    names = TopicNames.from_settings(settings)
    bad = [(payload, reason) for _, payload, reason in POISON] + [(BIG_TAGGED, "record_too_large"),
                                                                  (REUSED_ID, "id_reused")]
    good = [article(f"good-{i}", f"Talks on item {i} resumed in Geneva on Monday, officials said.")
            for i in range(len(bad))]
    # Good and bad alternate; good-0 comes first, so the article that reuses its id (last) is the refused one.
    traffic = [NAIVE] + [m for pair in zip(good, [payload for payload, _ in bad], strict=True) for m in pair]
    produce(settings, names.raw, [(b"k", payload) for payload in traffic])
    produce(settings, names.valid, [(b"garbage", b"\x00 not a record")])  # a hostile write to an inner topic
    worker = worker_factory(settings)
    good_ids = {json.loads(g)["id"] for g in good} | {"naive-time"}

    found = collect(settings, [names.deadletter, names.tagged], timeout_s=240, until=lambda f: (
        len(f[names.deadletter]) >= len(bad) + 1 and good_ids <= {t["article"]["id"] for t in f[names.tagged]}))

    letters = found[names.deadletter]
    assert sorted(d["reason"] for d in letters) == sorted([r for _, r in bad] + ["step_failed:deduplicate_articles"])
    for letter in letters:
        assert letter["partition"] is not None and letter["offset"] is not None
        original = base64.b64decode(letter["original_b64"])
        if letter["source_topic"] == names.raw:  # validation: the original is the raw message (or its start)
            whole = traffic[letter["offset"]]
            assert original == whole or (letter["original_truncated"] and whole.startswith(original)
                                          and letter["original_size"] == len(whole))
    assert [d["source_topic"] for d in letters if d["reason"] == "record_too_large"] == [names.unique]
    assert b"not a record" in base64.b64decode(
        next(d for d in letters if d["reason"].startswith("step_failed"))["original_b64"])

    tagged = {t["article"]["id"]: t for t in found[names.tagged]}
    assert set(tagged) == good_ids
    assert tagged["good-0"]["article"]["body"].startswith("Talks on item 0")  # the id stays the first article's
    naive = tagged["naive-time"]["article"]
    assert (naive["published_at"], naive["published_at_assumed_utc"]) == ("2024-03-01T12:00:00Z", True)
    assert worker.running, worker.log_tail()
