"""The alert agent in Faust's test harness: one alert per story, escalation across outlets."""

from __future__ import annotations

from typing import Any

from streams.runtime.records import Alert, Article, TaggedArticle
from tests.agents.conftest import run_agent as harness

WARNING = "U.S. officials said Russian troops could move on Ukraine as soon as Wednesday."
CALM = "Fans invaded the pitch after the final match, and stewards cleared the field."


def tagged(aid: str, body: str, source: str, story: str | None = None) -> dict[str, Any]:
    article = Article(id=aid, title="", body=body, source=source)
    return TaggedArticle(article=article, story_id=story or f"story-{aid}", entities=[]).model_dump(mode="json")


def run_agent(values: list[dict[str, Any]]) -> list[tuple[str, Alert]]:
    """Tagged articles through the detection agent, then its candidates through the gating agent."""
    candidates = harness("detect_alerts", values, key=lambda value: value["article"]["id"].encode())
    assert all(topic == "alerts.candidates.v1" for topic, _ in candidates)
    return harness("gate_alerts", [alert.model_dump(mode="json") for _, alert in candidates],
                   key=lambda value: value["article_id"].encode())


def test_a_warning_goes_to_alerts_keyed_by_article() -> None:
    [(topic, alert)] = run_agent([tagged("a1", WARNING, "AP")])
    assert topic == "alerts.v1" and isinstance(alert, Alert)
    assert (alert.actor, alert.target, alert.article_id, alert.escalated) == ("Russia", "Ukraine", "a1", False)


def test_a_look_alike_raises_nothing() -> None:
    assert run_agent([tagged("a1", CALM, "AP")]) == []


def test_a_reprint_of_the_same_story_does_not_alert_again() -> None:
    sent = run_agent([tagged("a1", WARNING, "AP"), tagged("a2", WARNING, "Reuters", story="story-a1")])
    assert [alert.article_id for _, alert in sent] == ["a1"]


def test_an_independent_outlet_escalates_naming_the_outlets() -> None:
    other = "Britain's defence ministry warned that Russian forces could invade Ukraine within days."
    sent = run_agent([tagged("a1", WARNING, "AP"), tagged("a2", other, "Reuters"), tagged("a3", WARNING, "AP")])
    alerts = [alert for _, alert in sent]
    assert [(a.article_id, a.escalated) for a in alerts] == [("a1", False), ("a2", True), ("a3", False)]
    assert alerts[1].corroborating_sources == ["AP", "Reuters"]


def test_an_article_that_breaks_detection_is_dead_lettered_and_the_next_still_alerts(monkeypatch) -> None:
    from agents.alerts.detector import AlertDetector

    real = AlertDetector.detect

    def detect(self, tagged):  # type: ignore[no-untyped-def]
        if tagged.article.id == "boom":
            raise ValueError("rule exploded")
        return real(self, tagged)

    monkeypatch.setattr(AlertDetector, "detect", detect)
    sent = harness("detect_alerts", [tagged("boom", WARNING, "AP"), tagged("a1", WARNING, "AP")],
                   key=lambda value: value["article"]["id"].encode())
    assert [topic for topic, _ in sent] == ["articles.deadletter.v1", "alerts.candidates.v1"]
    letter = sent[0][1]
    assert (letter.reason, letter.detail) == ("alert_detection_failed", "ValueError: rule exploded")
