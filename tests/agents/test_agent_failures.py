"""In Faust's harness: no record stops an agent; what fails becomes a dead letter and the next goes on."""

from __future__ import annotations

import pytest

from agents.alerts.corroboration import Corroborator
from streams.runtime.records import Alert, Article, DeadLetter, TaggedArticle, UniqueArticle, ValidArticle
from tests.agents.conftest import run_agent


def valid(aid: str, body: str) -> dict[str, object]:
    return ValidArticle(article=Article(id=aid, body=body), origin=f"raw:0:{aid}").model_dump(mode="json")


def test_bytes_that_are_not_a_record_on_an_inner_topic_are_a_dead_letter_of_that_step() -> None:
    sent = run_agent("deduplicate_articles", [b"\x00 not json", b"[" * 5000, valid("a1", "Talks resumed in Geneva.")])
    assert [topic for topic, _ in sent] == ["articles.deadletter.v1", "articles.deadletter.v1", "articles.unique.v1"]
    letters = [value for _, value in sent[:2]]
    assert all(isinstance(d, DeadLetter) and d.reason == "step_failed:deduplicate_articles" for d in letters)
    assert [d.original() for d in letters] == [b"\x00 not json", b"[" * 5000]


def test_a_step_that_raises_on_one_alert_dead_letters_it_and_gates_the_next(monkeypatch) -> None:
    real_observe = Corroborator.observe

    def observe(self, alert):  # type: ignore[no-untyped-def]
        if alert.article_id == "boom":
            raise TypeError("can't compare offset-naive and offset-aware datetimes")
        return real_observe(self, alert)

    monkeypatch.setattr(Corroborator, "observe", observe)
    alerts = [Alert(severity="medium", score=3.0, cameo="1384", actor="Russia", target="Ukraine", evidence=[],
                    article_id=aid, story_id=f"story-{aid}", outlet="AP").model_dump(mode="json")
              for aid in ("boom", "a2")]
    sent = run_agent("gate_alerts", alerts, key=lambda value: value["article_id"].encode())
    assert [topic for topic, _ in sent] == ["articles.deadletter.v1", "alerts.v1"]
    letter = sent[0][1]
    assert isinstance(letter, DeadLetter) and letter.reason == "step_failed:gate_alerts"
    assert letter.detail.startswith("TypeError") and b'"boom"' in letter.original()


def test_a_tagged_record_too_big_for_the_broker_is_a_dead_letter_and_its_batch_is_tagged(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIREWATCH_MAX_MESSAGE_BYTES", "10000")
    values = [UniqueArticle(article=Article(id=aid, body=body), story_id=f"s-{aid}") for aid, body in (
        ("a1", "Olaf Scholz flew to Kyiv on Monday."), ("big", "Olaf Scholz flew to Kyiv. " * 500),
        ("a2", "Emmanuel Macron spoke in Paris."))]
    sent = run_agent("tag_entities", values, key=lambda v: v.article.id.encode(), wait_for=3)
    assert [topic for topic, _ in sent] == ["articles.tagged.v1", "articles.deadletter.v1", "articles.tagged.v1"]
    assert all(isinstance(value, TaggedArticle) for _, value in (sent[0], sent[2]))
    letter = sent[1][1]
    assert isinstance(letter, DeadLetter) and letter.reason == "record_too_large"
    assert "articles.tagged.v1 record of" in letter.detail and b'"big"' in letter.original()
