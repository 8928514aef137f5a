"""Settings, read from the environment when the app is built (never at import time).

Every field can be set with an environment variable named ``WIREWATCH_<FIELD>`` (for example
``WIREWATCH_TOPIC_PREFIX``). The broker address also honours the usual ``KAFKA_BOOTSTRAP_SERVERS``.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """wirewatch configuration (frozen once built)."""

    model_config = SettingsConfigDict(env_prefix="WIREWATCH_", frozen=True, extra="ignore", populate_by_name=True)

    bootstrap_servers: str | None = Field(
        default=None,
        validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS", "WIREWATCH_BOOTSTRAP_SERVERS"),
        description="host:port[,host:port]; when unset the embedded local broker is used.",
    )
    home: Path = Field(default=Path(".wirewatch"), description="Cache for Kafka jars and broker data.")
    broker_port: int = 19092
    controller_port: int | None = None
    kafka_version: str = "4.1.1"
    broker_heap: str = "512m"

    app_id: str = "wirewatch"
    topic_prefix: str = ""
    default_partitions: int = Field(default=1, ge=1)
    partitions: dict[str, int] = Field(default_factory=dict, description="Per-topic partition counts.")
    replication_factor: int = Field(default=1, ge=1)

    session_timeout_s: float = Field(default=60.0, ge=6.0, description="Consumer-group session timeout; a crashed "
                                     "worker's partitions move to the others after this long.")
    web_port: int | None = Field(default=None, description="Faust web port; None disables the web server.")
    tag_batch_size: int = Field(default=32, ge=1)
    tag_batch_seconds: float = Field(default=0.5, gt=0)
    dedup_window_days: float = Field(default=7.0, gt=0)
    corroboration_window_hours: float = Field(default=6.0, gt=0)
    aliases_file: str = Field(default="", description="Extra alias files (JSON), separated by os.pathsep.")
    alert_rules_file: str = Field(default="", description="Extra alert rules files (JSON), separated by os.pathsep.")

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
