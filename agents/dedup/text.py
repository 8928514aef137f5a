"""Text helpers for the dedup stage: URL canonicalisation, body normalisation, shingles, fingerprints.

Pure functions without state; :mod:`agents.dedup.stage` explains what each is for in the decision.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit

from agents.knowledge.text import find_dateline
from streams.runtime.records import Article

# --- URLs ------------------------------------------------------------------------------------------

_TRACKING = frozenset({
    "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "igshid", "twclid", "ttclid", "li_fat_id",
    "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "ref", "ref_src", "ref_url", "referrer", "src",
    "source", "cmpid", "cmp", "ocid", "smid", "smtyp", "guccounter", "guce_referrer", "guce_referrer_sig",
    "taid", "ito", "sh", "sr_share", "share", "via", "rss", "feature", "at_medium", "at_campaign",
    "outputtype", "amp", "amp_js_v", "usqp", "__twitter_impression", "s_cid", "cid", "mbid", "xtor",
})
_TRACKING_PREFIXES = ("utm_", "pk_", "hsa_", "mtm_", "at_", "oly_")
_HOST_VARIANTS = ("www.", "www1.", "www2.", "m.", "mobile.", "amp.")
_AMP_SEGMENTS = frozenset({"amp", "amp.html"})
_HOST = re.compile(r"[\w-]+(?:\.[\w-]+)+")


def canonical_url(url: str | None) -> str | None:
    """The URL with everything that does not name the article stripped, or None when it has no host.

    >>> canonical_url("https://m.example.com/world/story-1/amp/?utm_source=x&id=3#top")
    'example.com/world/story-1?id=3'
    """
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip() if "//" in url else "//" + url.strip())
    host = (parts.hostname or "").rstrip(".")
    if not _HOST.fullmatch(host):
        return None
    while host.startswith(_HOST_VARIANTS) and host.count(".") > 1:
        host = host.split(".", 1)[1]
    segments = [s for s in parts.path.split("/") if s and s.lower() not in _AMP_SEGMENTS]
    path = "/".join(segments)
    if path.lower().endswith(".amp"):
        path = path[:-4]
    if path.lower().endswith((".amp.html", "/index.html", "/index.htm")):
        path = path.rsplit(".amp", 1)[0] if ".amp." in path.lower() else path.rsplit("/", 1)[0]
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if k.lower() not in _TRACKING and not k.lower().startswith(_TRACKING_PREFIXES))
    return f"{host}/{path}" + (f"?{urlencode(query)}" if query else "")


# --- Text ------------------------------------------------------------------------------------------

_FOLD = str.maketrans({
    **dict.fromkeys("“”„‟«»″〝〞＂", '"'), **dict.fromkeys("‘’‚‛‹›′`´", "'"),
    **dict.fromkeys("‐‑‒–—―−⁃﹘﹣－", "-"), **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff"),
})
_TOP_LINE = re.compile(
    r"^\s*(?:updated?\b|last updated|published\b|corrected\b|correction\b|editor'?s note|by\s+[\w.'\- ]{2,60}"
    r"(?:,[\w .'-]{0,40})?\s*$|(?:the )?associated press\s*$|reuters\s*$|breaking\b)", re.IGNORECASE)
_BOTTOM_LINE = re.compile(
    r"(?:contributed(?: reporting)?(?: to this (?:report|story))|^\s*copyright\b|^\s*\(?©|all rights reserved|"
    r"^\s*[_*=-]{3,}\s*$|^\s*follow .{0,60}(?:coverage|on twitter|on x\b)|^\s*(?:read|see) (?:more|the full)\b|"
    r"^\s*editor'?s note\b|^\s*\(?(?:additional )?(?:reporting|writing|editing|compiled) by\b|"
    r"^\s*this (?:article|story|report) (?:was|has been) (?:updated|corrected|amended)\b)",
    re.IGNORECASE)
# Page furniture a scraper keeps on a line of its own, anywhere in the body.
_NOISE_LINE = re.compile(
    r"^\s*(?:advertisement|ad|sponsored|story continues(?: below)?(?: (?:the )?advertisement)?|scroll to continue"
    r"(?: with content)?|share this (?:article|story)|share|sign up (?:for|to) [\w' ]{1,40}|subscribe(?: now)?|"
    r"click here [^.]{0,60}|watch:? [^.]{0,60}video)\s*[.:]?\s*$", re.IGNORECASE)
# The header of a trailing list of links to other stories ("Related coverage", "Read more:" ...).
_RELATED_HEADER = re.compile(
    r"^\s*(?:related(?: (?:coverage|links?|stories|articles|content|reading|news))?|read (?:more|also|next)|"
    r"see also|also read|more (?:on this(?: story)?|coverage|stories|news|from [\w' ]{1,30})|recommended"
    r"(?: for you)?|most (?:read|popular|viewed)|you (?:may|might) also (?:like|be interested in)|trending"
    r"(?: now)?|top stories)\s*:?\s*$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[-*•·»>]|\d{1,2}[.)])\s+\S")
_TRAILER_LINES = 15  # a trailing list of links is never longer than this
_HEADLINE_WORDS = 20  # a link in such a list is a headline: short
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_PERCENT = re.compile(r"\s*%|\bper\s*cent\b|\bpct\b", re.IGNORECASE)
_TOKEN = re.compile(r"\w+(?:[.,':]\w+)*")


def _strip_trailer(lines: list[str]) -> list[str]:
    """Drop a trailing related-links block (a header followed only by short lines) and trailing list items."""
    for i in range(max(1, len(lines) - _TRAILER_LINES), len(lines)):
        if _RELATED_HEADER.match(lines[i]) and all(
                len(line.split()) <= _HEADLINE_WORDS or _BOTTOM_LINE.search(line) for line in lines[i + 1:]):
            return lines[:i]
    while len(lines) > 1 and _LIST_ITEM.match(lines[-1]) and len(lines[-1].split()) <= _HEADLINE_WORDS:
        lines = lines[:-1]
    return lines


def strip_boilerplate(text: str) -> str:
    """Body text without update/byline lines on top, the dateline, page furniture and the trailer.

    The trailer is what outlets append to a reprint: editor's notes, related-links lists, credit lines
    (``Reporting by ...; Editing by ...``), copyright and follow/read-more lines.
    """
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    lines = [line for line in text.splitlines() if line.strip() and not _NOISE_LINE.match(line)]
    while lines and len(lines[0]) <= 200 and _TOP_LINE.match(lines[0]):
        lines.pop(0)
    while True:
        kept = _strip_trailer(lines)
        while kept and len(kept[-1]) <= 300 and _BOTTOM_LINE.search(kept[-1]):
            kept.pop()
        if kept == lines:
            break
        lines = kept
    if lines:
        lead = len(lines[0]) - len(lines[0].lstrip())
        dateline = find_dateline(lines[0], lead, folded=True)
        if dateline is not None:
            lines[0] = lines[0][dateline.end:]
    return "\n".join(lines)


def tokens(text: str) -> list[str]:
    """Casefolded word tokens of the body without boilerplate; figures such as ``4,512.3`` and ``5:42`` stay whole.

    Copy desks write numbers their own way, so thousands separators are dropped (``4512.3``) and
    ``%``, ``per cent`` and ``pct`` all become the word ``percent``.
    """
    text = _PERCENT.sub(" percent", _THOUSANDS.sub("", strip_boilerplate(text)))
    return _TOKEN.findall(text.casefold())


def normalise_text(text: str) -> str:
    """The body as compared for exact duplicates: boilerplate dropped, tokens joined by single spaces."""
    return " ".join(tokens(text))


def text_fingerprint(article: Article) -> str:
    """Hash of the normalised body (titles are rewritten by every outlet, so they are left out)."""
    return hashlib.sha256(normalise_text(article.body).encode("utf-8")).hexdigest()


def shingles(words: list[str], size: int) -> set[str]:
    """Word ``size``-grams; a text shorter than ``size`` words is one shingle."""
    if len(words) <= size:
        return {" ".join(words)}
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}
