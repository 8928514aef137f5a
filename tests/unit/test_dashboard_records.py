"""What the dashboard makes of a record: refused with a reason, or summarised for the page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from streams.clients.dashboard.records import BadRecord, decode, state_code, summarise
from streams.runtime.records import Limits

FEED = [json.loads(line) for line in (Path(__file__).parents[1] / "data" / "dashboard_feed.jsonl").open()]
KIND = {"articles.tagged.v1": "tagged", "alerts.v1": "alert", "articles.duplicates.v1": "duplicate"}


def _first(topic: str) -> dict:
    return next(row["value"] for row in FEED if row["topic"] == topic)


@pytest.mark.parametrize(("kind", "raw", "reason"), [
    ("tagged", b"[1, 2]", "not_object"),
    ("alert", b"[]", "not_object"),
    ("alert", b'"a string"', "not_object"),
    ("alert", b"not json", "not_json"),
    ("alert", b"\xff\xfe", "not_json"),
    ("alert", b"", "empty"),
    ("alert", None, "empty"),
    ("tagged", b"[" * 5000 + b"]" * 5000, "too_deep"),
    ("alert", b'{"score": 1' + b"0" * 500 + b"}", "bad_number"),
    ("alert", b'{"severity": "high"}', "invalid"),
    ("tagged", json.dumps({**_first("articles.tagged.v1"), "entities": "Russia"}).encode(), "invalid"),
    ("alert", json.dumps({**_first("alerts.v1"), "severity": "apocalyptic"}).encode(), "invalid"),
])
def test_a_record_it_cannot_show_is_refused_with_its_reason(kind, raw, reason):
    with pytest.raises(BadRecord) as refused:
        decode(kind, raw, Limits())
    assert refused.value.reason == reason


def test_every_example_record_decodes():
    assert all(decode(KIND[row["topic"]], json.dumps(row["value"]).encode(), Limits()) for row in FEED)


def test_an_alert_is_shown_whole_with_the_codes_of_its_states():
    summary = summarise(decode("alert", json.dumps(_first("alerts.v1")).encode(), Limits()))
    assert (summary["actor"], summary["actor_code"], summary["target"], summary["target_code"]) == (
        "Russia", "RU", "Ukraine", "UA")
    assert summary["evidence"][0]["sentence"].startswith("Russian troops could move on Ukraine")


def test_a_tagged_article_loses_its_body_and_counts_its_entities():
    summary = summarise(decode("tagged", json.dumps(_first("articles.tagged.v1")).encode(), Limits()))
    assert "body" not in summary and summary["headline"] == "Troops mass near the border"
    assert {"label": "GPE", "canonical": "Ukraine", "country_code": "UA", "count": 1} in summary["entities"]


@pytest.mark.parametrize(("name", "code"), [("Russia", "RU"), ("Taiwan", "TW"), ("United States", "US"),
                                            ("NATO", None), (None, None)])
def test_the_states_of_an_alert_are_found_in_the_country_table(name, code):
    assert state_code(name) == code
