"""``wirewatch subscribe``: deliver alerts to a webhook or a command (:mod:`streams.clients.delivery`).

Reads alerts.v1; writes alerts.deadletter.v1; keeps its place as a Kafka consumer group.

The subscriber commits an alert only once it is done with it: delivered, filtered out, or written to the
dead-letter topic. So a stopped subscriber resumes where it left off, several subscribers with the same
group share the work, and an alert may be delivered twice (at-least-once), never lost. No record stops
it: one that cannot be read, and one that still fails after the last retry, goes to alerts.deadletter.v1
with the reason and the original bytes, and the next alert is delivered.
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ConfigDict, ValidationError

from streams.clients.delivery import Deliver, DeliveryError, deliver_with_retries, idempotency_key
from streams.clients.kafka import make_consumer, make_producer
from streams.clients.once import Once
from streams.runtime.records import Alert, DeadLetter, Limits
from streams.runtime.safejson import UnsafeJson, load_json, printable
from streams.runtime.settings import Settings
from streams.runtime.topics import TopicNames, ensure_topics

__all__ = ["AlertFilter", "DeliveryError", "SubscribeReport", "UnreadableAlert", "read_alert", "subscribe"]

log = logging.getLogger(__name__)
SEVERITIES = ("low", "medium", "high", "critical")


class _PublishedAlert(Alert):
    """An alert as read back: what a newer worker adds is ignored, not refused."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class UnreadableAlert(ValueError):
    """A record on alerts.v1 that is not an alert; ``reason`` is a short machine-readable code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def read_alert(raw: bytes | None, limits: Limits) -> dict[str, Any]:
    """The alert in a record, as published (a JSON object with every field of :class:`Alert`).

    Raises:
        UnreadableAlert: ``empty_message``, ``not_utf8``, ``not_json``, ``too_deep``, ``bad_number``,
            ``not_object`` or ``invalid_alert``.
    """
    if raw is None:
        raise UnreadableAlert("empty_message", "the record has no value")
    try:
        data = load_json(raw.decode("utf-8"), limits.max_json_depth, limits.max_number_digits)
    except UnicodeDecodeError as exc:
        raise UnreadableAlert("not_utf8", str(exc)) from exc
    except UnsafeJson as exc:
        raise UnreadableAlert(exc.reason, exc.detail) from exc
    if not isinstance(data, dict):
        raise UnreadableAlert("not_object", f"expected a JSON object, got {type(data).__name__}")
    try:
        _PublishedAlert.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or '<root>'}: {e['msg']}" for e in exc.errors())
        raise UnreadableAlert("invalid_alert", problems) from exc
    return data


@dataclass(frozen=True)
class AlertFilter:
    """Which alerts a subscriber wants: all the conditions hold (an empty name set matches any name).

    Names are matched without regard to case against the alert's canonical ``actor`` and ``target``.
    """

    min_severity: str = "low"
    actors: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    escalated_only: bool = False

    @classmethod
    def of(cls, min_severity: str = "low", actors: Iterable[str] = (), targets: Iterable[str] = (),
           escalated_only: bool = False) -> AlertFilter:
        """A filter from command-line values (ValueError for an unknown severity)."""
        if min_severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {', '.join(SEVERITIES)}, not {min_severity!r}")
        return cls(min_severity, frozenset(a.casefold() for a in actors), frozenset(t.casefold() for t in targets),
                   escalated_only)

    def describe(self) -> str:
        """The conditions in words, for the subscriber's first line."""
        parts = [f"severity >= {self.min_severity}"]
        parts += [f"{role} {' or '.join(sorted(names))}" for role, names in (("actor", self.actors),
                                                                            ("target", self.targets)) if names]
        return ", ".join(parts + (["escalated only"] if self.escalated_only else []))

    def admits(self, alert: dict[str, Any]) -> bool:
        """True when ``alert`` (as :func:`read_alert` returns it) passes every condition."""
        return (SEVERITIES.index(alert["severity"]) >= SEVERITIES.index(self.min_severity)
                and (not self.actors or (alert.get("actor") or "").casefold() in self.actors)
                and (not self.targets or (alert.get("target") or "").casefold() in self.targets)
                and (not self.escalated_only or alert.get("escalated") is True))


@dataclass
class SubscribeReport:
    """What a subscriber did: alerts delivered, dead-lettered (unreadable or undeliverable), filtered out."""

    delivered: int = 0
    dead_lettered: int = 0
    filtered: int = 0
    interrupted: bool = False


class _DeadLetters:
    """Writes dead letters to alerts.deadletter.v1 and waits for the broker's acknowledgement."""

    def __init__(self, settings: Settings, topic: str) -> None:
        self.settings, self.topic = settings, topic
        self._producer: Any = None

    def send(self, record: Any, reason: str, detail: str) -> None:
        """Dead-letter ``record`` with ``reason`` and ``detail``; raises when the broker does not take it."""
        letter = DeadLetter(
            reason=reason, detail=printable(detail[:2000]), source_topic=record.topic, partition=record.partition,
            offset=record.offset, key_b64=base64.b64encode(record.key).decode() if record.key is not None else None,
            original_b64=base64.b64encode(record.value or b"").decode(),
        ).fitted(self.settings.max_message_bytes)
        if self._producer is None:
            self._producer = make_producer(self.settings)
        # Acknowledged before the alert's offset is committed: a dead letter is never lost either.
        self._producer.send(self.topic, key=record.key, value=letter.model_dump_json().encode()).get(timeout=60)
        log.warning("alert at %s:%s:%s dead-lettered to %s: %s: %s", record.topic, record.partition, record.offset,
                    self.topic, reason, letter.detail)

    def close(self) -> None:
        if self._producer is not None:
            self._producer.close(timeout=10)


def _records(consumer: Any, idle_timeout_s: float | None) -> Iterator[Any]:
    """One record at a time (each is committed before the next is read), until idle for ``idle_timeout_s``."""
    idle_since = time.monotonic()
    while True:
        batches = consumer.poll(timeout_ms=500, max_records=1)
        for records in batches.values():
            yield from records
        if batches:
            idle_since = time.monotonic()
        elif idle_timeout_s is not None and time.monotonic() - idle_since > idle_timeout_s:
            return


def _handle(record: Any, settings: Settings, deliver: Deliver, only: AlertFilter, letters: _DeadLetters,
            report: SubscribeReport) -> None:
    """Deliver one record's alert, or pass it by (filtered out), or dead-letter it with the reason."""
    try:
        alert = read_alert(record.value, settings.limits)
        if not only.admits(alert):
            report.filtered += 1
            return
        key = idempotency_key(alert)
        deliver_with_retries(lambda: deliver(alert, key), attempts=settings.subscriber_attempts,
                             backoff_s=settings.subscriber_backoff_s)
        report.delivered += 1
    except UnreadableAlert as exc:
        letters.send(record, exc.reason, exc.detail)
        report.dead_lettered += 1
    except DeliveryError as exc:
        letters.send(record, "delivery_failed", str(exc))
        report.dead_lettered += 1


def subscribe(settings: Settings, deliver: Deliver, *, group: str, only: AlertFilter | None = None,
              max_alerts: int | None = None, idle_timeout_s: float | None = None,
              from_beginning: bool = False) -> SubscribeReport:
    """Deliver each alert ``only`` admits until ``max_alerts`` are delivered, ``idle_timeout_s`` passes idle, or Ctrl-C.

    Each delivery is tried ``settings.subscriber_attempts`` times, with exponential back-off.
    """
    from kafka.structs import OffsetAndMetadata, TopicPartition

    only = only or AlertFilter()
    names = TopicNames.from_settings(settings)
    report = SubscribeReport()
    if max_alerts is not None and max_alerts < 1:
        return report
    ensure_topics(settings)  # alerts.deadletter.v1 is younger than some deployments
    consumer = make_consumer(settings, names.alerts, group_id=group, from_beginning=from_beginning,
                             auto_commit=False)
    letters = _DeadLetters(settings, names.alerts_deadletter)
    once = Once()  # an alert a worker wrote again after a crash is delivered once
    try:
        for record in _records(consumer, idle_timeout_s):
            if once.first(record.topic, record.key, record.value):
                _handle(record, settings, deliver, only, letters, report)
            # This record only: committing the consumer's position could pass alerts fetched but not handled.
            consumer.commit({TopicPartition(record.topic, record.partition):
                             OffsetAndMetadata(record.offset + 1, "", record.leader_epoch)})
            if max_alerts is not None and report.delivered >= max_alerts:
                break
    except KeyboardInterrupt:
        report.interrupted = True  # the alert in hand is not committed: it is delivered again next time
    finally:
        letters.close()
        consumer.close()
    return report
