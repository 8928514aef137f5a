"""Keep a stage running when one record makes its code fail: that record goes to the dead-letter topic.

Input validation catches bad articles before dedup; this catches the rest, for every step alike:
:func:`isolate_failures` wraps each step's function (the Faust app and the offline analyzer both use it),
and :func:`fit_for_broker` replaces a record the broker would refuse by a dead letter before it is sent,
so that the worker never stops on one record and nothing is silently lost.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from collections.abc import Sequence
from typing import Protocol

from pydantic import BaseModel

from agents.step import Message, Output, Process, Step
from streams.runtime import topics as t
from streams.runtime.records import Article, DeadLetter, Entity, InvalidArticle, dead_letter

log = logging.getLogger(__name__)

MAX_KEY_BYTES = 1024


class Tagger(Protocol):
    """What :func:`tag_safely` needs of a tagger (:class:`agents.entities.tagger.EntityTagger`)."""

    def tag(self, article: Article) -> list[Entity]: ...

    def tag_many(self, articles: Sequence[Article]) -> list[list[Entity]]: ...


def tag_safely(tagger: Tagger, articles: Sequence[Article]) -> list[list[Entity] | Exception]:
    """Tag a batch; when the batch fails, tag one by one, so that a bad article costs only itself."""
    try:
        return list(tagger.tag_many(articles))
    except Exception:  # noqa: BLE001 - isolate the failing article below
        log.warning("tagging a batch of %d failed; tagging one by one", len(articles), exc_info=True)
    results: list[list[Entity] | Exception] = []
    for article in articles:
        try:
            results.append(tagger.tag(article))
        except Exception as exc:  # noqa: BLE001 - reported on the dead-letter topic
            log.exception("tagging article %s failed", article.id)
            results.append(exc)
    return results


def failure_letter(record: BaseModel, reason: str, error: Exception, topic: str, key: bytes | None) -> DeadLetter:
    """A dead letter for a record a stage could not process, with the error and the record itself."""
    detail = f"{type(error).__name__}: {error}"
    return dead_letter(record.model_dump_json().encode(), InvalidArticle(reason, detail), topic=topic, key=key)


def isolate_failures(step: Step, process: Process) -> Process:
    """``process``, made to answer every message: what raises becomes a ``step_failed:<name>`` dead letter.

    A batched step (stateless) that raises on a batch is run again one message at a time; the other steps
    are run one message at a time from the start, so that no state is updated twice for one message.
    """

    def one(message: Message) -> list[Output]:
        try:
            return process([message])
        except Exception as exc:  # noqa: BLE001 - any failure of one record is that record's dead letter
            log.exception("step %s failed on %s", step.name, message.origin or (message.key or b"")[:80])
            return [step_failure(step.name, message, exc)]

    def guarded(messages: Sequence[Message]) -> list[Output]:
        if step.batched and len(messages) > 1:
            try:
                return process(messages)
            except Exception:  # noqa: BLE001 - isolate the failing message below
                log.warning("step %s failed on a batch of %d; retrying one by one", step.name, len(messages),
                            exc_info=True)
        return [out for message in messages for out in one(message)]

    return guarded


def step_failure(step_name: str, message: Message, error: BaseException) -> Output:
    """The dead letter of a message that made a step raise: the error, the original bytes, where it came from."""
    letter = dead_letter(original_bytes(message), InvalidArticle(f"step_failed:{step_name}", describe(error)),
                         topic=message.topic, partition=message.partition, offset=message.offset, key=message.key)
    return Output(t.DEADLETTER, short_key(message.key), letter)


def describe(error: BaseException) -> str:
    """``Type: message`` of an error, even one whose message cannot be made."""
    try:
        return f"{type(error).__name__}: {error}"
    except Exception:  # noqa: BLE001 - the description of a failure must not fail
        return type(error).__name__


def fit_for_broker(out: Output, messages: Sequence[Message], max_bytes: int, step_name: str) -> Output:
    """``out``, or a dead letter in its place when the broker would refuse it (over ``max_bytes``).

    A ``record_too_large`` letter keeps the input message the record came from (``messages``: the batch
    that produced it, matched by key), and every dead letter is cut to fit (see :meth:`DeadLetter.fitted`).
    """
    if isinstance(out.value, DeadLetter):
        key = short_key(out.key)  # a hostile key must not leave the letter no room
        return Output(out.topic, key, out.value.fitted(max_bytes - len(key or b"")))
    room = max_bytes - len(out.key or b"")
    origin = messages[0] if len(messages) == 1 else next((m for m in messages if m.key == out.key), None)
    try:
        record = out.value.model_dump_json().encode("utf-8")
    except Exception as exc:  # noqa: BLE001 - a record that cannot be written is its input's dead letter
        return fit_for_broker(step_failure(step_name, origin or Message(out.key, None, out.topic), exc),
                              messages, max_bytes, step_name)
    if len(record) <= room:
        return out
    detail = f"{out.topic} record of {len(record):,} bytes, over max_message_bytes {max_bytes:,}"
    origin = origin or Message(out.key, None, out.topic, raw=record)
    letter = dead_letter(original_bytes(origin), InvalidArticle("record_too_large", detail), topic=origin.topic,
                         partition=origin.partition, offset=origin.offset, key=out.key)
    log.warning("%s (key %r): dead-lettered", detail, out.key)
    return Output(t.DEADLETTER, short_key(out.key), letter.fitted(max_bytes - MAX_KEY_BYTES))


def original_bytes(message: Message) -> bytes:
    """The bytes of a message as it came, or as near as can be had (its value written as JSON)."""
    if message.raw is not None:
        return message.raw
    value = message.value
    if isinstance(value, bytes):
        return value
    try:
        if isinstance(value, BaseModel):
            return value.model_dump_json().encode("utf-8")
        return json.dumps(value, default=str).encode("utf-8")
    except Exception:  # noqa: BLE001 - the last resort must not fail
        return repr(value).encode("utf-8", "backslashreplace")


def short_key(key: bytes | None) -> bytes | None:
    """A dead letter's key: the message's own, or its SHA-256 when longer than :data:`MAX_KEY_BYTES`."""
    if key is None or len(key) <= MAX_KEY_BYTES:
        return key
    return base64.b16encode(hashlib.sha256(key).digest()).lower()
