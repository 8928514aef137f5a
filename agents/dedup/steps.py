"""The dedup stage's steps of the flow: validate raw input, then link each reprint to its story."""

from __future__ import annotations

from collections.abc import Sequence

from agents.dedup.stage import Deduplicator, route
from agents.guard import original_bytes
from agents.step import Message, Output, Process, Step, Tables
from streams.runtime import topics as t
from streams.runtime.records import InvalidArticle, UniqueArticle, ValidArticle, dead_letter, decode_article
from streams.runtime.safejson import printable
from streams.runtime.settings import Settings


def build_validate(settings: Settings, tables: Tables) -> Process:
    """Consume articles.raw.v1 (raw bytes, any partition count); produce articles.valid.v1 or a dead letter.

    Stateless, so it scales with the partitions of articles.raw.v1. The input limits of the settings
    (``max_raw_bytes``, ``max_body_chars``, ``max_json_depth``, ``max_number_digits``) are checked here,
    before any other stage works on an article.
    """
    limits = settings.limits

    def validate(messages: Sequence[Message]) -> list[Output]:
        outputs = []
        for m in messages:
            try:
                article = decode_article(m.value, limits)
            except InvalidArticle as exc:
                letter = dead_letter(m.value, exc, topic=m.topic, partition=m.partition, offset=m.offset, key=m.key)
                outputs.append(Output(t.DEADLETTER, m.key, letter))
                continue
            valid = ValidArticle(article=article, origin=m.origin or "")
            outputs.append(Output(t.VALID, article.id.encode(), valid))
        return outputs

    return validate


def build_deduplicate(settings: Settings, tables: Tables) -> Process:
    """Consume articles.valid.v1 (ONE partition); produce articles.unique.v1 or articles.duplicates.v1.

    State: the ``dedup`` table (URL, text, id, MinHash and LSH band entries), expired at each decision.
    An article id reused for a text that is not a reprint of its story becomes an ``id_reused`` dead letter.
    """
    deduplicator = Deduplicator(tables["dedup"], window_days=settings.dedup_window_days)

    def deduplicate(messages: Sequence[Message]) -> list[Output]:
        outputs = []
        for m in messages:
            valid = ValidArticle.model_validate(m.value)
            key = valid.article.id.encode()
            decision = deduplicator.check(valid.article, valid.origin or None)
            if decision.id_reused:
                detail = (f"article id {printable(valid.article.id)!r} already names {decision.story_id}, "
                          "whose text this is not a reprint of")
                letter = dead_letter(original_bytes(m), InvalidArticle("id_reused", detail),
                                     topic=m.topic, partition=m.partition, offset=m.offset, key=key)
                outputs.append(Output(t.DEADLETTER, key, letter))
                continue
            record = route(valid.article, decision)
            outputs.append(Output(t.UNIQUE if isinstance(record, UniqueArticle) else t.DUPLICATES, key, record))
        return outputs

    return deduplicate


VALIDATE_ARTICLES = Step("validate_articles", t.RAW, (t.VALID, t.DEADLETTER), build_validate)
DEDUPLICATE_ARTICLES = Step("deduplicate_articles", t.VALID, (t.UNIQUE, t.DUPLICATES, t.DEADLETTER), build_deduplicate,
                            tables=("dedup",))
