"""What the dashboard shows of a record, and the refusal of a record it cannot show.

Every value read from Kafka is parsed with the input limits of :class:`~streams.runtime.settings.Settings`
and validated against the record model of its topic before anything reads a field, so a record that is not
JSON, is a JSON array, or lacks a field becomes a :class:`BadRecord` with a short reason, never an exception
in the reader.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from agents.knowledge.countries import fold, state_forms
from streams.clients.render import headline
from streams.runtime.records import Alert, DuplicateRecord, Limits, TaggedArticle
from streams.runtime.safejson import UnsafeJson, load_json

MODELS: dict[str, type[BaseModel]] = {"tagged": TaggedArticle, "duplicate": DuplicateRecord, "alert": Alert}
SEVERITIES = ("low", "medium", "high", "critical")


class BadRecord(ValueError):
    """A record the dashboard skips: ``reason`` is ``empty``, ``not_json``, ``too_deep``, ``bad_number``,
    ``too_large``, ``not_object`` or ``invalid``."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


def decode(kind: str, raw: bytes | None, limits: Limits) -> BaseModel:
    """The record of topic kind ``kind`` (``tagged``, ``duplicate`` or ``alert``) in ``raw``.

    Raises:
        BadRecord: when ``raw`` is empty, too large, not JSON, not an object, or not a valid record.
    """
    if not raw:
        raise BadRecord("empty", "no value")
    if len(raw) > 4 * limits.max_raw_bytes:  # a tagged article is its raw article plus entities
        raise BadRecord("too_large", f"{len(raw):,} bytes")
    try:
        value = load_json(raw.decode("utf-8"), limits.max_json_depth, limits.max_number_digits)
    except UnicodeDecodeError as exc:
        raise BadRecord("not_json", f"not UTF-8: {exc.reason}") from exc
    except UnsafeJson as exc:
        raise BadRecord(exc.reason, exc.detail) from exc
    if not isinstance(value, dict):
        raise BadRecord("not_object", f"a JSON {type(value).__name__}, not an object")
    try:
        return MODELS[kind].model_validate(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"])) or "<root>"
        raise BadRecord("invalid", f"{exc.error_count()} error(s), first at {where}: {first['msg']}") from exc


def state_code(name: str | None) -> str | None:
    """The ISO code of a state named by an alert (``"Russia"`` -> ``"RU"``), from the one country table."""
    return state_forms()[1].get(fold(name)) if name else None


def summarise(record: BaseModel) -> dict[str, Any]:
    """The part of a record the page shows: an alert whole, with its states' codes; an article without its
    body, with a lead and its entities counted (a reprint without entities)."""
    if isinstance(record, Alert):
        return {**record.model_dump(mode="json"), "actor_code": state_code(record.actor),
                "target_code": state_code(record.target)}
    assert isinstance(record, TaggedArticle | DuplicateRecord)  # noqa: S101 - MODELS holds only these three
    article = record.article
    summary = {"id": article.id, "title": article.title, "source": article.source,
               "headline": headline({"title": article.title, "body": article.body}),
               "lead": article.body.strip().split("\n")[0][:300], "story_id": record.story_id,
               "published_at": article.published_at.isoformat() if article.published_at else None}
    if isinstance(record, DuplicateRecord):
        return {**summary, "duplicate_of": record.duplicate_of, "method": record.method,
                "similarity": record.similarity}
    entities: dict[tuple[str, str], dict[str, Any]] = {}
    for e in record.entities:
        entry = entities.setdefault((e.label, e.canonical), {"label": e.label, "canonical": e.canonical,
                                                             "country_code": e.country_code, "count": 0})
        entry["count"] += 1
    return {**summary, "entities": sorted(entities.values(), key=lambda x: (-x["count"], x["canonical"]))}
