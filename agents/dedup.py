"""Dedup stage: each story once, reprints linked to the first article of their story.

Reads articles.raw.v1 (raw bytes, validated here), writes articles.unique.v1, articles.duplicates.v1
and articles.deadletter.v1. State: a Faust table ``<app>-dedup`` (changelog-backed) mapping fingerprints
to the first article id and story id seen with them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from streams.models import Article, DuplicateRecord, InvalidArticle, UniqueArticle, dead_letter, decode_article

if TYPE_CHECKING:
    import faust

    from streams.app import Topics
    from streams.settings import Settings

_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "—": "-", "–": "-", "‐": "-"})
_DATELINE = re.compile(r"^[A-Z][A-Z.'\- ]+(?:,\s*[A-Za-z.' ]+)?\s*\([^)]{1,40}\)\s*-+\s*")
_WORDS = re.compile(r"\w+")


def normalise_text(text: str) -> str:
    """NFKC, quotes and dashes folded, dateline dropped, case and whitespace folded, punctuation ignored."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).strip()
    text = _DATELINE.sub("", text)
    return " ".join(_WORDS.findall(text.casefold()))


def text_fingerprint(article: Article) -> str:
    """Hash of the normalised body (titles are rewritten by every outlet, so they are left out)."""
    return hashlib.sha256(normalise_text(article.body).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DedupDecision:
    """Duplicate-or-new for one article."""

    story_id: str
    duplicate_of: str | None = None
    method: str | None = None
    similarity: float = 1.0

    @property
    def is_duplicate(self) -> bool:
        """True for a reprint or repeat of an earlier article."""
        return self.duplicate_of is not None


class Deduplicator:
    """Decides duplicate-or-new against the fingerprints seen so far.

    Args:
        state: a mutable mapping (a Faust table in the worker, a dict offline) from fingerprint keys
            to ``{"article_id": ..., "story_id": ...}``.
    """

    def __init__(self, state: MutableMapping[str, Any]) -> None:
        self.state = state

    def check(self, article: Article) -> DedupDecision:
        """Decide for one article and remember it when it is new."""
        key = "text:" + text_fingerprint(article)
        seen = self.state.get(key)
        if seen is not None:
            return DedupDecision(story_id=seen["story_id"], duplicate_of=seen["article_id"], method="exact")
        story_id = "story-" + key[5:21]
        self.state[key] = {"article_id": article.id, "story_id": story_id}
        return DedupDecision(story_id=story_id)


def route(article: Article, decision: DedupDecision) -> UniqueArticle | DuplicateRecord:
    """The record to publish for a decision."""
    if decision.duplicate_of is None:
        return UniqueArticle(article=article, story_id=decision.story_id)
    return DuplicateRecord(
        article=article,
        duplicate_of=decision.duplicate_of,
        story_id=decision.story_id,
        method=decision.method or "exact",  # type: ignore[arg-type]
        similarity=decision.similarity,
    )


def register(app: faust.App, topics: Topics, settings: Settings) -> Any:
    """Attach the dedup agent and its table to ``app``."""
    table = app.Table(f"{settings.app_id}-dedup", default=None, partitions=settings.partitions_for("articles.raw.v1"))
    deduplicator = Deduplicator(table)

    @app.agent(topics.raw, name="deduplicate_articles")
    async def deduplicate_articles(raw_articles: Any) -> None:
        """Consume articles.raw.v1; produce articles.unique.v1, articles.duplicates.v1, articles.deadletter.v1."""
        async for event in raw_articles.events():
            message = event.message
            try:
                article = decode_article(event.value)
            except InvalidArticle as exc:
                rejected = dead_letter(event.value, exc, topic=message.topic, partition=message.partition,
                                       offset=message.offset, key=message.key)
                await topics.deadletter.send(key=message.key, value=rejected)
                continue
            record = route(article, deduplicator.check(article))
            target = topics.unique if isinstance(record, UniqueArticle) else topics.duplicates
            await target.send(key=article.id.encode(), value=record)

    return deduplicate_articles
