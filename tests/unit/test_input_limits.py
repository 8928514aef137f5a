"""Validation refuses every poison kind with its reason, before any work, and reads times as UTC."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from agents.dedup.steps import build_validate
from agents.step import Message
from streams.runtime.records import Article, DeadLetter, InvalidArticle, Limits, ValidArticle, decode_article
from streams.runtime.safejson import json_depth
from streams.runtime.settings import Settings
from tests.unit.poison import POISON, article


@pytest.mark.parametrize(("name", "payload", "reason"), POISON, ids=[name for name, _, _ in POISON])
def test_every_poison_kind_is_refused_with_its_reason(name: str, payload: bytes, reason: str) -> None:
    with pytest.raises(InvalidArticle) as info:
        decode_article(payload)
    assert info.value.reason == reason


@pytest.mark.parametrize(("payload", "limits", "reason"), [
    (article("a", "x" * 200), Limits(max_raw_bytes=150), "too_large"),
    (article("a", "x" * 200), Limits(max_body_chars=100), "too_large"),
    (article("a", extra=[[[1]]]), Limits(max_json_depth=3), "too_deep"),
    (article("a", extra=12345678901234567890123), Limits(max_number_digits=20), "bad_number"),
])
def test_limits_come_from_settings(payload: bytes, limits: Limits, reason: str) -> None:
    with pytest.raises(InvalidArticle) as info:
        decode_article(payload, limits)
    assert info.value.reason == reason


def test_just_within_the_limits_is_an_article() -> None:
    limits = Limits(max_json_depth=3, max_number_digits=23)
    assert decode_article(article("a", extra=[[12345678901234567890123]]), limits).id == "a"


@pytest.mark.parametrize(("text", "depth"), [
    ('{"a": "[[[[{{"}', 1), ('[[{"a": [1]}]]', 4), ('"no brackets"', 0), ('{"a": "\\"[["}', 1),
])
def test_json_depth_ignores_brackets_inside_strings(text: str, depth: int) -> None:
    assert json_depth(text, 100) == depth


def test_the_validate_step_turns_each_poison_into_a_dead_letter_with_origin() -> None:
    validate = build_validate(Settings(), {})
    messages = [Message(b"k", payload, "articles.raw.v1", 0, offset) for offset, (_, payload, _) in enumerate(POISON)]
    letters = [out.value for out in validate(messages)]
    assert all(isinstance(letter, DeadLetter) for letter in letters)
    assert [(d.reason, d.offset, d.original()) for d in letters] == [  # type: ignore[attr-defined]
        (reason, offset, payload) for offset, (_, payload, reason) in enumerate(POISON)]
    assert all(len(d.model_dump_json()) < Settings().max_message_bytes for d in letters)  # each fits whole


@pytest.mark.parametrize(("published", "expected", "assumed"), [
    ("2024-03-01T12:00:00", datetime(2024, 3, 1, 12, tzinfo=UTC), True),
    ("2024-03-01T12:00:00Z", datetime(2024, 3, 1, 12, tzinfo=UTC), False),
    ("2024-03-01T14:00:00+02:00", datetime(2024, 3, 1, 12, tzinfo=UTC), False),
    (1709294400, datetime(2024, 3, 1, 12, tzinfo=UTC), False),
])
def test_published_at_is_utc_and_says_when_it_was_assumed(published: object, expected: datetime,
                                                           assumed: bool) -> None:
    found = decode_article(article("a", published_at=published))
    assert (found.published_at, found.published_at_assumed_utc) == (expected, assumed)
    assert found.published_at is not None and found.published_at.utcoffset() is not None


def test_the_assumption_survives_the_trip_through_the_topics() -> None:
    first = decode_article(article("a", published_at="2024-03-01T12:00:00"))
    again = ValidArticle.model_validate(json.loads(ValidArticle(article=first, origin="").model_dump_json()))
    assert again.article == first and again.article.published_at_assumed_utc


def test_a_time_that_overflows_in_utc_is_an_invalid_field() -> None:
    with pytest.raises(InvalidArticle) as info:
        decode_article(article("a", published_at="9999-12-31T23:59:00-05:00"))
    assert info.value.reason == "invalid_fields"


def test_articles_built_in_code_are_normalised_too() -> None:
    built = Article(id="a", body="b", published_at=datetime(2024, 3, 1, 12))
    assert built.published_at == datetime(2024, 3, 1, 12, tzinfo=UTC) and built.published_at_assumed_utc
