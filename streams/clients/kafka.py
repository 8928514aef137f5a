"""kafka-python producers and consumers for the command line (replay, tail, demo) and the tests."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

from streams.runtime.settings import Settings


class BrokerUnreachable(RuntimeError):
    """No Kafka broker answers at the configured address."""


def _unreachable(settings: Settings, exc: Exception) -> BrokerUnreachable:
    hint = ("start the local one with `wirewatch broker start`" if settings.uses_local_broker
            else "check KAFKA_BOOTSTRAP_SERVERS")
    return BrokerUnreachable(f"cannot reach Kafka at {settings.bootstrap} ({exc.__class__.__name__}): {hint}")


def make_producer(settings: Settings) -> Any:
    """A kafka-python producer that waits for every write to be acknowledged."""
    from kafka import KafkaProducer
    from kafka.errors import KafkaError

    try:
        return KafkaProducer(bootstrap_servers=settings.bootstrap, acks="all", linger_ms=5,
                             client_id=f"{settings.app_id}-cli", request_timeout_ms=30000)
    except KafkaError as exc:
        raise _unreachable(settings, exc) from exc


def make_admin(settings: Settings, timeout_s: float = 30.0) -> Any:
    """A kafka-python admin client; :class:`BrokerUnreachable` when no broker answers within ``timeout_s``."""
    from kafka.admin import KafkaAdminClient
    from kafka.errors import KafkaError

    ms = int(timeout_s * 1000)
    try:
        return KafkaAdminClient(bootstrap_servers=settings.bootstrap, client_id=f"{settings.app_id}-admin",
                                bootstrap_timeout_ms=ms, request_timeout_ms=ms)
    except KafkaError as exc:
        raise _unreachable(settings, exc) from exc


def make_consumer(settings: Settings, *topics: str, group_id: str | None = None,
                  from_beginning: bool = True, auto_commit: bool = True) -> Any:
    """A kafka-python consumer on ``topics``; without a group it commits nothing."""
    from kafka import KafkaConsumer
    from kafka.errors import KafkaError

    try:
        return KafkaConsumer(*topics, bootstrap_servers=settings.bootstrap, group_id=group_id,
                             auto_offset_reset="earliest" if from_beginning else "latest",
                             enable_auto_commit=auto_commit and group_id is not None,
                             client_id=f"{settings.app_id}-reader")
    except KafkaError as exc:
        raise _unreachable(settings, exc) from exc


def read_records(consumer: Any, *, timeout_s: float | None = None,
                 stop: Callable[[], bool] = lambda: False) -> Iterator[tuple[str, bytes | None, dict[str, Any] | None]]:
    """Yield (topic, key, decoded JSON value or None) until ``timeout_s`` passes or ``stop()`` is true."""
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    while not stop() and (deadline is None or time.monotonic() < deadline):
        batches = consumer.poll(timeout_ms=500)
        for records in batches.values():
            for record in records:
                try:
                    value = json.loads(record.value) if record.value is not None else None
                except (UnicodeDecodeError, json.JSONDecodeError):
                    value = None
                yield record.topic, record.key, value
