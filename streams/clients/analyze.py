"""``wirewatch analyze``: the flow run offline on files or standard input, one JSON object per article.

Input is streamed (:mod:`streams.clients.files`): read and analysed in batches of ``tag_batch_size``,
so memory does not grow with the input; what grows is the dedup state, as in the worker (about 1.6 KB
per distinct article within ``dedup_window_days``). Every line that fails, unreadable or refused by a
step, is reported on standard error with its ``file:line`` and reason, and the run goes on; the exit
status is then 1.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import BinaryIO, TextIO

from agents.offline import Analysis, Pipeline
from streams.clients.files import Item, read_paths, read_stream
from streams.clients.render import clean_text, cut
from streams.ops.logs import quieted
from streams.runtime.records import Article
from streams.runtime.settings import Settings

log = logging.getLogger(__name__)

DETAIL_CHARS = 300


def analyze(settings: Settings, files: Sequence[str], stdin: BinaryIO, out: TextIO, err: TextIO, *,
            progress: bool = False) -> int:
    """Analyse every article of ``files`` (or of ``stdin`` when there are none) and print the results.

    Args:
        settings: the same settings the worker runs with.
        files: JSON-lines or seed-format files and folders.
        stdin: read when ``files`` is empty (JSON lines, or one seed-format document).
        out: where each article's contract record goes, one JSON object a line, in input order.
        err: where each failing line is reported, ``error: <file>:<line>: <reason>: <detail>``.
        progress: show a progress bar on ``err``.

    Returns:
        The exit status: 1 when any line failed, else 0.
    """
    from tqdm import tqdm

    items = read_paths(files, settings.limits) if files else read_stream(stdin, limits=settings.limits)
    pipeline, failed = Pipeline(settings), 0
    # Each failure gets its one line below; the guard's tracebacks only with -v.
    with tqdm(desc="analyze", unit="article", disable=not progress, file=err) as bar, quieted("agents.guard"):
        for batch in batches(items, settings.tag_batch_size):
            good = [item for item in batch if item.article is not None]
            for item in batch:
                if item.error is not None:
                    failed += 1
                    report(err, item.origin, item.error.reason, item.error.detail)
            for item, analysis in zip(good, run_batch(pipeline, [i.article for i in good if i.article]),
                                      strict=True):
                if isinstance(analysis, Exception):
                    failed += 1
                    report(err, item.origin, "analysis_failed", f"{type(analysis).__name__}: {analysis}")
                    continue
                for letter in analysis.failures:
                    report(err, item.origin, letter.reason, letter.detail)
                failed += bool(analysis.failures)
                out.write(json.dumps(analysis.to_contract(), ensure_ascii=False, default=str) + "\n")
                out.flush()
            bar.update(len(batch))
    return 1 if failed else 0


def batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """``items`` in lists of ``size`` (the last one shorter), read lazily."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def run_batch(pipeline: Pipeline, articles: list[Article]) -> list[Analysis | Exception]:
    """The analyses of a batch, in order; if the pipeline raises anyway, the error for each of its articles.

    Every step is guarded (a failing article becomes a dead letter in its analysis), so the error case
    is a last resort that keeps the run going rather than a path taken in practice.
    """
    try:
        return list(pipeline.analyze_many(articles, batch_size=max(1, len(articles))))
    except Exception as exc:  # noqa: BLE001 - this batch is reported line by line, the next one is read
        log.exception("analysing a batch of %d articles failed", len(articles))
        return [exc for _ in articles]


def report(err: TextIO, origin: str, reason: str, detail: str) -> None:
    """One line on ``err`` for a failing input line, its detail cleaned of control codes and cut short."""
    err.write(f"error: {clean_text(origin)}: {clean_text(reason)}: {cut(clean_text(detail), DETAIL_CHARS)}\n")
    err.flush()
