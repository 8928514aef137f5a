"""Clubs in sports stories: "Milwaukee Bucks" (a city and a capitalised plural), sides the model missed
("beat Olympiacos 84-79") and short names used after the full one ("the Bucks" of "Milwaukee Bucks").

Only in a match report (:func:`agents.entities.spans.sporty`); a name the data files or the gazetteer know as a
place keeps its label unless the words around it make it a side.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Token

from agents.entities.mentions import Cues, Mention, sentence_initial
from agents.entities.spans import club_cue

_IN = frozenset({"in", "from", "near", "outside", "across", "around", "of"})
_PLURAL = re.compile(r"^[A-Z][a-z]{2,}s$")


def _plural(token: Token, cues: Cues) -> bool:
    """A capitalised plural that is no head word ("Bucks", "Indians"; not "Islands", "Airlines")."""
    return bool(_PLURAL.match(token.text)) and token.text not in cues.name_heads


def club_spans(doc: Doc, mentions: list[Mention], cues: Cues, place: Callable[[str], bool]) -> list[Mention]:
    """Grow a place name followed by a capitalised plural into a club ("Denver Nuggets", "Mumbai Indians"),
    a club's plural name followed by its city ("Royal Challengers Bengaluru"), and add sides the model left
    out when a score or a match verb names them."""
    by_start = {m.start: m for m in mentions}
    covered = {i for m in mentions for i in range(m.start, m.end)}
    added: list[Mention] = []
    for m in mentions:
        if m.end < len(doc) and _plural(doc[m.end], cues) and place(doc[m.start:m.end].text) \
                and (m.end not in by_start or by_start[m.end].end == m.end + 1):
            nxt = by_start.get(m.end)
            if nxt is not None:
                mentions = [o for o in mentions if o is not nxt]
            m.end, m.label, m.cue_label, m.source, m.known, m.place = m.end + 1, "ORG", "ORG", "joined", None, None
            covered.add(m.end - 1)
        elif m.label == "ORG" and m.end - m.start >= 2 and _plural(doc[m.end - 1], cues) and m.end in by_start \
                and by_start[m.end].end == m.end + 1 and place(doc[m.end].text) and m.end + 1 not in by_start:
            mentions = [o for o in mentions if o is not by_start[m.end]]  # "Royal Challengers Bengaluru"
            m.end, m.source, m.cue_label, m.known, m.place = m.end + 1, "joined", "ORG", None, None
            covered.add(m.end - 1)
    for t in doc:
        if t.i not in covered and t.is_title and t.i + 1 < len(doc) and t.i + 1 not in covered \
                and _plural(doc[t.i + 1], cues) and place(t.text):
            added.append(Mention(t.i, t.i + 2, "ORG", source="joined", cue_label="ORG"))  # "the Milwaukee Bucks"
            covered |= {t.i, t.i + 1}
            continue
        if t.text in cues.club_prefixes and t.i not in covered and t.i + 1 < len(doc) and t.i + 1 not in covered \
                and doc[t.i + 1].is_title and doc[t.i + 1].is_alpha and not place(doc[t.i + 1].text) \
                and club_cue(doc, Mention(t.i, t.i + 2, "ORG"), cues):
            added.append(Mention(t.i, t.i + 2, "ORG", source="joined", cue_label="ORG"))  # "Real Betis beat"
            covered |= {t.i, t.i + 1}
            continue
        if t.i in covered or not t.is_title or not t.is_alpha or sentence_initial(doc, t.i) \
                or t.text in cues.generic or t.is_stop:
            continue
        side = Mention(t.i, t.i + 1, "ORG", source="club")
        if club_cue(doc, side, cues) and not place(t.text) and (t.i == 0 or not doc[t.i - 1].is_title):
            side.cue_label = "ORG"
            added.append(side)
    return sorted(mentions + added, key=lambda m: m.start)


def _short_keys(doc: Doc, m: Mention, cues: Cues, place: Callable[[str], bool],
                country: Callable[[str], bool]) -> list[str]:
    """The words of a club's name that stand for it alone: "Bucks" of "Milwaukee Bucks", "Sevilla" of "Sevilla
    FC", "Betis" of "Real Betis", "Kolkata" of "Kolkata Knight Riders"."""
    words = [t.text for t in doc[m.start:m.end]]
    if m.label != "ORG" or len(words) < 2 or len(words) > 3 or any(country(w) for w in words):
        return []
    keys = [w for w in words if place(w) and w not in cues.generic]
    if words[0] in cues.club_prefixes:
        keys.append(words[-1])
    if _plural(doc[m.end - 1], cues):
        keys.append(words[-1])
    return keys


def _side(doc: Doc, m: Mention) -> bool:
    return m.source != "dateline" and not (m.start > 0 and doc[m.start - 1].lower_ in _IN)


def club_short_names(doc: Doc, mentions: list[Mention], cues: Cues, place: Callable[[str], bool],
                     country: Callable[[str], bool]) -> list[Mention]:
    """A word of a club's name used alone ("the Bucks", "Sevilla" of "Sevilla FC"), and every other use of a
    side found by :func:`club_spans`, are that club; not a dateline, nor a place after "in"."""
    clubs: dict[str, Mention] = {}
    for m in mentions:
        for key in _short_keys(doc, m, cues, place, country):
            clubs.setdefault(key, m)
        if m.label == "ORG" and m.source == "club" and m.end - m.start == 1:
            clubs.setdefault(doc[m.start].text, m)
    if not clubs:
        return mentions
    for m in mentions:
        club = clubs.get(doc[m.start].text) if m.end - m.start == 1 and m.known is None else None
        if club is not None and club is not m and club.end - club.start > 1 and _side(doc, m):
            m.label, m.cue_label, m.link = "ORG", "ORG", club  # "The Bulls have lost" of "Chicago Bulls"
            m.place = None
    covered = {i for m in mentions for i in range(m.start, m.end)}
    found = []
    for t in doc:
        club = clubs.get(t.text)
        if club is not None and t.i not in covered and _side(doc, Mention(t.i, t.i + 1, "")):
            short = Mention(t.i, t.i + 1, "ORG", source="club", cue_label="ORG")
            short.link = club if club.end - club.start > 1 else None
            found.append(short)
    return sorted(mentions + found, key=lambda m: m.start)
