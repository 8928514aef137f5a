"""kafka-python producers and consumers for the command line (replay, tail, demo) and the tests."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

from streams.runtime.settings import Settings


class BrokerUnreachable(RuntimeError):
    """No Kafka broker answers at the configured address."""


def _unreachable(settings: Settings, exc: Exception | str) -> BrokerUnreachable:
    hint = ("start the local one with `wirewatch broker start`" if settings.uses_local_broker
            else "check KAFKA_BOOTSTRAP_SERVERS")
    reason = exc if isinstance(exc, str) else exc.__class__.__name__
    return BrokerUnreachable(f"cannot reach Kafka at {settings.bootstrap} ({reason}): {hint}")


def require_broker(settings: Settings) -> None:
    """Check that one bootstrap address accepts a TCP connection, before any Kafka client is made.

    kafka-python and aiokafka retry an absent broker for a long time and log each attempt; every command
    that talks to Kafka calls this first, so that an absent broker is one line (``wirewatch: cannot reach
    Kafka at HOST:PORT (reason): hint``) within ``kafka_connect_timeout_s`` per address.

    Raises:
        BrokerUnreachable: when no bootstrap address accepts a connection.
    """
    reasons = []
    for address in settings.bootstrap.split(","):
        host, _, port = address.strip().rpartition(":")
        try:
            with socket.create_connection((host.strip("[]") or "localhost", int(port)),
                                          timeout=settings.kafka_connect_timeout_s):
                return
        except ValueError:
            reasons.append(f"{address.strip()!r} is not HOST:PORT")
        except ConnectionRefusedError:
            reasons.append("connection refused")
        except TimeoutError:
            reasons.append(f"no answer within {settings.kafka_connect_timeout_s:g} s")
        except socket.gaierror:
            reasons.append(f"unknown host {host!r}")
        except OSError as exc:
            reasons.append(exc.strerror or type(exc).__name__)
    raise _unreachable(settings, "; ".join(dict.fromkeys(reasons)))


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
    """A kafka-python consumer on ``topics``; without a group it commits nothing.

    It reads committed records only, so that with ``processing_guarantee="exactly_once"`` the output of a
    transaction a crashed worker never committed is not seen (without transactions it changes nothing).
    """
    from kafka import KafkaConsumer
    from kafka.errors import KafkaError

    try:
        return KafkaConsumer(*topics, bootstrap_servers=settings.bootstrap, group_id=group_id,
                             auto_offset_reset="earliest" if from_beginning else "latest",
                             enable_auto_commit=auto_commit and group_id is not None,
                             client_id=f"{settings.app_id}-reader",
                             isolation_level="read_committed")  # never a worker's aborted (crashed) output
    except KafkaError as exc:
        raise _unreachable(settings, exc) from exc


def read_records(consumer: Any, *, timeout_s: float | None = None, stop: Callable[[], bool] = lambda: False,
                 once: bool = True) -> Iterator[tuple[str, bytes | None, dict[str, Any] | None]]:
    """Yield (topic, key, decoded JSON value or None) until ``timeout_s`` passes or ``stop()`` is true.

    With ``once``, a record a worker wrote again after a crash is dropped (:mod:`streams.clients.once`).
    """
    from streams.clients.once import Once

    seen = Once() if once else None
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    while not stop() and (deadline is None or time.monotonic() < deadline):
        batches = consumer.poll(timeout_ms=500)
        for records in batches.values():
            for record in records:
                if seen is not None and not seen.first(record.topic, record.key, record.value):
                    continue
                try:
                    value = json.loads(record.value) if record.value is not None else None
                except (UnicodeDecodeError, json.JSONDecodeError):
                    value = None
                yield record.topic, record.key, value
