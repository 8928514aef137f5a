"""The naive peer: a plain kafka-python consume -> process -> produce loop over the same stage code.

One consumer reads the source topic of every step of :data:`agents.flow.FLOW`, one message at a time;
each message runs through its step's function (built and guarded as both executors do), every output
is sent and flushed, then the offset is committed: one message, one step, one round trip at a time. State
lives in dicts, as in the offline analyzer. Run as a process by :class:`NaivePeer` (settings from the
environment, as ``wirewatch worker`` reads them); SIGTERM stops it after the current message.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from agents.flow import FLOW
from agents.guard import fit_for_broker, isolate_failures
from agents.step import Message, Process, Step, Tables
from streams.ops.workerproc import settings_env
from streams.runtime.settings import Settings
from streams.runtime.topics import RAW, ensure_topics

log = logging.getLogger("naive")


def build_steps(settings: Settings) -> dict[str, tuple[Step, Process]]:
    """Every step's guarded function, by the full name of the topic it reads."""
    tables: dict[str, Tables] = {s.name: {n: {} for n in s.tables} for s in FLOW}
    return {settings.topic_prefix + s.source: (s, isolate_failures(s, s.build(settings, tables[s.name])))
            for s in FLOW}


def handle(record: Any, step: Step, process: Process, settings: Settings, producer: Any) -> None:
    """Run one record through its step and send what it produced, waiting for the broker's acknowledgement."""
    value: Any = record.value
    if step.source != RAW:
        try:
            value = json.loads(record.value)
        except (ValueError, RecursionError):
            pass  # left as bytes: the step refuses them and the guard dead-letters the message
    message = Message(record.key, value, record.topic, record.partition, record.offset, raw=record.value)
    for out in process([message]):
        out = fit_for_broker(out, [message], settings.max_message_bytes, step.name)
        producer.send(settings.topic_prefix + out.topic, key=out.key, value=out.value.model_dump_json().encode())
    producer.flush()


def run(settings: Settings) -> None:
    """Consume, process, produce and commit, one message at a time, until SIGTERM."""
    from kafka import KafkaConsumer, KafkaProducer

    stopping: list[bool] = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    ensure_topics(settings)
    steps = build_steps(settings)
    consumer = KafkaConsumer(*steps, bootstrap_servers=settings.bootstrap, group_id=f"{settings.app_id}-naive",
                             enable_auto_commit=False, auto_offset_reset="earliest", max_poll_records=1)
    producer = KafkaProducer(bootstrap_servers=settings.bootstrap, acks="all", linger_ms=0)
    log.warning("ready")
    try:
        while not stopping:
            for records in consumer.poll(timeout_ms=200, max_records=1).values():
                for record in records:
                    step, process = steps[record.topic]
                    handle(record, step, process, settings, producer)
                    consumer.commit()
    finally:
        producer.close(timeout=10)
        consumer.close()


class NaivePeer:
    """The naive peer as a child process (same interface as :class:`streams.ops.workerproc.WorkerProcess`)."""

    def __init__(self, settings: Settings, log_file: Path) -> None:
        self.settings = settings
        self.log_file = Path(log_file)
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> NaivePeer:
        env = {**os.environ, **settings_env(self.settings), "PYTHONUNBUFFERED": "1"}
        env.pop("WIREWATCH_BOOTSTRAP_SERVERS", None)
        # As a module of the benchmarks folder, so that its own folder does not shadow other modules.
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(Path(__file__).parents[1]), env.get("PYTHONPATH")) if p)
        with open(self.log_file, "ab") as out:
            self.proc = subprocess.Popen(  # noqa: S603 - this module under this interpreter
                [sys.executable, "-m", "pipeline.naive"], stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        return self

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self, grace_s: float = 20.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(grace_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def log_tail(self, lines: int = 30) -> str:
        text = self.log_file.read_text(errors="replace") if self.log_file.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    run(Settings())
