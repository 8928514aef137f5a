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

State, in the same mapping as the rest of dedup (so it is durable in the Faust table and identical in
``wirewatch analyze``): a capped dict with expiry tied to the dedup window, not a sketch (a count-min
sketch wide enough for a week of shingles would be rewritten whole into the changelog on every page).

- ``df:<hash>`` -> on how many live pages of its site that selected shingle was counted (an int; the
  40-bit hash is keyed by the site).
- ``df:keys`` -> how many ``df:`` entries exist. At ``df_max_keys`` new shingles are not counted (known
  ones still are) until expiry frees room, so the table never holds more entries than that.
- The page's own ``doc:<n>`` entry lists the shingles it counted (``"f"``); when it leaves the window
  (:meth:`agents.dedup.stage.Deduplicator.expire`) they are counted down and deleted at zero, so the
  counts are exact over the window.

Cost (benchmarks/bench_dedup.py, 5,000 articles, old and new code in one run on a loaded machine): the
state per 100,000 articles grows from 163 to 282 MB of JSON (5.0 million ``df`` keys, under the cap),
the mean decision time from 4.2 to 7.9 ms.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from agents.dedup.text import canonical_url
from streams.runtime.records import Article

if TYPE_CHECKING:
    from agents.dedup.index import DedupParams

_KEY_BYTES = 5  # 40-bit shingle hashes: one chance in a million that two of a week's shingles collide
_KEYS = "df:keys"


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
        state: the dedup state mapping (keys ``df:*``, see the module docstring).
        params: ``shingle_size``, ``df_window``, ``boilerplate_df`` and ``df_max_keys`` are read.
    """

    def __init__(self, state: MutableMapping[str, Any], params: DedupParams) -> None:
        self.state = state
        self.params = params

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
            if int(self.state.get(_key(key)) or 0) > self.params.boilerplate_df:
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
        counted = []
        size = int(self.state.get(_KEYS) or 0)
        for key in selected:
            name = _key(key)
            seen = int(self.state.get(name) or 0)
            if not seen:
                if size >= self.params.df_max_keys:
                    continue  # full: this shingle stays unknown (so never boilerplate) until room is freed
                size += 1
            self.state[name] = seen + 1
            counted.append(key)
        self.state[_KEYS] = size
        return base64.b64encode(b"".join(counted)).decode("ascii")

    def uncount(self, packed: str | None) -> None:
        """Count down the shingles a story counted, as it leaves the window."""
        if not packed:
            return
        raw = base64.b64decode(packed)
        size = int(self.state.get(_KEYS) or 0)
        for i in range(0, len(raw), _KEY_BYTES):
            name = _key(raw[i:i + _KEY_BYTES])
            seen = int(self.state.get(name) or 0)
            if seen > 1:
                self.state[name] = seen - 1
            elif name in self.state:
                del self.state[name]
                size -= 1
        self.state[_KEYS] = max(0, size)

    def kept_share(self, packed: str | None) -> float:
        """The share of a page's counted shingles that are not boilerplate now (1.0 when it counted none).

        A page indexed before its site's furniture was learned keeps that furniture in its MinHash; this
        share tells how much of it is still text, so that containment is measured on that part.
        """
        raw = base64.b64decode(packed) if packed else b""
        keys = [raw[i:i + _KEY_BYTES] for i in range(0, len(raw), _KEY_BYTES)]
        boilerplate = sum(int(self.state.get(_key(key)) or 0) > self.params.boilerplate_df for key in keys)
        return 1.0 - boilerplate / len(keys) if keys else 1.0

    def frequency(self, shingle: str, site: str) -> int:
        """On how many live pages of ``site`` ``shingle`` was counted (0 when never selected)."""
        return int(self.state.get(_key(_hash(shingle, site))) or 0)


def _key(key: bytes) -> str:
    return "df:" + key.hex()


def _fill_gaps(drop: list[bool], gap: int) -> None:
    """Mark dropped the runs of at most ``gap`` kept words that lie between two dropped words."""
    last = None
    for i, dropped in enumerate(drop):
        if not dropped:
            continue
        if last is not None and 0 < i - last - 1 <= gap:
            drop[last + 1:i] = [True] * (i - last - 1)
        last = i
