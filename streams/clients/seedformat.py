"""Parser for plain-text wire documents in the seed format.

The format, as in ``seeds/000_725fc296ee9ff8bc.txt``::

    date 2022-02-14 <photo caption ending with its credit, e.g. (Kay Nietfeld/dpa via AP)>

    MOSCOW (AP) — The Kremlin signaled Monday ...
    ...
    Karmanau reported from Kyiv, Ukraine. Associated Press writers ... contributed to this report.

The dateline gives the source (AP) and the place (Moscow) and stays in the body, which is what a reader
sees; the caption and the closing contributors line are not body text and are kept apart.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime

from agents.knowledge.text import Dateline, find_dateline
from streams.runtime.records import Article

_DATE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)
# A photo credit names its photographer with a slash or "via", or is "Photo"/"File" or an agency alone.
_CREDIT_MARK = re.compile(r"/|\b(?:via|photo|file)\b", re.I)
_CREDIT_AGENCIES = frozenset({"ap", "reuters", "afp", "getty images"})
_CONTRIBUTORS = re.compile(
    r"contributed (?:to )?(?:this|the) (?:report|story)\.?\s*$|^\S[^.]{0,80} reported from ", re.I
)
_PARAGRAPH_SPLIT = re.compile(r"\n\s*\n")


def _dateline(paragraph: str) -> Dateline | None:
    """The paragraph's wire dateline naming its source ("MOSCOW (AP) —", "WASHINGTON (Reuters) -"), if any."""
    dateline = find_dateline(paragraph)
    return dateline if dateline is not None and dateline.source is not None else None


def _place_name(raw: str) -> str:
    """'MOSCOW' -> 'Moscow', 'UNITED NATIONS' -> 'United Nations'."""
    return " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in raw.split())


def ends_with_credit(paragraph: str) -> bool:
    """True when ``paragraph`` ends with a photo credit in brackets: "(Kay Nietfeld/dpa via AP)", "(AP)".

    Found with string search, so linear in the paragraph's length on any input (a pattern with a repeated
    group on both sides of the keyword backtracked quadratically on a long bracket that never closes).
    """
    text = paragraph.rstrip()
    if not text.endswith(")"):
        return False
    opening = text.rfind("(", 0, len(text) - 1)
    credit = text[opening + 1:-1]
    if opening < 0 or ")" in credit:
        return False
    return credit.lower() in _CREDIT_AGENCIES or _CREDIT_MARK.search(credit) is not None


def looks_like_seed(text: str) -> bool:
    """True when a text starts with the seed format's ``date YYYY-MM-DD`` line or has a wire dateline."""
    if _DATE.match(text):
        return True
    return any(_dateline(p.strip()) for p in _PARAGRAPH_SPLIT.split(text.strip())[:3])


def parse_seed(text: str, article_id: str | None = None) -> Article:
    """Parse one seed-format document into an :class:`Article`.

    Args:
        text: the whole document.
        article_id: id to give it; by default a hash of the text, so the same document keeps its id.

    Raises:
        ValueError: when no body text remains.
    """
    published_at = None
    m = _DATE.match(text)
    if m:
        published_at = datetime.strptime(m.group(1), "%Y-%m-%d").replace(tzinfo=UTC)
        text = text[m.end():]
    paragraphs = [p.strip() for p in _PARAGRAPH_SPLIT.split(text.strip()) if p.strip()]

    datelines = [_dateline(p) for p in paragraphs]
    start = next((i for i, d in enumerate(datelines) if d is not None), None)
    source = place = None
    if start is not None:
        dateline = datelines[start]
        assert dateline is not None and dateline.source is not None  # noqa: S101 - found just above
        source = dateline.source.strip()
        place = _place_name(paragraphs[start][dateline.place.start:dateline.place.end])
        captions = paragraphs[:start]
    else:
        # No dateline: a leading paragraph ending in a photo credit is still a caption.
        start = 1 if len(paragraphs) > 1 and ends_with_credit(paragraphs[0]) else 0
        captions = paragraphs[:start]
    body_paragraphs = paragraphs[start:]
    byline = None
    if len(body_paragraphs) > 1 and _CONTRIBUTORS.search(body_paragraphs[-1]):
        byline = body_paragraphs.pop()
    body = "\n\n".join(body_paragraphs)
    if not body.strip():
        raise ValueError("document has no body text")
    return Article(
        id=article_id or "sha1-" + hashlib.sha1(body.encode("utf-8"), usedforsecurity=False).hexdigest()[:16],
        source=source,
        published_at=published_at,
        body=body,
        dateline_place=place,
        byline=byline,
        # Kept out of the body on purpose: a caption describes a photo, not the story.
        caption="\n\n".join(captions) or None,
    )
