"""Feed documents read into entries: RSS and Atom with feedparser, JSON Feed by its specification.

feedparser 6.0 reads RSS 0.9x to 2.0, RSS 1.0 and Atom; its JSON Feed reader is not in a release, so
JSON Feed 1.0 and 1.1 documents are read here (the fields ingestion uses: id, url, title, content,
dates). An entry's article id is stable across polls and restarts: see :func:`article_id`.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from agents.dedup.text import canonical_url
from streams.clients.feeds.fetch import is_web_url

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


class MalformedFeed(ValueError):
    """A document that is no RSS, Atom or JSON feed (or so broken that no entry can be read)."""


@dataclass(frozen=True)
class FeedEntry:
    """One entry, as the feed gives it: its ids, its title (text) and its content (HTML)."""

    guid: str | None
    link: str | None
    title: str
    html: str
    published: datetime | None

    def as_json(self) -> dict[str, Any]:
        """The entry as a JSON object (what a dead letter carries)."""
        return {"guid": self.guid, "link": self.link, "title": self.title, "content_html": self.html,
                "published": self.published.isoformat() if self.published else None}


@dataclass(frozen=True)
class ParsedFeed:
    """A feed's title, its kind (``rss20``, ``atom10``, ``json``, ...) and entries; ``warning`` if it was repaired."""

    title: str | None
    kind: str
    entries: list[FeedEntry]
    warning: str | None = None


def plain(text: str) -> str:
    """Text of a short HTML string (a title): tags removed, entities decoded, spaces collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", text or ""))).strip()


def text_to_html(text: str) -> str:
    """Plain text as HTML paragraphs (one per blank-line-separated block)."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text or "") if b.strip()]
    return "".join(f"<p>{html.escape(b)}</p>" for b in blocks)


def _utc(parsed: time.struct_time | None) -> datetime | None:
    # feedparser gives every date as a struct_time in UTC.
    return datetime(*parsed[:6], tzinfo=UTC) if parsed else None


def _iso(value: Any) -> datetime | None:
    try:
        when = datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _content_html(entry: Any) -> str:
    """The fullest content of a feedparser entry (content:encoded, Atom content), else its summary."""
    candidates = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content") or []]
    if entry.get("summary"):
        candidates.append((entry["summary"], (entry.get("summary_detail") or {}).get("type") or "text/html"))
    if not candidates:
        return ""
    value, kind = max(candidates, key=lambda c: len(c[0]))
    return value if any(t in kind for t in _HTML_TYPES) else text_to_html(value)


def _read_xml(body: bytes, url: str, content_type: str) -> ParsedFeed:
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": url, "content-type": content_type},
                              sanitize_html=True, resolve_relative_uris=True)
    problem = str(parsed.get("bozo_exception") or "") if parsed.get("bozo") else None
    if not parsed.get("version") and not parsed.entries:
        raise MalformedFeed("not an RSS, Atom or JSON feed" + (f" ({problem})" if problem else ""))
    if problem and not parsed.entries:
        raise MalformedFeed(f"broken {parsed.version} feed, no entry readable ({problem})")
    entries = [
        FeedEntry(guid=(e.get("id") or "").strip() or None, link=(e.get("link") or "").strip() or None,
                  title=plain(e.get("title") or ""), html=_content_html(e),
                  published=_utc(e.get("published_parsed") or e.get("updated_parsed")))
        for e in parsed.entries
    ]
    return ParsedFeed(plain(parsed.feed.get("title") or "") or None, parsed.get("version") or "unknown", entries,
                      problem)


def _read_json(body: bytes) -> ParsedFeed:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise MalformedFeed(f"not JSON: {exc}") from exc
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise MalformedFeed("JSON without a JSON Feed version")
    items = data.get("items")
    if not isinstance(items, list):
        raise MalformedFeed("JSON Feed without an items list")
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        content = item.get("content_html") or text_to_html(str(item.get("content_text") or item.get("summary") or ""))
        link = item.get("url") or item.get("external_url")
        guid = str(item["id"]).strip() if item.get("id") is not None else ""
        entries.append(FeedEntry(
            guid=guid or None,
            link=str(link).strip() if link else None, title=plain(str(item.get("title") or "")),
            html=str(content), published=_iso(item.get("date_published") or item.get("date_modified")),
        ))
    return ParsedFeed(plain(str(data.get("title") or "")) or None, "json", entries)


def parse_feed(body: bytes, url: str, content_type: str = "") -> ParsedFeed:
    """Read an RSS, Atom or JSON Feed document fetched from ``url`` (relative links resolve against it).

    Raises:
        MalformedFeed: when the document is no feed, or so broken that no entry can be read.
    """
    if "json" in content_type.lower() or body.lstrip()[:1] == b"{":
        return _read_json(body)
    return _read_xml(body, url, content_type)


def article_id(feed_url: str, entry: FeedEntry) -> str:
    """The entry's article id: ``feed-`` and a hash that stays the same across polls and restarts.

    Hashed, in order of preference: a guid that is a web URL (canonical as dedup reads URLs, so it is the
    same in every feed that carries it); another guid, with the feed's URL (a bare guid is unique within
    its feed only); the entry's canonical link; else the title and published time, with the feed's URL.
    """
    guid_url = canonical_url(entry.guid) if entry.guid and is_web_url(entry.guid) else None
    link_url = canonical_url(entry.link) if entry.link and is_web_url(entry.link) else None
    if guid_url:
        key = "url " + guid_url
    elif entry.guid:
        key = f"guid {feed_url} {entry.guid}"
    elif link_url:
        key = "url " + link_url
    else:
        key = f"title {feed_url} {entry.title} {entry.published.isoformat() if entry.published else ''}"
    return "feed-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
