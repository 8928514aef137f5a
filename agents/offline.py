"""The offline analyzer: the flow of :mod:`agents.flow`, run in process with in-memory state.

``wirewatch analyze`` runs this on files or standard input. Each step's function is the same one the
Faust agents run, built from the same Settings; topics become in-process hand-offs. Input is already
parsed into articles, so the flow starts at articles.valid.v1. One difference, on purpose: reprints are
tagged too (a reader of a reprint wants its entities), but, as in the worker, they raise no alert.

Failures are handled as in the worker: every step runs inside :func:`agents.guard.isolate_failures`, so
an article that makes a step raise gets a ``step_failed:<step>`` dead letter in its result (and in the
``dead_letters`` of its contract record) and the others go on; the analyzer never raises for one article
and answers once for each, in input order. Two articles with the same id never share a batch, so each
answer is matched to its own article.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from agents.flow import FLOW
from agents.guard import isolate_failures
from agents.step import Message, Output, Process, Tables
from streams.runtime import topics as t
from streams.runtime.records import (
    Alert,
    Article,
    DeadLetter,
    DuplicateRecord,
    Entity,
    TaggedArticle,
    UniqueArticle,
    ValidArticle,
)
from streams.runtime.settings import Settings


@dataclass
class Analysis:
    """Everything the flow decided about one article."""

    article: Article
    story_id: str = ""
    duplicate_of: str | None = None
    duplicate_method: str | None = None
    entities: list[Entity] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    failures: list[DeadLetter] = field(default_factory=list)

    def to_contract(self) -> dict[str, Any]:
        """The public ``wirewatch analyze`` record: fields may be added, none renamed or removed.

        ``dead_letters`` (reason and detail) is there only for an article a step refused or failed on.
        """
        record = {
            "id": self.article.id,
            "duplicate_of": self.duplicate_of,
            "story_id": self.story_id,
            "duplicate_method": self.duplicate_method,
            "entities": [e.model_dump(exclude={"schema_version"}) for e in self.entities],
            "alerts": [_alert_contract(a) for a in self.alerts],
        }
        if self.failures:
            record["dead_letters"] = [{"reason": f.reason, "detail": f.detail} for f in self.failures]
        return record


def _alert_contract(alert: Alert) -> dict[str, Any]:
    data = alert.model_dump(mode="json", exclude={"schema_version", "evidence", "counter_evidence"})
    data["evidence"] = [e.sentence for e in alert.evidence]
    data["evidence_spans"] = [e.model_dump(exclude={"schema_version"}) for e in alert.evidence]
    data["counter_evidence"] = [e.model_dump(exclude={"schema_version"}) for e in alert.counter_evidence]
    return data


class Pipeline:
    """Runs every step of the flow after validation, in order, on batches of articles."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.tables: dict[str, Tables] = {s.name: {n: {} for n in s.tables} for s in FLOW}
        self.steps: dict[str, Process] = {s.name: isolate_failures(s, s.build(self.settings, self.tables[s.name]))
                                          for s in FLOW[1:]}

    def analyze(self, article: Article) -> Analysis:
        """Analyse one article."""
        return next(self.analyze_many([article]))

    def analyze_many(self, articles: Iterable[Article], batch_size: int | None = None) -> Iterator[Analysis]:
        """Analyse articles in input order, in batches of ``tag_batch_size``."""
        size = batch_size or self.settings.tag_batch_size
        batch: list[Article] = []
        for article in articles:
            if any(a.id == article.id for a in batch):  # answers are matched to articles by id
                yield from self._run(batch)
                batch = []
            batch.append(article)
            if len(batch) >= size:
                yield from self._run(batch)
                batch = []
        yield from self._run(batch)

    def _run(self, articles: list[Article]) -> list[Analysis]:
        results = [Analysis(a) for a in articles]
        by_id = {a.id: r for a, r in zip(articles, results, strict=True)}
        # Offline input has no broker offset: an empty origin, so a repeated article is a duplicate.
        flowing = [Output(t.VALID, a.id.encode(), ValidArticle(article=a, origin="")) for a in articles]
        for step in FLOW[1:]:
            inputs = [o for o in flowing if o.topic == step.source]
            reprints = set()
            if step.source == t.UNIQUE:  # reprints are tagged in the same batch, and go no further
                inputs = [o for o in flowing if o.topic in (t.UNIQUE, t.DUPLICATES)]
                reprints = {o.key for o in inputs if o.topic == t.DUPLICATES}
            flowing = self.steps[step.name]([self._message(o) for o in inputs]) if inputs else []
            for out in flowing:
                self._record(by_id, out)
            flowing = [o for o in flowing if o.key not in reprints]
        return results

    @staticmethod
    def _message(out: Output) -> Message:
        value = out.value
        if isinstance(value, DuplicateRecord):
            value = UniqueArticle(article=value.article, story_id=value.story_id)
        return Message(out.key, value.model_dump(mode="json"), out.topic)

    @staticmethod
    def _record(by_id: dict[str, Analysis], out: Output) -> None:
        value = out.value
        if isinstance(value, UniqueArticle | DuplicateRecord | TaggedArticle):
            result = by_id.get(value.article.id)
        elif isinstance(value, Alert):
            result = by_id.get(value.article_id)
        else:
            result = by_id.get(out.key.decode("utf-8", "replace")) if out.key is not None else None
        if result is None:
            return
        if isinstance(value, UniqueArticle):
            result.story_id = value.story_id
        elif isinstance(value, DuplicateRecord):
            result.story_id, result.duplicate_of, result.duplicate_method = (value.story_id, value.duplicate_of,
                                                                              value.method)
        elif isinstance(value, TaggedArticle):
            result.entities = value.entities
        elif isinstance(value, Alert) and out.topic == t.ALERTS:
            result.alerts.append(value)
        elif isinstance(value, DeadLetter):
            result.failures.append(value)
