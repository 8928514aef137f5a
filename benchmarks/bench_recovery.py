"""Benchmark of recovery after kill -9: a restarted worker, a surviving worker, and the floor under both.

On a broker of its own, fresh topics per run, a burst of distinct short articles (tests/faults/traffic.py):

- ``restart``: one worker with a static group instance id; kill -9 once a quarter is tagged, start it again
  at once. Recovery is the time from the kill to the first new tagged article; the restarted worker's log
  splits it into: until Faust starts (interpreter, imports, NLP models, topic check), until it has joined
  the group, and until the first new output.
- ``survivor``: two workers (instance ids), every topic one partition so that one of them alone tags;
  kill -9 of that one (read from the assignments in the logs), no restart. The other takes over once
  the dead member's session expires (``session_timeout_s``) and it has restored the tables.
- ``floor``: what any restart pays before it can join: ``python -c "import spacy, faust"``, and importing the
  app and building every step of the flow (the NLP models), each in a fresh interpreter.

Run: ``.venv/bin/python benchmarks/bench_recovery.py [--articles N] [--sessions 6 10]``. Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.faults.traffic, run as a script

from streams.ops.broker import LocalBroker  # noqa: E402
from streams.ops.workerproc import WorkerProcess  # noqa: E402
from streams.runtime.settings import Settings  # noqa: E402
from streams.runtime.topics import TopicNames, ensure_topics  # noqa: E402
from tests.faults.traffic import NewOutput, arrivals, burst  # noqa: E402
from tests.integration.kafka_io import produce  # noqa: E402

LOG_TIME = re.compile(r"^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3})\]")
BUILD_FLOW = ("import time; t = time.monotonic(); from agents.flow import FLOW; import streams.runtime.app; "
              "from streams.runtime.settings import Settings; i = time.monotonic() - t; s = Settings(); "
              "[step.build(s, {n: {} for n in step.tables}) for step in FLOW]; "
              "print(f'{i:.1f} {time.monotonic() - t - i:.1f}')")


def fresh(bootstrap: str, home: Path, run: str, session_s: float, partitions: int = 1) -> Settings:
    """Settings with topics and a group of their own."""
    tag = uuid.uuid4().hex[:8]
    settings = Settings(bootstrap_servers=bootstrap, home=home, app_id=f"br-{run}-{tag}", topic_prefix=f"br{tag}.",
                        session_timeout_s=session_s, heartbeat_interval_s=min(3.0, session_s / 3),
                        default_partitions=partitions)  # type: ignore[call-arg]
    ensure_topics(settings)
    return settings


def logged_at(log: Path, text: str, after: float) -> float | None:
    """Wall-clock time of the first line of ``log`` that contains ``text`` and was written after ``after``."""
    for line in log.read_text(errors="replace").splitlines():
        stamp = LOG_TIME.match(line)
        if stamp and text in line:
            at = datetime.strptime(stamp.group(1), "%Y-%m-%d %H:%M:%S,%f").timestamp()
            if at >= after:
                return at
    return None


def holds(log: Path, topic: str) -> bool:
    """True when the worker's latest partition assignment (in its log) includes ``topic``."""
    text = log.read_text(errors="replace")
    last = text.rfind("Setting newly assigned partitions")
    return last >= 0 and topic in text[last:text.find("for group", last)]


def restart_run(bootstrap: str, home: Path, count: int, session_s: float) -> str:
    """One static member killed and started again at once; recovery and its phases."""
    settings = fresh(bootstrap, home, "restart", session_s).model_copy(update={"worker_instance_id": "br-0"})
    names = TopicNames.from_settings(settings)
    produce(settings, names.raw, burst(count, seed=3))  # type: ignore[arg-type]
    first_log, second_log = home / f"{settings.app_id}-0.log", home / f"{settings.app_id}-1.log"
    worker = WorkerProcess(settings, first_log).start()
    try:
        arrivals(settings, names.tagged, count // 4, timeout_s=count * 2.0 + 120)
        worker.kill()
        killed, killed_wall = time.monotonic(), time.time()
        watch = NewOutput(settings, names.tagged)
        worker = WorkerProcess(settings, second_log).start()
        first = watch.wait(timeout_s=240)
    finally:
        worker.stop()
    if first is None:
        return f"restart session={session_s:g}s: no output within 240 s"
    started = logged_at(second_log, "[^Worker]: Starting", killed_wall)
    joined = logged_at(second_log, "Joined group", killed_wall)
    phases = (f" (Faust started +{started - killed_wall:.1f}s, joined +{joined - killed_wall:.1f}s)"
              if started and joined else "")
    return f"restart session={session_s:g}s instance_id=yes: recovery {first - killed:.1f}s{phases}"


def survivor_run(bootstrap: str, home: Path, count: int, session_s: float) -> str:
    """Two static members; the one that tags is killed for good; the time until the other tags again."""
    settings = fresh(bootstrap, home, "survivor", session_s)
    names = TopicNames.from_settings(settings)
    produce(settings, names.raw, burst(count, seed=4))  # type: ignore[arg-type]
    logs = [home / f"{settings.app_id}-{i}.log" for i in range(2)]
    workers = [WorkerProcess(settings.model_copy(update={"worker_instance_id": f"br-{i}",
                                                         "home": home / f"w{i}"}), logs[i]).start()
               for i in range(2)]
    try:
        arrivals(settings, names.tagged, count // 4, timeout_s=count * 2.0 + 120)
        tagging = [i for i in range(2) if holds(logs[i], names.unique)]
        if len(tagging) != 1:
            return f"survivor session={session_s:g}s: could not tell which worker tags ({tagging})"
        victim = tagging[0]
        workers[victim].kill()
        killed = time.monotonic()
        first = NewOutput(settings, names.tagged).wait(timeout_s=240)
    finally:
        for worker in workers:
            worker.stop()
    recovery = f"{first - killed:.1f}s" if first is not None else "none within 240 s"
    return f"survivor session={session_s:g}s instance_id=yes: recovery {recovery}"


def floor() -> str:
    """Interpreter start with spaCy and Faust imported; imports of the app and the flow's models built."""
    start = time.monotonic()
    subprocess.run([sys.executable, "-c", "import spacy, faust"], check=True)  # noqa: S603 - our interpreter
    imports = time.monotonic() - start
    out = subprocess.run([sys.executable, "-c", BUILD_FLOW], check=True,  # noqa: S603 - our interpreter
                         capture_output=True, text=True).stdout.split()
    return (f"floor: python -c 'import spacy, faust' {imports:.1f}s; in a fresh interpreter, importing the app "
            f"{out[0]}s, then building the flow's steps (NLP models) {out[1]}s")


def main() -> None:
    """Run the floor, then restart and survivor for each session timeout, on one broker; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--sessions", type=float, nargs="+", default=[6.0, 10.0])
    args = parser.parse_args()
    print(floor(), flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-recovery-") as tmp:
        home = Path(tmp)
        broker = LocalBroker.on_free_ports(Settings().home, data_dir=home / "kafka")
        broker.start()
        try:
            for session_s in args.sessions:
                print(restart_run(broker.address, home, args.articles, session_s), flush=True)
                print(survivor_run(broker.address, home, args.articles, session_s), flush=True)
        finally:
            broker.stop()


if __name__ == "__main__":
    main()
