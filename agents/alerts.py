"""Alert stage: invasion-warning phrasing, who threatens whom, evidence sentences and severity.

Reads articles.tagged.v1, writes alerts.v1. State: a Faust table ``<app>-alerted-stories`` so that a
story raises its alert once, however many reprints of it get through.
"""

from __future__ import annotations

import json
import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

import pycountry

from streams.models import Alert, Entity, Evidence, TaggedArticle

if TYPE_CHECKING:
    import faust

    from streams.app import Topics
    from streams.settings import Settings

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[”\"’']?|$)")
_STATE_LABELS = {"GPE", "NORP"}


@dataclass(frozen=True)
class AlertRules:
    """The versioned rule set of ``agents/data/alert_rules.json``."""

    version: int
    cameo: str
    warnings: list[tuple[str, float, re.Pattern[str]]]
    negations: list[tuple[str, re.Pattern[str]]]
    imminence: list[re.Pattern[str]]
    thresholds: dict[str, float]

    @classmethod
    def load(cls, text: str | None = None) -> AlertRules:
        """Load and validate the rules (the packaged file unless ``text`` is given)."""
        if text is None:
            text = resources.files("agents").joinpath("data/alert_rules.json").read_text("utf-8")
        data = json.loads(text)
        return cls(
            version=int(data["version"]),
            cameo=str(data["cameo"]),
            warnings=[(p["name"], float(p["weight"]), re.compile(p["pattern"], re.I)) for p in data["warning_patterns"]],
            negations=[(p["name"], re.compile(p["pattern"], re.I)) for p in data["negation_patterns"]],
            imminence=[re.compile(p, re.I) for p in data["imminence_patterns"]],
            thresholds={k: float(v) for k, v in data["severity_thresholds"].items()},
        )


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``."""
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]


def country_of(entity: Entity) -> str | None:
    """Country name of a GPE/NORP entity, from its country code or its canonical name."""
    if entity.country_code:
        country = pycountry.countries.get(alpha_2=entity.country_code)
        return getattr(country, "common_name", None) or (country.name if country else None)
    demonym = entity.canonical.removesuffix("n").removesuffix("ia") if entity.label == "NORP" else entity.canonical
    for name in (entity.canonical, demonym + "a", demonym + "ia", demonym):
        try:
            return str(pycountry.countries.lookup(name).name)
        except LookupError:
            continue
    return None


class AlertDetector:
    """Finds invasion warnings in a tagged article."""

    def __init__(self, rules: AlertRules | None = None) -> None:
        self.rules = rules or AlertRules.load()

    def _roles(self, entities: list[Entity], start: int, match_start: int, end: int) -> tuple[str | None, str | None]:
        before = [e for e in entities if start <= e.start < match_start and e.label in _STATE_LABELS]
        after = [e for e in entities if match_start <= e.start < end and e.label in _STATE_LABELS]
        actor = next((c for e in reversed(before) if (c := country_of(e))), None)
        target = next((c for e in after if (c := country_of(e)) and c != actor), None)
        return actor, target

    def detect(self, tagged: TaggedArticle) -> list[Alert]:
        """Zero or one alert for the article."""
        text = tagged.article.text
        evidence, counter, score = [], [], 0.0
        actor = target = None
        for start, end in sentences(text):
            sentence = text[start:end]
            negs = [name for name, rx in self.rules.negations if rx.search(sentence)]
            if negs:
                counter.append(Evidence(sentence=sentence.strip(), start=start, end=end, matched=negs))
                continue
            for _name, weight, rx in self.rules.warnings:
                m = rx.search(sentence)
                if not m:
                    continue
                evidence.append(Evidence(sentence=sentence.strip(), start=start, end=end, matched=[m.group()]))
                score += weight + sum(0.5 for r in self.rules.imminence if r.search(sentence))
                if actor is None:
                    actor, target = self._roles(tagged.entities, start, start + m.start(), end)
                break
        if not evidence:
            return []
        severity = max((k for k, v in self.rules.thresholds.items() if score >= v), key=self.rules.thresholds.get)
        return [Alert(
            severity=severity, score=round(score, 2), cameo=self.rules.cameo, actor=actor, target=target,
            evidence=evidence, counter_evidence=counter, article_id=tagged.article.id,
            story_id=tagged.story_id, outlet=tagged.article.source,
        )]


class StoryGate:
    """One alert per story: remembers the stories that already alerted (a Faust table in the worker)."""

    def __init__(self, state: MutableMapping[str, Any]) -> None:
        self.state = state

    def admit(self, alert: Alert) -> bool:
        """True the first time a story alerts."""
        if self.state.get(alert.story_id):
            return False
        self.state[alert.story_id] = alert.article_id
        return True


def register(app: faust.App, topics: Topics, settings: Settings) -> Any:
    """Attach the alert agent and its table to ``app``."""
    alerted = app.Table(f"{settings.app_id}-alerted-stories", default=None,
                        partitions=settings.partitions_for("articles.tagged.v1"))
    gate = StoryGate(alerted)

    @app.agent(topics.tagged, name="detect_alerts")
    async def detect_alerts(tagged_articles: Any) -> None:
        """Consume articles.tagged.v1; produce alerts.v1."""
        detector = AlertDetector()
        async for value in tagged_articles:
            tagged = TaggedArticle.model_validate(value)
            for alert in detector.detect(tagged):
                if gate.admit(alert):
                    await topics.alerts.send(key=tagged.article.id.encode(), value=alert)

    return detect_alerts
