"""The whole chain on a real broker: replay, worker, downstream topics."""

from __future__ import annotations

import base64
import json

from agents.offline import Pipeline
from streams.clients.files import read_paths
from streams.clients.replay import replay
from streams.runtime.topics import TopicNames
from tests.integration.kafka_io import collect, produce

SEEDS = "seeds"


def test_seed_is_tagged_and_alerts_russia_against_ukraine(settings_factory, worker_factory):
    settings = settings_factory()
    names = TopicNames.from_settings(settings)
    worker_factory(settings)
    report = replay(settings, [SEEDS])
    assert report.sent == 1 and not report.invalid

    found = collect(settings, [names.tagged, names.alerts],
                    until=lambda f: f[names.tagged] and f[names.alerts])

    [tagged] = found[names.tagged]
    assert tagged["article"]["id"] == report.ids[0]
    assert tagged["article"]["source"] == "AP" and tagged["article"]["dateline_place"] == "Moscow"
    canonicals = {e["canonical"] for e in tagged["entities"]}
    assert {"Vladimir Putin", "Ukraine", "Russia"} <= canonicals
    [alert] = found[names.alerts]
    assert (alert["kind"], alert["actor"], alert["target"]) == ("invasion_warning", "Russia", "Ukraine")
    assert any("could move on Ukraine" in e["sentence"] for e in alert["evidence"])
    assert any("denies it has any plans to invade" in e["sentence"] for e in alert["counter_evidence"])

    # The offline analyzer runs the same stage code: same entities, same alert.
    [offline] = Pipeline().analyze_many(item.article for item in read_paths([SEEDS]))
    assert [e.model_dump(mode="json") for e in offline.entities] == tagged["entities"]
    [offline_alert] = offline.alerts
    same = ("severity", "score", "actor", "target", "source", "cameo", "story_id")
    assert {k: getattr(offline_alert, k) for k in same} == {k: alert[k] for k in same}
    assert [e.sentence for e in offline_alert.evidence] == [e["sentence"] for e in alert["evidence"]]


def test_replaying_the_seed_again_is_a_duplicate_and_raises_no_second_alert(settings_factory, worker_factory):
    settings = settings_factory()
    names = TopicNames.from_settings(settings)
    worker_factory(settings)
    first = replay(settings, [SEEDS])
    collect(settings, [names.alerts], until=lambda f: f[names.alerts])
    replay(settings, [SEEDS])

    found = collect(settings, [names.unique, names.duplicates, names.alerts],
                    until=lambda f: f[names.duplicates], settle_s=5)

    [duplicate] = found[names.duplicates]
    assert duplicate["duplicate_of"] == first.ids[0]
    assert len(found[names.unique]) == 1
    assert len(found[names.alerts]) == 1


def test_bad_input_goes_to_dead_letter_and_the_next_good_article_still_comes_through(
        settings_factory, worker_factory):
    settings = settings_factory()
    names = TopicNames.from_settings(settings)
    good = {"id": "good-1", "title": "Port reopens", "body": "The port of Odesa reopened on Tuesday."}
    bad = [
        b"this is not json",
        b"\xff\xfe\x00not utf-8",
        json.dumps({"id": "no-body"}).encode(),
        json.dumps({"id": 42, "body": ["not", "text"]}).encode(),
        json.dumps({"id": "empty", "body": "   "}).encode(),
        json.dumps(["an", "array"]).encode(),
    ]
    produce(settings, names.raw, [(b"bad", raw) for raw in bad] + [(b"good-1", json.dumps(good).encode())])
    worker = worker_factory(settings)

    found = collect(settings, [names.deadletter, names.tagged],
                    until=lambda f: len(f[names.deadletter]) >= len(bad) and f[names.tagged])

    letters = found[names.deadletter]
    assert [base64.b64decode(d["original_b64"]) for d in letters] == bad
    assert [d["reason"] for d in letters] == [
        "not_json", "not_utf8", "invalid_fields", "invalid_fields", "invalid_fields", "not_object"]
    assert all(d["source_topic"] == names.raw and d["offset"] is not None for d in letters)
    assert [t["article"]["id"] for t in found[names.tagged]] == ["good-1"]
    assert worker.running
