"""``wirewatch ingest``: poll RSS, Atom and JSON feeds and publish their entries to articles.raw.v1.

Reads the feeds over HTTP (conditional GET, a time limit and a size cap per request, back-off per feed),
and at start every feed's cursor from ingest.cursors.v1 (streams/clients/feeds/cursor.py).
Writes articles.raw.v1 (an Article keyed by its id, as ``wirewatch replay`` does); articles.deadletter.v1
(``no_article_text``: an entry whose text, once page furniture is dropped, is under ``ingest_min_words``;
``too_large``: an article over ``max_message_bytes``), each with the entry; and each feed's cursor.
State: per feed, its cursor and back-off, in memory; the cursors also in Kafka, so that a restart
neither republishes nor misses an entry.

An updated entry (the same article id, another title or text) is published again with the same id
and URL: dedup links it to its first version as a duplicate of the same story (``url``), so the update
is seen downstream without being a new story. Entries are compared on their text once furniture is
dropped, so a feed that only changes its chrome republishes nothing.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from streams.clients.feeds.cursor import CursorStore, FeedCursor, content_hash
from streams.clients.feeds.fetch import PAGE_ACCEPT, Fetcher, FetchError, Response, is_web_url
from streams.clients.feeds.parse import FeedEntry, MalformedFeed, ParsedFeed, article_id, parse_feed
from streams.clients.feeds.report import FeedReport, PollSummary
from streams.clients.feeds.rules import IngestRules
from streams.clients.feeds.text import (
    drop_recurring,
    entry_paragraphs,
    page_paragraphs,
    recurring,
    without_title,
    words,
)
from streams.runtime.records import Article, InvalidArticle, dead_letter
from streams.runtime.settings import Settings
from streams.runtime.topics import TopicNames

log = logging.getLogger(__name__)

FETCH_THREADS = 8
ACK_TIMEOUT_S = 60.0
BROKER_TIMEOUT_S = 10.0
@dataclass
class _FeedState:
    cursor: FeedCursor
    failures: int = 0
    due_at: float = 0.0


@dataclass(frozen=True)
class _Entry:
    entry: FeedEntry
    id: str
    paragraphs: list[str]
    digest: str


def read_feed_list(path: str | Path) -> list[str]:
    """Feed URLs from a file: one a line; blank lines and lines starting with ``#`` are skipped.

    Raises:
        FileNotFoundError: when the file does not exist.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no such feed list: {path}")
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


class Ingestor:
    """Polls feeds and publishes what is new or updated; one :meth:`poll` at a time."""

    def __init__(self, settings: Settings, feeds: Sequence[str], *, producer: Any, store: CursorStore,
                 cursors: dict[str, FeedCursor], interval_s: float | None = None, fetch_pages: bool = False,
                 clock: Callable[[], float] = time.monotonic, rules: IngestRules | None = None) -> None:
        self.settings = settings
        self.feeds = list(dict.fromkeys(feeds))
        self.producer = producer
        self.store = store
        self.interval_s = interval_s if interval_s is not None else settings.ingest_interval_s
        self.fetch_pages = fetch_pages
        self.clock = clock
        self.rules = rules or IngestRules.load()
        self.fetcher = Fetcher(settings.ingest_timeout_s, settings.ingest_max_bytes)
        self.topics = TopicNames.from_settings(settings)
        self.state = {f: _FeedState(cursors.get(f) or FeedCursor(feed=f)) for f in self.feeds}
        self.polls = 0
        self._started = 0.0  # clock time at which the current poll began

    def next_due(self) -> float:
        """Clock time at which the next feed is due."""
        return min(s.due_at for s in self.state.values())

    def poll(self) -> PollSummary:
        """Poll every feed that is due (fetched in parallel, handled in order); wait out the others."""
        self.polls += 1
        now = self._started = self.clock()
        due = [f for f in self.feeds if self.state[f].due_at <= now]
        reports = {f: FeedReport(f, "waiting" if self.state[f].failures else "idle",
                                 retry_in=self.state[f].due_at - now) for f in self.feeds}
        with ThreadPoolExecutor(max_workers=max(1, min(FETCH_THREADS, len(due))),
                                thread_name_prefix="ingest-fetch") as pool:
            for feed, result in zip(due, pool.map(self._fetch_feed, due), strict=True):
                reports[feed] = self._handle(feed, result, pool)
        return PollSummary(self.polls, [reports[f] for f in self.feeds], max(0.0, self.next_due() - self.clock()))

    def _fetch_feed(self, feed: str) -> Response | FetchError:
        cursor = self.state[feed].cursor
        try:
            return self.fetcher.get(feed, etag=cursor.etag, modified=cursor.modified)
        except FetchError as exc:
            return exc

    def _handle(self, feed: str, result: Response | FetchError, pool: Executor) -> FeedReport:
        if isinstance(result, FetchError):
            return self._failed(feed, result.reason, result.retry_after)
        if result.not_modified:
            return self._succeeded(FeedReport(feed, "not_modified"))
        try:
            parsed = parse_feed(result.body, result.url, result.content_type)
        except MalformedFeed as exc:
            return self._failed(feed, f"malformed feed: {str(exc)[:200]}")
        if parsed.warning:
            log.warning("%s: read a broken feed as far as it goes: %s", feed, parsed.warning)
        return self._succeeded(self._publish(feed, parsed, result, pool))

    def _failed(self, feed: str, error: str, retry_after: float | None = None) -> FeedReport:
        state = self.state[feed]
        state.failures += 1
        wait = min(self.settings.ingest_backoff_s * 2 ** (state.failures - 1), self.settings.ingest_backoff_max_s)
        if retry_after is not None:  # the server's Retry-After, within our own ceiling
            wait = max(wait, min(retry_after, self.settings.ingest_backoff_max_s))
        state.due_at = self._started + wait
        log.info("%s: %s (failure %d, retry in %.0fs)", feed, error, state.failures, wait)  # the poll line says it
        return FeedReport(feed, "failed", error=error, retry_in=wait)

    def _succeeded(self, report: FeedReport) -> FeedReport:
        state = self.state[report.feed]
        # From the poll's start, so that feeds polled together stay together, however long each one took.
        state.failures, state.due_at = 0, self._started + self.interval_s
        return report

    def _entries(self, feed: str, parsed: ParsedFeed) -> list[_Entry]:
        """Every entry of the document with its id, its article text and that text's hash (first of an id wins)."""
        texts = [entry_paragraphs(e.html, self.rules) for e in parsed.entries]
        furniture = recurring(texts)
        entries: dict[str, _Entry] = {}
        for entry, paragraphs in zip(parsed.entries, texts, strict=True):
            kept = without_title(drop_recurring(paragraphs, furniture), entry.title)
            key = article_id(feed, entry)
            entries.setdefault(key, _Entry(entry, key, kept, content_hash(entry.title, kept)))
        return list(entries.values())

    def _publish(self, feed: str, parsed: ParsedFeed, response: Response, pool: Executor) -> FeedReport:
        entries = self._entries(feed, parsed)
        cursor = self.state[feed].cursor
        todo = [(e, change) for e, change in zip(entries, cursor.changes([(e.id, e.digest) for e in entries]),
                                                  strict=True) if change]
        pages = (pool.map(self._page_text, [e.entry.link for e, _ in todo]) if self.fetch_pages
                 else ([] for _ in todo))
        report, sends = FeedReport(feed, "changed"), []
        source = parsed.title or urlsplit(feed).hostname or feed
        for (entry, change), page in zip(todo, pages, strict=True):
            page = without_title(page, entry.entry.title)
            paragraphs = page if sum(map(words, page)) >= self.settings.ingest_min_words else entry.paragraphs
            sent, ok = self._send(feed, entry, paragraphs, source)
            sends.append(sent)
            if not ok:
                report.dead_letters += 1
            elif change == "new":
                report.new += 1
            else:
                report.updated += 1
        self._acknowledged(sends)
        after = cursor.advanced(etag=response.etag, modified=response.last_modified,
                                listed=[(e.id, e.digest) for e in entries], limit=self.settings.ingest_seen_per_feed)
        if not after.same_place(cursor):
            self._acknowledged([self.store.save(after)])  # only once every record above is on the broker
        self.state[feed].cursor = after
        return report

    def _page_text(self, link: str | None) -> list[str]:
        if not link or not is_web_url(link):
            return []
        try:
            page = self.fetcher.get(link, accept=PAGE_ACCEPT)
        except FetchError as exc:
            log.warning("%s: page not fetched (%s); the feed's own text is used", link, exc.reason)
            return []
        return page_paragraphs(page.body, page.url, self.rules)

    def _send(self, feed: str, entry: _Entry, paragraphs: list[str], source: str) -> tuple[Any, bool]:
        """Send the article, or a dead letter with the entry; True when it was an article."""
        body = "\n\n".join(paragraphs)
        if words(body) < self.settings.ingest_min_words:
            detail = (f"{words(body)} word(s) of article text once page furniture is dropped, under "
                      f"ingest_min_words {self.settings.ingest_min_words}: {entry.entry.title[:120]!r}")
            return self._dead_letter(feed, entry, body, InvalidArticle("no_article_text", detail)), False
        link = entry.entry.link if entry.entry.link and is_web_url(entry.entry.link) else None
        article = Article(id=entry.id, url=link, source=source, published_at=entry.entry.published,
                          title=entry.entry.title, body=body)
        value = article.model_dump_json(exclude_none=True).encode("utf-8")
        if len(value) > self.settings.max_message_bytes:
            detail = f"article of {len(value):,} bytes, over max_message_bytes {self.settings.max_message_bytes:,}"
            return self._dead_letter(feed, entry, body, InvalidArticle("too_large", detail)), False
        return self.producer.send(self.topics.raw, key=entry.id.encode("utf-8"), value=value), True

    def _dead_letter(self, feed: str, entry: _Entry, text: str, error: InvalidArticle) -> Any:
        original = json.dumps({"feed": feed, "id": entry.id, **entry.entry.as_json(), "text": text},
                              ensure_ascii=False).encode("utf-8")
        letter = dead_letter(original, error, topic=feed, key=entry.id.encode("utf-8"))
        log.info("%s: %s dead-lettered: %s", feed, entry.id, error.reason)
        return self.producer.send(self.topics.deadletter, key=entry.id.encode("utf-8"),
                                  value=letter.fitted(self.settings.max_message_bytes).model_dump_json().encode())

    def _acknowledged(self, sends: list[Any]) -> None:
        """Wait until the broker has every record sent (raises when one failed: the cursor stays put)."""
        if sends:
            self.producer.flush(timeout=ACK_TIMEOUT_S)
            for sent in sends:
                sent.get(timeout=ACK_TIMEOUT_S)


def run(settings: Settings, feeds: Sequence[str], *, interval_s: float | None = None, once: bool = False,
        fetch_pages: bool = False, on_poll: Callable[[PollSummary], None] = lambda s: None,
        stop: Callable[[], bool] = lambda: False, sleep: Callable[[float], None] = time.sleep) -> int:
    """Poll ``feeds`` once, or every ``interval_s`` until interrupted (or ``stop()``); return the polls made.

    Raises:
        BrokerUnreachable: when no broker answers (checked before any feed is fetched).
    """
    from streams.clients.kafka import make_admin, make_producer
    from streams.ops.logs import quieted
    from streams.runtime.topics import INGEST_CURSORS, ensure_compacted_topic, ensure_topics

    with quieted("kafka"):  # kafka-python logs every failed attempt; BrokerUnreachable says it in one line
        make_admin(settings, BROKER_TIMEOUT_S).close()
        producer = make_producer(settings)
    try:
        ensure_topics(settings)
        ensure_compacted_topic(settings, INGEST_CURSORS)
        store = CursorStore(settings, producer)
        ingestor = Ingestor(settings, feeds, producer=producer, store=store, cursors=store.load(),
                            interval_s=interval_s, fetch_pages=fetch_pages)
        while True:
            summary = ingestor.poll()
            on_poll(replace(summary, next_in=None) if once else summary)
            if once or stop():
                return ingestor.polls
            sleep(max(0.0, ingestor.next_due() - time.monotonic()))
    finally:
        producer.close(timeout=10)
