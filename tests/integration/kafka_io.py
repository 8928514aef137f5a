"""Produce to and read from the test broker with kafka-python."""

from __future__ import annotations

import time
from typing import Any

from pydantic import BaseModel

from streams.clients.kafka import make_consumer, make_producer, read_records
from streams.runtime.settings import Settings


def produce(settings: Settings, topic: str, records: list[tuple[bytes | None, bytes | BaseModel]],
            partition: int | None = None) -> None:
    """Send (key, value) pairs (to ``partition`` when given) and wait until the broker has them all."""
    producer = make_producer(settings)
    try:
        for key, value in records:
            raw = value.model_dump_json().encode() if isinstance(value, BaseModel) else value
            producer.send(topic, key=key, value=raw, partition=partition)
        producer.flush(timeout=30)
    finally:
        producer.close(timeout=10)


def collect(settings: Settings, topics: list[str], *, until: Any, timeout_s: float = 90.0,
            settle_s: float = 0.0) -> dict[str, list[dict[str, Any]]]:
    """Read ``topics`` from the beginning until ``until(found)`` holds (then ``settle_s`` more) or time is up."""
    found: dict[str, list[dict[str, Any]]] = {t: [] for t in topics}
    consumer = make_consumer(settings, *topics)
    satisfied_at: list[float] = []

    def stop() -> bool:
        if not satisfied_at and until(found):
            satisfied_at.append(time.monotonic())
        return bool(satisfied_at) and time.monotonic() - satisfied_at[0] >= settle_s

    try:
        for topic, _key, value in read_records(consumer, timeout_s=timeout_s, stop=stop):
            found[topic].append(value if value is not None else {})
    finally:
        consumer.close()
    return found


def wait_for_topics(settings: Settings, names: list[str], timeout_s: float = 30.0) -> bool:
    """Wait until the broker's metadata lists every topic in ``names``; False if time ran out."""
    from kafka.admin import KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=settings.bootstrap, client_id=f"{settings.app_id}-test-admin")
    deadline = time.monotonic() + timeout_s
    try:
        while not set(names) <= set(admin.list_topics()):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.2)
        return True
    finally:
        admin.close()
