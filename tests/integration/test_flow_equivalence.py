"""One flow, two executors: the Faust worker on a real broker and the offline analyzer give the same output.

Every evaluation article (alerts and entities sets) goes through both, with the same Settings; their
dedup decisions, entities and alerts must be identical, record for record.
"""

from __future__ import annotations

from pathlib import Path

from agents.offline import Pipeline
from streams.clients.files import read_paths
from streams.clients.replay import replay
from streams.runtime.records import Article
from streams.runtime.topics import TopicNames
from tests.integration.kafka_io import collect

REPO = Path(__file__).resolve().parents[2]
SETS = sorted((REPO / "eval" / "alerts").glob("*.jsonl")) + sorted((REPO / "eval" / "entities").glob("*.jsonl"))
VOLATILE = {"detected_at", "schema_version"}


def _alert(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in VOLATILE}


def _one_file(target: Path) -> list[Article]:
    """Every evaluation article in one file, each id prefixed by its set ("alerts/blind_6/bl6-01"): the sets
    of different stages reuse ids, and one id with two texts is dead-lettered as ``id_reused`` by design."""
    articles = []
    for path in SETS:
        prefix = f"{path.parent.name}/{path.stem}/"
        articles += [item.article.model_copy(update={"id": prefix + item.article.id})
                     for item in read_paths([path]) if item.article is not None]
    target.write_text("".join(a.model_dump_json() + "\n" for a in articles), encoding="utf-8")
    return articles


def test_the_worker_and_analyze_give_identical_output_on_every_evaluation_set(settings_factory, worker_factory,
                                                                             tmp_path):
    settings = settings_factory()
    names = TopicNames.from_settings(settings)
    corpus = tmp_path / "every_set.jsonl"
    articles = _one_file(corpus)
    assert len(articles) > 400 and len({a.id for a in articles}) == len(articles)

    offline = {a.article.id: a for a in Pipeline(settings).analyze_many(articles)}

    worker_factory(settings)
    report = replay(settings, [corpus])
    assert report.sent == len(articles) and not report.invalid
    unique_ids = {i for i, a in offline.items() if a.duplicate_of is None}
    found = collect(settings, [names.unique, names.duplicates, names.tagged, names.alerts, names.deadletter],
                    until=lambda f: len(f[names.tagged]) >= len(unique_ids), timeout_s=900, settle_s=3)

    assert not found[names.deadletter]
    online_dups = {d["article"]["id"]: (d["duplicate_of"], d["method"]) for d in found[names.duplicates]}
    assert online_dups == {i: (a.duplicate_of, a.duplicate_method) for i, a in offline.items() if a.duplicate_of}
    stories = {u["article"]["id"]: u["story_id"] for u in found[names.unique]}
    assert stories == {i: offline[i].story_id for i in unique_ids}

    tagged = {t["article"]["id"]: t["entities"] for t in found[names.tagged]}
    assert tagged.keys() == unique_ids
    for article_id, entities in tagged.items():
        assert entities == [e.model_dump(mode="json") for e in offline[article_id].entities], article_id

    def order(a: dict) -> tuple:
        return a["article_id"], a["actor"], a["target"]

    online_alerts = sorted((_alert(a) for a in found[names.alerts]), key=order)
    offline_alerts = sorted((_alert(al.model_dump(mode="json")) for a in offline.values() for al in a.alerts),
                            key=order)
    assert len(offline_alerts) > 100
    assert online_alerts == offline_alerts
