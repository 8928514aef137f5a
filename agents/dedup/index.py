"""Near-duplicate comparison for the dedup stage: parameters, MinHash fingerprints, similarity.

Pure code without state; :class:`agents.dedup.stage.Deduplicator` keeps the LSH index in its state mapping,
and the module docstring of :mod:`agents.dedup.stage` says how the parameters were measured.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

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

    @classmethod
    def of(cls, article: Article, params: DedupParams) -> Fingerprint:
        """Fingerprint an article's URL and body."""
        words = tokens(article.body)
        shingle_set = shingles(words, params.shingle_size)
        minhash = MinHash(num_perm=params.num_perm, seed=1)
        minhash.update_batch([s.encode("utf-8") for s in shingle_set])
        url = canonical_url(article.url)
        return cls(
            url_key=_digest(url) if url else None,
            text_key=_digest(" ".join(words)),
            signature=(minhash.hashvalues & 0xFFFF).astype("<u2"),
            size=len(shingle_set),
            figures=frozenset(w for w in words if any(c.isdigit() for c in w)),
        )


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def similarity(a: Fingerprint, b: Fingerprint, params: DedupParams) -> tuple[bool, float]:
    """(is a near-duplicate, containment of the shorter text in the longer) for two fingerprints.

    Containment is estimated from the MinHash Jaccard estimate and the two shingle counts,
    ``|A ∩ B| = J (|A| + |B|) / (1 + J)``; it is never below Jaccard, so one threshold covers both
    a light edit of the whole text and a trimmed reprint.
    """
    jaccard = float(np.mean(a.signature == b.signature))
    small, large = sorted((a.size, b.size))
    containment = min(1.0, jaccard * (small + large) / (1.0 + jaccard) / small)
    near = (containment >= params.containment and small >= params.min_length_ratio * large
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
