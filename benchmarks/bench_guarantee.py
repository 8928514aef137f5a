"""Benchmark of the processing guarantees: doubled records after kill -9, and throughput, per guarantee.

For each of Faust's ``at_least_once`` and ``exactly_once`` (the ``processing_guarantee`` setting), on a
broker of its own and fresh topics: a burst of distinct short articles (tests/faults/traffic.py) through one
worker, clean, for the throughput (tagged articles per second between the first and the last one); then the
same burst again on new topics with a kill -9 of the worker once a third is tagged and a restart at once,
for the doubled records a read_committed consumer sees on every output topic, and the recovery time (kill
to the first new tagged record).

Run: ``.venv/bin/python benchmarks/bench_guarantee.py [--articles N] [--modes ...]``. Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.faults.traffic, run as a script

from streams.ops.broker import LocalBroker  # noqa: E402
from streams.ops.workerproc import WorkerProcess  # noqa: E402
from streams.runtime.settings import Settings  # noqa: E402
from streams.runtime.topics import TopicNames, ensure_topics  # noqa: E402
from tests.faults.traffic import NewOutput, account, arrivals, burst, output_topics, read_all  # noqa: E402
from tests.integration.kafka_io import produce  # noqa: E402


def fresh(bootstrap: str, home: Path, mode: str, run: str) -> Settings:
    """Settings with topics and a group of their own."""
    tag = uuid.uuid4().hex[:8]
    settings = Settings(bootstrap_servers=bootstrap, home=home, app_id=f"bg-{run}-{tag}", topic_prefix=f"bg{tag}.",
                        processing_guarantee=mode, session_timeout_s=10.0, heartbeat_interval_s=1.0,
                        worker_instance_id=f"bg-{tag}-0")  # type: ignore[arg-type]
    ensure_topics(settings)
    return settings


def clean_run(bootstrap: str, home: Path, mode: str, count: int) -> float:
    """Tagged articles per second between the first and the last tagged article of a clean burst."""
    settings = fresh(bootstrap, home, mode, "clean")
    names = TopicNames.from_settings(settings)
    produce(settings, names.raw, burst(count, seed=1))  # type: ignore[arg-type]
    worker = WorkerProcess(settings, home / f"{settings.app_id}.log").start()
    try:
        times = arrivals(settings, names.tagged, count, timeout_s=count * 1.0 + 120)
    finally:
        worker.stop()
    if len(times) < count:
        print(f"  {mode}: only {len(times)}/{count} tagged; log:\n{worker.log_tail()}")
    return (len(times) - 1) / max(times[-1] - times[0], 1e-9) if len(times) > 1 else 0.0


def kill_run(bootstrap: str, home: Path, mode: str, count: int) -> str:
    """A kill -9 once a third is tagged, restart at once; the account of every id and the recovery time."""
    settings = fresh(bootstrap, home, mode, "kill")
    names = TopicNames.from_settings(settings)
    sent = burst(count, seed=2)
    produce(settings, names.raw, sent)  # type: ignore[arg-type]
    log = home / f"{settings.app_id}.log"
    worker = WorkerProcess(settings, log).start()
    try:
        arrivals(settings, names.tagged, count // 3, timeout_s=count * 1.0 + 120)
        worker.kill()
        killed = time.monotonic()
        watch = NewOutput(settings, names.tagged)
        worker = WorkerProcess(settings, log).start()
        first = watch.wait(timeout_s=180)
        found = read_all(settings, output_topics(names), timeout_s=count * 1.0 + 180, settle_s=10,
                         until=lambda f: len(f[names.tagged]) >= count)
    finally:
        worker.stop()
    recovery = f"{first - killed:.1f}s" if first is not None else "none"
    return account([k.decode() for k, _ in sent], found, names).line(f"{mode} kill -9:", recovery=recovery)


def main() -> None:
    """Run both guarantees on one broker, one after the other; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--modes", nargs="+", default=["at_least_once", "exactly_once"])
    parser.add_argument("--skip-clean", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-guarantee-") as tmp:
        home = Path(tmp)
        broker = LocalBroker.on_free_ports(Settings().home, data_dir=home / "kafka")
        broker.start()
        try:
            for mode in args.modes:
                if not args.skip_clean:
                    print(f"{mode} clean: {clean_run(broker.address, home, mode, args.articles):.1f} articles/s "
                          f"({args.articles} articles)", flush=True)
                print(kill_run(broker.address, home, mode, args.articles), flush=True)
        finally:
            broker.stop()


if __name__ == "__main__":
    main()
