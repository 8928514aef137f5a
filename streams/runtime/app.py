"""The Faust app factory: one app, its topics and the three stage agents, built from settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import faust

from streams.runtime.codec import register_codec
from streams.runtime.settings import Settings
from streams.runtime.topics import TopicNames, partitions_of


@dataclass(frozen=True)
class Topics:
    """The Faust topic objects the agents consume and produce."""

    raw: Any
    valid: Any
    unique: Any
    duplicates: Any
    tagged: Any
    candidates: Any
    alerts: Any
    deadletter: Any


def declare_topics(app: faust.App, settings: Settings) -> Topics:
    """Declare every wirewatch topic on ``app``: raw bytes in, the pydantic codec everywhere else."""
    names = TopicNames.from_settings(settings)
    codec = register_codec()

    def topic(name: str, base: str, serializer: str = codec) -> Any:
        return app.topic(name, key_serializer="raw", value_serializer=serializer,
                         partitions=partitions_of(settings, base))

    return Topics(
        raw=topic(names.raw, "articles.raw.v1", "raw"),
        valid=topic(names.valid, "articles.valid.v1"),
        unique=topic(names.unique, "articles.unique.v1"),
        duplicates=topic(names.duplicates, "articles.duplicates.v1"),
        tagged=topic(names.tagged, "articles.tagged.v1"),
        candidates=topic(names.candidates, "alerts.candidates.v1"),
        alerts=topic(names.alerts, "alerts.v1"),
        deadletter=topic(names.deadletter, "articles.deadletter.v1"),
    )


def broker_urls(settings: Settings) -> list[str]:
    """Faust broker URLs for the configured bootstrap address."""
    return [f"kafka://{host.strip()}" for host in settings.bootstrap.split(",") if host.strip()]


def create_app(settings: Settings | None = None) -> faust.App:
    """Build the wirewatch Faust app with its agents.

    Args:
        settings: configuration; read from the environment when omitted.
    """
    from agents.alerts import detector as alerts
    from agents.dedup import stage as dedup
    from agents.entities import tagger as entities

    settings = settings or Settings()
    app = faust.App(
        settings.app_id,
        broker=broker_urls(settings),
        store="memory://",
        topic_partitions=settings.default_partitions,
        topic_replication_factor=settings.replication_factor,
        consumer_auto_offset_reset="earliest",
        web_enabled=settings.web_port is not None,
        web_port=settings.web_port or 6066,
        autodiscover=False,
        broker_session_timeout=settings.session_timeout_s,
    )
    topics = declare_topics(app, settings)
    dedup.register(app, topics, settings)
    entities.register(app, topics, settings)
    alerts.register(app, topics, settings)
    return app
