"""Dedup stage: each story once, reprints linked to the first article of their story.

Reads articles.raw.v1 (raw bytes, validated here, then through articles.valid.v1); writes
articles.unique.v1 (with the ``story_id`` its reprints share), articles.duplicates.v1 (``duplicate_of``
= the first article of the story, the method and the similarity) and articles.deadletter.v1 (input
that is not a valid Article).

Decision, cheapest first:

1. ``url``: the canonical URL (scheme, ``www.``/``m.``/``amp.`` hosts, tracking parameters, fragments,
   ``/amp`` paths, ``?outputType=amp`` and trailing slashes dropped) was seen before. A changed body at
   the same URL is an update of that story, so it is a duplicate too.
2. ``exact``: the same normalised body (NFKC, quotes and dashes folded, case, whitespace and punctuation
   folded, thousands separators and ``%``/``per cent`` folded, dateline such as ``MOSCOW (AP) —``,
   byline, ``UPDATED`` lines, page furniture such as ``Advertisement`` lines, and the trailer outlets
   append (editor's notes, related-links lists, credit, contributor and copyright lines) dropped).
3. ``near``: MinHash over word shingles, candidates found by LSH banding, then verified on the estimated
   containment of the shorter text in the longer (never below Jaccard, so it covers light edits of the
   whole text and a reprint trimmed to half its length alike), refused when the shorter text is under
   25% of the longer, and vetoed when the figures of the two texts disagree (a daily market report on a
   fixed template with other numbers is another story). Page furniture is left out first: shingles
   counted on more than one earlier page of the same site (its headline lists, panels, footers) are
   dropped before MinHash, containment and figures; a page with almost nothing left is linked to
   nothing; two pages of one site need containment >= 0.8 (:mod:`agents.dedup.boilerplate`).

Parameters (:class:`DedupParams`) come from measurements on eval/dedup/ (136 articles: the development
set and blind probe 1; 64 duplicate links, 36 hard negatives; ``wirewatch eval dedup --margins --sweep
--stress`` prints them): word 4-shingles, 128 permutations, LSH banding for Jaccard 0.15 (b=51, r=2, as
datasketch's MinHashLSH picks it: a candidate with probability 0.96 at Jaccard 0.25 and 0.99 at 0.3, so
a reprint trimmed to 35-40% of the words is found), near at containment >= 0.6.
Exact containment of every true link is >= 0.70 (best match per article); the closest other stories
reach 0.46 (same event, sharing two paragraphs and a quote), 0.40 (reused background paragraph, a
correction quoting one sentence) and 0.63 / 0.60 (template bulletins, separated by the figures veto:
without it precision drops to 0.96). Shingles of 4-6 words, 64-256 permutations, LSH thresholds
0.15-0.3, containment 0.5-0.7 and length ratios 0.1-0.3 each give precision 1.00 and recall 1.00 there;
containment 0.8 loses recall (0.94), an LSH threshold of 0.5 too (0.88), 3-word shingles precision
(0.985). ``--stress`` edits each first article of the set: trimmed to 40-50% (also with a trailer) or
renumbered, 29/29 are caught (trimmed to 35%: 25/29; with the former banding for 0.25 and ratio 0.3,
40% trims were 24/29); briefs of four new sentences and one or two reused paragraphs are never linked.

Durable state: everything lives in the mapping passed in (a changelog-backed Faust table in the worker,
a dict offline); in memory only what is rebuilt from it. Articles are numbered in arrival order. Keys:

- ``url:<hash>`` and ``text:<hash>`` -> ``{"a": first article of the story, "s": story id, "t": seen at,
  "o": the topic:partition:offset it came from}`` (a redelivery from the same offset is not a duplicate)
- ``doc:<n>`` -> ``{"id", "a", "s", "t", "u": url hash, "k": text hash}``, plus for indexed texts
  ``"n"`` (shingle count), ``"h"`` (the MinHash, low 16 bits of each value, base64) and ``"x"`` (figures)
- ``band:<i>:<hash>`` -> the numbers of the articles with that LSH band (the LSH index itself, so a
  restarted worker, or the one a rebalance hands the partition to, queries the same buckets)
- ``id:<hash>`` -> ``{"s": the story the article id names, "t": seen at}``
- ``seq:next`` and ``seq:oldest`` -> the article numbers in use
- shingle document frequency per site: ``doc`` keeps ``"f"``, the shingles a page counted, and ``"w"``, its
  site; the counts are rebuilt in memory from the live pages' ``"f"`` (:mod:`agents.dedup.boilerplate`)

Stories and ids. A new story's id comes from its content (``story-`` and a hash of the normalised body),
so worker and analyze agree, and no two different texts share a story because they share an article
id. An article id names one text: the same id again with a reprint of its story (the same URL, the same
text, a near duplicate) is that story's duplicate; with any other text it is refused (``id_reused``,
a dead letter; the first article keeps the id) until the first is forgotten with the window.

A near-duplicate within 0.9 of the text it matched is not indexed again (it would add bytes, not
recall). Entries older than the window (``dedup_window_days``, default 7) are forgotten oldest first at
each decision, inside the agent so that deletions reach the changelog: one lookup when nothing is due.
benchmarks/bench_dedup.py measures the state per 100,000 articles: 161.1 MB of JSON in 3.8 million
keys (about 1.6 KB per article, 3.57 million of the keys LSH band entries).

Scale: Faust tables are partitioned like their source topic, and articles are keyed by id, so two
reprints of one story usually land on different partitions and would never meet. Near-duplicates of
one story must be compared in one place, and there is no single key to route them by (LSH gives each
article ``b`` band keys). wirewatch therefore splits the stage in two agents:

- ``validate_articles`` reads articles.raw.v1, on as many partitions as it is given (a setting), keyed by
  article id: stateless, it scales with partitions and workers. Bad input goes to the dead-letter topic;
  a valid article goes to articles.valid.v1 with its origin (raw topic:partition:offset).
- ``deduplicate_articles`` reads articles.valid.v1, which always has ONE partition, so one worker at a
  time holds the whole dedup table (the others take over on a rebalance, recovering it from the
  changelog) and every reprint meets its original.

That single partition is measured to be enough: benchmarks/bench_dedup.py decides
about 1,100 articles per second on one core (0.88 ms mean, 0.80 ms median, 1.4 ms p99 over 100,000
articles), against tens per second of real worldwide news volume.
Were that ever too little, the next step is a band-sharded design: a stateless router re-keys each
article once per LSH band onto a ``dedup.bands`` topic, one stateful agent per band partition answers
"seen with this band?", and a join keyed by article id takes the earliest match.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from agents.dedup.boilerplate import ShingleFrequency
from agents.dedup.index import DedupParams, Fingerprint, pack_signature, similarity, unpack_signature
from streams.runtime.records import (
    Article,
    DuplicateRecord,
    UniqueArticle,
)

DAY = 86_400.0

# --- The stage -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DedupDecision:
    """Duplicate-or-new for one article."""

    story_id: str
    duplicate_of: str | None = None
    method: str | None = None
    similarity: float = 1.0
    id_reused: bool = False

    @property
    def is_duplicate(self) -> bool:
        """True for a reprint or repeat of an earlier article."""
        return self.duplicate_of is not None


class Deduplicator:
    """Decides duplicate-or-new against what was seen within the window.

    Args:
        state: a mutable mapping (a Faust table in the worker, a dict offline) holding every key listed
            in the module docstring; values are JSON-serialisable.
        params: near-duplicate settings.
        window_days: entries older than this are forgotten.
        clock: seconds since the epoch (injectable for tests and replays).
    """

    def __init__(self, state: MutableMapping[str, Any], *, params: DedupParams | None = None,
                 window_days: float = 7.0, clock: Callable[[], float] = time.time) -> None:
        self.state = state
        self.params = params or DedupParams()
        self.window = window_days * DAY
        self.clock = clock
        self._bands, self._rows = self.params.bands()
        self.frequency = ShingleFrequency(self.params, self._span, self._pages)

    def check(self, article: Article, origin: str | None = None) -> DedupDecision:
        """Decide for one article and remember it.

        Args:
            article: the article.
            origin: where the message came from (``topic:partition:offset``). Kafka delivers at least
                once: after a crash or a rebalance the first article of a story can come again from the
                same offset, and is then passed on as new again (downstream stages are idempotent by
                key and story), whereas the same article published again is a duplicate.
        """
        with self.frequency.in_step():
            return self._check(article, origin, self.clock())

    def _check(self, article: Article, origin: str | None, now: float) -> DedupDecision:
        self._expire(now)
        fp = Fingerprint.of(article, self.params, self.frequency)
        first = self._live(f"text:{fp.text_key}", now)
        if origin is not None and first is not None and (first["a"], first.get("o")) == (article.id, origin):
            return DedupDecision(story_id=first["s"])
        bands = self._band_keys(fp.signature)
        decision = self._match(fp, bands, now) or DedupDecision(story_id=story_id_for(fp.text_key))
        owner = self._live(_id_key(article.id), now)
        if owner is not None and owner["s"] != decision.story_id:
            return DedupDecision(story_id=owner["s"], id_reused=True)  # not remembered: the id stays the first's
        self._remember(article.id, fp, bands, decision, now, origin)
        return decision

    def _match(self, fp: Fingerprint, bands: list[str], now: float) -> DedupDecision | None:
        # A page that is only furniture is the same text as other such pages, and no story's reprint.
        text = None if fp.furniture_only else f"text:{fp.text_key}"
        for method, key in (("url", f"url:{fp.url_key}" if fp.url_key else None), ("exact", text)):
            seen = self._live(key, now) if key else None
            if seen is not None:
                return DedupDecision(story_id=seen["s"], duplicate_of=seen["a"], method=method)
        return None if fp.furniture_only else self._near(fp, bands, now)

    def _near(self, fp: Fingerprint, bands: list[str], now: float) -> DedupDecision | None:
        hits: Counter[int] = Counter()
        for band in bands:
            hits.update(self.state.get(band) or ())
        best: tuple[float, dict[str, Any]] | None = None
        for seq, _ in hits.most_common(self.params.max_candidates):
            doc = self.state.get(f"doc:{seq}")
            if doc is None or "h" not in doc or now - doc["t"] > self.window:
                continue
            other = Fingerprint(None, "", unpack_signature(doc["h"]), doc["n"], frozenset(doc["x"]))
            near, score = similarity(fp, other, self.params, self.frequency.kept_share(doc.get("f")),
                                     same_site=fp.site_key is not None and doc.get("w") == fp.site_key)
            if near and (best is None or score > best[0]):
                best = (score, doc)
        if best is None:
            return None
        return DedupDecision(story_id=best[1]["s"], duplicate_of=best[1]["a"], method="near",
                             similarity=round(best[0], 4))

    def _remember(self, article_id: str, fp: Fingerprint, bands: list[str], decision: DedupDecision,
                  now: float, origin: str | None) -> None:
        entry = {"a": decision.duplicate_of or article_id, "s": decision.story_id, "t": now, "o": origin}
        seq = int(self.state.get(_NEXT) or 0)
        self.state[_NEXT] = seq + 1
        doc: dict[str, Any] = {"id": article_id, **entry, "u": fp.url_key, "k": fp.text_key}
        if decision.method is None or decision.method == "near" and decision.similarity < self.params.index_below:
            doc["f"] = self.frequency.count(fp.selected)  # a page with text of its own counts for its site
        if fp.url_key and self._live(f"url:{fp.url_key}", now) is None:
            self.state[f"url:{fp.url_key}"] = entry
        if self._live(f"text:{fp.text_key}", now) is None:
            self.state[f"text:{fp.text_key}"] = entry
            # A text close to one already indexed adds nothing to the LSH index but bytes.
            if not fp.furniture_only and (decision.method != "near" or decision.similarity < self.params.index_below):
                doc |= {"n": fp.size, "h": pack_signature(fp.signature), "x": sorted(fp.figures)[:64], "w": fp.site_key}
                for band in bands:
                    bucket = self.state.get(band) or []
                    self.state[band] = [*bucket[-(self.params.max_bucket - 1):], seq]
        self.state[f"doc:{seq}"] = doc
        if self._live(_id_key(article_id), now) is None:
            self.state[_id_key(article_id)] = {"s": decision.story_id, "t": now}

    def _live(self, key: str, now: float) -> dict[str, Any] | None:
        entry = self.state.get(key)
        if entry is not None and now - entry["t"] > self.window:
            del self.state[key]
            return None
        return entry

    def _band_keys(self, signature: np.ndarray) -> list[str]:
        r = self._rows
        return [f"band:{i}:{hashlib.blake2b(signature[i * r:(i + 1) * r].tobytes(), digest_size=5).hexdigest()}"
                for i in range(self._bands)]

    def expire(self, now: float | None = None) -> int:
        """Forget the articles older than the window, oldest first; return how many were forgotten.

        Articles are numbered in arrival order, so this costs one lookup when nothing is due.
        """
        with self.frequency.in_step():
            return self._expire(self.clock() if now is None else now)

    def _expire(self, now: float) -> int:
        start, last = self._span()
        oldest = start
        while oldest < last:
            doc = self.state.get(f"doc:{oldest}")
            if doc is not None and now - doc["t"] <= self.window:
                break
            if doc is not None:
                self._forget(oldest, doc, now)
            oldest += 1
        if oldest != start:
            self.state[_OLDEST] = oldest
        return oldest - start

    def _forget(self, seq: int, doc: dict[str, Any], now: float) -> None:
        for key in (f"url:{doc['u']}" if doc["u"] else None, f"text:{doc['k']}", _id_key(doc["id"])):
            if key:
                self._live(key, now)
        if "h" in doc:
            for band in self._band_keys(unpack_signature(doc["h"])):
                bucket = [i for i in self.state.get(band) or () if i != seq]
                if bucket:
                    self.state[band] = bucket
                elif band in self.state:
                    del self.state[band]
        self.frequency.uncount(doc.get("f"))
        del self.state[f"doc:{seq}"]

    def _span(self) -> tuple[int, int]:
        return int(self.state.get(_OLDEST) or 0), int(self.state.get(_NEXT) or 0)

    def _pages(self) -> Iterator[str | None]:
        return ((self.state.get(f"doc:{seq}") or {}).get("f") for seq in range(*self._span()))


_NEXT, _OLDEST = "seq:next", "seq:oldest"


def story_id_for(text_key: str) -> str:
    """The story id a new article founds, from its content (stable, so offline and worker decisions agree)."""
    return "story-" + hashlib.sha256(text_key.encode("utf-8")).hexdigest()[:16]


def _id_key(article_id: str) -> str:
    return "id:" + hashlib.blake2b(article_id.encode("utf-8"), digest_size=12).hexdigest()


def route(article: Article, decision: DedupDecision) -> UniqueArticle | DuplicateRecord:
    """The record to publish for a decision."""
    if decision.duplicate_of is None:
        return UniqueArticle(article=article, story_id=decision.story_id)
    return DuplicateRecord(
        article=article,
        duplicate_of=decision.duplicate_of,
        story_id=decision.story_id,
        method=decision.method or "exact",  # type: ignore[arg-type]
        similarity=min(1.0, max(0.0, decision.similarity)),
    )
