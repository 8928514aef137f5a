"""End-to-end benchmark of the chain on the real local broker, against its limits and a naive peer, in one run.

Run: ``.venv/bin/python benchmarks/bench_pipeline.py [--articles N] [--light N] [--rounds N] [--quick] [--profile]``
(``make bench`` runs it with the defaults, 2 rounds, about 15-20 minutes on two cores; ``--quick`` about 3-5).
On the same generated articles (500-1,500 words, ~10% reprints, ~10% invasion warnings), it measures:

1. spaCy's model alone and the offline analyzer (``wirewatch analyze``'s executor), in this process;
2. one ``wirewatch worker`` on a local broker (free ports, temporary folder): a burst of every article,
   then other articles at half the burst's throughput (light load); latency publish -> articles.tagged.v1
   and -> alerts.v1 from record timestamps; the worker's peak RSS (VmHWM);
3. the naive peer (:mod:`pipeline.naive`), the same burst and light load;
4. two workers with articles.unique.v1 and articles.tagged.v1 on two partitions, the same burst.

Each round runs all four, in turn (the order reversed every other round); the table pools the rounds (total
words over total time, latencies over every article) and prints each round's ratios beside. It prints each
phase, then the table (also written as markdown, ``--output``). Asserts nothing about time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from pipeline import limits
from pipeline.chain import local_broker, phase_settings
from pipeline.corpus import generate
from pipeline.naive import NaivePeer
from pipeline.phases import run_phases
from pipeline.report import Phase, machine_note, pooled, ratios, table

from streams.ops.workerproc import WorkerProcess
from streams.runtime import topics as t
from streams.runtime.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def parse(argv: list[str] | None) -> argparse.Namespace:
    """Options; ``--quick`` sets smaller defaults."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, help="articles of the burst and the limits (default 120; quick 30)")
    parser.add_argument("--light", type=int, help="articles of the light load (default 40; quick 12)")
    parser.add_argument("--quick", action="store_true", help="a run of a few minutes")
    parser.add_argument("--rounds", type=int, help="times each executor runs, in turn (default 2; quick 1): this "
                        "machine's speed drifts by a quarter from minute to minute, so one pass can favour either")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions of the analyzer")
    parser.add_argument("--keep-logs", action="store_true", help="keep the worker logs (their folder is printed)")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results" / "pipeline.md")
    args = parser.parse_args(argv)
    args.articles = args.articles or (30 if args.quick else 120)
    args.light = args.light or (12 if args.quick else 40)
    args.rounds = args.rounds or (1 if args.quick else 2)
    return args


def main(argv: list[str] | None = None) -> int:
    """Run every phase and print the figures."""
    args = parse(argv)
    load_before = os.getloadavg()
    corpus = generate(args.articles, seed=args.seed)
    light = [g.article for g in generate(args.light, seed=args.seed + 1, id_prefix="l", warning_share=0.25)]
    articles = [g.article for g in corpus]
    words = limits.word_count(articles)
    print(f"articles: {len(articles)} ({words:,} words, {min(g.words for g in corpus)}-{max(g.words for g in corpus)} "
          f"each), {sum(g.reprint_of is not None for g in corpus)} reprints, {sum(g.warning for g in corpus)} with "
          f"a warning; light load: {len(light)} other articles (a quarter with a warning, for more alert latencies)",
          flush=True)
    settings = Settings()
    warm = [g.article for g in generate(4, seed=args.seed + 2, id_prefix="warm-")]
    offline_alerts: list[str] = []
    expected_alerts = 0

    def in_process(_: int) -> dict[str, Phase]:
        nonlocal offline_alerts, expected_alerts
        found = {"model": Phase("spaCy model alone (in process)", "all at once", limits.model_alone(articles, warm))}
        print("  " + found["model"].summary(), flush=True)
        inproc = limits.offline(articles, warm, settings, profile=args.profile)
        found["offline"] = Phase("offline analyzer (in process)", "all at once", inproc.throughput)
        expected_alerts = sum(len(a.alerts) for a in inproc.analyses)
        offline_alerts = sorted({a.article.id for a in inproc.analyses if a.alerts})
        print("  " + found["offline"].summary() + f"\n    {sum(a.duplicate_of is not None for a in inproc.analyses)} "
              f"duplicates, {expected_alerts} alerts, {sum(len(a.failures) for a in inproc.analyses)} dead letters "
              "(reprints are tagged too here, not in the worker)", flush=True)
        if inproc.profile:
            print(inproc.profile)
        return found

    logs = Path(tempfile.mkdtemp(prefix="wwbench-logs-"))
    print(f"worker logs in {logs}" + ("" if args.keep_logs else " (removed when the run succeeds)"), flush=True)
    rounds: list[dict[str, Phase]] = []
    light_rate = 0.0
    with tempfile.TemporaryDirectory(prefix="wwbench-") as tmp, local_broker(Path(tmp) / "kafka") as address:
        home = Path(tmp) / "home"
        print(f"broker at {address}", flush=True)

        def workers(name: str, count: int, **overrides: object) -> tuple[Settings, list, list[Path]]:
            s = phase_settings(address, home, name, **overrides)
            files = [logs / f"{name}-{i}.log" for i in range(count)]
            # One home for all, as on one machine: each worker process takes its own state slot in it.
            return s, [lambda f=f: WorkerProcess(s, f).start() for f in files], files

        def one_worker(n: int) -> dict[str, Phase]:
            nonlocal light_rate
            s1, start1, logs1 = workers(f"w1r{n}", 1)
            w1 = run_phases("pipeline, 1 worker", s1, start1, logs1, "Worker ready", articles, expected_alerts,
                            light, lambda burst: light_rate or burst.throughput.articles_per_s / 2)
            light_rate = light_rate or w1[0].throughput.articles_per_s / 2  # every round at the same rate
            return {"w1": w1[0], "w1-light": w1[-1]}

        def naive(n: int) -> dict[str, Phase]:
            sn = phase_settings(address, home, f"naiver{n}")
            log = logs / f"naive-r{n}.log"
            peer = run_phases("naive peer", sn, [lambda: NaivePeer(sn, log).start()], [log], "ready",
                              articles, expected_alerts, light, lambda _: light_rate)
            return {"naive": peer[0], "naive-light": peer[-1]}

        def two_workers(n: int) -> dict[str, Phase]:
            s2, start2, logs2 = workers(f"w2r{n}", 2, partitions={t.UNIQUE: 2, t.TAGGED: 2})
            return {"w2": run_phases("pipeline, 2 workers", s2, start2, logs2, "Worker ready", articles,
                                     expected_alerts)[0]}

        for n in range(1, args.rounds + 1):
            print(f"round {n} of {args.rounds}", flush=True)
            # In turn, the order reversed every other round: a machine that slows down or speeds up during
            # the run favours no executor. The first round sets the light load's rate.
            order = [in_process, one_worker, naive, two_workers]
            found: dict[str, Phase] = {}
            for run in order if n % 2 else order[::-1]:
                found.update(run(n))
            rounds.append(found)

    if not args.keep_logs:
        shutil.rmtree(logs, ignore_errors=True)
    for found in rounds:
        for key in ("w1", "naive", "w2"):
            outcome = found[key].outcome
            if outcome is not None and sorted(outcome.alerts) != offline_alerts:
                print(f"  {found[key].name}: alerts for {sorted(outcome.alerts)}, the analyzer's for {offline_alerts}")
    keys = ["model", "offline", "w1", "w1-light", "w2", "naive", "naive-light"]
    rows = {k: pooled([r[k] for r in rounds]) for k in keys}
    text = table(rows, machine_note(load_before), [ratios(r) for r in rounds] if len(rounds) > 1 else None)
    print("\n" + text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(f"Command: `make bench` (`benchmarks/bench_pipeline.py --articles {args.articles} "
                           f"--light {args.light} --rounds {args.rounds}`)\n\n{text}\n")
    print(f"\ntable written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
