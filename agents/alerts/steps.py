"""The alert stage's steps of the flow: detect warnings per article, then gate them per story."""

from __future__ import annotations

from collections.abc import Sequence

from agents.alerts.corroboration import StoryGate
from agents.alerts.detector import AlertDetector
from agents.guard import failure_letter
from agents.step import Message, Output, Process, Step, Tables
from streams.runtime import topics as t
from streams.runtime.records import Alert, TaggedArticle
from streams.runtime.settings import Settings


def build_detect(settings: Settings, tables: Tables) -> Process:
    """Consume articles.tagged.v1; produce candidate alerts on alerts.candidates.v1.

    Stateless, so it scales with the partitions of articles.tagged.v1; an article that makes the rules
    fail becomes an ``alert_detection_failed`` dead letter.
    """
    detector = AlertDetector(rules_files=settings.rules_files)

    def detect(messages: Sequence[Message]) -> list[Output]:
        outputs = []
        for m in messages:
            tagged = TaggedArticle.model_validate(m.value)
            key = tagged.article.id.encode()
            try:
                alerts = detector.detect(tagged)
            except Exception as exc:  # noqa: BLE001 - one article must not stop the stage
                outputs.append(Output(t.DEADLETTER, key, failure_letter(tagged, "alert_detection_failed", exc,
                                                                       m.topic, key)))
                continue
            outputs.extend(Output(t.CANDIDATES, key, alert) for alert in alerts)
        return outputs

    return detect


def build_gate(settings: Settings, tables: Tables) -> Process:
    """Consume alerts.candidates.v1 (ONE partition); produce alerts.v1: once per story, escalated when corroborated.

    State: the ``alerted-stories`` and ``corroboration`` tables.
    """
    gate = StoryGate(tables["alerted-stories"])
    corroborator = AlertDetector(rules_files=settings.rules_files).corroborator(
        tables["corroboration"], settings.corroboration_window_hours)

    def admit(messages: Sequence[Message]) -> list[Output]:
        outputs = []
        for m in messages:
            alert = Alert.model_validate(m.value)
            if gate.admit(alert):
                outputs.append(Output(t.ALERTS, alert.article_id.encode(), corroborator.observe(alert) or alert))
        return outputs

    return admit


DETECT_ALERTS = Step("detect_alerts", t.TAGGED, (t.CANDIDATES, t.DEADLETTER), build_detect)
GATE_ALERTS = Step("gate_alerts", t.CANDIDATES, (t.ALERTS, t.DEADLETTER), build_gate,
                   tables=("alerted-stories", "corroboration"))
