"""``wirewatch demo``: the whole chain once, on the local broker, then stop everything it started."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from streams.clients.kafka import make_consumer, read_records
from streams.clients.render import render
from streams.clients.replay import replay
from streams.ops.workerproc import WorkerProcess
from streams.runtime.settings import Settings
from streams.runtime.topics import TopicNames, ensure_topics


def run_demo(base: Settings, seeds: str = "seeds", timeout_s: float = 180.0) -> int:
    """Start broker and worker, replay ``seeds``, print each tagged article and alert, stop; 0 on success."""
    from streams.ops.broker import local_broker

    # A fresh topic prefix per run, so the seed is new (and alerts) every time the demo runs.
    run = time.strftime("demo-%Y%m%d-%H%M%S")
    settings = base.model_copy(update={"topic_prefix": f"{run}.", "app_id": f"wirewatch-{run}"})
    broker = local_broker(settings) if settings.uses_local_broker else None
    started_broker = broker is not None and not broker.status().running
    worker = WorkerProcess(settings, Path(settings.home) / "logs" / f"{run}-worker.log")
    try:
        if broker is not None:
            print(f"[1/5] starting Kafka {settings.kafka_version} at {broker.address} "
                  "(the first run fetches its jars with mvn) ...", flush=True)
            broker.start()
        ensure_topics(settings)
        print(f"[2/5] starting the worker (log: {worker.log_file}) ...", flush=True)
        worker.start()
        report = replay(settings, [seeds])
        print(f"[3/5] replayed {report.sent} article(s) from {seeds}/ to {settings.topic_prefix}articles.raw.v1",
              flush=True)
        print("[4/5] waiting for tagged articles and alerts ...\n", flush=True)
        ok = _show_results(settings, set(report.ids), worker, timeout_s)
    finally:
        # Stop first, then say so: printing can fail (a closed pipe) and must not leave processes behind.
        worker.stop()
        if started_broker and broker is not None:
            broker.stop()
        with contextlib.suppress(OSError):
            print("[5/5] stopped the worker" + (" and the broker" if started_broker else ""), flush=True)
    return 0 if ok else 1


def _show_results(settings: Settings, ids: set[str], worker: WorkerProcess, timeout_s: float) -> bool:
    names = TopicNames.from_settings(settings)
    consumer = make_consumer(settings, names.tagged, names.alerts)
    tagged: set[str] = set()
    alerts: list[dict] = []

    def done() -> bool:
        return (tagged >= ids and bool(alerts)) or not worker.running

    try:
        for topic, _key, value in read_records(consumer, timeout_s=timeout_s, stop=done):
            print(render(topic, value) + "\n", flush=True)
            if value and topic == names.tagged:
                tagged.add(value["article"]["id"])
            elif value and topic == names.alerts:
                alerts.append(value)
    finally:
        consumer.close()
    if not worker.running:
        print("the worker stopped unexpectedly; its last lines:\n" + worker.log_tail())
    print(f"{len(tagged)}/{len(ids)} article(s) tagged, {len(alerts)} alert(s)")
    return tagged >= ids and bool(alerts)
