"""One phase of the chain: start the executor's processes, warm them up, publish, collect, stop them.

An executor is ``wirewatch worker`` processes (:class:`streams.ops.workerproc.WorkerProcess`) or the naive
peer (:class:`pipeline.naive.NaivePeer`). Every process a phase starts is stopped when it ends, also on
error or Ctrl-C. Warm-up articles (other texts) go through first, so that model loading, the consumer
group's join and topic metadata stay out of the figures.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from pipeline.chain import Collector, children, machine_busy_s, process_stat, publish
from pipeline.corpus import generate
from pipeline.limits import Throughput, word_count
from pipeline.report import Phase
from streams.runtime.records import Article
from streams.runtime.settings import Settings
from streams.runtime.topics import ensure_topics


class Executor(Protocol):
    """What a phase needs of a process it started."""

    proc: Any

    @property
    def running(self) -> bool: ...

    def stop(self, grace_s: float = ...) -> Any: ...

    def log_tail(self, lines: int = ...) -> str: ...


def wait_log(process: Executor, log_file: Path, marker: str, times: int = 1, timeout_s: float = 240.0) -> bool:
    """Wait until ``marker`` appears ``times`` times in the log; False on timeout. Raises if the process died."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not process.running:
            raise RuntimeError(f"{log_file.name} exited:\n{process.log_tail()}")
        if log_file.exists() and log_file.read_text(errors="replace").count(marker) >= times:
            return True
        time.sleep(0.5)
    return False


@contextmanager
def started(starters: Sequence[Callable[[], Executor]], log_files: Sequence[Path],
            marker: str) -> Iterator[list[Executor]]:
    """Start the processes one after the other, each ready (and the earlier ones rebalanced) before the next."""
    running: list[Executor] = []
    try:
        for i, (start, log_file) in enumerate(zip(starters, log_files, strict=True)):
            running.append(start())
            wait_log(running[-1], log_file, marker)
            for earlier, earlier_log in zip(running[:-1], log_files, strict=False):
                # After a join the group rebalances; a worker logs its marker again once it has resumed.
                if not wait_log(earlier, earlier_log, marker, times=i + 1, timeout_s=90):
                    print(f"  (no second '{marker}' in {earlier_log.name}; going on)", file=sys.stderr)
        yield running
    finally:
        for process in running:
            process.stop()


def usage(processes: Sequence[Executor]) -> list[tuple[float, float]]:
    """(peak RSS MB, CPU s) of each process, its children's peak RSS added if it has any."""
    stats = []
    for process in processes:
        rss, cpu = process_stat(process.proc.pid)
        rss += sum(process_stat(child)[0] for child in children(process.proc.pid))
        stats.append((rss, cpu))
    return stats


def warm_up(settings: Settings, collector: Collector, processes: Sequence[Executor], tag: str) -> None:
    """Eight other articles through the whole chain before anything is measured."""
    warm = [g.article for g in generate(8, seed=len(tag) * 7919 + ord(tag[0]), id_prefix=f"warm-{tag}-",
                                        reprint_share=0.0)]
    start = publish(settings, warm, collector=collector)
    outcome = collector.wait({a.id for a in warm}, start, idle_s=300, alive=lambda: all(p.running for p in processes))
    if outcome.missing:
        raise RuntimeError(f"warm-up of {tag}: {outcome.missing} of 8 articles did not come out:\n"
                           + "\n".join(p.log_tail() for p in processes))


def measure(name: str, load: str, settings: Settings, collector: Collector, processes: Sequence[Executor],
            articles: list[Article], rate: float | None = None, expected_alerts: int | None = None) -> Phase:
    """Publish ``articles`` (a burst, or paced at ``rate`` a second) and wait until all came out."""
    cpu_before = [cpu for _, cpu in usage(processes)]
    busy_before, own_before = machine_busy_s(), time.process_time()
    begin = publish(settings, articles, rate, collector=collector)
    outcome = collector.wait({a.id for a in articles}, begin, expected_alerts=expected_alerts,
                             alive=lambda: all(p.running for p in processes))
    after = usage(processes)
    busy, own = machine_busy_s() - busy_before, time.process_time() - own_before
    cpu = [cpu - c0 for (_, cpu), c0 in zip(after, cpu_before, strict=True)]
    phase = Phase(name, load, Throughput(len(articles), word_count(articles), outcome.ended - begin, sum(cpu)),
                  outcome, [rss for rss, _ in after], cpu, machine_cpu_s=busy, harness_cpu_s=own)
    if outcome.missing or not all(p.running for p in processes):
        print(f"  WARNING {name}: {outcome.missing} articles did not come out", file=sys.stderr)
        for p in processes:
            print(p.log_tail(), file=sys.stderr)
    return phase


def run_phases(name: str, settings: Settings, starters: Sequence[Callable[[], Executor]], log_files: Sequence[Path],
               marker: str, burst: list[Article], expected_alerts: int | None,
               light: list[Article] | None = None, light_rate: Callable[[Phase], float] | None = None) -> list[Phase]:
    """A burst of ``burst`` then, if given, ``light`` at ``light_rate(burst phase)`` articles a second."""
    ensure_topics(settings)
    phases = []
    with started(starters, log_files, marker) as processes, Collector(settings) as collector:
        warm_up(settings, collector, processes, name)
        phases.append(measure(name, f"burst of {len(burst)}", settings, collector, processes, burst,
                              expected_alerts=expected_alerts))
        print("  " + phases[-1].summary(), flush=True)
        if light and light_rate is not None:
            rate = light_rate(phases[0])
            phases.append(measure(name, f"light, {rate:.2f}/s", settings, collector, processes, light, rate=rate))
            print("  " + phases[-1].summary(), flush=True)
    return phases
