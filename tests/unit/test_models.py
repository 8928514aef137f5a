"""Input validation of raw articles and the records we produce."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from streams.runtime.records import Article, DuplicateRecord, InvalidArticle, dead_letter, decode_article


@pytest.mark.parametrize(("raw", "reason"), [
    (None, "empty_message"),
    (b"\xff\xfe", "not_utf8"),
    (b"{not json", "not_json"),
    (b"[1, 2]", "not_object"),
    (b'{"id": "a"}', "invalid_fields"),
    (b'{"id": "a", "body": ""}', "invalid_fields"),
    (b'{"id": "a", "body": "  \\n "}', "invalid_fields"),
    (b'{"id": 3, "body": "text"}', "invalid_fields"),
    (b'{"id": "a", "body": "text", "published_at": "yesterday"}', "invalid_fields"),
])
def test_invalid_raw_articles_are_refused_with_a_reason(raw, reason):
    with pytest.raises(InvalidArticle) as info:
        decode_article(raw)
    assert info.value.reason == reason


def test_unknown_input_fields_are_ignored_and_text_joins_title_and_body():
    article = decode_article(json.dumps({"id": "a", "title": "T", "body": "B", "tags": ["x"]}).encode())
    assert article.text == "T\n\nB"
    assert Article(id="b", body="B").text == "B"


def test_dead_letter_keeps_the_original_bytes_and_reason():
    raw = b"\xff garbage"
    with pytest.raises(InvalidArticle) as info:
        decode_article(raw)
    letter = dead_letter(raw, info.value, topic="t", partition=0, offset=7, key=b"k")
    assert letter.original() == raw
    assert (letter.reason, letter.offset, letter.schema_version) == ("not_utf8", 7, 1)


def test_produced_records_forbid_unknown_fields():
    with pytest.raises(ValidationError):
        DuplicateRecord(article=Article(id="a", body="b"), duplicate_of="x", story_id="s", method="exact",
                        similarity=1.0, surprise=True)  # type: ignore[call-arg]
