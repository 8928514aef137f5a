"""Independent outlets warning of the same invasion within the window escalate the alert, through the worker."""

from __future__ import annotations

import json

import pytest

from streams.runtime.topics import TopicNames
from tests.integration.kafka_io import collect, produce

C1 = "WASHINGTON (AP) — U.S. officials said Russian troops could move on Ukraine as soon as Wednesday."
ARTICLES = [
    {"id": "c1", "source": "AP", "body": C1},
    {"id": "c2", "source": "Reuters",
     "body": "LONDON (Reuters) — Britain's defence ministry warned that Russian forces could invade Ukraine "
             "within days."},
    {"id": "c3", "source": "AFP", "body": C1},  # a reprint of c1: neither a new alert nor a corroboration
    {"id": "c4", "source": "Daily Courier", "body": "LISBON — Fans invaded the pitch after the final whistle."},
]


@pytest.mark.parametrize(("partitions", "workers"), [(1, 1), (3, 2)], ids=["one-partition", "3-partitions-2-workers"])
def test_second_outlet_escalates_and_a_reprint_does_not(settings_factory, worker_factory, partitions, workers):
    settings = settings_factory(default_partitions=partitions)
    names = TopicNames.from_settings(settings)
    for _ in range(workers):
        worker_factory(settings)
    produce(settings, names.raw, [(a["id"].encode(), json.dumps(a).encode()) for a in ARTICLES])

    found = collect(settings, [names.alerts, names.duplicates, names.tagged],
                    until=lambda f: len(f[names.tagged]) >= 3 and f[names.duplicates] and len(f[names.alerts]) >= 2,
                    settle_s=5)

    alerts = {a["article_id"]: a for a in found[names.alerts]}
    assert set(alerts) == {"c1", "c2"}
    assert all((a["actor"], a["target"]) == ("Russia", "Ukraine") for a in alerts.values())
    # Whichever warning reaches the alert gate second is the escalated one; on one partition that is c2.
    [escalated] = [a for a in alerts.values() if a["escalated"]]
    assert sorted(escalated["corroborating_sources"]) == ["AP", "Reuters"]
    if partitions == 1:
        assert escalated["article_id"] == "c2"
    # Kafka delivers at least once: a rebalance may repeat a duplicate record, never change it.
    assert {(d["article"]["id"], d["duplicate_of"]) for d in found[names.duplicates]} == {("c3", "c1")}
