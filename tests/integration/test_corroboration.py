"""Independent outlets warning of the same invasion within the window escalate the alert, through the worker."""

from __future__ import annotations

import json

from streams.topics import TopicNames

from .kafka_io import collect, produce

C1 = "WASHINGTON (AP) — U.S. officials said Russian troops could move on Ukraine as soon as Wednesday."
ARTICLES = [
    {"id": "c1", "source": "AP", "body": C1},
    {"id": "c2", "source": "Reuters",
     "body": "LONDON (Reuters) — Britain's defence ministry warned that Russian forces could invade Ukraine "
             "within days."},
    {"id": "c3", "source": "AFP", "body": C1},  # a reprint of c1: neither a new alert nor a corroboration
    {"id": "c4", "source": "Daily Courier", "body": "LISBON — Fans invaded the pitch after the final whistle."},
]


def test_second_outlet_escalates_and_a_reprint_does_not(settings_factory, worker_factory):
    settings = settings_factory()
    names = TopicNames.from_settings(settings)
    worker_factory(settings)
    produce(settings, names.raw, [(a["id"].encode(), json.dumps(a).encode()) for a in ARTICLES])

    found = collect(settings, [names.alerts, names.duplicates, names.tagged],
                    until=lambda f: len(f[names.tagged]) >= 3 and f[names.duplicates] and len(f[names.alerts]) >= 2,
                    settle_s=5)

    alerts = {a["article_id"]: a for a in found[names.alerts]}
    assert set(alerts) == {"c1", "c2"}
    assert (alerts["c1"]["actor"], alerts["c1"]["target"], alerts["c1"]["escalated"]) == ("Russia", "Ukraine", False)
    assert alerts["c2"]["escalated"] is True
    assert sorted(alerts["c2"]["corroborating_sources"]) == ["AP", "Reuters"]
    assert [(d["article"]["id"], d["duplicate_of"]) for d in found[names.duplicates]] == [("c3", "c1")]
