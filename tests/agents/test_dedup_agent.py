"""The dedup agent in Faust's test harness: unique, duplicate and dead-letter routing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from streams.runtime.records import DeadLetter, DuplicateRecord, UniqueArticle, ValidArticle
from tests.agents.conftest import run_agent as harness

BODY = ("SARVO, Veldania (AP) — Authorities in northern Veldania ordered thousands of people to leave their homes "
        "on Tuesday after days of heavy rain pushed the water behind the Orava dam to its highest level in four "
        "decades.\n\nEngineers said the concrete wall was holding but that spillways were running at full capacity "
        "and more rain was forecast through Thursday. About 14,000 residents of six villages downstream were told "
        "to move to higher ground by nightfall.\n\nBuses and army trucks shuttled families with suitcases and pets "
        "to schools and sports halls that were turned into shelters.")


def raw(aid: str, body: str = BODY, url: str | None = None) -> bytes:
    return json.dumps({"id": aid, "url": url or f"https://outlet.example/{aid}", "title": "t", "body": body}).encode()


def run_agent(messages: list[bytes]) -> list[tuple[str, Any]]:
    """Raw messages through the validation agent, then what it passes on through the dedup agent."""
    validated = run_validator(messages)
    valid = [value.model_dump(mode="json") for topic, value in validated if topic == "articles.valid.v1"]
    results = iter(harness("deduplicate_articles", valid))
    # Keep input order: a dead letter stays where its message was.
    return [(topic, value) if topic != "articles.valid.v1" else next(results) for topic, value in validated]


def run_validator(messages: list[bytes]) -> list[tuple[str, Any]]:
    return harness("validate_articles", messages)


def test_valid_article_goes_to_the_single_dedup_partition_with_its_origin() -> None:
    [(topic, record)] = run_validator([raw("a1")])
    assert topic == "articles.valid.v1" and isinstance(record, ValidArticle)
    assert record.article.id == "a1" and record.origin.endswith(":0:0")


def test_new_article_goes_to_unique_with_a_story_id() -> None:
    [(topic, record)] = run_agent([raw("a1")])
    assert topic == "articles.unique.v1" and isinstance(record, UniqueArticle)
    assert record.article.id == "a1" and record.story_id.startswith("story-")


@pytest.mark.parametrize(("second", "method"), [
    (raw("a2", url="https://www.outlet.example/a1/?utm_source=x"), "url"),
    (raw("a2", body="UPDATED 5:10 p.m.\n\n" + BODY.replace("(AP) —", "(Reuters) -")), "exact"),
    (raw("a2", body=BODY.rsplit("\n\n", 1)[0]), "near"),
])
def test_reprint_goes_to_duplicates_linked_to_the_first(second: bytes, method: str) -> None:
    (_, first), (topic, record) = run_agent([raw("a1"), second])
    assert topic == "articles.duplicates.v1" and isinstance(record, DuplicateRecord)
    assert (record.duplicate_of, record.method, record.story_id) == ("a1", method, first.story_id)


@pytest.mark.parametrize(("bad", "reason"), [
    (b"\xff\xfe not utf-8", "not_utf8"),
    (b"{not json", "not_json"),
    (b'["a list"]', "not_object"),
    (json.dumps({"id": "x", "body": "   "}).encode(), "invalid_fields"),
])
def test_bad_input_goes_to_dead_letter_and_the_next_article_still_passes(bad: bytes, reason: str) -> None:
    (topic, letter), (next_topic, _) = run_agent([bad, raw("a1")])
    assert topic == "articles.deadletter.v1" and isinstance(letter, DeadLetter)
    assert (letter.reason, letter.original()) == (reason, bad)
    assert next_topic == "articles.unique.v1"
