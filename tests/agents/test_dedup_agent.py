"""The dedup agent in Faust's test harness: unique, duplicate and dead-letter routing."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any
from unittest.mock import patch

import faust
import pytest

from streams.app import create_app
from streams.models import DeadLetter, DuplicateRecord, UniqueArticle
from streams.settings import Settings
from streams.topics import TopicNames

BODY = ("SARVO, Veldania (AP) — Authorities in northern Veldania ordered thousands of people to leave their homes "
        "on Tuesday after days of heavy rain pushed the water behind the Orava dam to its highest level in four "
        "decades.\n\nEngineers said the concrete wall was holding but that spillways were running at full capacity "
        "and more rain was forecast through Thursday. About 14,000 residents of six villages downstream were told "
        "to move to higher ground by nightfall.\n\nBuses and army trucks shuttled families with suitcases and pets "
        "to schools and sports halls that were turned into shelters.")


def raw(aid: str, body: str = BODY, url: str | None = None) -> bytes:
    return json.dumps({"id": aid, "url": url or f"https://outlet.example/{aid}", "title": "t", "body": body}).encode()


def run_agent(messages: list[bytes]) -> list[tuple[str, Any]]:
    """Feed ``messages`` to the dedup agent of a fresh app; return (topic base name, value) per send."""
    settings = Settings(app_id=f"ww-test-{uuid.uuid4().hex[:12]}", topic_prefix=f"t{uuid.uuid4().hex[:12]}.")
    app = create_app(settings)
    names = {full: base for base, full in zip(TopicNames.from_settings(Settings()).all(),
                                              TopicNames.from_settings(settings).all(), strict=True)}
    agent = next(a for a in app.agents.values() if a.name.endswith("deduplicate_articles"))

    async def feed() -> list[tuple[str, Any]]:
        with patch.object(faust.topics.Topic, "send", autospec=True) as send:
            async with agent.test_context() as tested:
                for message in messages:
                    await tested.put(message, key=b"k")
            return [(names[call.args[0].get_topic_name()], call.kwargs["value"]) for call in send.call_args_list
                    if call.args[0].get_topic_name() in names]

    return asyncio.run(feed())


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
