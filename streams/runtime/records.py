"""Records on every topic: pydantic v2 models, one per topic, JSON on the wire with a schema version.

What we consume from outside (Article on articles.raw.v1) ignores unknown fields and is validated by
:func:`decode_article`; what we produce forbids extra fields.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

SCHEMA_VERSION = 1

EntityLabel = Literal[
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"
]


def utcnow() -> datetime:
    """Timezone-aware now, for detected_at stamps."""
    return datetime.now(UTC)


class Produced(BaseModel):
    """Base of every record wirewatch writes: strict about its own fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    schema_version: int = SCHEMA_VERSION


class Article(BaseModel):
    """A news article as published to articles.raw.v1 (the input contract)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    schema_version: int = SCHEMA_VERSION
    id: str = Field(min_length=1, max_length=256)
    url: str | None = None
    source: str | None = None
    published_at: datetime | None = None
    title: str = ""
    body: str
    language: str = "en"
    dateline_place: str | None = None
    byline: str | None = None
    caption: str | None = None

    @field_validator("body")
    @classmethod
    def _body_not_blank(cls, body: str) -> str:
        if not body.strip():
            raise ValueError("body is empty")
        return body

    @property
    def text(self) -> str:
        """The text the tagger sees: the title, a blank line, then the body (or the body alone).

        Entity and evidence offsets point into this string.
        """
        return f"{self.title}\n\n{self.body}" if self.title.strip() else self.body


class ValidArticle(Produced):
    """A validated article on its way to dedup (articles.valid.v1), with where it entered the pipeline."""

    article: Article
    origin: str = Field(description="topic:partition:offset of the raw message, to recognise redeliveries")


class UniqueArticle(Produced):
    """An article seen for the first time (articles.unique.v1), with the story id its reprints share."""

    article: Article
    story_id: str


class DuplicateRecord(Produced):
    """A reprint or repeat (articles.duplicates.v1), linked to the first article of its story."""

    article: Article
    duplicate_of: str
    story_id: str
    method: Literal["url", "exact", "near"]
    similarity: float = Field(ge=0.0, le=1.0)
    detected_at: datetime = Field(default_factory=utcnow)


class Entity(Produced):
    """One entity mention; offsets index :pyattr:`Article.text`."""

    text: str
    label: EntityLabel
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    canonical: str
    id: str | None = None
    country_code: str | None = None
    lat: float | None = None
    lon: float | None = None


class TaggedArticle(Produced):
    """An article with its entities (articles.tagged.v1)."""

    article: Article
    story_id: str
    entities: list[Entity]


class Evidence(Produced):
    """A sentence that supports (or contradicts) an alert, with offsets into :pyattr:`Article.text`."""

    sentence: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    matched: list[str] = Field(default_factory=list)
    rules: list[str] = Field(default_factory=list)


class Alert(Produced):
    """An invasion-warning alert (alerts.v1)."""

    kind: Literal["invasion_warning"] = "invasion_warning"
    severity: Literal["low", "medium", "high", "critical"]
    score: float = Field(ge=0.0)
    cameo: str
    actor: str | None
    target: str | None
    source: list[str] = Field(default_factory=list)
    evidence: list[Evidence]
    counter_evidence: list[Evidence] = Field(default_factory=list)
    article_id: str
    story_id: str
    outlet: str | None = None
    escalated: bool = False
    corroborating_sources: list[str] = Field(default_factory=list)
    published_at: datetime | None = None
    detected_at: datetime = Field(default_factory=utcnow)


class DeadLetter(Produced):
    """An input message that could not be used (articles.deadletter.v1), kept whole with the reason."""

    reason: str
    detail: str
    source_topic: str
    partition: int | None = None
    offset: int | None = None
    key_b64: str | None = None
    original_b64: str
    received_at: datetime = Field(default_factory=utcnow)

    def original(self) -> bytes:
        """The original message bytes."""
        return base64.b64decode(self.original_b64)


class InvalidArticle(ValueError):
    """Raised when raw bytes are not a valid Article; ``reason`` is a short machine-readable code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def decode_article(raw: bytes | None) -> Article:
    """Decode and validate one raw message from articles.raw.v1.

    Raises:
        InvalidArticle: with reason ``not_utf8``, ``not_json``, ``not_object`` or ``invalid_fields``.
    """
    if raw is None:
        raise InvalidArticle("empty_message", "message has no value")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidArticle("not_utf8", str(exc)) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidArticle("not_json", str(exc)) from exc
    if not isinstance(data, dict):
        raise InvalidArticle("not_object", f"expected a JSON object, got {type(data).__name__}")
    try:
        return Article.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or '<root>'}: {e['msg']}" for e in exc.errors())
        raise InvalidArticle("invalid_fields", problems) from exc


def dead_letter(raw: bytes | None, error: InvalidArticle, *, topic: str, partition: int | None = None,
                offset: int | None = None, key: bytes | None = None) -> DeadLetter:
    """Wrap a rejected message and its reason for the dead-letter topic."""
    return DeadLetter(
        reason=error.reason,
        detail=error.detail[:2000],
        source_topic=topic,
        partition=partition,
        offset=offset,
        key_b64=base64.b64encode(key).decode() if key is not None else None,
        original_b64=base64.b64encode(raw or b"").decode(),
    )
