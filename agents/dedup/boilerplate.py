"""Page furniture learned from the stream: shingles that recur across many pages of one site.

Scraped pages carry the site's chrome: lists of other headlines, a "watch live" panel, a newsletter
pitch, a footer. Two different stories of one site share it, and on a short story it is most of the
text, so MinHash would call them reprints; a page that is only chrome would be the "reprint" of every
other. Web-scale near-duplicate detection answers this with document frequency: a shingle seen in many
different documents says nothing about which document it is in, so it leaves the fingerprint. Here:

- Shingles are sampled by winnowing (Schleimer, Wilkerson and Aiken, 2003): in every window of
  ``df_window`` consecutive word shingles the one with the smallest hash is selected, so one text's
  selection is the same wherever it appears and no run of ``df_window`` shingles goes unsampled
  (about one shingle in four with the default window of 8).
- Counts are per site (the host of the canonical URL, else the source) and per page: a page counts its
  selected shingles once when it is new by URL and text and not a near copy (>= ``index_below``) of an
  indexed text. Counting across sites would turn a wire story printed by fifty outlets into
  "boilerplate"; counting stories instead of pages never learns, because chrome makes a site's first
  pages look like reprints of one another (measured: no furniture link avoided on eval/dedup/furniture.jsonl).
- A selected shingle counted on more than ``boilerplate_df`` live pages of the site is boilerplate. Its
  words, and the gaps of at most ``df_window - shingle_size`` words between two such shingles (which
  winnowing may leave unsampled inside a block), are dropped before MinHash, containment and figures;
  the remaining runs are shingled separately, so no shingle bridges a dropped block.
- An article with boilerplate dropped and fewer than ``min_kept_shingles`` shingles left is furniture
  only: it is linked to nothing (neither exactly nor near) and not indexed.
- A page indexed before its site's chrome was learned keeps the chrome in its MinHash:
  :meth:`ShingleFrequency.kept_share` says how much of it is still text, and containment is measured on
  that part. Until a site has two pages in the window nothing of it is learned, so two pages of one site
  need ``same_site_containment`` (0.8) rather than 0.6 to be linked.

State: the durable part is each page's own ``doc:<n>`` entry in the dedup mapping, which lists the
shingles it counted (``"f"``, 40-bit hashes keyed by the site). The counts themselves are a capped dict
in memory (not a sketch), rebuilt from the ``"f"`` of the live pages whenever the dedup state moved on
without them (at start, after a rebalance or a failed decision), so they are the same in a restarted
worker and in ``wirewatch analyze``. Keeping one durable entry per shingle instead cost ~190 changelog
records per article, two thirds of the worker's produce traffic (measured with benchmarks/bench_pipeline.py).

- At ``df_max_keys`` distinct shingles new ones are not counted (known ones still are) until expiry
  frees room, so the dict never holds more entries than that (about 100 bytes each).
- When a page leaves the window (:meth:`agents.dedup.stage.Deduplicator.expire`) its shingles are
  counted down and dropped at zero, so the counts are exact over the window.

Cost (benchmarks/bench_dedup.py, 5,000 articles, old and new code in one run on a loaded machine), when
the counts were still table entries: the state per 100,000 articles grew from 163 to 282 MB of JSON
(5.0 million ``df`` keys, under the cap), the mean decision time from 4.2 to 7.9 ms.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from agents.dedup.text import canonical_url
from streams.runtime.records import Article

if TYPE_CHECKING:
    from agents.dedup.index import DedupParams

_KEY_BYTES = 5  # 40-bit shingle hashes: one chance in a million that two of a week's shingles collide


def site_of(article: Article) -> str | None:
    """The site an article's page belongs to: the host of its canonical URL, else its source, else None."""
    url = canonical_url(article.url)
    if url:
        return url.split("/", 1)[0]
    return article.source.strip().casefold() if article.source and article.source.strip() else None


def _hasher(site: str) -> Any:
    salt = hashlib.blake2b(site.encode("utf-8"), digest_size=16).digest()
    return hashlib.blake2b(digest_size=_KEY_BYTES, key=salt)


def _hash(shingle: str, site: str) -> bytes:
    hasher = _hasher(site)
    hasher.update(shingle.encode("utf-8"))
    return bytes(hasher.digest())


def winnow(words: list[str], size: int, window: int, site: str) -> dict[int, bytes]:
    """The selected shingles of ``words`` on ``site``: {position of the shingle's first word: its hash}.

    Hashes are keyed by the site, so each site has its own counts. In every window of ``window``
    consecutive shingles the smallest hash is selected (the rightmost on a tie); a text of fewer
    shingles than ``window`` selects its smallest.
    """
    keyed = _hasher(site)
    hashes = []
    for i in range(max(1, len(words) - size + 1)):
        hasher = keyed.copy()
        hasher.update(" ".join(words[i:i + size]).encode("utf-8"))
        hashes.append(hasher.digest())
    selected: dict[int, bytes] = {}
    low = -1
    for start in range(max(1, len(hashes) - window + 1)):
        end = min(start + window, len(hashes))
        if low < start:  # the last minimum left the window: look at the whole window
            low = min(reversed(range(start, end)), key=hashes.__getitem__)
        elif hashes[end - 1] <= hashes[low]:
            low = end - 1
        selected[low] = hashes[low]
    return selected


@dataclass(frozen=True)
class Stripped:
    """An article's words with the boilerplate dropped."""

    runs: list[list[str]]
    selected: tuple[bytes, ...]
    dropped: int

    @property
    def words(self) -> list[str]:
        """The kept words, in order."""
        return [word for run in self.runs for word in run]


class ShingleFrequency:
    """Document frequency of selected shingles over the stories within the dedup window.

    Args:
        params: ``shingle_size``, ``df_window``, ``boilerplate_df`` and ``df_max_keys`` are read.
        span: the numbers of the live pages in the dedup state (oldest, next); any change the counts
            were not told of makes them rebuilt.
        pages: what each live page counted (its ``"f"``), to rebuild the counts from.
    """

    def __init__(self, params: DedupParams, span: Callable[[], tuple[int, int]],
                 pages: Callable[[], Iterable[str | None]]) -> None:
        self.params = params
        self.counts: dict[bytes, int] = {}
        self._span, self._pages = span, pages
        self._synced: tuple[int, int] | None = None

    @contextmanager
    def in_step(self) -> Iterator[None]:
        """Keep the counts in step with the dedup state while it is read and changed in the block."""
        if self._synced != self._span():
            self.counts = {}
            for packed in self._pages():
                self._add(packed)
        try:
            yield
        except BaseException:
            self._synced = None  # what was counted before the failure may not be in the state
            raise
        self._synced = self._span()

    def strip(self, words: list[str], site: str | None) -> Stripped:
        """Drop the words of ``site``'s boilerplate shingles (and the short gaps between them) from ``words``.

        Without a site nothing is dropped, and nothing is selected for counting.
        """
        size = self.params.shingle_size
        if site is None:
            return Stripped([words], (), 0)
        selected = winnow(words, size, self.params.df_window, site)
        drop = [False] * len(words)
        for position, key in selected.items():
            if self.counts.get(key, 0) > self.params.boilerplate_df:
                drop[position:position + size] = [True] * len(drop[position:position + size])
        _fill_gaps(drop, self.params.df_window - size)
        runs: list[list[str]] = [[]]
        for word, dropped in zip(words, drop, strict=True):
            if dropped:
                runs.append([])
            else:
                runs[-1].append(word)
        if any(drop):  # a scrap of a few words between two blocks of furniture is not text
            runs = [run for run in runs if len(run) >= size]
        return Stripped([run for run in runs if run], tuple(sorted(set(selected.values()))), sum(drop))

    def count(self, selected: Iterable[bytes]) -> str:
        """Count a new page's selected shingles; return those counted, packed for its ``doc`` entry."""
        counts, counted = self.counts, []
        for key in selected:
            seen = counts.get(key, 0)
            if not seen and len(counts) >= self.params.df_max_keys:
                continue  # full: this shingle stays unknown (so never boilerplate) until room is freed
            counts[key] = seen + 1
            counted.append(key)
        return base64.b64encode(b"".join(counted)).decode("ascii")

    def _add(self, packed: str | None) -> None:
        # What count() did for the page, replayed: it counted exactly these, so the cap is not consulted.
        for key in _unpack(packed):
            self.counts[key] = self.counts.get(key, 0) + 1

    def uncount(self, packed: str | None) -> None:
        """Count down the shingles a story counted, as it leaves the window."""
        for key in _unpack(packed):
            seen = self.counts.get(key, 0)
            if seen > 1:
                self.counts[key] = seen - 1
            else:
                self.counts.pop(key, None)

    def kept_share(self, packed: str | None) -> float:
        """The share of a page's counted shingles that are not boilerplate now (1.0 when it counted none).

        A page indexed before its site's furniture was learned keeps that furniture in its MinHash; this
        share tells how much of it is still text, so that containment is measured on that part.
        """
        keys = _unpack(packed)
        boilerplate = sum(self.counts.get(key, 0) > self.params.boilerplate_df for key in keys)
        return 1.0 - boilerplate / len(keys) if keys else 1.0

    def frequency(self, shingle: str, site: str) -> int:
        """On how many live pages of ``site`` ``shingle`` was counted (0 when never selected)."""
        return self.counts.get(_hash(shingle, site), 0)


def _unpack(packed: str | None) -> list[bytes]:
    raw = base64.b64decode(packed) if packed else b""
    return [raw[i:i + _KEY_BYTES] for i in range(0, len(raw), _KEY_BYTES)]


def _fill_gaps(drop: list[bool], gap: int) -> None:
    """Mark dropped the runs of at most ``gap`` kept words that lie between two dropped words."""
    last = None
    for i, dropped in enumerate(drop):
        if not dropped:
            continue
        if last is not None and 0 < i - last - 1 <= gap:
            drop[last + 1:i] = [True] * (i - last - 1)
        last = i
