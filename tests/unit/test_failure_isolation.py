"""Any step, any failure of one record: a dead letter with the error and the original, and the next goes on."""

from __future__ import annotations

import base64
from collections.abc import Sequence

from agents.guard import fit_for_broker, isolate_failures
from agents.step import Message, Output, Step
from streams.runtime.records import Article, DeadLetter, UniqueArticle

GOOD = UniqueArticle(article=Article(id="good", body="Talks in Geneva."), story_id="s1")


def message(aid: str, offset: int) -> Message:
    return Message(aid.encode(), {"id": aid}, "articles.unique.v1", 0, offset, raw=f'{{"id": "{aid}"}}'.encode())


def echo(calls: list[list[str]]):  # type: ignore[no-untyped-def]
    """A step function that records each call and fails on a message whose id starts with 'bad'."""

    def process(messages: Sequence[Message]) -> list[Output]:
        calls.append([m.value["id"] for m in messages])
        if any(m.value["id"].startswith("bad") for m in messages):
            raise RuntimeError("step exploded")
        return [Output("articles.tagged.v1", m.key, GOOD) for m in messages]

    return process


def test_a_batched_step_that_fails_on_a_batch_is_retried_one_message_at_a_time() -> None:
    calls: list[list[str]] = []
    step = Step("tag_entities", "articles.unique.v1", (), lambda s, t: echo(calls), batched=True)
    outputs = isolate_failures(step, echo(calls))([message("a", 1), message("bad", 2), message("b", 3)])
    assert [o.topic for o in outputs] == ["articles.tagged.v1", "articles.deadletter.v1", "articles.tagged.v1"]
    assert calls == [["a", "bad", "b"], ["a"], ["bad"], ["b"]]
    letter = outputs[1].value
    assert isinstance(letter, DeadLetter)
    assert (letter.reason, letter.detail) == ("step_failed:tag_entities", "RuntimeError: step exploded")
    assert (letter.source_topic, letter.partition, letter.offset, letter.original()) == (
        "articles.unique.v1", 0, 2, b'{"id": "bad"}')


def test_a_stateful_step_sees_each_message_once() -> None:
    calls: list[list[str]] = []
    step = Step("deduplicate_articles", "articles.valid.v1", (), lambda s, t: echo(calls), tables=("dedup",))
    outputs = isolate_failures(step, echo(calls))([message("a", 1), message("bad", 2), message("b", 3)])
    assert calls == [["a"], ["bad"], ["b"]]
    assert [o.value.reason for o in outputs if isinstance(o.value, DeadLetter)] == ["step_failed:deduplicate_articles"]


def test_any_exception_is_caught_even_one_whose_text_cannot_be_written() -> None:
    def process(messages: Sequence[Message]) -> list[Output]:
        raise RecursionError("deep \ud800")

    step = Step("detect_alerts", "articles.tagged.v1", (), lambda s, t: process)
    [out] = isolate_failures(step, process)([Message(b"k", {"x": "\ud800"}, "articles.tagged.v1")])
    assert isinstance(out.value, DeadLetter) and "\\ud800" in out.value.detail
    out.value.model_dump_json()  # serialisable: lone surrogates are spelled out


def test_a_record_over_max_message_bytes_becomes_a_dead_letter_of_its_input_before_sending() -> None:
    big = UniqueArticle(article=Article(id="big", body="word " * 5000), story_id="s")
    inputs = [message("good", 1), message("big", 2)]
    kept = fit_for_broker(Output("articles.tagged.v1", b"good", GOOD), inputs, 10_000, "tag_entities")
    refused = fit_for_broker(Output("articles.tagged.v1", b"big", big), inputs, 10_000, "tag_entities")
    assert kept.value is GOOD
    letter = refused.value
    assert refused.topic == "articles.deadletter.v1" and isinstance(letter, DeadLetter)
    assert letter.reason == "record_too_large" and "over max_message_bytes 10,000" in letter.detail
    assert (letter.offset, letter.original(), letter.original_truncated) == (2, b'{"id": "big"}', False)


def test_a_dead_letter_too_big_for_the_broker_keeps_the_start_of_its_original_and_says_so() -> None:
    original = bytes(range(256)) * 4000
    letter = DeadLetter(reason="too_large", detail="d", source_topic="t",
                        original_b64=base64.b64encode(original).decode())
    fitted = fit_for_broker(Output("articles.deadletter.v1", b"k", letter), [], 100_000, "validate_articles").value
    assert isinstance(fitted, DeadLetter) and len(fitted.model_dump_json()) <= 100_000 - 1
    assert fitted.original_truncated and fitted.original_size == len(original)
    assert original.startswith(fitted.original()) and len(fitted.original()) > 70_000


def test_a_dead_letter_of_a_message_with_a_huge_key_still_fits() -> None:
    key = b"k" * 900_000
    letter = DeadLetter(reason="not_json", detail="d", source_topic="t", key_b64=base64.b64encode(key[:1024]).decode(),
                        original_b64=base64.b64encode(b"x" * 50_000).decode())
    out = fit_for_broker(Output("articles.deadletter.v1", key, letter), [], 990_000, "validate_articles")
    assert out.key is not None and len(out.key) == 64  # its SHA-256, in hex
    assert len(out.key) + len(out.value.model_dump_json()) <= 990_000
