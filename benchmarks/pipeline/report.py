"""The figures of one run: each phase's result, the final table (markdown, printed and written to a file)."""

from __future__ import annotations

import math
import os
import platform
from dataclasses import dataclass, field
from datetime import UTC, datetime

from pipeline.chain import Outcome, percentile
from pipeline.limits import Throughput
from streams.runtime import topics as t


@dataclass
class Phase:
    """What one executor did with one set of articles (a burst, or a paced light load)."""

    name: str
    load: str
    throughput: Throughput
    outcome: Outcome | None = None
    rss_mb: list[float] = field(default_factory=list)
    cpu_s: list[float] = field(default_factory=list)
    earlier: list[Outcome] = field(default_factory=list)  # the same phase's outcomes in earlier rounds
    machine_cpu_s: float = math.nan  # CPU seconds the whole machine was busy meanwhile (broker, load, OS too)
    harness_cpu_s: float = math.nan  # CPU seconds of the benchmark's own publisher and collector

    def cores(self) -> str:
        """Cores busy on average while it ran: ``executor / benchmark harness / whole machine`` (the rest of
        the machine's is the broker and anything else running)."""
        seconds = self.throughput.seconds
        if seconds <= 0 or math.isnan(self.machine_cpu_s):
            return "-"
        return " / ".join(f"{x / seconds:.2f}" for x in (self.throughput.cpu_seconds, self.harness_cpu_s,
                                                          self.machine_cpu_s))

    def latency(self, which: str) -> str:
        """``p50 / p95 / p99 (n)`` in seconds of publish -> tagged (``tagged``) or -> alerts.v1 (``alerts``),
        over every round's articles."""
        if self.outcome is None:
            return "-"
        outcomes = [*self.earlier, self.outcome]
        values = [v for o in outcomes for v in (o.tagged_latencies() if which == "tagged" else o.alert_latencies())]
        if not values:
            return "none"
        return " / ".join(f"{percentile(values, q):.2f}" for q in (50, 95, 99)) + f" (n={len(values)})"

    def summary(self) -> str:
        """One line: throughput, outputs by topic, what is missing, and the latencies."""
        line = (f"{self.name} [{self.load}]: {self.throughput.articles} articles, {self.throughput.words:,} words "
                f"in {self.throughput.seconds:.1f} s = {self.throughput.articles_per_s:.2f} articles/s, "
                f"{self.throughput.words_per_s:,.0f} words/s; {self.throughput.cpu_seconds:.1f} CPU s, "
                f"{self.throughput.words_per_cpu_s:,.0f} words per CPU s")
        if self.outcome is not None:
            counts = ", ".join(f"{k} {v}" for k, v in self.outcome.counts.items())
            line += (f"\n    out: {counts}; missing {self.outcome.missing}"
                     f"\n    latency s p50/p95/p99: -> {t.TAGGED} {self.latency('tagged')}; "
                     f"-> {t.ALERTS} {self.latency('alerts')}")
        if self.rss_mb:
            line += "\n    peak RSS MB: " + ", ".join(f"{r:.0f}" for r in self.rss_mb)
        if self.cpu_s:
            line += "; CPU s during the run: " + ", ".join(f"{c:.1f}" for c in self.cpu_s)
        line += f"; cores busy (executor / harness / machine): {self.cores()}"
        return line


def pooled(rounds: list[Phase]) -> Phase:
    """One phase run in several rounds as one: articles, words, seconds and CPU seconds summed (so the
    throughput is total words over total time), latencies over every round's articles, the highest peak RSS
    and the CPU seconds of each process summed."""
    last = rounds[-1]
    if len(rounds) == 1:
        return last
    total = Throughput(sum(p.throughput.articles for p in rounds), sum(p.throughput.words for p in rounds),
                       sum(p.throughput.seconds for p in rounds), sum(p.throughput.cpu_seconds for p in rounds))
    rss = [max(values) for values in zip(*(p.rss_mb for p in rounds), strict=True)]
    cpu = [sum(values) for values in zip(*(p.cpu_s for p in rounds), strict=True)]
    earlier = [p.outcome for p in rounds[:-1] if p.outcome is not None]
    return Phase(last.name, f"{last.load}, {len(rounds)} rounds", total, last.outcome, rss, cpu, earlier,
                 sum(p.machine_cpu_s for p in rounds), sum(p.harness_cpu_s for p in rounds))


def ratios(rows: dict[str, Phase]) -> list[tuple[str, str, str]]:
    """The ratios the issue asks for, as (label, words/s, words per CPU s)."""
    wps = {k: p.throughput.words_per_s for k, p in rows.items()}
    cpu = {k: p.throughput.words_per_cpu_s for k, p in rows.items()}
    return [(label, ratio(wps.get(a, math.nan), wps.get(b, 0.0)), ratio(cpu.get(a, math.nan), cpu.get(b, 0.0)))
            for label, a, b in RATIOS]


RATIOS = [("pipeline (1 worker) / in-process", "w1", "offline"), ("pipeline / model alone", "w1", "model"),
          ("pipeline / naive peer", "w1", "naive"), ("2 workers / 1 worker", "w2", "w1")]


def ratio(a: float, b: float) -> str:
    """``a / b`` to two decimals, or ``-``."""
    return f"{a / b:.2f}" if b > 0 and not math.isnan(a) else "-"


def table(rows: dict[str, Phase], note: str, per_round: list[list[tuple[str, str, str]]] | None = None) -> str:
    """The final table as markdown: throughput, latency, memory, ratios (also ``per_round``, when several
    rounds were run), and the machine."""
    lines = ["| executor | load | articles/s | words/s | words per CPU s | publish -> tagged p50 / p95 / p99 s | "
             "publish -> alerts.v1 p50 / p95 / p99 s | peak RSS MB | cores busy: executor / harness / machine |",
             "|---|---|---|---|---|---|---|---|---|"]
    for phase in rows.values():
        rss = ", ".join(f"{r:.0f}" for r in phase.rss_mb) or "-"
        lines.append(f"| {phase.name} | {phase.load} | {phase.throughput.articles_per_s:.2f} | "
                     f"{phase.throughput.words_per_s:,.0f} | {phase.throughput.words_per_cpu_s:,.0f} | "
                     f"{phase.latency('tagged')} | {phase.latency('alerts')} | {rss} | {phase.cores()} |")
    lines += ["", "| ratio (same run) | words/s | words per CPU s |", "|---|---|---|"]
    lines += [f"| {label} | {wps} | {cpu} |" for label, wps, cpu in ratios(rows)]
    if per_round:
        lines += ["", "The same ratios in each round (words/s): "
                  + "; ".join(f"round {i}: " + ", ".join(f"{label} {wps}" for label, wps, _ in r)
                              for i, r in enumerate(per_round, 1)) + "."]
    lines += ["", "Words per CPU s: the executor's own processes (the broker's CPU is not counted); it is the "
              "figure a loaded machine distorts least. The 2-worker ratio is wall-clock throughput. Cores busy: "
              "the executor's CPU seconds, the benchmark's own (its publisher, and its collector of the output "
              "topics), and the whole machine's (from /proc/stat; the rest is mostly the broker), each over the "
              "phase's wall time; on N cores, N minus what the others take bounds what more workers can use. "
              "With "
              "several rounds, each executor ran once a round, in turn (the order reversed every other round), "
              "and its row pools the rounds: total words over total time, latencies over every article."]
    lines += ["", note]
    return "\n".join(lines)


def machine_note(load_before: tuple[float, float, float]) -> str:
    """The machine and its load, said with the figures: absolute numbers depend on it."""
    load_after = os.getloadavg()
    return (f"Machine: {os.cpu_count()} cores ({platform.processor() or platform.machine()}), Python "
            f"{platform.python_version()}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; load average "
            f"{load_before[0]:.2f} at start, {load_after[0]:.2f} at end (other jobs share it: absolute "
            "figures depend on that load, ratios measured in one run are what to compare).")
