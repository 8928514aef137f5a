"""Throughput of the full entity tagger against the bare spaCy model on the same texts, in one run.

Run: ``.venv/bin/python benchmarks/bench_tagging.py [--repeat N] [--batch-size B]``. Texts are the seed
corpus and the entity evaluation set. Prints words per second of each and their ratio; asserts nothing
about time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from agents.entities.tagger import EntityTagger
from streams.clients.files import read_paths
from streams.runtime.records import Article

ROOT = Path(__file__).resolve().parents[1]


def corpus() -> list[Article]:
    """The seed articles and the evaluation articles."""
    articles = [item.article for item in read_paths([ROOT / "seeds"]) if item.article is not None]
    for line in (ROOT / "eval" / "entities" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        articles.append(Article.model_validate(json.loads(line)))
    return articles


def words_per_second(run: object, texts: list[str], repeat: int) -> float:
    """Best-of-``repeat`` throughput of ``run(texts)``."""
    words = sum(len(t.split()) for t in texts)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run(texts)  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return words / best


def main(argv: list[str] | None = None) -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args(argv)
    articles = corpus() * 4
    texts = [a.text for a in articles]
    tagger = EntityTagger()
    tagger.tag_many(articles[:2])  # warm up: model, matcher and gazetteer loaded before timing

    def bare(batch: list[str]) -> None:
        for _ in tagger.nlp.pipe(batch, batch_size=args.batch_size):
            pass

    def full(_: list[str]) -> None:
        tagger.tag_many(articles)

    model_wps = words_per_second(bare, texts, args.repeat)
    tagger_wps = words_per_second(full, texts, args.repeat)
    out = sys.stdout
    out.write(f"texts: {len(texts)}  words: {sum(len(t.split()) for t in texts)}\n")
    out.write(f"bare model   {model_wps:10.0f} words/s\n")
    out.write(f"full tagger  {tagger_wps:10.0f} words/s\n")
    out.write(f"ratio tagger/model {tagger_wps / model_wps:.2f}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
