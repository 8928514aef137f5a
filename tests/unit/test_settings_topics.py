"""Settings from the environment, topic names, the codec."""

from __future__ import annotations

import json

from streams.runtime.codec import PydanticCodec
from streams.runtime.records import Article
from streams.runtime.settings import Settings
from streams.runtime.topics import TopicNames


def test_bootstrap_comes_from_kafka_bootstrap_servers(monkeypatch):
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "broker-a:9092")
    settings = Settings()
    assert settings.bootstrap == "broker-a:9092" and not settings.uses_local_broker


def test_local_broker_is_the_default(monkeypatch):
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    monkeypatch.setenv("WIREWATCH_BROKER_PORT", "29999")
    settings = Settings()
    assert settings.uses_local_broker and settings.bootstrap == "127.0.0.1:29999"


def test_partition_counts_are_settings(monkeypatch):
    monkeypatch.setenv("WIREWATCH_PARTITIONS", json.dumps({"articles.raw.v1": 6}))
    settings = Settings(default_partitions=2)
    assert settings.partitions_for("articles.raw.v1") == 6
    assert settings.partitions_for("alerts.v1") == 2


def test_topic_names_are_dotted_versioned_and_prefixed():
    names = TopicNames.from_settings(Settings(topic_prefix="t1."))
    assert names.all() == ["t1.articles.raw.v1", "t1.articles.valid.v1", "t1.articles.unique.v1",
                           "t1.articles.duplicates.v1", "t1.articles.tagged.v1", "t1.alerts.candidates.v1",
                           "t1.alerts.v1", "t1.articles.deadletter.v1", "t1.alerts.deadletter.v1"]


def test_the_dedup_input_topic_always_has_one_partition():
    from streams.runtime.topics import partitions_of

    settings = Settings(default_partitions=6)
    assert partitions_of(settings, "articles.valid.v1") == 1
    assert partitions_of(settings, "alerts.candidates.v1") == 1
    assert partitions_of(settings, "articles.raw.v1") == 6


def test_codec_writes_pydantic_models_as_json_with_schema_version():
    codec = PydanticCodec()
    data = codec.dumps(Article(id="a", body="b"))
    assert json.loads(data)["schema_version"] == 1
    assert codec.loads(data)["id"] == "a"
