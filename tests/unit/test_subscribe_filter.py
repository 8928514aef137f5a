"""Which alerts a subscriber reads, and which it takes: read_alert and AlertFilter."""

from __future__ import annotations

import json

import pytest

from streams.clients.delivery import idempotency_key
from streams.clients.subscribe import AlertFilter, UnreadableAlert, read_alert
from streams.runtime.records import Alert, Evidence, Limits


def alert(**fields: object) -> dict:
    """An alert as a subscriber reads it from alerts.v1."""
    values: dict = {"severity": "high", "score": 2.0, "cameo": "138", "actor": "Russia", "target": "Ukraine",
                    "evidence": [Evidence(sentence="Troops could cross.", start=0, end=19)], "article_id": "a1",
                    "story_id": "s1"}
    return json.loads(Alert(**{**values, **fields}).model_dump_json())


@pytest.mark.parametrize(("only", "admitted"), [
    (AlertFilter.of(), True),
    (AlertFilter.of(min_severity="high"), True),
    (AlertFilter.of(min_severity="critical"), False),
    (AlertFilter.of(actors=["russia"]), True),                    # canonical name, any case
    (AlertFilter.of(actors=["Belarus", "RUSSIA"]), True),         # any of several
    (AlertFilter.of(actors=["Ukraine"]), False),
    (AlertFilter.of(targets=["Ukraine"]), True),
    (AlertFilter.of(targets=["Moldova"]), False),
    (AlertFilter.of(escalated_only=True), False),
    (AlertFilter.of("medium", ["Russia"], ["Ukraine"]), True),
])
def test_a_filter_admits_an_alert_only_when_every_condition_holds(only, admitted):
    assert only.admits(alert()) is admitted


def test_escalated_only_admits_a_corroborated_alert():
    assert AlertFilter.of(escalated_only=True).admits(alert(escalated=True))


def test_a_filter_on_a_name_never_admits_an_alert_without_that_role():
    assert not AlertFilter.of(actors=["Russia"]).admits(alert(actor=None))


def test_an_unknown_severity_is_refused():
    with pytest.raises(ValueError, match="severity must be one of"):
        AlertFilter.of(min_severity="urgent")


@pytest.mark.parametrize(("raw", "reason"), [
    (None, "empty_message"),
    (b"\xff\xfe", "not_utf8"),
    (b"not json", "not_json"),
    (b"[1, 2]", "not_object"),
    (b"[" * 1000, "too_deep"),
    (b'{"severity": "high"}', "invalid_alert"),
    (json.dumps({**alert(), "severity": "urgent"}).encode(), "invalid_alert"),
])
def test_a_record_that_is_not_an_alert_is_refused_with_its_reason(raw, reason):
    with pytest.raises(UnreadableAlert) as refused:
        read_alert(raw, Limits())
    assert refused.value.reason == reason


def test_an_alert_is_read_as_published_and_fields_of_a_newer_worker_are_kept():
    published = {**alert(), "added_later": [1]}
    assert read_alert(json.dumps(published).encode(), Limits()) == published


def test_the_idempotency_key_is_the_same_for_one_alert_and_differs_between_alerts():
    key = idempotency_key(alert())
    assert key == idempotency_key({**alert(), "severity": "critical", "escalated": True})  # same alert, later view
    assert len({key, idempotency_key(alert(article_id="a2")), idempotency_key(alert(target="Moldova"))}) == 3
    assert key.isascii() and key.startswith("ww1-") and len(key) == 36
