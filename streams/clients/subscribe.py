"""``wirewatch subscribe``: deliver alerts to a webhook (HTTP POST of the alert JSON) or to a command.

The subscriber is a Kafka consumer group: it commits an alert only after delivering it, so a stopped
subscriber resumes where it left off, and several subscribers with the same group share the work.
"""

from __future__ import annotations

import json
import logging
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from streams.clients.kafka import make_consumer
from streams.runtime.settings import Settings
from streams.runtime.topics import TopicNames

log = logging.getLogger(__name__)


class DeliveryError(RuntimeError):
    """An alert could not be delivered after every retry."""


def post_json(url: str, payload: dict[str, Any], timeout_s: float = 10.0) -> int:
    """POST ``payload`` as JSON; return the HTTP status (raises on 4xx/5xx and network errors)."""
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"webhook URL must be http(s): {url}")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310
        return int(response.status)


def run_command(command: str, payload: dict[str, Any]) -> int:
    """Run ``command`` through the shell with the alert JSON on standard input; return its exit status."""
    result = subprocess.run(command, shell=True, input=json.dumps(payload).encode(), check=False)  # noqa: S602
    if result.returncode != 0:
        raise DeliveryError(f"command exited with {result.returncode}")
    return result.returncode


def deliver_with_retries(deliver: Callable[[dict[str, Any]], object], payload: dict[str, Any],
                         attempts: int = 5, backoff_s: float = 1.0) -> None:
    """Call ``deliver`` until it succeeds, backing off exponentially; DeliveryError after ``attempts``."""
    for attempt in range(1, attempts + 1):
        try:
            deliver(payload)
            return
        except (OSError, urllib.error.URLError, DeliveryError) as exc:
            if attempt == attempts:
                raise DeliveryError(f"gave up after {attempts} attempts: {exc}") from exc
            log.warning("delivery failed (%s), retry %d/%d", exc, attempt, attempts - 1)
            time.sleep(backoff_s * 2 ** (attempt - 1))


def subscribe(settings: Settings, deliver: Callable[[dict[str, Any]], object], *, group: str,
              min_severity: str = "low", max_alerts: int | None = None, idle_timeout_s: float | None = None,
              from_beginning: bool = False) -> int:
    """Deliver each alert at or above ``min_severity``; return how many were delivered."""
    order = ["low", "medium", "high", "critical"]
    floor = order.index(min_severity)
    consumer = make_consumer(settings, TopicNames.from_settings(settings).alerts, group_id=group,
                             from_beginning=from_beginning, auto_commit=False)
    delivered, idle_since = 0, time.monotonic()
    try:
        while max_alerts is None or delivered < max_alerts:
            batches = consumer.poll(timeout_ms=500)
            if not batches and idle_timeout_s is not None and time.monotonic() - idle_since > idle_timeout_s:
                break
            for records in batches.values():
                for record in records:
                    idle_since = time.monotonic()
                    alert = json.loads(record.value)
                    if order.index(alert.get("severity", "low")) >= floor:
                        deliver_with_retries(deliver, alert)
                        delivered += 1
            if batches:
                consumer.commit()
    finally:
        consumer.close()
    return delivered
