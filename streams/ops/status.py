"""``wirewatch status``: the broker, every topic's record count, each step's lag and the worker's last work.

Everything is read, nothing consumed: the topics' offsets and the worker's committed offsets come from
the broker's admin API, the time of the worker's last work from its metrics endpoint when it serves one
(``metrics_port``), else from the newest record the steps wrote. The worker's metrics refresh their lag
gauges with the same :func:`topic_states`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from agents.flow import step_reading
from streams.clients.kafka import BrokerUnreachable, make_admin
from streams.ops.logs import quieted
from streams.runtime.settings import Settings
from streams.runtime.topics import RAW, TopicNames

log = logging.getLogger(__name__)

LAST_PROCESSED = "wirewatch_last_processed_timestamp_seconds"


@dataclass(frozen=True)
class TopicState:
    """One wirewatch topic as the broker sees it.

    Attributes:
        base: the unprefixed name (``articles.raw.v1``).
        name: the full name.
        exists: False when the topic was never created.
        records: records held (end offset less start offset, summed over partitions).
        step: the step that reads it, or None for a topic that leaves the flow.
        lag: records its step has yet to process (end offset less the worker group's committed offset;
            every held record for a partition the group never committed); None when unknown or unread.
        newest: when its newest record was written, or None when empty.
    """

    base: str
    name: str
    exists: bool
    records: int = 0
    step: str | None = None
    lag: int | None = None
    newest: datetime | None = None


@dataclass(frozen=True)
class Status:
    """What ``wirewatch status`` shows."""

    bootstrap: str
    group: str
    topics: list[TopicState] = field(default_factory=list)
    last_processed: datetime | None = None
    last_processed_from: str = "nothing processed yet"

    def to_json(self) -> dict[str, Any]:
        """The status as JSON-ready data (times in ISO 8601, UTC)."""
        data = asdict(self)
        data["broker_reachable"] = True
        return _isoformat(data)


def _isoformat(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _isoformat(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_isoformat(v) for v in value]
    return value


def topic_states(admin: Any, settings: Settings, *, newest: bool = True) -> list[TopicState]:
    """Every wirewatch topic's record count and its step's lag, in pipeline order, from ``admin``."""
    from kafka import TopicPartition
    from kafka.admin import OffsetSpec

    names = TopicNames.from_settings(settings).by_base()
    described = {d["name"]: d for d in admin.describe_topics(list(names.values())) if d["error_code"] == 0}
    parts = {name: [TopicPartition(name, p["partition_index"]) for p in d["partitions"]]
             for name, d in described.items()}
    every = [tp for tps in parts.values() for tp in tps]
    start = _offsets(admin, every, OffsetSpec.EARLIEST)
    end = _offsets(admin, every, OffsetSpec.LATEST)
    stamps = _newest(admin, every, OffsetSpec.MAX_TIMESTAMP) if newest else {}
    read = [tp for tp in every if step_reading(_base(names, tp.topic)) is not None]
    committed = _committed(admin, settings.app_id, read)
    states = []
    for base, name in names.items():
        step = step_reading(base)
        if name not in parts:
            states.append(TopicState(base, name, exists=False, step=step.name if step else None))
            continue
        tps = parts[name]
        lag = None if step is None or committed is None else sum(
            end[tp] - (committed[tp] if committed.get(tp, -1) >= 0 else start[tp]) for tp in tps)
        times = [stamps[tp] for tp in tps if tp in stamps]
        states.append(TopicState(base, name, exists=True, records=sum(end[tp] - start[tp] for tp in tps),
                                 step=step.name if step else None, lag=lag, newest=max(times, default=None)))
    return states


def _base(names: dict[str, str], full: str) -> str:
    return next(base for base, name in names.items() if name == full)


def _offsets(admin: Any, tps: list[Any], spec: Any) -> dict[Any, int]:
    return {tp: found.offset for tp, found in admin.list_partition_offsets({tp: spec for tp in tps}).items()} \
        if tps else {}


def _newest(admin: Any, tps: list[Any], spec: Any) -> dict[Any, datetime]:
    """Each non-empty partition's newest record time; nothing on a broker too old to say (before Kafka 3.0)."""
    from kafka.errors import KafkaError

    try:
        found = admin.list_partition_offsets({tp: spec for tp in tps}) if tps else {}
    except KafkaError as exc:
        log.debug("newest record times unavailable: %s", exc)
        return {}
    return {tp: datetime.fromtimestamp(o.timestamp / 1000, UTC) for tp, o in found.items() if o.timestamp >= 0}


def _committed(admin: Any, group: str, tps: list[Any]) -> dict[Any, int] | None:
    """The group's committed offsets (-1 where none); None when the broker cannot say yet."""
    from kafka.errors import KafkaError

    if not tps:
        return {}
    try:
        found = admin.list_group_offsets({group: tps}).get(group, {})
    except KafkaError as exc:  # e.g. no group coordinator yet on a new broker
        log.debug("committed offsets of %s unavailable: %s", group, exc)
        return None
    return {tp: meta.offset for tp, meta in found.items()}


def metrics_url(settings: Settings) -> str | None:
    """Where the worker's metrics are served, or None when it serves none."""
    if settings.metrics_port is None:
        return None
    host = "127.0.0.1" if settings.metrics_host in ("", "0.0.0.0", "::") else settings.metrics_host  # noqa: S104
    return f"http://{host}:{settings.metrics_port}/metrics"


def scrape_last_processed(url: str, timeout_s: float) -> datetime | None:
    """The newest ``wirewatch_last_processed_timestamp_seconds`` at ``url``; None when unreachable or unset."""
    import urllib.request

    from prometheus_client.parser import text_string_to_metric_families

    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:  # noqa: S310 - http URL built above
            text = response.read(4_000_000).decode("utf-8", "replace")
    except OSError as exc:
        log.debug("metrics at %s unreachable: %s", url, exc)
        return None
    values = [s.value for f in text_string_to_metric_families(text) if f.name == LAST_PROCESSED
              for s in f.samples if s.value > 0]
    return datetime.fromtimestamp(max(values), UTC) if values else None


def read_status(settings: Settings, timeout_s: float = 5.0) -> Status:
    """The status of the broker and the worker.

    Raises:
        BrokerUnreachable: when no broker answers within ``timeout_s``.
    """
    from kafka.errors import KafkaError

    with quieted("kafka"):  # kafka-python logs every failed attempt; the one line that matters is ours
        admin = make_admin(settings, timeout_s)
    try:
        topics = topic_states(admin, settings)
    except KafkaError as exc:
        raise BrokerUnreachable(f"Kafka at {settings.bootstrap} stopped answering ({type(exc).__name__})") from exc
    finally:
        admin.close()
    url = metrics_url(settings)
    scraped = scrape_last_processed(url, timeout_s) if url else None
    if scraped is not None:
        return Status(settings.bootstrap, settings.app_id, topics, scraped, f"the worker's metrics ({url})")
    written = _latest(t.newest for t in topics if t.base != RAW)
    source = "the newest record a step wrote" + ("" if url is None else f" (no metrics at {url})")
    return Status(settings.bootstrap, settings.app_id, topics, written, source if written else "nothing processed yet")


def _latest(times: Iterable[datetime | None]) -> datetime | None:
    return max((t for t in times if t is not None), default=None)


def ago(when: datetime | None, now: datetime) -> str:
    """'12 s ago', '5 min ago', '3 h ago', '2 days ago'; '-' for None."""
    if when is None:
        return "-"
    seconds = max(0.0, (now - when).total_seconds())
    for unit, size in (("days", 86_400), ("h", 3_600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size:.0f} {unit} ago"
    return f"{seconds:.0f} s ago"


def render_status(status: Status, out: Any, now: datetime | None = None) -> None:
    """Print ``status`` as a table on ``out`` (a text stream); colours only on a terminal."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    now = now or datetime.now(UTC)
    # Off a terminal, rich would wrap at 80 columns: a piped table keeps one topic a line instead.
    console = Console(file=out, width=None if out.isatty() else 160, highlight=False)
    console.print(f"Kafka at {status.bootstrap}: [green]reachable[/]; worker group {status.group}")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for column, justify in (("topic", "left"), ("records", "right"), ("read by", "left"), ("lag", "right"),
                            ("newest record", "left")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for topic in status.topics:
        if not topic.exists:
            table.add_row(topic.name, "[red]missing[/]", topic.step or "-", "-", "-")
            continue
        lag = "-" if topic.step is None else "?" if topic.lag is None else f"{topic.lag:,}"
        style = "yellow" if topic.lag else ""
        table.add_row(topic.name, f"{topic.records:,}", topic.step or "-", f"[{style}]{lag}[/]" if style else lag,
                      ago(topic.newest, now))
    console.print(table)
    when = status.last_processed
    stamp = f"{ago(when, now)} ({when:%Y-%m-%d %H:%M:%S} UTC), from {status.last_processed_from}" if when else \
        status.last_processed_from
    console.print(f"worker last processed: {stamp}")
