"""Prometheus metrics of the worker, served on ``metrics_port`` (``/metrics``, loopback unless ``metrics_host``).

What it counts, each step as the flow names it (topics by their unprefixed names):

- ``wirewatch_step_messages_in_total{step, topic}``: messages a step was given.
- ``wirewatch_step_messages_out_total{step, topic}``: records it sent, by the topic they went to.
- ``wirewatch_duplicates_total{method}``: reprints linked by dedup (``url``, ``exact``, ``near``).
- ``wirewatch_dead_letters_total{reason}``: dead letters, by reason (``not_json``, ``step_failed:<step>``, ...).
- ``wirewatch_alerts_total{severity}``: alerts published on alerts.v1.
- ``wirewatch_step_seconds{step}``: time of each call of a step's function (histogram; a call is one
  message, a batch of up to ``tag_batch_size`` for ``tag_entities``).
- ``wirewatch_consumer_lag{step, topic}``: records the step has yet to process, measured every
  ``metrics_lag_interval_s`` from the group's committed offsets and the topic's end offsets.
- ``wirewatch_last_processed_timestamp_seconds{step}``: when the step last finished a call.

Each worker process has its own :class:`WorkerMetrics` (its own registry: nothing global), made by
:func:`install` when the app is built; the endpoint starts with the worker.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server

from agents.step import Message, Output, Process, Step
from streams.runtime import topics as t
from streams.runtime.records import Alert, DeadLetter, DuplicateRecord
from streams.runtime.settings import Settings

log = logging.getLogger(__name__)

# From a cheap validation (about 0.1 ms) to a slow tagging batch (seconds).
SECONDS_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class WorkerMetrics:
    """The worker's metrics, in a registry of their own."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.messages_in = Counter("wirewatch_step_messages_in", "Messages a step was given.", ["step", "topic"],
                                   registry=r)
        self.messages_out = Counter("wirewatch_step_messages_out", "Records a step sent, by topic.",
                                    ["step", "topic"], registry=r)
        self.duplicates = Counter("wirewatch_duplicates", "Reprints linked by dedup, by method.", ["method"],
                                  registry=r)
        self.dead_letters = Counter("wirewatch_dead_letters", "Dead letters, by reason.", ["reason"], registry=r)
        self.alerts = Counter("wirewatch_alerts", "Alerts published on alerts.v1, by severity.", ["severity"],
                              registry=r)
        self.seconds = Histogram("wirewatch_step_seconds", "Time of one call of a step's function.", ["step"],
                                 buckets=SECONDS_BUCKETS, registry=r)
        self.lag = Gauge("wirewatch_consumer_lag", "Records a step has yet to process.", ["step", "topic"],
                         registry=r)
        self.last_processed = Gauge("wirewatch_last_processed_timestamp_seconds",
                                    "When a step last finished a call (Unix time).", ["step"], registry=r)

    def instrument(self, step: Step, process: Process) -> Process:
        """``process``, counting what it is given and timing each call."""
        received = self.messages_in.labels(step.name, step.source)
        timer = self.seconds.labels(step.name)
        finished = self.last_processed.labels(step.name)

        def measured(messages: Sequence[Message]) -> list[Output]:
            received.inc(len(messages))
            start = time.perf_counter()
            try:
                return process(messages)
            finally:
                timer.observe(time.perf_counter() - start)
                finished.set_to_current_time()

        return measured

    def sent(self, step: Step, out: Output) -> None:
        """Count one record ``step`` sent, and what it says: a duplicate, a dead letter, an alert."""
        self.messages_out.labels(step.name, out.topic).inc()
        value = out.value
        if isinstance(value, DuplicateRecord):
            self.duplicates.labels(value.method).inc()
        elif isinstance(value, DeadLetter):
            self.dead_letters.labels(value.reason).inc()
        elif isinstance(value, Alert) and out.topic == t.ALERTS:
            self.alerts.labels(value.severity).inc()

    def measure_lag(self, settings: Settings) -> None:
        """Set the lag gauges from the broker (blocking: run it off the event loop)."""
        from streams.clients.kafka import make_admin
        from streams.ops.status import topic_states

        admin = make_admin(settings, timeout_s=10.0)
        try:
            states = topic_states(admin, settings, newest=False)
        finally:
            admin.close()
        for state in states:
            if state.step is not None and state.lag is not None:
                self.lag.labels(state.step, state.base).set(state.lag)

    def serve(self, host: str, port: int) -> Any:
        """Serve ``/metrics`` on ``host:port`` from a daemon thread; return the server (``shutdown()`` stops it)."""
        server, _thread = start_http_server(port, addr=host, registry=self.registry)
        log.info("metrics on http://%s:%d/metrics", host, port)
        return server


def install(app: Any, settings: Settings) -> WorkerMetrics | None:
    """Metrics for the Faust ``app``, or None when ``settings.metrics_port`` is unset.

    The endpoint starts with the worker (a Faust task); the lag is measured on a Faust timer, in a thread
    so that the consumer keeps its heartbeat. A failed measurement is logged and tried again next time.
    """
    if settings.metrics_port is None:
        return None
    metrics = WorkerMetrics()

    @app.task
    async def serve_metrics() -> None:
        try:
            metrics.serve(settings.metrics_host, settings.metrics_port or 0)
        except OSError:  # the port is taken: the worker's work goes on without its metrics
            log.error("cannot serve metrics on %s:%s", settings.metrics_host, settings.metrics_port, exc_info=True)

    @app.timer(settings.metrics_lag_interval_s)
    async def measure_lag(_app: Any) -> None:
        try:
            await asyncio.get_running_loop().run_in_executor(None, metrics.measure_lag, settings)
        except Exception:  # noqa: BLE001 - a missed measurement must not stop the worker
            log.warning("measuring the consumer lag failed", exc_info=True)

    return metrics
