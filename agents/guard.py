"""Keep a stage running when one record makes its code fail: that record goes to the dead-letter topic.

Input validation catches bad articles before dedup; this catches the rest (an article that trips the
tagger or the alert rules), so that the worker never stops on one record and nothing is silently lost.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

from pydantic import BaseModel

from streams.runtime.records import Article, DeadLetter, Entity, InvalidArticle, dead_letter

log = logging.getLogger(__name__)


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
