"""Text helpers of the alert stage: sentence spans that survive "U.S." and "Feb.", and attribution spans.

An attribution span is the speaker of a reported warning ("the Pentagon warned", "according to a U.S.
official", "warnings from Washington, London ... that"): states named there are sources, never roles.
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

SPEECH_VERBS = (
    r"said|says|say|told|tells|tell|warned|warns|warn|warning|cautioned|cautions|claimed|claims|believes?|"
    r"believed|assessed|assesses|assess|estimates?|estimated|fears?|feared|concluded|concludes|alleged|alleges|"
    r"accused|accuses|reported|reports|stated|added|adds|noted|notes|noting|insisted|insists|argued|"
    r"argues|predicted|predicts|suggested|suggests|announced|announces|thinks?|thought|saying|signall?ed|"
    r"confirmed|confirms|acknowledged|wrote|writes|indicates?|indicated|described|describes|informed|informs|"
    r"according to|"
    # an assessment of a noun phrase: "Greece considers a landing on its islands a real possibility"
    r"(?:considers?|considered|regards?|regarded|deems?|deemed)(?=\s+(?:an?|the|any)\s)"
)
_SPEECH = re.compile(rf"\b(?:{SPEECH_VERBS})\b(?!\s+by\b)", re.I)
_NOT_VERB_BEFORE = re.compile(r"\b(?:amid|over|of|the|a|an|growing|to|with|raising|heightened|deepening|little|no|any|"
                              r"early|stern|fresh|new|clear|final|without|its|their|his|her|"
                              # "the build-up has raised fears of an assault": "fears" is the object, not a verb
                              r"raise[sd]?|spark(?:s|ed)?|stok(?:e|es|ed|ing)|fuel(?:s|l?ed|l?ing)?|heighten(?:s|ing)?|"
                              r"deepen(?:s|ed)?|revived?|rekindl(?:e|es|ed)|prompt(?:s|ed)?|trigger(?:s|ed)?|eas(?:e|es|ed)|"
                              r"allay(?:s|ed)?|voiced|expressed)\s*$", re.I)
# "Beijing claims Taiwan as its own territory": a claim verb with an object, not a report of speech.
_CLAIM_OBJECT = re.compile(r"\s+(?:(?:[\w'-]+\s+){1,5}?as\s+(?:its|their|his|her|part|an?\s+integral)\b|"
                           r"(?:sovereignty|ownership|responsibility|credit|victory|the\s+(?:island|territory|region))\b)",
                           re.I)
_CLAIM_VERBS = {"claims", "claim", "claimed", "considers", "regards", "considered", "regarded"}
_BOUNDARY = re.compile(r"[,;:—–(\"“”]|\s(?:that|what|after|and|but|as|while|when|because|since|though|although)\s",
                       re.I)
_WARNINGS_FROM = re.compile(r"\b(?:warnings?|fears|concerns?|claims?|reports?|assessments?)\s+(?:from|by|in|among)\s+"
                            r"(?P<spk>(?:[^.;]|\.(?=\w\.|\s+[a-z]))"  # "U.S. intelligence officials"
                            r"{1,90}?)\s+that\b", re.I)
_ACCORDING = re.compile(r"\baccording to\s+(?P<spk>[^,;]{1,80}?)(?=\s*[,;]|[.!?]?[\"”’]?\s*$)", re.I)
_TRAIL_SPEAKER = re.compile(rf"^\s*(?P<spk>[^,;]{{1,80}}?)\s+(?:{SPEECH_VERBS})\b", re.I)
# A headline attribution: "Estonian spy agency: Russia could ..." (a short name before a colon).
_COLON_SPEAKER = re.compile(r"^(?P<spk>[^:;,\"“”]{2,60}?):\s+(?=\S)")
MAX_COLON_WORDS = 6
MAX_SPEAKER_WORDS = 12
_SAID = {"said", "says", "warned", "added", "told", "wrote"}
DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]+(?:,\s*[A-Z][\w.'’ -]+?)?\s*\([^)]{1,40}\)\s*(?:—|–|--|-)\s*")


@dataclass(frozen=True)
class Span:
    """A character span ``[start, end)`` of the article text."""

    start: int
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


def speaker_spans(sentence: str) -> list[Span]:
    """Spans (relative to ``sentence``) naming who says or fears something, not what is said."""
    found: list[Span] = []
    colon = _COLON_SPEAKER.match(sentence[dateline_end(sentence):])
    if colon and len(colon.group("spk").split()) <= MAX_COLON_WORDS:
        offset = dateline_end(sentence)
        found.append(Span(offset + colon.start("spk"), offset + colon.end("spk")))
    for m in _WARNINGS_FROM.finditer(sentence):
        found.append(Span(m.start("spk"), m.end("spk")))
    for m in _ACCORDING.finditer(sentence):
        found.append(Span(m.start("spk"), m.end("spk")))
    for m in _SPEECH.finditer(sentence):
        if m.group().lower() == "according to" or _NOT_VERB_BEFORE.search(sentence[:m.start()]):
            continue
        if m.group().lower() in _CLAIM_VERBS and _CLAIM_OBJECT.match(sentence, m.end()):
            continue
        before = sentence[:m.start()]
        cut = max((b.end() for b in _BOUNDARY.finditer(before)), default=0)
        region = before[cut:]
        words = region.split()
        if 0 < len(words) <= MAX_SPEAKER_WORDS:
            lead = len(region) - len(region.lstrip())
            found.append(Span(cut + lead, cut + len(region.rstrip())))
        elif not words and m.group().lower() in _SAID:
            # ", said Ukraine's defence minister." -- the speaker follows the verb and ends the sentence.
            after = re.match(r"\s+(?:on \w+\s+)?(?P<spk>(?:the |a |an )?[A-Z][^,;.]{1,70})[.;,]?$", sentence[m.end():])
            if after and len(after.group("spk").split()) <= 8:
                found.append(Span(m.end() + after.start("spk"), m.end() + after.end("spk")))
    return found


def dateline_end(sentence: str) -> int:
    """Length of a wire dateline opening the sentence ("MOSCOW (AP) — "), else 0."""
    m = DATELINE.match(sentence)
    return m.end() if m else 0


def clause_start(sentence: str, pivot: int, speakers: list[Span]) -> int:
    """Start of the clause holding the threat: after the dateline, the last speaker or ``that``."""
    start = dateline_end(sentence)
    for span in speakers:
        if span.end <= pivot:
            start = max(start, span.end)
    for m in re.finditer(r"\b(?:that|;)\s", sentence[:pivot]):
        start = max(start, m.end())
    for m in _SPEECH.finditer(sentence[:pivot]):
        if m.group().lower() in _CLAIM_VERBS and _CLAIM_OBJECT.match(sentence, m.end()):
            continue
        if not _NOT_VERB_BEFORE.search(sentence[:m.start()]):
            start = max(start, m.end())
    return start
