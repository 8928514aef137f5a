"""The offline pipeline: dedup -> tagging -> alerts in process, with in-memory state.

``wirewatch analyze`` runs this; the Faust agents run the same stage classes on the broker.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from agents.alerts.corroboration import StoryGate
from agents.alerts.detector import AlertDetector
from agents.dedup.stage import DedupDecision, Deduplicator
from agents.entities.tagger import EntityTagger
from streams.runtime.records import Alert, Article, Entity, TaggedArticle


@dataclass
class Analysis:
    """Everything the pipeline decided about one article."""

    article: Article
    decision: DedupDecision
    entities: list[Entity] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)

    def to_contract(self) -> dict[str, Any]:
        """The public ``wirewatch analyze`` record: fields may be added, none renamed or removed."""
        return {
            "id": self.article.id,
            "duplicate_of": self.decision.duplicate_of,
            "story_id": self.decision.story_id,
            "duplicate_method": self.decision.method,
            "entities": [e.model_dump(exclude={"schema_version"}) for e in self.entities],
            "alerts": [_alert_contract(a) for a in self.alerts],
        }


def _alert_contract(alert: Alert) -> dict[str, Any]:
    data = alert.model_dump(mode="json", exclude={"schema_version", "evidence", "counter_evidence"})
    data["evidence"] = [e.sentence for e in alert.evidence]
    data["evidence_spans"] = [e.model_dump(exclude={"schema_version"}) for e in alert.evidence]
    data["counter_evidence"] = [e.model_dump(exclude={"schema_version"}) for e in alert.counter_evidence]
    return data


class Pipeline:
    """Runs the three stages in order on articles, with in-memory state."""

    def __init__(self, tagger: EntityTagger | None = None, detector: AlertDetector | None = None) -> None:
        self.deduplicator = Deduplicator({})
        self.tagger = tagger or EntityTagger()
        self.detector = detector or AlertDetector()
        self.gate = StoryGate({})
        self.corroborator = self.detector.corroborator({})

    def analyze(self, article: Article) -> Analysis:
        """Analyse one article; a duplicate is linked to its story, tagged, and not alerted again."""
        return next(self.analyze_many([article]))

    def analyze_many(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Analysis]:
        """Analyse articles in input order, tagging them in batches."""
        batch: list[Analysis] = []
        for article in articles:
            batch.append(Analysis(article, self.deduplicator.check(article)))
            if len(batch) >= batch_size:
                yield from self._finish(batch)
                batch = []
        yield from self._finish(batch)

    def _finish(self, batch: list[Analysis]) -> list[Analysis]:
        # Every article is tagged (a reader of a reprint wants its entities too); alerts come only from
        # the first article of a story, as in the worker, where reprints stop at articles.duplicates.v1.
        for analysis, entities in zip(batch, self.tagger.tag_many([a.article for a in batch]), strict=True):
            analysis.entities = entities
            if analysis.decision.is_duplicate:
                continue
            tagged = TaggedArticle(article=analysis.article, story_id=analysis.decision.story_id, entities=entities)
            admitted = [a for a in self.detector.detect(tagged) if self.gate.admit(a)]
            analysis.alerts = [self.corroborator.observe(a) or a for a in admitted]
        return batch
