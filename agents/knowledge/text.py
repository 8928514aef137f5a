"""Text knowledge every stage shares: sentence spans and the wire dateline.

Sentences split at ``.!?`` before a capitalised word and at line breaks, not after abbreviations ("U.S.",
"Gen.", "Feb.") or initials. A dateline is a place in capitals, an optional written region, an optional date,
an optional source in brackets and a dash: "MOSCOW (AP) —", "KYIV, Ukraine (Reuters) -", "COLOMBO, June 12 —".
The entity stage makes its place an entity, the dedup stage drops it before comparing bodies, the alert stage
starts a sentence's first clause after it and the seed parser reads the source and place from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CANDIDATE = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])|\n")
_LAST_TOKEN = re.compile(r"(\S+)$")
ABBREVIATIONS = frozenset({
    "u.s", "u.k", "u.n", "e.u", "d.c", "a.m", "p.m", "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "capt",
    "cmdr", "adm", "maj", "gov", "sen", "rep", "st", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "vs", "inc", "corp", "co", "ltd", "jr", "sr",
    "prof", "e.g", "i.e", "approx", "est", "dept", "fig", "pres",
})
# After "U.S." a new sentence is likely only when one of these words follows.
_STARTERS = frozenset({
    "the", "a", "an", "it", "he", "she", "they", "we", "i", "but", "and", "in", "on", "at", "this", "that",
    "these", "those", "there", "his", "her", "its", "their", "our", "as", "after", "before", "officials",
    "however", "meanwhile", "still", "yet", "so", "if", "when", "while",
})

_UPPER = "A-ZÀ-ÖØ-Þ"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_HEAD = (rf"(?P<place>[{_UPPER}][{_UPPER}.'’\-]+(?: [{_UPPER}][{_UPPER}.'’\-]+)*)"
         rf"(?:, (?P<region>(?!{_MONTH} \d)[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)*))?"
         rf"(?:,? {_MONTH} \d{{1,2}}(?:, \d{{4}})?)?")
_SOURCE = r"\((?P<source>[^()\n]{1,40})\)"
# Without a source, a bare hyphen is no dateline's dash ("BREAKING - ...").
_DATELINE = re.compile(rf"{_HEAD}(?:\s*{_SOURCE}\s*(?:—|–|-{{1,3}})|\s*(?:—|–|--))\s*")
# Text whose dashes are folded to hyphens: any hyphen run, followed by a space ("COVID-19" is no dateline).
_FOLDED_DATELINE = re.compile(rf"{_HEAD}\s*(?:{_SOURCE}\s*)?-{{1,3}}\s+")


@dataclass(frozen=True)
class Span:
    """A character span ``[start, end)`` of a text."""

    start: int
    end: int


@dataclass(frozen=True)
class Dateline:
    """A wire dateline: its place, its written region and its source, and where the story starts after it."""

    place: Span
    region: Span | None
    source: str | None
    end: int


def sentences(text: str) -> list[Span]:
    """Sentence spans of ``text``, trimmed of surrounding whitespace.

    Splits at ``.!?`` followed by a capitalised word and at line breaks, but not after abbreviations
    ("U.S.", "Gen.", "Feb.") or initials, unless "U.S."-like abbreviations are followed by a sentence starter.
    """
    spans: list[Span] = []
    start = 0
    for m in _CANDIDATE.finditer(text):
        if m.group() != "\n" and not _is_boundary(text, m.start(), m.end()):
            continue
        _add(spans, text, start, m.end())
        start = m.end()
    _add(spans, text, start, len(text))
    return spans


def _is_boundary(text: str, dot: int, after: int) -> bool:
    token = _LAST_TOKEN.search(text[:dot])
    word = token.group(1).lstrip("(\"“‘'").lower() if token else ""
    if text[dot] != ".":
        return True
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "Robert J. Burns"
    if word not in ABBREVIATIONS:
        return True
    if word in {"no", "nos"}:
        return not re.match(r"\s+\d", text[after:])  # "No. 10" is a number; "experts say no. There ..." ends
    following = re.match(r"\s+[\"“‘(]?(\w+)", text[after:])
    return bool("." in word and following and following.group(1).lower() in _STARTERS)


def _add(spans: list[Span], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        spans.append(Span(start + lead, start + lead + len(stripped)))


def find_dateline(text: str, pos: int = 0, *, folded: bool = False) -> Dateline | None:
    """The wire dateline opening ``text`` at ``pos``, if any.

    Args:
        text: the text.
        pos: where the dateline would start (a dateline opens a text or its first paragraph).
        folded: the text's dashes are folded to hyphens (the dedup stage's normal form), so any hyphen run
            followed by a space ends a dateline.
    """
    m = (_FOLDED_DATELINE if folded else _DATELINE).match(text, pos)
    if m is None:
        return None
    region = Span(*m.span("region")) if m.group("region") else None
    return Dateline(Span(*m.span("place")), region, m.group("source"), m.end())
