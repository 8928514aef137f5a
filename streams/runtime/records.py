"""Records on every topic: pydantic v2 models, one per topic, JSON on the wire with a schema version.

What we consume from outside (Article on articles.raw.v1) ignores unknown fields and is validated by
:func:`decode_article`, within named :class:`Limits` checked before any work; what we produce forbids
extra fields. Times are UTC: a ``published_at`` without a timezone is read as UTC and the article says so
(``published_at_assumed_utc``).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator, model_validator

from streams.runtime.safejson import UnsafeJson, load_json, lone_surrogate, printable

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
    published_at_assumed_utc: bool = Field(
        default=False, description="published_at came without a timezone and was read as UTC")

    @model_validator(mode="before")
    @classmethod
    def _published_in_utc(cls, data: Any) -> Any:
        # Every time in the pipeline is aware and in UTC, so comparing two of them can never fail.
        if not isinstance(data, dict) or data.get("published_at") is None:
            return data
        try:
            when = _DATETIME.validate_python(data["published_at"])
        except ValidationError:
            return data  # the field's own validation reports it
        naive = when.tzinfo is None or when.utcoffset() is None
        try:
            when = when.replace(tzinfo=UTC) if naive else when.astimezone(UTC)
        except OverflowError as exc:
            raise ValueError("published_at is out of range in UTC") from exc
        return {**data, "published_at": when, "published_at_assumed_utc": naive or
                data.get("published_at_assumed_utc") is True}

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
    """A message that could not be used (articles.deadletter.v1), with the reason and the original bytes.

    The original is whole unless ``original_truncated``: then it is its first bytes, and ``original_size``
    and ``original_sha256`` describe the whole.
    """

    reason: str
    detail: str
    source_topic: str
    partition: int | None = None
    offset: int | None = None
    key_b64: str | None = None
    original_b64: str
    original_truncated: bool = False
    original_size: int | None = None
    original_sha256: str | None = None
    received_at: datetime = Field(default_factory=utcnow)

    def original(self) -> bytes:
        """The original message bytes (its first bytes when ``original_truncated``)."""
        return base64.b64decode(self.original_b64)

    def fitted(self, max_bytes: int) -> DeadLetter:
        """This letter, its original cut so that the whole letter serialises to at most ``max_bytes``."""
        size = len(self.model_dump_json().encode("utf-8"))
        if size <= max_bytes:
            return self
        whole = self.original()
        room = max(0, len(self.original_b64) - (size - max_bytes) - 512)  # 512: the fields added below
        return self.model_copy(update={
            "original_b64": base64.b64encode(whole[:room // 4 * 3]).decode(),
            "original_truncated": True,
            "original_size": len(whole),
            "original_sha256": hashlib.sha256(whole).hexdigest(),
        })


@dataclass(frozen=True)
class Limits:
    """What validation accepts (the Settings fields of the same names), checked before any work."""

    max_raw_bytes: int = 524_288
    max_body_chars: int = 40_000
    max_json_depth: int = 64
    max_number_digits: int = 100


class InvalidArticle(ValueError):
    """Raised when raw bytes are not a valid Article; ``reason`` is a short machine-readable code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def decode_article(raw: bytes | None, limits: Limits | None = None) -> Article:
    """Decode and validate one raw message from articles.raw.v1, cheapest checks first.

    Raises:
        InvalidArticle: with reason ``empty_message``, ``too_large`` (raw bytes or text over the limits),
            ``not_utf8``, ``too_deep`` (JSON nesting), ``not_json``, ``bad_number`` (a number Python cannot
            hold or print: too many digits, infinite, NaN), ``not_object``, ``bad_text`` (a lone surrogate,
            which no UTF-8 record can carry) or ``invalid_fields``.
    """
    limits = limits or Limits()
    if raw is None:
        raise InvalidArticle("empty_message", "message has no value")
    if len(raw) > limits.max_raw_bytes:
        raise InvalidArticle("too_large", f"{len(raw):,} bytes, over max_raw_bytes {limits.max_raw_bytes:,}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidArticle("not_utf8", str(exc)) from exc
    try:
        data = load_json(text, limits.max_json_depth, limits.max_number_digits)
    except UnsafeJson as exc:
        raise InvalidArticle(exc.reason, exc.detail) from exc
    if not isinstance(data, dict):
        raise InvalidArticle("not_object", f"expected a JSON object, got {type(data).__name__}")
    surrogate = lone_surrogate(data)
    if surrogate is not None:
        raise InvalidArticle("bad_text", f"a string holds the lone surrogate U+{ord(surrogate):04X}")
    try:
        article = Article.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or '<root>'}: {e['msg']}" for e in exc.errors())
        raise InvalidArticle("invalid_fields", problems) from exc
    if len(article.text) > limits.max_body_chars:
        raise InvalidArticle("too_large", f"text of {len(article.text):,} characters, over max_body_chars "
                                          f"{limits.max_body_chars:,}")
    return article


_DATETIME: TypeAdapter[datetime] = TypeAdapter(datetime)


def dead_letter(raw: bytes | None, error: InvalidArticle, *, topic: str, partition: int | None = None,
                offset: int | None = None, key: bytes | None = None) -> DeadLetter:
    """Wrap a rejected message and its reason for the dead-letter topic."""
    return DeadLetter(
        reason=printable(error.reason),
        detail=printable(error.detail[:2000]),
        source_topic=printable(topic),
        partition=partition,
        offset=offset,
        key_b64=base64.b64encode(key[:1024]).decode() if key is not None else None,  # a hostile key is cut
        original_b64=base64.b64encode(raw or b"").decode(),
    )
