"""The Faust app factory: the flow of :mod:`agents.flow` as Faust agents, built from settings.

Each step of the flow becomes one agent that moves messages and state; what a step does is the step's
own function, the same one the offline analyzer runs.
"""

from __future__ import annotations

import asyncio
from typing import Any

import faust

from agents.flow import FLOW
from agents.step import Message, Output, Step

from .codec import register_codec
from .settings import Settings
from .topics import RAW, TopicNames, partitions_of


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


def add_step(app: faust.App, step: Step, topics: dict[str, Any], settings: Settings) -> Any:
    """Register one step of the flow as a Faust agent reading ``step.source``."""
    # Tables have one partition, like the single-partition topics that feed the stateful steps.
    tables = {name: app.Table(f"{settings.app_id}-{name}", default=None, partitions=1) for name in step.tables}

    async def send(outputs: list[Output]) -> None:
        for out in outputs:
            await topics[out.topic].send(key=out.key, value=out.value)

    async def run(stream: Any) -> None:
        process = step.build(settings, tables)
        if step.batched:
            loop, source = asyncio.get_running_loop(), topics[step.source].get_topic_name()
            async for batch in stream.take(settings.tag_batch_size, within=settings.tag_batch_seconds):
                messages = [Message(None, value, source) for value in batch]
                # CPU-bound: run it off the event loop so the consumer keeps its heartbeat.
                await send(await loop.run_in_executor(None, process, messages))
            return
        async for event in stream.events():
            m = event.message
            await send(process([Message(m.key, event.value, m.topic, m.partition, m.offset)]))

    run.__doc__ = step.build.__doc__
    return app.agent(topics[step.source], name=step.name)(run)


def create_app(settings: Settings | None = None) -> faust.App:
    """Build the wirewatch Faust app: one agent per step of the flow.

    Args:
        settings: configuration; read from the environment when omitted.
    """
    settings = settings or Settings()
    datadir = settings.home / "faust" / f"{settings.app_id}-data"
    datadir.parent.mkdir(parents=True, exist_ok=True)  # Faust makes only the last level
    app = faust.App(
        settings.app_id,
        broker=broker_urls(settings),
        store="memory://",
        datadir=str(datadir),
        topic_partitions=settings.default_partitions,
        topic_replication_factor=settings.replication_factor,
        consumer_auto_offset_reset="earliest",
        web_enabled=settings.web_port is not None,
        web_port=settings.web_port or 6066,
        autodiscover=False,
        broker_session_timeout=settings.session_timeout_s,
    )
    topics = declare_topics(app, settings)
    for step in FLOW:
        add_step(app, step, topics, settings)
    return app
