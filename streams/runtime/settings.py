"""Settings, read from the environment when the app is built (never at import time).

Every field can be set with an environment variable named ``WIREWATCH_<FIELD>`` (for example
``WIREWATCH_TOPIC_PREFIX``). The broker address also honours the usual ``KAFKA_BOOTSTRAP_SERVERS``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from streams.runtime.records import Limits


def default_home() -> Path:
    """The per-user cache: ``$XDG_CACHE_HOME/wirewatch``, else ``~/.cache/wirewatch``; never the current directory.

    A relative ``XDG_CACHE_HOME`` is ignored, as the XDG base directory specification says.
    """
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache") / "wirewatch"


class Settings(BaseSettings):
    """wirewatch configuration (frozen once built)."""

    model_config = SettingsConfigDict(env_prefix="WIREWATCH_", frozen=True, extra="ignore", populate_by_name=True)

    bootstrap_servers: str | None = Field(
        default=None,
        validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS", "WIREWATCH_BOOTSTRAP_SERVERS"),
        description="host:port[,host:port]; when unset the embedded local broker is used.",
    )
    home: Path = Field(default_factory=default_home,
                       description="Per-user cache: Kafka jars, broker data and pid file, Faust state.")
    broker_port: int = 19092
    controller_port: int | None = None
    kafka_version: str = "4.1.1"
    broker_heap: str = "512m"

    app_id: str = "wirewatch"
    topic_prefix: str = ""
    default_partitions: int = Field(default=1, ge=1)
    partitions: dict[str, int] = Field(default_factory=dict, description="Per-topic partition counts.")
    replication_factor: int = Field(default=1, ge=1)

    session_timeout_s: float = Field(default=10.0, ge=6.0, description="Consumer-group session timeout; a crashed "
                                     "worker's partitions move to the others after this long (README, "
                                     "\"Reliability\": 10 s, so that it expires while a crashed worker restarts).")
    heartbeat_interval_s: float = Field(default=3.0, gt=0.0, description="Consumer heartbeat interval "
                                        "(seconds): under a third of session_timeout_s.")
    worker_instance_id: str | None = Field(default=None, description="Static group membership: a stable id per "
                                           "worker (unique in the group). A worker restarted with the same id "
                                           "gets its partitions back at once, without a rebalance.")
    processing_guarantee: Literal["at_least_once", "exactly_once"] = Field(
        default="at_least_once", description="Faust's processing guarantee; README, \"Reliability\", says "
        "which was measured to keep outputs free of doubles after kill -9, and at what cost.")
    replay_scan_margin_s: float = Field(default=60.0, ge=0.0, description="When a worker is given messages "
                                        "again (after a crash or a rebalance), it reads the origins its outputs "
                                        "already written carry from the first such message's time less this "
                                        "margin (seconds: a publisher's clock may run ahead), so that nothing is "
                                        "written twice (README, \"Reliability\").")
    replay_scan_timeout_s: float = Field(default=60.0, gt=0.0, description="Longest time that reading may take; "
                                         "past it the worker goes on, and may write some records twice.")
    kafka_connect_timeout_s: float = Field(default=5.0, gt=0.0, description="Seconds a command waits for a "
                                           "bootstrap address to accept a connection before it says Kafka "
                                           "cannot be reached.")
    web_port: int | None = Field(default=None, description="Faust web port; None disables the web server.")
    web_host: str = Field(default="127.0.0.1", description="Address Faust's web server listens on (its "
                          "web_bind): loopback unless told otherwise; 0.0.0.0 for every interface.")
    metrics_port: int | None = Field(default=None, ge=1, le=65535, description="Port the worker serves Prometheus "
                                     "metrics on (/metrics); None serves none.")
    metrics_host: str = Field(default="127.0.0.1", description="Address the metrics endpoint listens on: "
                              "loopback unless told otherwise.")
    metrics_lag_interval_s: float = Field(default=15.0, gt=0, description="How often the worker measures its "
                                          "consumer lag for the metrics (seconds).")
    # Measured with benchmarks/bench_pipeline.py (README, "Performance"): 32 within 0.5 s held each article of
    # a burst until its whole batch was tagged and added up to 0.5 s at light load; 4 within 0.05 s did not.
    tag_batch_size: int = Field(default=4, ge=1, description="Most articles tagged in one batch.")
    tag_batch_seconds: float = Field(default=0.05, gt=0, description="Longest wait for a batch to fill (seconds).")
    # Measured with benchmarks/bench_pipeline.py --quick --keep-logs: at Faust's 100 the worker logged
    # "producer buffer full" 68 times in one run (peaks of 2,435 records queued, 1.7 s paused; 3.2 s on the
    # dedup worker of the 2-worker run), when dedup wrote ~240 changelog records per article (now ~50);
    # at 5,000, with ~50, it logged none.
    producer_buffer_messages: int = Field(default=5_000, ge=100, description="Most records queued for the "
                                          "producer (table changelog writes included) before the worker "
                                          "pauses its streams to drain them.")
    dedup_window_days: float = Field(default=7.0, gt=0)
    corroboration_window_hours: float = Field(default=6.0, gt=0)
    state_store: Literal["rocksdb", "memory"] = Field(default="rocksdb", description="Where the worker keeps "
                                                      "its tables: RocksDB files under home/faust (bounded memory, "
                                                      "fast restart) or memory (replayed from the changelog at "
                                                      "every start).")
    state_cache_mb: int = Field(default=32, ge=1, description="RocksDB block cache per table (MB).")
    state_write_buffer_mb: int = Field(default=8, ge=1, description="RocksDB memtable size per table (MB; two "
                                       "at most).")
    aliases_file: str = Field(default="", description="Extra alias files (JSON), separated by os.pathsep.")
    alert_rules_file: str = Field(default="", description="Extra alert rules files (JSON), separated by os.pathsep.")

    # Limits on input, enforced by validate_articles before any work (README, "Reliability").
    max_raw_bytes: int = Field(default=524_288, ge=1024, description="Largest raw message accepted (bytes); "
                               "a dead letter then always carries the whole original.")
    max_body_chars: int = Field(default=40_000, ge=1, description="Longest text accepted (title and body, "
                                "characters): bounds the tagging time of one article.")
    max_json_depth: int = Field(default=64, ge=2, description="Deepest JSON nesting accepted.")
    max_number_digits: int = Field(default=100, ge=20, description="Longest JSON number accepted (characters).")
    max_message_bytes: int = Field(default=990_000, ge=10_000, le=1_000_000, description="Largest record "
                                   "produced: the producer's 1,000,000-byte request limit less room for the key "
                                   "and the batch framing. A bigger record becomes a dead letter before it is sent.")

    # The alert subscriber (``wirewatch subscribe``); README, "Alert subscribers".
    subscriber_attempts: int = Field(default=5, ge=1, description="Deliveries tried per alert (the first and "
                                     "the retries) before it goes to alerts.deadletter.v1 with the error.")
    subscriber_backoff_s: float = Field(default=1.0, ge=0.0, description="Wait before the first retry (seconds); "
                                        "doubles with each further retry.")
    webhook_timeout_s: float = Field(default=10.0, gt=0.0, description="Seconds a webhook has to answer.")

    # The browser dashboard (``wirewatch dashboard``); README, "Security: dashboard".
    dashboard_token: str | None = Field(default=None, description="Token the dashboard asks for; when unset and "
                                        "it listens beyond loopback, one is generated and printed.")
    dashboard_max_streams: int = Field(default=16, ge=1, description="Most event streams (open pages and scripts) "
                                       "the dashboard serves at once; the next is refused with 503.")

    # Feed ingestion (``wirewatch ingest``); README, "Live feeds".
    ingest_interval_s: float = Field(default=300.0, gt=0.0, description="Seconds between two polls of a feed "
                                     "(``--interval`` overrides it).")
    ingest_timeout_s: float = Field(default=20.0, gt=0.0, description="Seconds one feed or page request may take "
                                    "in all, from connecting to the last byte.")
    ingest_max_bytes: int = Field(default=10_000_000, ge=1024, description="Largest feed or page read (bytes, "
                                  "also once decompressed); a bigger one is a failed poll.")
    ingest_backoff_s: float = Field(default=60.0, gt=0.0, description="Wait after a feed's first failed poll "
                                    "(seconds); doubles with each further failure, up to ingest_backoff_max_s.")
    ingest_backoff_max_s: float = Field(default=3600.0, gt=0.0, description="Longest wait between two polls of a "
                                        "failing feed (seconds).")
    ingest_seen_per_feed: int = Field(default=1000, ge=10, description="Entries remembered per feed in its cursor "
                                      "(never fewer than the feed currently lists).")
    ingest_min_words: int = Field(default=15, ge=1, description="Fewest words of article text an entry needs once "
                                  "page furniture is dropped; an entry with fewer is a no_article_text dead letter.")

    @field_validator("home", mode="before")
    @classmethod
    def _absolute_home(cls, value: object) -> object:
        # An empty WIREWATCH_HOME would otherwise mean "." (the current directory); ~ is expanded for the user.
        if value is None or not str(value).strip():
            return default_home()
        return Path(str(value)).expanduser().absolute()

    @property
    def limits(self) -> Limits:
        """The input limits, for :func:`~streams.runtime.records.decode_article`."""
        return Limits(self.max_raw_bytes, self.max_body_chars, self.max_json_depth, self.max_number_digits)

    @property
    def alias_files(self) -> list[Path]:
        """The user's alias files, merged after the packaged table (``WIREWATCH_ALIASES_FILE``)."""
        return [Path(p) for p in self.aliases_file.split(os.pathsep) if p.strip()]

    @property
    def rules_files(self) -> list[Path]:
        """The user's alert rules files, merged after the packaged rules (``WIREWATCH_ALERT_RULES_FILE``)."""
        return [Path(p) for p in self.alert_rules_file.split(os.pathsep) if p.strip()]

    @property
    def bootstrap(self) -> str:
        """The broker address every client uses."""
        return self.bootstrap_servers or f"127.0.0.1:{self.broker_port}"

    @property
    def uses_local_broker(self) -> bool:
        """True when no external bootstrap address is configured."""
        return not self.bootstrap_servers

    def partitions_for(self, base_name: str) -> int:
        """Partition count for a topic, by its unprefixed name."""
        return self.partitions.get(base_name, self.default_partitions)
