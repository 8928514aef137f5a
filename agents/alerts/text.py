"""Text helpers of the alert stage: attribution spans and clause starts (sentences: :mod:`agents.knowledge.text`).

An attribution span is the speaker of a reported warning ("the Pentagon warned", "according to a U.S.
official", "warnings from Washington, London ... that"): states named there are sources, never roles.
"""

from __future__ import annotations

import re

from agents.knowledge.text import Span, find_dateline

# Re-exported: training/alerts/corpus.py still imports the (one, shared) splitter from here.
from agents.knowledge.text import sentences as sentences

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
    """Length of a wire dateline naming its source that opens the sentence ("MOSCOW (AP) — "), else 0."""
    dateline = find_dateline(sentence)
    return dateline.end if dateline is not None and dateline.source is not None else 0


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
