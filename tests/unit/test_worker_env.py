"""A child worker gets every setting of its parent: settings_env round-trips through the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.ops.workerproc import settings_env
from streams.runtime.settings import Settings

CHANGED = {
    "bootstrap_servers": "broker-a:9092", "home": Path("/tmp/ww-home"), "app_id": "ww-child", "topic_prefix": "t1.",
    "partitions": {"articles.raw.v1": 4}, "session_timeout_s": 12.5, "metrics_port": 9321,
    "max_message_bytes": 20_000, "subscriber_attempts": 2, "dashboard_token": "s3cret", "tag_batch_seconds": 0.25,
}


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    import os

    for name in list(os.environ):
        if name.startswith("WIREWATCH_") or name == "KAFKA_BOOTSTRAP_SERVERS":
            monkeypatch.delenv(name)
    return monkeypatch


def test_every_field_survives_the_trip_through_the_environment(clean_env: pytest.MonkeyPatch) -> None:
    parent = Settings(**CHANGED)  # type: ignore[arg-type]
    for name, value in settings_env(parent).items():
        clean_env.setenv(name, value)
    assert Settings() == parent


def test_every_field_has_a_variable_except_the_unset_ones() -> None:
    env = settings_env(Settings(**CHANGED))  # type: ignore[arg-type]
    unset = {name for name in Settings.model_fields if getattr(Settings(**CHANGED), name) is None}  # type: ignore[arg-type]
    named = {name for name in Settings.model_fields if f"WIREWATCH_{name.upper()}" in env}
    assert named | unset | {"bootstrap_servers"} == set(Settings.model_fields)
    assert env["KAFKA_BOOTSTRAP_SERVERS"] == "broker-a:9092" and env["WIREWATCH_PARTITIONS"] == '{"articles.raw.v1": 4}'
