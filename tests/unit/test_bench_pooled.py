"""The pipeline benchmark's rounds pooled into one row: total words over total time, every round's latencies."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from pipeline.chain import Outcome, Seen  # noqa: E402
from pipeline.limits import Throughput  # noqa: E402
from pipeline.report import Phase, pooled, ratios  # noqa: E402

from streams.runtime import topics as t  # noqa: E402


def _phase(seconds: float, cpu: float, latency: float, rss: float) -> Phase:
    outcome = Outcome(0.0, seconds, {"a": Seen(t.TAGGED, 10.0 + latency, 0.0)}, {}, {"a": 10.0})
    return Phase("pipeline, 1 worker", "burst of 1", Throughput(1, 1000, seconds, cpu), outcome, [rss], [cpu])


def test_pooled_sums_time_and_pools_latencies() -> None:
    rounds = [_phase(2.0, 2.0, 1.0, 500.0), _phase(8.0, 6.0, 3.0, 450.0)]
    row = pooled(rounds)
    assert row.throughput.words_per_s == 2000 / 10.0  # not the mean of 500 and 125
    assert row.throughput.words_per_cpu_s == 2000 / 8.0
    assert row.latency("tagged") == "1.00 / 3.00 / 3.00 (n=2)"  # nearest rank over both rounds' articles
    assert row.rss_mb == [500.0]
    assert row.cpu_s == [8.0]
    assert row.load == "burst of 1, 2 rounds"
    assert pooled(rounds[:1]) is rounds[0]


def test_ratios_of_pooled_rows() -> None:
    rows = {"w1": pooled([_phase(2.0, 2.0, 1.0, 1.0), _phase(2.0, 2.0, 1.0, 1.0)]),
            "offline": pooled([_phase(1.0, 1.0, 0.0, 1.0), _phase(3.0, 3.0, 0.0, 1.0)]),
            "naive": _phase(4.0, 2.0, 0.0, 1.0)}
    found = {label: (wps, cpu) for label, wps, cpu in ratios(rows)}
    assert found["pipeline (1 worker) / in-process"] == ("1.00", "1.00")
    assert found["pipeline / naive peer"] == ("2.00", "1.00")
    assert found["2 workers / 1 worker"] == ("-", "-")


def test_cores_busy_pools_the_machine_too() -> None:
    first, second = _phase(2.0, 2.0, 1.0, 1.0), _phase(8.0, 6.0, 1.0, 1.0)
    first.machine_cpu_s, second.machine_cpu_s = 3.0, 12.0
    first.harness_cpu_s, second.harness_cpu_s = 0.5, 1.5
    assert first.cores() == "1.00 / 0.25 / 1.50"
    assert pooled([first, second]).cores() == "0.80 / 0.20 / 1.50"  # 8, 2 and 15 CPU s over 10 s
    assert _phase(1.0, 1.0, 0.0, 1.0).cores() == "-"  # in-process limits: no machine figure
