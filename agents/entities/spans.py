"""Span rules over the whole article: names the model cut short or missed, and labels from the words around.

* :func:`join_names` grows an organisation or a feature over "of", "for", "in" and "and" ("National Stock
  Exchange" + "of India", "Bay of" + "Bengal", "Action" + "and Solidarity Party").
* :func:`suffix_names` finds capitalised names that end in a facility or feature word ("Second Thomas
  Shoal", "Qandil Mountains") and replaces what the model saw inside them.
* :func:`nationality_orgs` finds parties and companies whose name starts with a nationality word
  ("the Georgian Dream party").
* :func:`noun_cue` and :func:`club_cue` label an unknown name by the word after it ("the El Teniente mine",
  "Petrobras chief executive", "Barcelona coach" in a match report).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections.abc import Callable
from itertools import pairwise
from operator import attrgetter

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from agents.entities.coordination import two_names
from agents.entities.mentions import Cues, Mention, sentence_initial, shape_label

_start = attrgetter("start")
_idx = attrgetter("idx")
_SCORE = re.compile(r"^\d{1,3}-\d{1,3}$")
_JOINERS = {"of": None, "for": None, "in": frozenset({"Mission", "Office", "Command"})}
_PARTICLES = frozenset({"de", "la", "del", "da", "do", "dos", "das", "di", "du", "von", "van", "der", "al"})
_PLACE_NOUNS = frozenset({"province", "region", "oblast", "governorate", "prefecture"})
_ROLE_NOUNS = frozenset({"chief", "spokesman", "spokeswoman", "spokesperson", "chairman", "chairwoman",
                         "shareholders", "executives", "employees", "subsidiary"})
_FUNCTION_WORDS = frozenset({"and", "or", "on", "in", "at", "to", "near", "from", "with", "was", "is", "before",
                             "after", "where", "which", "that", "since", "until", "by", "for", "as"})


def _capital(token: Token) -> bool:
    return bool(token.text[:1].isupper()) and (token.is_alpha or "-" in token.text or "'" in token.text
                                                or token.text.endswith("."))


def _title_end(doc: Doc) -> int:
    """Character end of a title written in Title Case, where capitals say nothing; 0 when there is none."""
    cut = doc.text.find("\n\n")
    if cut < 0:
        return 0
    words = [t for t in doc[:_token_at(doc, cut)] if t.is_alpha and len(t.text) > 3]
    return cut if words and sum(t.text[0].isupper() for t in words) > 0.7 * len(words) else 0


def _token_at(doc: Doc, char: int) -> int:
    """Index of the first token that starts at or after character ``char``."""
    return bisect_left(doc, char, key=_idx)


def _absorb(mentions: list[Mention], grown: Mention, gone: set[int]) -> list[Mention]:
    """The mentions less those the grown one now covers, whose ids go to ``gone``."""
    kept = [m for m in mentions if m is grown or not grown.overlaps(m)]
    gone.update(id(m) for m in mentions if m is not grown and grown.overlaps(m))
    return sorted(kept, key=lambda m: m.start)


def _run_end(doc: Doc, index: int, stop: int, heads: frozenset[str] = frozenset()) -> int:
    """End of the capitalised words from ``index`` ("Disease Control and Prevention"); "and" after a head
    word ("United Airlines and Alaska Airlines") ends the run."""
    end = index
    while end < stop and _capital(doc[end]):
        end += 1
        if end + 1 < stop and doc[end].text in ("and", "&") and _capital(doc[end + 1]) \
                and doc[end - 1].text not in heads:
            end += 1
        while end + 1 < stop and doc[end].text in _PARTICLES and _capital(doc[end + 1]):
            end += 1
    return end if end > index and doc[end - 1].text not in ("and", "&") else index


def join_names(doc: Doc, mentions: list[Mention], cues: Cues) -> list[Mention]:
    """Grow organisations and features over the joining words of their full name."""
    heads = cues.name_heads
    gone: set[int] = set()  # ids of the mentions a grown name took in (a set: no scan of the list per mention)
    for m in sorted(mentions, key=lambda m: m.start):
        if id(m) in gone or m.known is not None and m.source == "alias" or m.place and m.place.kind != "city":
            continue
        last, after = doc[m.end - 1].text, doc[m.end].text if m.end < len(doc) else ""
        allowed = _JOINERS.get(after, ())
        if after in _JOINERS and last in heads and (allowed is None or last in allowed) \
                and m.label in ("ORG", "LOC", "FAC", "GPE", "PERSON"):
            skip = 2 if m.end + 1 < len(doc) and doc[m.end + 1].lower_ == "the" else 1
            end = _run_end(doc, m.end + skip, len(doc))
            end = max([end] + [o.end for o in mentions if m.end < o.start < end and o.label == "ORG"])
            if end > m.end + skip:
                m.end, m.source = end, "joined"
                m.label = shape_label([t.text for t in doc[m.start:m.end]], cues) or m.label
                m.known, m.place = None, None
                mentions = _absorb(mentions, m, gone)
        elif after == "and" and m.label == "ORG" and any(
                t.text in ("of", "for") and doc[t.i - 1].text in cues.org_heads for t in doc[m.start + 1:m.end]):
            end = _run_end(doc, m.end + 1, len(doc))  # "Party of Action" + "and Solidarity"
            if end > m.end + 1 and not any(t.text in cues.org_heads for t in doc[m.end + 1:end]) and not any(
                    o.known or o.place or o.source != "ner" for o in mentions if o.start > m.start and o.start < end):
                m.end, m.source = end, "joined"
                mentions = _absorb(mentions, m, gone)
        elif m.label == "ORG" and last in cues.org_heads and m.start >= 2 and doc[m.start - 1].text == "and":
            before = next((o for o in mentions if o.end == m.start - 1 and o.known is None and o.place is None
                           and o.end - o.start == 1 and o.label not in ("GPE", "LOC", "FAC")
                           and not (o.start and doc[o.start - 1].lower_ in cues.plural_org_nouns)
                           and not any(t.text in cues.org_heads for t in doc[o.start:o.end])), None)
            if before is not None:  # "Action and Solidarity Party"
                m.start, m.source = before.start, "joined"
                mentions = _absorb(mentions, m, gone)
    return mentions


def ports(doc: Doc, mentions: list[Mention], place: Callable[[str], bool]) -> list[Mention]:
    """A place after "Port of" is the port, a facility ("Port of Antwerp-Bruges"), unless a known mention
    already covers "Port" or the gazetteer knows the whole as a place ("Port of Spain")."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    for m in mentions:
        if m.label in ("GPE", "LOC") and m.start >= 2 and doc[m.start - 1].text == "of" \
                and doc[m.start - 2].text == "Port" and m.start - 2 not in covered \
                and not place(doc[m.start - 2:m.end].text):
            end = m.end
            while end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].is_title and end + 1 not in covered:
                end += 2  # "Antwerp-Bruges"
            m.start, m.end, m.label, m.cue_label, m.source, m.known, m.place = \
                m.start - 2, end, "FAC", "FAC", "joined", None, None
    return mentions


def _capital_run(doc: Doc, index: int, cues: Cues) -> tuple[int, int]:
    heads = cues.name_heads
    end = _run_end(doc, index, len(doc), heads)
    while end > index and end < len(doc) and doc[end].text == "-" and end + 1 < len(doc) and _capital(doc[end + 1]):
        end = _run_end(doc, end + 1, len(doc), heads)  # "Thai-Myanmar"
    start = index
    if start + 1 < end and start >= 2 and doc[start - 1].text == "-" and doc[start - 2].is_lower:
        start += 1  # "pro-European Action and Solidarity Party"
    while start < end and (doc[start].is_stop or doc[start].text in cues.person_titles
                           or doc[start].text in cues.directions and start + 1 < end):
        start += 1
    return start, end


def _run_label(doc: Doc, start: int, end: int, cues: Cues) -> str | None:
    last = doc[end - 1].text
    after = doc[end].lower_ if end < len(doc) else ""
    if last in cues.place_suffixes and end - start >= 2:
        return shape_label([t.text for t in doc[start:end]], cues) or "LOC"
    if (last in cues.org_heads or last in cues.club_heads) and end - start >= 2:
        return "ORG"
    if doc[end - 1].is_title and (after in cues.fac_nouns or after in cues.fac_modifiers and end + 1 < len(doc)
                                  and doc[end + 1].lower_ in cues.fac_nouns):
        return "FAC"  # "the Cerro Colorado mine"
    if after in _PLACE_NOUNS:
        return "GPE"  # "Cagayan province"
    if after in _ROLE_NOUNS and doc[end].is_lower and (end - start > 1 or not sentence_initial(doc, start)):
        return "ORG"  # "Sonatrach chief executive", "Glencore shareholders"
    return None


def suffix_names(doc: Doc, mentions: list[Mention], cues: Cues,
                 demonym: Callable[[str], str | None] | None = None,
                 known: Callable[[str], bool] | None = None) -> list[Mention]:
    """Capitalised runs ending in a facility, feature or organisation word, or followed by a facility noun or
    a province noun, are one name, whatever the model saw inside ("Second Thomas Shoal", "Africa Centres")."""
    index, title_end = 0, _title_end(doc)
    # Mentions sorted by start are searched by bisection for those a run crosses, not scanned for each run.
    mentions, ordered = list(mentions), all(a.start <= b.start for a, b in pairwise(mentions))
    longest = max((m.end - m.start for m in mentions), default=1)
    while index < len(doc):
        start, end = _capital_run(doc, index, cues)
        label = _run_label(doc, start, end, cues) if end > start and doc[start].idx >= title_end else None
        if label is not None and demonym is not None and demonym(doc[start:end].text):
            label = None  # "the Russian province of Kursk"
        if label == "ORG" and known is not None and two_names(doc, start, end, cues, known) is not None:
            label = None  # "rivals A.P. Moller-Maersk and Mediterranean Shipping Company"
        joint = next((t.i for t in doc[start:end] if t.text == "and"), None) if label else None
        lo, hi = (bisect_left(mentions, start - longest + 1, key=_start), bisect_left(mentions, end, key=_start)) \
            if ordered and label else (0, len(mentions))
        window = mentions[lo:hi] if label else []
        if joint is not None and label != "ORG" and any(m.end <= joint and m.start >= start for m in window) \
                and any(m.start > joint and m.end <= end for m in window):
            label = None  # "Coca-Cola and Delta": the model saw two names, "Delta" is no river's delta here
        if label is not None:
            inside = [m for m in window if m.start < end and start < m.end]
            same = [m for m in inside if (m.start, m.end) == (start, end)]
            keep = label != "ORG" or any(m.known and m.label in ("ORG", "PERSON") for m in inside)
            if same and label in ("GPE", "FAC") and not same[0].known and not same[0].place:
                same[0].label = same[0].cue_label = label  # "Cagayan province" read as a nationality
                same[0].source = "suffix"
            elif all(start <= m.start and m.end <= end for m in inside) and not any(
                    same or m.known and keep or m.place and label in ("FAC", "GPE") and end - start == 1
                    for m in inside):
                kept = [m for m in window if all(m is not o for o in inside)]
                grown = Mention(start, end, label, source="suffix", cue_label=label)
                mentions[lo:hi] = sorted([*kept, grown], key=_start)
                ordered, longest = True, max(longest, end - start)  # the window was the whole list if unordered
        index = max(end, index + 1)
    return mentions


def nationality_orgs(doc: Doc, mentions: list[Mention], cues: Cues,
                     demonym: Callable[[str], str | None]) -> list[Mention]:
    """"Georgian Dream" of "the Georgian Dream party": a nationality word opening a party or company name."""
    for m in list(mentions):
        if m.end - m.start != 1 or not demonym(doc[m.start].text):
            continue
        end = _run_end(doc, m.end, min(m.end + 3, len(doc)))
        if end == m.end or any(demonym(t.text) or t.text in cues.person_titles for t in doc[m.end:end]):
            continue
        after = doc[end].lower_ if end < len(doc) else ""
        before = doc[m.start - 1].lower_ if m.start > 0 else ""
        if after in cues.org_nouns or before in cues.org_nouns or before == "ruling":
            grown = Mention(m.start, end, "ORG", source="joined")
            grown.cue_label = "ORG"
            if not any(o.overlaps(grown) and (o.known or o.end > end or o.start < m.start) for o in mentions):
                mentions = sorted([o for o in mentions if not o.overlaps(grown)] + [grown], key=lambda o: o.start)
    return mentions


def noun_cue(doc: Doc, m: Mention, cues: Cues) -> str | None:
    """FAC, LOC or ORG from the lowercase word after an unknown name; None when it says nothing."""
    after = doc[m.end] if m.end < len(doc) else None
    if after is None:
        return None
    word = after.lower_
    if word in cues.fac_modifiers and m.end + 1 < len(doc) and doc[m.end + 1].lower_ in cues.fac_nouns:
        return "FAC"
    if not after.is_lower and word not in cues.org_role_nouns:
        return None
    if word in cues.fac_nouns:
        return "FAC"
    if word in cues.loc_nouns:
        return "LOC"
    if word in cues.org_role_nouns or word in cues.org_nouns and word not in ("forces", "force", "side"):
        return "ORG"
    return None


def the_place(doc: Doc, m: Mention, cues: Cues) -> bool:
    """"the Bosphorus," "the Danube and": a name read as a person but written with "the" is a place."""
    if m.start == 0 or doc[m.start - 1].lower_ != "the":
        return False
    after = doc[m.end] if m.end < len(doc) else None
    return after is None or after.is_punct or after.lower_ in _FUNCTION_WORDS


def sporty(doc: Doc, cues: Cues) -> bool:
    """True for a match report: a score, or several sports words."""
    counts = doc.count_by(LOWER)
    words = sum(counts.get(key, 0) for key in _sport_keys(cues.sport_words))
    return words >= 2 or words >= 1 and any(_SCORE.match(t.text) for t in doc)


@functools.lru_cache(maxsize=4)
def _sport_keys(words: frozenset[str]) -> tuple[int, ...]:
    """The string ids of ``words``, as :meth:`Doc.count_by` counts them."""
    return tuple(get_string_id(w) for w in words)


def _score(doc: Doc, start: int, end: int) -> bool:
    """True when ``doc[start:end]`` is a score: "3-1" as one token or as "3", "-", "1"."""
    if end - start == 1 and 0 <= start < len(doc):
        return _SCORE.match(doc[start].text) is not None
    return end - start == 3 and start >= 0 and end <= len(doc) and doc[start].like_num \
        and doc[start + 1].text in ("-", "–") and doc[end - 1].like_num


def club_cue(doc: Doc, m: Mention, cues: Cues) -> bool:
    """A city named as a side in a match report ("beat Barcelona 3-1", "Barcelona coach", "Sevilla have")."""
    after = doc[m.end].text if m.end < len(doc) else ""
    before = doc[m.start - 1].lower_ if m.start > 0 else ""
    scored = before in ("to", "against", "with", "at") and (_score(doc, m.start - 2, m.start - 1)
                                                             or _score(doc, m.start - 4, m.start - 1))
    return (_score(doc, m.end, m.end + 1) or _score(doc, m.end, m.end + 3) or after in cues.sport_roles
            or before in cues.sport_verbs or scored or after in ("have", "are", "were", "beat", "drew", "lost", "won"))


def tickers(doc: Doc, mentions: list[Mention], cues: Cues) -> list[Mention]:
    """Drop stock tickers: "Tesla Inc. (TSLA)", "(NYSE: KO)" name a security, not a second organisation."""
    kept = []
    for m in mentions:
        text = doc[m.start:m.end].text
        before = doc[m.start - 1].text if m.start > 0 else ""
        closed = m.end < len(doc) and doc[m.end].text == ")"
        ticker = m.end - m.start == 1 and text.isupper() and len(text) <= 5 and closed and (
            before == "(" and m.start > 1 and doc[m.start - 2].text in cues.company_suffixes
            or before == ":" and m.start > 1 and doc[m.start - 2].text in cues.exchanges)
        if not ticker:
            kept.append(m)
    return kept
