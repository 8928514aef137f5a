"""The Faust app factory: the flow of :mod:`agents.flow` as Faust agents, built from settings.

Each step of the flow becomes one agent that moves messages and state; what a step does is the step's
own function, the same one the offline analyzer runs.

No record stops an agent: each source is read as bytes and decoded here, each step runs inside
:func:`agents.guard.isolate_failures` (a record that makes it raise becomes a ``step_failed:<step>``
dead letter), and each record is checked against ``max_message_bytes`` before it is sent
(:func:`agents.guard.fit_for_broker`). The dead letters keep the original bytes and topic:partition:offset.

Nothing is written twice: each record carries the origin of the message it came from, and a message given
again after a crash or a rebalance does not write what it already wrote (:mod:`streams.runtime.replays`).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from typing import Any

import faust

from agents.flow import FLOW
from agents.guard import fit_for_broker, isolate_failures
from agents.step import Message, Output, Process, Step
from streams.ops.metrics import WorkerMetrics
from streams.ops.metrics import install as install_metrics

from .codec import register_codec
from .replays import HEADER, Replays, written_origins
from .settings import Settings
from .state import StateSlot, claim_slot, state_dir, store_url, table_options
from .topics import DEADLETTER, RAW, TopicNames, partitions_of

log = logging.getLogger(__name__)


class App(faust.App):
    """The Faust app, holding the state slot its worker process has locked (None with the memory store).

    ``producer_buffer_messages`` bounds the records queued for the producer before Faust pauses the
    stream to drain them (Faust's own bound, 100, is not a setting): table writes are changelog
    records queued there, and the dedup step writes about 50 per article.

    The producer is idempotent: a batch it sends again after a broker restart (its first answer lost) is
    written once. Faust asks aiokafka for that only in a transaction (``exactly_once``); aiokafka's
    default is off, unlike the Java client's and kafka-python's since Kafka 3.0.
    """

    state_slot: StateSlot | None = None
    producer_buffer_messages: int = 100

    def _new_producer(self) -> Any:
        producer: Any = super()._new_producer()  # faust's aiokafka Producer
        producer.buffer.max_messages = self.producer_buffer_messages
        extra = producer._settings_extra  # read when the aiokafka producer is made, at the producer's start
        producer._settings_extra = lambda: {**extra(), "acks": "all", "enable_idempotence": True}
        return producer


def declare_topics(app: faust.App, settings: Settings) -> dict[str, Any]:
    """Declare every wirewatch topic on ``app``, by base name: raw bytes in, the pydantic codec elsewhere."""
    names = TopicNames.from_settings(settings)
    codec = register_codec()
    return {base: app.topic(full, key_serializer="raw", value_serializer="raw" if base == RAW else codec,
                            partitions=partitions_of(settings, base))
            for base, full in names.by_base().items()}


def broker_urls(settings: Settings) -> list[str]:
    """Faust broker URLs for the configured bootstrap address."""
    return [f"kafka://{host.strip()}" for host in settings.bootstrap.split(",") if host.strip()]


def add_step(app: faust.App, step: Step, topics: dict[str, Any], settings: Settings,
             metrics: WorkerMetrics | None = None, eager: bool = False) -> Any:
    """Register one step of the flow as a Faust agent reading ``step.source`` (counted in ``metrics``, if any).

    With ``eager``, the step's function (and the NLP models it loads) is built now rather than when its
    agent starts, where the loading would block Faust's event loop after the worker has joined its group.
    """
    # Tables have one partition, like the single-partition topics that feed the stateful steps.
    tables = {name: app.Table(f"{settings.app_id}-{name}", default=None, partitions=1,
                              options=table_options(settings)) for name in step.tables}
    # Read as bytes, decoded in message_of: a message the codec could not decode would crash the agent.
    source = app.topic(topics[step.source].get_topic_name(), key_serializer="raw", value_serializer="raw",
                       partitions=partitions_of(settings, step.source))
    decode = step.source != RAW

    sinks = [topics[base].get_topic_name() for base in dict.fromkeys((*step.sinks, DEADLETTER))]
    replays = Replays(written_origins(settings, sinks))

    async def send(events: Sequence[Any], messages: Sequence[Message], groups: list[list[Output]]) -> None:
        loop = asyncio.get_running_loop()
        for event, message, outputs in zip(events, messages, groups, strict=True):
            if replays.needs_scan(message):
                # What is still on its way to the broker (sent before a rebalance, retried after a broker
                # restart) must be written before the output topics are read, or it is written twice. (Faust's
                # agent test harness never starts the producer: nothing is on its way there.)
                if app.producer.started:
                    await app.producer.flush()
                await loop.run_in_executor(None, replays.rescan, message, event.message.timestamp)
            for out, origin in replays.keep(message, outputs):
                out = fit_for_broker(out, messages, settings.max_message_bytes, step.name)
                if metrics is not None:
                    metrics.sent(step, out)
                await topics[out.topic].send(key=out.key, value=out.value,
                                             headers=[(HEADER, origin)] if origin is not None else None)

    def build() -> Process:
        process = isolate_failures(step, step.build(settings, tables))
        return metrics.instrument(step, process) if metrics is not None else process

    built = build() if eager else None

    async def run(stream: Any) -> None:
        process = built or build()
        if step.batched:
            loop = asyncio.get_running_loop()
            async for events in stream.take_events(settings.tag_batch_size, within=settings.tag_batch_seconds):
                messages = [message_of(event, decode) for event in events]
                # CPU-bound: run it off the event loop so the consumer keeps its heartbeat.
                groups = await loop.run_in_executor(None, per_message, process, messages)
                await send(events, messages, groups)
            return
        async for event in stream.events():
            messages = [message_of(event, decode)]
            await send([event], messages, [process(messages)])

    run.__doc__ = step.build.__doc__
    return app.agent(source, name=step.name)(run)


def per_message(process: Process, messages: Sequence[Message]) -> list[list[Output]]:
    """The outputs of a batched step, one list per message (a batched step gives one output per message)."""
    outputs = process(messages)
    if len(outputs) == len(messages):
        return [[out] for out in outputs]
    log.warning("a batch of %d gave %d outputs: run again one message at a time", len(messages), len(outputs))
    return [process([message]) for message in messages]


def message_of(event: Any, decode: bool) -> Message:
    """The step's view of a Faust event: the value decoded from JSON when ``decode``, the bytes kept in ``raw``."""
    m, value = event.message, event.value
    raw = value if isinstance(value, bytes) else None
    if decode and raw is not None:
        try:
            value = json.loads(raw)
        except (ValueError, RecursionError):
            pass  # left as bytes: the step refuses them and the guard dead-letters the message
    return Message(m.key, value, m.topic, m.partition, m.offset, raw=raw)


def create_app(settings: Settings | None = None, steps: Sequence[Step] = FLOW, eager: bool = False) -> faust.App:
    """Build the wirewatch Faust app: one agent per step of the flow.

    Args:
        settings: configuration; read from the environment when omitted.
        steps: the steps to run as agents (the whole flow unless a benchmark picks some).
        eager: build every step now, NLP models included, so that a worker is ready to process before it
            joins its consumer group (the ``worker`` command); otherwise each agent builds its step as it starts.
    """
    settings = settings or Settings()
    # RocksDB locks its databases: each worker process of this app on this machine takes its own slot.
    slot = claim_slot(settings) if settings.state_store == "rocksdb" else None
    datadir = slot.path if slot is not None else state_dir(settings)
    datadir.parent.mkdir(parents=True, exist_ok=True)  # Faust makes only the last level
    app = App(
        settings.app_id,
        broker=broker_urls(settings),
        store=store_url(settings),  # RocksDB under datadir unless state_store=memory
        datadir=str(datadir),
        topic_partitions=settings.default_partitions,
        topic_replication_factor=settings.replication_factor,
        consumer_auto_offset_reset="earliest",
        web_enabled=settings.web_port is not None,
        web_port=settings.web_port or 6066,
        web_bind=settings.web_host,  # Faust binds every interface by default; ours is loopback unless told
        autodiscover=False,
        broker_session_timeout=settings.session_timeout_s,
        broker_heartbeat_interval=settings.heartbeat_interval_s,
        consumer_group_instance_id=settings.worker_instance_id,  # static membership when set
        processing_guarantee=settings.processing_guarantee,
    )
    app.state_slot = slot  # held, and its lock with it, as long as the app
    app.producer_buffer_messages = settings.producer_buffer_messages
    topics = declare_topics(app, settings)
    metrics = install_metrics(app, settings)  # None unless settings.metrics_port is set
    for step in steps:
        add_step(app, step, topics, settings, metrics, eager=eager)
    return app
