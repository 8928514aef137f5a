"""Poison of every kind (tests/unit/poison.py) mixed into a burst of good articles, through one worker.

Each bad record is dead-lettered with its reason; every good article is accounted for, once, and tagged
with its text unchanged. (tests/integration/test_poison_traffic.py checks the letters' contents in detail.)
"""

from __future__ import annotations

import json

import pytest

from streams.runtime.topics import TopicNames
from tests.faults.traffic import account, burst, output_topics, read_all
from tests.integration.kafka_io import produce
from tests.unit.poison import POISON

pytestmark = pytest.mark.faults

GOOD_PER_BAD = 20


def test_every_poison_mixed_into_good_traffic_is_dead_lettered_and_good_records_are_unchanged(
        settings_factory, worker_factory):
    settings = settings_factory()
    names = TopicNames.from_settings(settings)
    good = burst(GOOD_PER_BAD * len(POISON), seed=14, prefix="good")
    traffic = [m for i, (_, payload, _) in enumerate(POISON)
               for m in [*good[i * GOOD_PER_BAD:(i + 1) * GOOD_PER_BAD], (b"bad", payload)]]
    produce(settings, names.raw, traffic)  # type: ignore[arg-type]
    worker = worker_factory(settings)
    found = read_all(settings, output_topics(names), timeout_s=300, settle_s=5, until=lambda f: (
        len(f[names.tagged]) >= len(good) and len(f[names.deadletter]) >= len(POISON)))

    result = account([key.decode() for key, _ in good], found, names)
    print("\n" + result.line("FAULTS poison-mixed:", bad_inputs_tried=len(POISON),
                             dead_lettered=len(found[names.deadletter])))
    assert sorted(d["reason"] for d in found[names.deadletter]) == sorted(reason for _, _, reason in POISON)
    assert (result.lost, result.untagged, result.seen_doubled, result.doubled) == ([], [], 0, {})
    bodies = {t["article"]["id"]: t["article"]["body"] for t in found[names.tagged]}
    assert bodies == {key.decode(): json.loads(raw)["body"] for key, raw in good}
    assert worker.running, worker.log_tail()
