"""Near-duplicate comparison for the dedup stage: parameters, MinHash fingerprints, similarity.

Pure code without state; :class:`agents.dedup.stage.Deduplicator` keeps the LSH index in its state mapping,
and the module docstring of :mod:`agents.dedup.stage` says how the parameters were measured.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from agents.dedup.boilerplate import ShingleFrequency, site_of
from agents.dedup.text import canonical_url, shingles, tokens
from streams.runtime.records import Article

# --- Near duplicates -------------------------------------------------------------------------------

@dataclass(frozen=True)
class DedupParams:
    """Near-duplicate settings; the module docstring of :mod:`agents.dedup.stage` says how they were measured."""

    shingle_size: int = 4
    num_perm: int = 128
    lsh_threshold: float = 0.15
    containment: float = 0.6
    min_length_ratio: float = 0.25
    figures_overlap: float = 0.5
    index_below: float = 0.9
    max_candidates: int = 32
    max_bucket: int = 64
    # Page furniture (agents/dedup/boilerplate.py): winnowing window, "seen in more than this many live
    # stories", what must remain of a page that had some, and the cap on the document-frequency table.
    df_window: int = 8
    boilerplate_df: int = 1
    min_kept_shingles: int = 12
    df_max_keys: int = 5_000_000
    same_site_containment: float = 0.8  # two pages of one site share its furniture even before it is learned

    def bands(self) -> tuple[int, int]:
        """(bands, rows per band) as datasketch's MinHashLSH picks them for the threshold."""
        lsh = MinHashLSH(threshold=self.lsh_threshold, num_perm=self.num_perm)
        return lsh.b, lsh.r


@dataclass(frozen=True)
class Fingerprint:
    """What dedup compares of one article."""

    url_key: str | None
    text_key: str
    signature: np.ndarray
    size: int
    figures: frozenset[str]
    selected: tuple[bytes, ...] = ()
    furniture_only: bool = False
    site_key: str | None = None

    @classmethod
    def of(cls, article: Article, params: DedupParams, frequency: ShingleFrequency | None = None) -> Fingerprint:
        """Fingerprint an article's URL and body; with ``frequency``, the body without boilerplate shingles.

        The text key (exact duplicates, story ids) is of the whole body; signature, size and figures are
        of what remains once boilerplate is dropped.
        """
        words = tokens(article.body)
        site = site_of(article)
        stripped = frequency.strip(words, site) if frequency is not None else None
        if stripped is not None and stripped.dropped:
            shingle_set = {s for run in stripped.runs for s in shingles(run, params.shingle_size)}
            kept = stripped.words
        else:
            shingle_set, kept = shingles(words, params.shingle_size), words
        furniture_only = stripped is not None and stripped.dropped > 0 and len(shingle_set) < params.min_kept_shingles
        minhash = MinHash(num_perm=params.num_perm, seed=1)
        minhash.update_batch([s.encode("utf-8") for s in shingle_set])
        url = canonical_url(article.url)
        return cls(
            url_key=_digest(url) if url else None,
            text_key=_digest(" ".join(words)),
            signature=(minhash.hashvalues & 0xFFFF).astype("<u2"),
            size=max(1, len(shingle_set)),
            figures=frozenset(filter(_HAS_DIGIT.search, kept)),
            selected=stripped.selected if stripped is not None else (),
            furniture_only=furniture_only,
            site_key=_digest(site)[:12] if site else None,
        )


_HAS_DIGIT = re.compile(r"\d")


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def similarity(a: Fingerprint, b: Fingerprint, params: DedupParams, kept: float = 1.0,
               same_site: bool = False) -> tuple[bool, float]:
    """(is a near-duplicate, containment of the shorter text in the longer) for two fingerprints.

    Containment is estimated from the MinHash Jaccard estimate and the two shingle counts,
    ``|A ∩ B| = J (|A| + |B|) / (1 + J)``; it is never below Jaccard, so one threshold covers both
    a light edit of the whole text and a trimmed reprint. ``kept`` is the share of ``b`` that is not
    boilerplate now (furniture of its site learned after ``b`` was indexed): the intersection is of the
    whole of ``b``, containment and length ratio are of what remains of it. Two pages of the same site
    need ``same_site_containment``: before their site's furniture is learned they share it.
    """
    jaccard = float(np.mean(a.signature == b.signature))
    shared = jaccard * (a.size + b.size) / (1.0 + jaccard)
    small, large = sorted((a.size, max(1.0, b.size * kept)))
    containment = min(1.0, shared / small)
    threshold = params.same_site_containment if same_site else params.containment
    near = (containment >= threshold and small >= params.min_length_ratio * large
            and _figures_agree(a.figures, b.figures, params.figures_overlap))
    return near, containment


def _figures_agree(a: frozenset[str], b: frozenset[str], overlap: float) -> bool:
    # Figures are what tell a template report from yesterday's: those of the text with fewer of them
    # must mostly appear in the other. Texts with one or two figures are not judged by them.
    small, large = sorted((a, b), key=len)
    return len(small) < 3 or len(small & large) >= overlap * len(small)


def pack_signature(signature: np.ndarray) -> str:
    """A MinHash signature as stored in the state (little-endian 16-bit values, base64)."""
    return base64.b64encode(signature.astype("<u2").tobytes()).decode("ascii")


def unpack_signature(packed: str) -> np.ndarray:
    """The signature :func:`pack_signature` stored."""
    return np.frombuffer(base64.b64decode(packed), dtype="<u2")
