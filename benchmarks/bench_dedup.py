"""Benchmark of the dedup stage: per-article decision time and state size per 100,000 articles.

Articles are synthesised: bodies of 5-8 paragraphs drawn from a Zipf-weighted vocabulary with wire
boilerplate phrases mixed in, and a share of reprints (trimmed, retitled, copy-edited, re-URLed with
tracking parameters). The clock advances so that the whole run fits inside the dedup window, so the
state printed is what a worker holds after 100,000 articles within one window.

Run: ``.venv/bin/python benchmarks/bench_dedup.py [--articles N]``. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import time
from collections.abc import Iterator

from agents.dedup.stage import Deduplicator
from streams.runtime.records import Article

BOILERPLATE = [
    "the ministry said in a statement", "according to officials", "told reporters on", "it was not immediately clear",
    "the associated press", "said on tuesday that the", "did not respond to a request for comment", "last year",
]


def vocabulary(rng: random.Random, size: int = 20_000) -> tuple[list[str], list[float]]:
    """Made-up words with cumulative Zipf weights, like a news vocabulary."""
    syllables = ["ka", "lo", "re", "mi", "tan", "sor", "vel", "du", "pra", "en", "ost", "gri", "ma", "lin", "zu"]
    words = sorted({"".join(rng.choices(syllables, k=rng.randint(1, 4))) for _ in range(size * 2)})[:size]
    rng.shuffle(words)
    return words, list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(words))))


def paragraphs(rng: random.Random, words: list[str], weights: list[float]) -> list[str]:
    """A fresh article body as paragraphs."""
    out = []
    for _ in range(rng.randint(5, 8)):
        sentence = rng.choices(words, cum_weights=weights, k=rng.randint(35, 60))
        sentence.insert(rng.randrange(len(sentence)), rng.choice(BOILERPLATE))
        sentence.insert(rng.randrange(len(sentence)), str(rng.randint(2, 9999)))
        out.append(" ".join(sentence).capitalize() + ".")
    return out


def articles(n: int, reprint_share: float, seed: int) -> Iterator[tuple[Article, float, str | None]]:
    """(article, arrival offset in seconds, id of the article it reprints) for ``n`` articles over five days."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    words, weights = vocabulary(rng)
    originals: list[tuple[str, str, list[str]]] = []
    for i in range(n):
        first = None
        if originals and rng.random() < reprint_share:
            first, url, paras = rng.choice(originals[-5000:])
            kind = rng.randrange(3)
            if kind == 0:
                paras = paras[: max(2, len(paras) // 2 + 1)]
            elif kind == 1:
                paras = [p.replace(" the ", " a ", 2) for p in paras]
            else:
                url = url + "?utm_source=newsletter&fbclid=abc"
            url = url if kind == 2 else f"https://outlet{rng.randint(1, 300)}.example/news/{i}"
        else:
            paras = paragraphs(rng, words, weights)
            url = f"https://wire{i % 7}.example/article/{i}"
            originals.append((f"a{i}", url, paras))
        yield Article(id=f"a{i}", url=url, title=f"Headline {i}", body="\n\n".join(paras)), i * 432_000 / n, first


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--reprint-share", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    state: dict[str, object] = {}
    now = [1_700_000_000.0]
    deduplicator = Deduplicator(state, clock=lambda: now[0], window_days=7.0)
    timings: list[float] = []
    duplicates = reprints = caught = 0
    started = time.perf_counter()
    for article, offset, first in articles(args.articles, args.reprint_share, args.seed):
        now[0] = 1_700_000_000.0 + offset
        t0 = time.perf_counter()
        decision = deduplicator.check(article)
        timings.append(time.perf_counter() - t0)
        duplicates += decision.is_duplicate
        reprints += first is not None
        caught += first is not None and decision.duplicate_of == first
    wall = time.perf_counter() - started

    state_bytes = sum(len(json.dumps(k)) + len(json.dumps(v)) for k, v in state.items())
    scale = 100_000 / args.articles
    by_kind: dict[str, int] = {}
    for key in state:
        by_kind[key.split(":", 1)[0]] = by_kind.get(key.split(":", 1)[0], 0) + 1
    timings.sort()
    mean = statistics.fmean(timings)
    print(f"articles {args.articles}: {reprints} synthetic reprints, {caught} linked to their original, "
          f"{duplicates - caught} other links")
    print(f"decision time per article: mean {mean * 1e3:.3f} ms, p50 {timings[len(timings) // 2] * 1e3:.3f} ms, "
          f"p99 {timings[int(len(timings) * 0.99)] * 1e3:.3f} ms, max {timings[-1] * 1e3:.3f} ms")
    print(f"one partition decides {1 / mean:,.0f} articles/s (real worldwide news volume: tens per second)")
    print(f"state per 100,000 articles: {state_bytes * scale / 1e6:.1f} MB of JSON, {len(state) * scale:,.0f} keys "
          f"({', '.join(f'{k} {v * scale:,.0f}' for k, v in sorted(by_kind.items()))})")
    print(f"wall time {wall:.1f} s (including synthesis)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
