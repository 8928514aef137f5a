"""Topic names, declared once. Names are dotted and versioned; every message is keyed by article id."""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields

from streams.runtime.settings import Settings

log = logging.getLogger(__name__)

RAW = "articles.raw.v1"
# Validated articles, on ONE partition on purpose: near-duplicates of a story must meet in one dedup table.
VALID = "articles.valid.v1"
UNIQUE = "articles.unique.v1"
DUPLICATES = "articles.duplicates.v1"
TAGGED = "articles.tagged.v1"
# Candidate alerts, on ONE partition: one alert per story and corroboration need every alert in one table.
CANDIDATES = "alerts.candidates.v1"
ALERTS = "alerts.v1"
DEADLETTER = "articles.deadletter.v1"
# Alerts the subscriber could not read or deliver (after its last retry), with the error: ``wirewatch subscribe``.
ALERTS_DEADLETTER = "alerts.deadletter.v1"
# Client state rather than pipeline data, so not in TopicNames: compacted (the latest record per key is kept),
# one record per polled feed, keyed by the feed's URL: ``wirewatch ingest`` resumes from it after a restart.
INGEST_CURSORS = "ingest.cursors.v1"


@dataclass(frozen=True)
class TopicNames:
    """The full (prefixed) names of every wirewatch topic."""

    raw: str
    valid: str
    unique: str
    duplicates: str
    tagged: str
    candidates: str
    alerts: str
    deadletter: str
    alerts_deadletter: str

    @classmethod
    def from_settings(cls, settings: Settings) -> TopicNames:
        """Apply the configured prefix (tests use a uuid prefix per test)."""
        p = settings.topic_prefix
        return cls(
            raw=p + RAW,
            valid=p + VALID,
            unique=p + UNIQUE,
            duplicates=p + DUPLICATES,
            tagged=p + TAGGED,
            candidates=p + CANDIDATES,
            alerts=p + ALERTS,
            deadletter=p + DEADLETTER,
            alerts_deadletter=p + ALERTS_DEADLETTER,
        )

    def by_base(self) -> dict[str, str]:
        """Full name of every topic, by its unprefixed name (``articles.raw.v1`` -> ``<prefix>articles.raw.v1``)."""
        prefix = len(self.raw) - len(RAW)
        return {name[prefix:]: name for name in self.all()}

    def all(self) -> list[str]:
        """Every topic name, in pipeline order."""
        return [getattr(self, f.name) for f in fields(self)]


def partitions_of(settings: Settings, base_name: str) -> int:
    """Partition count of a topic: the setting, except the two single-partition topics of stateful steps."""
    return 1 if base_name in (VALID, CANDIDATES) else settings.partitions_for(base_name)


def ensure_topics(settings: Settings, timeout_s: float = 30.0) -> list[str]:
    """Create any missing wirewatch topic on the broker; return the names created."""
    from kafka.admin import KafkaAdminClient, NewTopic
    from kafka.errors import TopicAlreadyExistsError

    names = TopicNames.from_settings(settings)
    prefix = settings.topic_prefix
    admin = KafkaAdminClient(
        bootstrap_servers=settings.bootstrap, client_id="wirewatch-admin", request_timeout_ms=int(timeout_s * 1000)
    )
    try:
        existing = set(admin.list_topics())
        wanted = [
            NewTopic(name, partitions_of(settings, name.removeprefix(prefix)), settings.replication_factor)
            for name in names.all()
            if name not in existing
        ]
        if wanted:
            try:
                admin.create_topics(wanted)
            except TopicAlreadyExistsError:
                log.debug("topics created concurrently by another client")
        return [t.name for t in wanted]
    finally:
        admin.close()


def ensure_compacted_topic(settings: Settings, base_name: str, timeout_s: float = 30.0) -> str:
    """Create the prefixed, compacted, one-partition topic ``base_name`` if it is missing; return its full name."""
    from kafka.admin import KafkaAdminClient, NewTopic
    from kafka.errors import TopicAlreadyExistsError

    name = settings.topic_prefix + base_name
    admin = KafkaAdminClient(
        bootstrap_servers=settings.bootstrap, client_id="wirewatch-admin", request_timeout_ms=int(timeout_s * 1000)
    )
    try:
        if name not in set(admin.list_topics()):
            topic = NewTopic(name, 1, settings.replication_factor, topic_configs={"cleanup.policy": "compact"})
            try:
                admin.create_topics([topic])
            except TopicAlreadyExistsError:
                log.debug("%s created concurrently by another client", name)
        return name
    finally:
        admin.close()
