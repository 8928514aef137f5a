"""Integration fixtures: a real Kafka broker for the session, per-test topics, workers that always stop.

The broker is, in order: the one named by KAFKA_BOOTSTRAP_SERVERS; a testcontainers Kafka when a Docker
engine answers; else wirewatch's local broker from the official jars, started here on a free port.
These tests never skip: when no broker can be had, they fail with the reason.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from streams.ops.broker import LocalBroker
from streams.ops.workerproc import WorkerProcess, settings_env
from streams.runtime.settings import Settings
from streams.runtime.topics import ensure_topics

REPO = Path(__file__).resolve().parents[2]


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True
    except Exception:  # noqa: BLE001 - any failure means "no engine here"
        return False


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bootstrap address of a real broker for this test session."""
    configured = os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or os.environ.get("WIREWATCH_BOOTSTRAP_SERVERS")
    if configured:
        yield configured
        return
    if _docker_answers():
        from testcontainers.kafka import KafkaContainer

        with KafkaContainer("apache/kafka:4.1.1").with_kraft() as container:
            yield container.get_bootstrap_server()
        return
    # The jars from the per-user cache that `make jars` fills (Settings().home); the data in a tmp folder.
    broker = LocalBroker.on_free_ports(Settings().home, data_dir=tmp_path_factory.mktemp("kafka"))
    broker.start()
    try:
        yield broker.address
    finally:
        broker.stop()


@pytest.fixture
def settings_factory(kafka_bootstrap: str) -> Callable[..., Settings]:
    """Make settings with this test's own topic prefix and consumer group, topics created."""

    def make(**overrides: object) -> Settings:
        tag = uuid.uuid4().hex[:12]
        values: dict[str, object] = {
            "bootstrap_servers": kafka_bootstrap, "app_id": f"ww-it-{tag}", "topic_prefix": f"it{tag}.",
            "home": REPO / ".wirewatch",
        }
        values.update(overrides)
        settings = Settings(**values)  # type: ignore[arg-type]
        ensure_topics(settings)
        return settings

    return make


@pytest.fixture
def cli_settings(settings_factory: Callable[..., Settings], monkeypatch: pytest.MonkeyPatch,
                 tmp_path: Path) -> Settings:
    """This test's settings, also put in the environment, where ``wirewatch`` commands read theirs."""
    settings = settings_factory(home=tmp_path / "home")
    monkeypatch.delenv("WIREWATCH_BOOTSTRAP_SERVERS", raising=False)
    for name, value in settings_env(settings).items():
        monkeypatch.setenv(name, value)
    return settings


@pytest.fixture
def worker_factory(tmp_path: Path) -> Iterator[Callable[[Settings], WorkerProcess]]:
    """Start ``wirewatch worker`` processes; every one is stopped, and its datadir removed, when the test ends."""
    started: list[WorkerProcess] = []

    def start(settings: Settings) -> WorkerProcess:
        worker = WorkerProcess(settings, tmp_path / f"worker-{len(started)}.log").start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
    for worker in started:  # Faust's datadir, under the settings' home
        shutil.rmtree(worker.settings.home / "faust" / f"{worker.settings.app_id}-data", ignore_errors=True)
