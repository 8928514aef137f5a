"""The limits the pipeline is compared with, measured in this process on the same articles.

- spaCy's model alone: the pipeline the tagger loads (:func:`agents.entities.tagger.load_nlp`), ``nlp.pipe``
  over the texts, as :meth:`EntityTagger.tag_many` calls it.
- The offline analyzer (:class:`agents.offline.Pipeline`, what ``wirewatch analyze`` runs): every step of the
  flow after validation, in process, state in dicts. It also tags reprints (the worker does not).

Model loading and the first call are kept out of the timings (warm-up on other articles).
"""

from __future__ import annotations

import cProfile
import io
import pstats
import time
from dataclasses import dataclass

from agents.entities.tagger import load_nlp
from agents.offline import Analysis, Pipeline
from streams.runtime.records import Article
from streams.runtime.settings import Settings


@dataclass(frozen=True)
class Throughput:
    """Articles and words over a measured time."""

    articles: int
    words: int
    seconds: float
    cpu_seconds: float = float("nan")

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0

    @property
    def words_per_cpu_s(self) -> float:
        """Words per CPU second of the executor's processes: what load on a shared machine distorts least."""
        return self.words / self.cpu_seconds if self.cpu_seconds > 0 else float("nan")


def word_count(articles: list[Article]) -> int:
    """Words of the articles' texts (title and body), split on white space."""
    return sum(len(a.text.split()) for a in articles)


def model_alone(articles: list[Article], warmup: list[Article]) -> Throughput:
    """spaCy's model alone over the texts of ``articles``."""
    nlp = load_nlp()
    for _ in nlp.pipe(a.text for a in warmup):
        pass
    started, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(a.text for a in articles):
        pass
    return Throughput(len(articles), word_count(articles), time.perf_counter() - started, time.process_time() - cpu)


@dataclass
class InProcess:
    """The offline analyzer's throughput, its answers, and its profile when asked for."""

    throughput: Throughput
    analyses: list[Analysis]
    profile: str = ""


def offline(articles: list[Article], warmup: list[Article], settings: Settings, profile: bool = False) -> InProcess:
    """The offline analyzer over ``articles`` with fresh state.

    ``profile`` adds cProfile's top functions from a second, separate pass over up to 40 of the articles,
    so that the profiler's overhead stays out of the figure.
    """
    list(Pipeline(settings).analyze_many(warmup))  # loads the model, rules and tables once
    pipeline = Pipeline(settings)
    started, cpu = time.perf_counter(), time.process_time()
    analyses = list(pipeline.analyze_many(articles))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return InProcess(Throughput(len(articles), word_count(articles), seconds, cpu), analyses,
                     profile_offline(articles[:40], settings) if profile else "")


def profile_offline(articles: list[Article], settings: Settings) -> str:
    """cProfile's top functions (cumulative, then own time) of the offline analyzer over ``articles``."""
    pipeline = Pipeline(settings)
    profiler = cProfile.Profile()
    profiler.enable()
    list(pipeline.analyze_many(articles))
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(15)
    return out.getvalue()
