"""Property: whatever bytes arrive on articles.raw.v1, validation answers once, never raises.

Each message yields exactly one output: a valid article, or a dead letter with a known reason and the
original bytes; either can be written as UTF-8 JSON.
"""

from __future__ import annotations

import json
from datetime import timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from agents.dedup.steps import build_validate
from agents.step import Message
from streams.runtime import topics as t
from streams.runtime.records import DeadLetter, ValidArticle
from streams.runtime.settings import Settings

REASONS = {"empty_message", "too_large", "not_utf8", "too_deep", "not_json", "bad_number", "not_object", "bad_text",
           "invalid_fields"}
LIMITS = Settings().limits
VALIDATE = build_validate(Settings(), {})
BOUNDED = settings(max_examples=300, deadline=timedelta(seconds=2), database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Any character, lone surrogates included (Hypothesis leaves them out unless asked).
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=40)
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT,
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
                    max_leaves=20)
SURROGATES = st.text(st.characters(categories=["Cs", "Ll", "Zs"]), min_size=1, max_size=20)
ARTICLE_FIELDS = st.fixed_dictionaries(
    {"id": ANY_TEXT | st.integers(), "body": ANY_TEXT | JSON},
    optional={"title": ANY_TEXT, "source": ANY_TEXT, "url": ANY_TEXT, "published_at": JSON | st.datetimes().map(str),
              "extra": JSON})


def encode(value: object, ascii_only: bool) -> bytes:
    # NaN and Infinity written as Python writes them; surrogates either escaped or as CESU-8 bytes.
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


def nested(depth: int, inner: bytes) -> bytes:
    return b'{"id": "deep", "body": "x", "extra": ' + b"[" * depth + inner + b"]" * depth + b"}"


def long_number(digits: str) -> bytes:
    return b'{"id": "n", "body": "x", "count": ' + digits.encode() + b"}"


def sized(size: int, body_chars: bool) -> bytes:
    """An article of ``size`` raw bytes, or with a body of ``size`` characters."""
    frame = b'{"id": "big", "body": "' + b'"}'
    return frame[:-2] + b"x" * (size if body_chars else size - len(frame)) + frame[-2:]


PAYLOADS = st.one_of(
    st.binary(max_size=200),
    st.builds(encode, JSON, st.booleans()),
    st.builds(encode, ARTICLE_FIELDS, st.booleans()),
    st.builds(nested, st.integers(0, 5000), st.sampled_from([b"", b"1", b'"s"', b"{}"])),
    st.builds(long_number, st.text("0123456789", min_size=1, max_size=6000) | st.sampled_from(
        ["1e999", "-1e999", "NaN", "Infinity", "-Infinity", "1" * 400 + ".5"])),
    st.builds(encode, st.fixed_dictionaries({"id": SURROGATES, "body": SURROGATES}), st.booleans()),
    st.builds(sized, st.integers(LIMITS.max_body_chars - 2, LIMITS.max_body_chars + 2), st.just(True)),
    st.builds(sized, st.integers(LIMITS.max_raw_bytes - 2, LIMITS.max_raw_bytes + 2), st.just(False)),
    st.none(),
)


def check(outputs: list, payloads: list) -> None:  # type: ignore[type-arg]
    assert len(outputs) == len(payloads)
    for out, payload in zip(outputs, payloads, strict=True):
        out.value.model_dump_json().encode("utf-8")  # writable as a record
        event(getattr(out.value, "reason", "valid"))  # shown by --hypothesis-show-statistics
        if out.topic == t.VALID:
            assert isinstance(out.value, ValidArticle)
        else:
            assert out.topic == t.DEADLETTER and isinstance(out.value, DeadLetter)
            assert out.value.reason in REASONS and out.value.original() == (payload or b"")


@BOUNDED
@given(PAYLOADS)
def test_every_raw_payload_is_an_article_or_a_dead_letter_with_a_reason(payload: bytes | None) -> None:
    check(VALIDATE([Message(b"k", payload, "articles.raw.v1", 0, 1)]), [payload])


@settings(BOUNDED, max_examples=50)
@given(st.lists(PAYLOADS, min_size=2, max_size=8))
def test_a_batch_of_payloads_answers_once_for_each_in_order(payloads: list[bytes | None]) -> None:
    check(VALIDATE([Message(b"k", p, "articles.raw.v1", 0, i) for i, p in enumerate(payloads)]), payloads)
