"""Worker memory and restart time with the dedup state in memory against RocksDB, on a real local broker.

Run: ``.venv/bin/python benchmarks/bench_state.py [--articles 20000]`` (about ten minutes per store on two
cores). Needs Kafka's jars (``make jars``); starts its own broker on free ports and stops it at the end.

What it measures, for each store (``state_store`` = ``memory``, then ``rocksdb``):

1. Burst: ``--articles`` short articles (distinct ~400-character bodies, one in ten a reprint of an earlier
   one) are produced to articles.raw.v1 first, then one worker starts and works through the backlog. The
   worker runs the real ``validate_articles`` and ``deduplicate_articles`` agents (the dedup index in its
   Faust table, changelog on the broker) and no NLP steps: tagging 20,000 articles would take an hour and
   keeps no state. Figures: seconds from worker start to the last dedup decision, and the worker's peak
   resident memory (VmHWM of /proc/<pid>/status).
2. Restart: the worker is stopped (SIGTERM), a new one is started on the same state directory with the
   dedup index of the whole burst (every article within the 7-day window, about 1.6 KB of state each),
   and one new article is produced. Figures: seconds from the new worker's start to that article's
   decision (start-up, table recovery and the first record), its peak resident memory, and the size of
   the state directory on disk.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from streams.ops.broker import LocalBroker
from streams.ops.workerproc import settings_env
from streams.runtime.settings import Settings
from streams.runtime.state import state_dir
from streams.runtime.topics import TopicNames, ensure_topics

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("government", "minister", "talks", "border", "troops", "election", "market", "prices", "storm", "court",
         "river", "harbour", "strike", "union", "budget", "exports", "police", "village", "council", "airport",
         "drought", "harvest", "bridge", "protest", "treaty", "coalition", "inflation", "refinery", "pipeline")


def article(i: int, rng: random.Random) -> bytes:
    """One short article; every tenth reprints article ``i - 7`` (a near-duplicate)."""
    body = " ".join(rng.choice(WORDS) for _ in range(55)) + f" Report number {i}."
    if i % 10 == 9:
        body = _bodies[i - 7] + " Updated."
    _bodies[i] = body
    return json.dumps({"id": f"a-{i}", "source": "Bench Wire", "title": f"Story {i}",
                       "url": f"https://bench.example.org/{i}", "body": body}).encode()


_bodies: dict[int, str] = {}


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a live process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def decided(settings: Settings) -> int:
    """Dedup decisions made so far: records on articles.unique.v1 and articles.duplicates.v1."""
    from kafka import KafkaConsumer, TopicPartition

    names = TopicNames.from_settings(settings)
    consumer = KafkaConsumer(bootstrap_servers=settings.bootstrap)
    try:
        parts = [TopicPartition(t, p) for t in (names.unique, names.duplicates)
                 for p in range(settings.partitions_for("articles.unique.v1"))]
        return sum(consumer.end_offsets(parts).values())
    finally:
        consumer.close()


def produce(settings: Settings, values: list[bytes]) -> None:
    """Send raw articles and wait until the broker has them."""
    from streams.clients.kafka import make_producer

    producer = make_producer(settings)
    topic = TopicNames.from_settings(settings).raw
    for value in values:
        producer.send(topic, key=value[8:20], value=value)
    producer.flush(timeout=120)
    producer.close(timeout=10)


def start_worker(settings: Settings, log: Path) -> subprocess.Popen[bytes]:
    """This file run as a worker of the dedup steps only, with ``settings`` in its environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIREWATCH_")} | settings_env(settings)
    with open(log, "ab") as out:
        return subprocess.Popen([sys.executable, __file__, "--worker"], env=env, stdout=out,  # noqa: S603
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=ROOT)


def wait_for(settings: Settings, count: int, worker: subprocess.Popen[bytes], log: Path, timeout_s: float) -> None:
    """Wait until ``count`` dedup decisions are on the topics."""
    deadline = time.monotonic() + timeout_s
    while decided(settings) < count:
        if worker.poll() is not None or time.monotonic() > deadline:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
            raise RuntimeError(f"{decided(settings)}/{count} decisions; worker log:\n{tail}")
        time.sleep(0.2)


def stop(worker: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL after 60 s."""
    worker.terminate()
    try:
        worker.wait(60)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def measure(store: str, bootstrap: str, home: Path, count: int) -> dict[str, float]:
    """Burst and restart figures for one state store."""
    tag = uuid.uuid4().hex[:8]
    settings = Settings(bootstrap_servers=bootstrap, home=home, app_id=f"ww-bench-{store}-{tag}",
                        topic_prefix=f"bench{tag}.", state_store=store)  # type: ignore[arg-type]
    ensure_topics(settings)
    rng = random.Random(7)  # noqa: S311 - benchmark text, no secret
    produce(settings, [article(i, rng) for i in range(count)])
    log = home / f"worker-{store}.log"
    figures: dict[str, float] = {}
    started = time.monotonic()
    worker = start_worker(settings, log)
    try:
        wait_for(settings, count, worker, log, timeout_s=3600)
        figures["burst_s"], figures["burst_rss_mb"] = time.monotonic() - started, peak_rss_mb(worker.pid)
    finally:
        stop(worker)
    started = time.monotonic()
    worker = start_worker(settings, log)
    try:
        produce(settings, [article(count, rng)])
        wait_for(settings, count + 1, worker, log, timeout_s=600)
        figures["restart_s"], figures["restart_rss_mb"] = time.monotonic() - started, peak_rss_mb(worker.pid)
    finally:
        stop(worker)
    figures["disk_mb"] = sum(f.stat().st_size for f in state_dir(settings).rglob("*") if f.is_file()) / 2**20
    return figures


def run_worker() -> int:
    """The child: a Faust worker of ``validate_articles`` and ``deduplicate_articles`` only."""
    import faust

    from agents.flow import FLOW
    from streams.runtime.app import create_app

    faust.Worker(create_app(Settings(), steps=FLOW[:2]), loglevel="warning", quiet=True).execute_from_commandline()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Measure both stores and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2_000,
                        help="articles in the backlog (20,000 takes about an hour per store on 2 busy cores)")
    parser.add_argument("--stores", nargs="+", choices=("memory", "rocksdb"), default=["memory", "rocksdb"],
                        help="state stores to measure (default: both)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return run_worker()
    home = Path(tempfile.mkdtemp(prefix="ww-bench-state-"))
    broker = LocalBroker.on_free_ports(Settings().home, data_dir=home / "kafka")
    broker.start()
    try:
        rows = {store: measure(store, broker.address, home, args.articles) for store in args.stores}
    finally:
        broker.stop()
        shutil.rmtree(home, ignore_errors=True)
    out = sys.stdout
    out.write(f"{args.articles:,} articles; validate + dedup agents only (no NLP); state: the dedup index\n")
    out.write(f"{'store':>8} {'burst s':>8} {'burst peak RSS':>15} {'restart s':>10} {'restart peak RSS':>17} "
              f"{'state on disk':>14}\n")
    for store, f in rows.items():
        out.write(f"{store:>8} {f['burst_s']:8.1f} {f['burst_rss_mb']:12.0f} MB {f['restart_s']:10.1f} "
                  f"{f['restart_rss_mb']:14.0f} MB {f['disk_mb']:11.1f} MB\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
