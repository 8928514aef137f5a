"""Corroboration of alerts across outlets, with an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from agents.alerts.corroboration import Corroborator, bump_severity
from streams.runtime.records import Alert

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def alert(article: str, outlet: str | None, story: str | None = None, actor: str | None = "Russia",
          published: datetime | None = None) -> Alert:
    return Alert(severity="medium", score=3.0, cameo="1384", actor=actor, target="Ukraine", evidence=[],
                 article_id=article, story_id=story or f"story-{article}", outlet=outlet, published_at=published)


def test_second_outlet_within_window_escalates_naming_both() -> None:
    clock = Clock()
    corroborator = Corroborator({}, timedelta(hours=6), clock=clock)
    assert corroborator.observe(alert("a1", "AP")) is None
    clock.now += timedelta(hours=2)
    escalated = corroborator.observe(alert("a2", "Reuters"))
    assert escalated is not None and escalated.escalated
    assert escalated.corroborating_sources == ["AP", "Reuters"]
    assert escalated.severity == "high" and escalated.score == 4.0 and escalated.article_id == "a2"


def test_outside_the_window_does_not_escalate() -> None:
    clock = Clock()
    corroborator = Corroborator({}, timedelta(hours=6), clock=clock)
    corroborator.observe(alert("a1", "AP"))
    clock.now += timedelta(hours=7)
    assert corroborator.observe(alert("a2", "Reuters")) is None


def test_same_outlet_or_same_story_never_corroborates() -> None:
    corroborator = Corroborator({}, timedelta(hours=6), clock=Clock())
    corroborator.observe(alert("a1", "AP"))
    assert corroborator.observe(alert("a2", "AP")) is None
    assert corroborator.observe(alert("a3", "Reuters", story="story-a1")) is None


def test_third_outlet_escalates_again_with_all_outlets() -> None:
    corroborator = Corroborator({}, timedelta(hours=6), clock=Clock())
    corroborator.observe(alert("a1", "AP"))
    corroborator.observe(alert("a2", "Reuters"))
    third = corroborator.observe(alert("a3", "AFP"))
    assert third is not None and third.corroborating_sources == ["AFP", "AP", "Reuters"] and third.score == 5.0


def test_other_pairs_and_unknown_roles_are_kept_apart() -> None:
    state: dict[str, list[dict[str, str]]] = {}
    corroborator = Corroborator(state, timedelta(hours=6), clock=Clock())
    corroborator.observe(alert("a1", "AP"))
    assert corroborator.observe(alert("a2", "Reuters", actor="Belarus")) is None
    assert corroborator.observe(alert("a3", "AFP", actor=None)) is None
    assert corroborator.observe(alert("a4", None)) is None
    assert sorted(state) == ["Belarus|Ukraine", "Russia|Ukraine"]


def test_published_time_wins_over_the_clock() -> None:
    corroborator = Corroborator({}, timedelta(hours=6), clock=Clock())
    corroborator.observe(alert("a1", "AP", published=T0 - timedelta(days=30)))
    assert corroborator.observe(alert("a2", "Reuters", published=T0 - timedelta(days=30, hours=-1))) is not None
    assert corroborator.observe(alert("a3", "AFP")) is None


def test_severity_bump_caps_at_critical() -> None:
    assert [bump_severity(s) for s in ("low", "medium", "high", "critical")] == ["medium", "high", "critical",
                                                                                  "critical"]
