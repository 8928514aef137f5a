"""What a step of the flow is: the topic it reads, the topics it writes, its state and the function it runs.

A step's function takes a batch of :class:`Message` and returns :class:`Output` records, in input order.
It turns the bad records it knows about into dead letters with a reason of its own; whatever else fails
is caught by :func:`agents.guard.isolate_failures`, which both executors wrap around every step, so a
record that breaks a step becomes a ``step_failed:<step name>`` dead letter and the next one goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from streams.runtime.settings import Settings


@dataclass(frozen=True)
class Message:
    """One record a step consumes: raw bytes on the first topic, a decoded JSON value after it.

    ``raw`` is the value's bytes as they came off the topic (what a dead letter keeps); None offline.
    """

    key: bytes | None
    value: Any
    topic: str = ""
    partition: int | None = None
    offset: int | None = None
    raw: bytes | None = None

    @property
    def origin(self) -> str | None:
        """``topic:partition:offset``, where the broker gave one."""
        return None if self.offset is None else f"{self.topic}:{self.partition}:{self.offset}"


@dataclass(frozen=True)
class Output:
    """One record a step produces, for a topic named by its base name (``articles.tagged.v1``)."""

    topic: str
    key: bytes | None
    value: BaseModel


Tables = Mapping[str, MutableMapping[str, Any]]
Process = Callable[[Sequence[Message]], list[Output]]


@dataclass(frozen=True)
class Step:
    """One step of the flow.

    Attributes:
        name: the Faust agent's name (a verb phrase).
        source: the topic it consumes (base name).
        sinks: the topics it may produce to (base names).
        build: makes the step's function from the settings and its tables (once per process).
        tables: names of the state tables it keeps (changelog-backed in Faust, dicts offline).
        batched: CPU-bound work, given batches (``tag_batch_size`` within ``tag_batch_seconds``) and run off
            the event loop; other steps get one message at a time. A batched step must keep no state (when
            a batch fails, it is run again one message at a time) and gives one output per message, in order
            (the worker tells which message each output came from by its place).
    """

    name: str
    source: str
    sinks: tuple[str, ...]
    build: Callable[[Settings, Tables], Process]
    tables: tuple[str, ...] = ()
    batched: bool = False
