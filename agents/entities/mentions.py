"""Mention-level rules of the tagger: label correction from cue words and knowledge, within-article linking.

Plain functions over :class:`Mention` records (token spans of one spaCy ``Doc``); no model calls here.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from importlib import resources

from spacy.tokens import Doc

from agents.entities.aliases import AliasTable, Known
from agents.knowledge.gazetteer import Gazetteer, Place
from agents.knowledge.text import Dateline, find_dateline

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_SCORE = re.compile(r"^\d{1,3}-\d{1,3}$")
_PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "to", "near", "across", "toward", "towards", "outside",
                                 "inside", "into", "around"})
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})


@dataclass(frozen=True)
class Cues:
    """Cue words of ``agents/entities/data/cues.json``."""

    person_titles: frozenset[str]
    speech_verbs: frozenset[str]
    org_heads: frozenset[str]
    fac_suffixes: frozenset[str]
    loc_suffixes: frozenset[str]
    not_places: frozenset[str]
    given_names: frozenset[str]
    org_nouns: frozenset[str]
    place_nouns: frozenset[str]
    name_particles: frozenset[str]
    fac_nouns: frozenset[str]
    fac_modifiers: frozenset[str]
    loc_nouns: frozenset[str]
    org_role_nouns: frozenset[str]
    sport_roles: frozenset[str]
    sport_verbs: frozenset[str]
    sport_words: frozenset[str]
    directions: frozenset[str]
    fac_prefixes: frozenset[str]
    loc_prefixes: frozenset[str]
    institutions: frozenset[str]
    name_suffixes: frozenset[str]
    company_suffixes: frozenset[str]
    exchanges: frozenset[str]
    disease_nouns: frozenset[str]
    club_heads: frozenset[str]
    plural_org_nouns: frozenset[str]
    company_prefixes: frozenset[str]
    club_prefixes: frozenset[str]

    @functools.cached_property
    def generic(self) -> frozenset[str]:
        """Words that are no name on their own ("Defense" in "Defense Minister", "Council")."""
        return self.person_titles | self.org_heads | self.fac_suffixes | self.loc_suffixes

    @functools.cached_property
    def place_suffixes(self) -> frozenset[str]:
        """Last words of facility and feature names ("Airport", "Shoal")."""
        return self.fac_suffixes | self.loc_suffixes

    @functools.cached_property
    def name_heads(self) -> frozenset[str]:
        """Last words of organisation, facility and feature names: a capitalised run ends at "and" after one."""
        return self.org_heads | self.place_suffixes


@functools.lru_cache(maxsize=1)
def load_cues() -> Cues:
    """Load and validate the packaged cue words."""
    data = json.loads(resources.files("agents.entities").joinpath("data/cues.json").read_text("utf-8"))
    fields = Cues.__dataclass_fields__
    missing = [name for name in fields if not isinstance(data.get(name), list)]
    if missing:
        raise ValueError(f"agents/entities/data/cues.json: missing list(s) {', '.join(missing)}")
    return Cues(**{name: frozenset(data[name]) for name in fields})


@dataclass
class Mention:
    """One candidate entity: a token span of a spaCy ``Doc`` with what is known about it.

    Not the alert stage's :class:`agents.knowledge.countries.StateMention`, a state named at character offsets.
    """

    start: int
    end: int
    label: str
    source: str = "ner"
    known: Known | None = None
    place: Place | None = None
    norp_code: str | None = None
    person_cue: bool = False
    cue_label: str = ""
    canonical: str = ""
    link: Mention | None = field(default=None, repr=False)

    def overlaps(self, other: Mention) -> bool:
        """True when the two token spans share a token."""
        return self.start < other.end and other.start < self.end

    def contains(self, other: Mention) -> bool:
        """True when this span covers the other."""
        return self.start <= other.start and other.end <= self.end


def span_text(doc: Doc, mention: Mention) -> str:
    """The mention's text as written."""
    return str(doc[mention.start:mention.end].text)


def stable_id(label: str, canonical: str) -> str:
    """An id for an entity no data file knows: the same name and label group give the same id everywhere."""
    group = "place" if label in PLACE_LABELS else label.lower()
    digest = hashlib.sha1(canonical.casefold().encode(), usedforsecurity=False).hexdigest()[:12]
    return f"ww:{group}:{digest}"


def trim(doc: Doc, mention: Mention, cues: Cues) -> Mention | None:
    """Drop a leading article or title and a trailing possessive; None when nothing name-like remains."""
    start, end = mention.start, mention.end
    for index in range(start, end):
        if doc[index].is_space or "\n" in doc[index].text or doc[index].text == "(" and index > start:
            end = index  # a name never runs across paragraphs, nor into its bracketed acronym
            break
    titles = cues.person_titles if mention.label == "PERSON" else frozenset()
    while start < end - 1 and (doc[start].lower_ == "the" or doc[start].text in titles
                               or titles and doc[start].lower_ in titles and doc[start].text not in cues.given_names):
        start += 1  # "Goalkeeper Álvaro Valles" opening a sentence
    while start < end - 3 and doc[start].is_lower and doc[start + 1].text == "-":
        start += 3  # "pro-Western Party of Action": the adjective is no part of the name
    while end - start > 3 and doc[end - 1].like_num and doc[end - 2].text in ("-", "–") and doc[end - 3].like_num:
        end -= 3  # "Sevilla FC 2-1": the score is no part of the name
    if end - start > 1 and _SCORE.match(doc[end - 1].text):
        end -= 1
    while end > start and (doc[end - 1].text in {"'s", "’s", "'", "’", ".", ",", "-", "—", "of", "and", "for"}
                           or end - start > 1 and doc[end - 1].text in cues.place_nouns):
        end -= 1  # "Sindh province" is the place Sindh
    if end <= start or not any(ch.isupper() for ch in doc[start:end].text):
        return None
    mention.start, mention.end = start, end
    return mention


def has_person_cue(doc: Doc, mention: Mention, cues: Cues) -> bool:
    """A title before the name ("Foreign Minister Sergey Lavrov"), a known given name first, or a title
    in an apposition after it ("Vassily Nebenzia, Russia's ambassador")."""
    before = doc[mention.start - 1].text if mention.start > 0 else ""
    if before in cues.person_titles:
        return True
    tokens = [t.text for t in doc[mention.start:mention.end]]
    if len(tokens) >= 2 and tokens[0] in cues.given_names and not is_org_like(tokens, cues) \
            and not ({"'s", "’s"} & set(tokens[1:-1])):
        return True  # not "Lloyd's of London": a possessive inside a name makes a firm
    if mention.source in ("city", "country", "state") or mention.label == "NORP" \
            or mention.label in ("GPE", "LOC") and mention.end - mention.start == 1:
        return False  # "north of Abuja, the governor ...", "an Ohio Republican, ...": no person's name
    return _apposition(doc, mention, {w for w in cues.person_titles if w.islower()}, cues)


def has_org_cue(doc: Doc, mention: Mention, cues: Cues) -> bool:
    """An organisation noun just before ("energy company OMV") or in an apposition after ("Foxconn, the
    Taiwanese company")."""
    before = doc[mention.start - 1] if mention.start > 0 else None
    if before is not None and before.text in cues.person_titles:
        return False  # "Reform UK leader Nigel Farage, whose party ..."
    people = {w for w in cues.person_titles if w.islower()} | {"whose"}
    return before is not None and before.lower_ in cues.org_nouns or _apposition(doc, mention, cues.org_nouns, cues,
                                                                                  people)


def has_place_cue(doc: Doc, mention: Mention, cues: Cues) -> bool:
    """A place noun just before ("the town of Avdiivka", "the village Rukla")."""
    words = [t.text for t in doc[max(mention.start - 2, 0):mention.start]]
    after = doc[mention.end].text if mention.end < len(doc) else ""
    if after in cues.place_nouns and after != "state" and mention.start > 0 and doc[mention.start - 1].lower_ == "the":
        return True  # "the Tavush province"
    if bool(words) and (words[-1] in cues.place_nouns or words[-1] == "of" and words[0] in cues.place_nouns):
        return True
    tail = [t.lower_ for t in doc[mention.end:mention.end + 8]]  # "Kyaukphyu, the deep-sea port in Myanmar"
    return tail[:2] in ([",", "the"], [",", "a"]) and any(
        w in cues.place_nouns and tail[i + 1:i + 2] in (["in"], ["of"], ["on"], ["near"])
        for i, w in enumerate(tail[2:-1], start=2)) and not any(w in (",", ".", "who", "whose") for w in tail[2:5])


def _apposition(doc: Doc, mention: Mention, nouns: set[str] | frozenset[str], cues: Cues,
                stop: set[str] | frozenset[str] = frozenset()) -> bool:
    if mention.end >= len(doc) or doc[mention.end].text != ",":
        return False
    if mention.start > 0 and doc[mention.start - 1].lower_ in _PLACE_PREPOSITIONS:
        return False  # "In Beijing, foreign ministry spokesperson ..." introduces a place
    for token in doc[mention.end + 1:mention.end + 6]:
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if token.lower_ in nouns and not (following is not None and (following.text in ("'s", "’s")
                                                                     or following.lower_ in stop)):
            return True  # not "X, the ministry's spokesman" nor "X, a union leader": the noun owns the role
        if token.lower_ in stop:
            return False  # "Andrew Bailey, governor of the Bank of England": the person's role comes first
        if token.is_punct or token.lower_ in ("who", "which", "that") or token.text in cues.speech_verbs:
            return False
    return False


def sentence_initial(doc: Doc, index: int) -> bool:
    """True at the start of the text, a paragraph or a sentence (the parser is not loaded)."""
    if index == 0:
        return True
    before = doc[index - 1]
    return before.is_space or before.text in {".", "!", "?", "\"", "“", "—"} or "\n" in before.text


def is_org_like(tokens: list[str], cues: Cues) -> bool:
    """A multi-word name with an organisation head word ("Maxar Technologies", "Ministry of Defense")."""
    return len(tokens) >= 2 and any(t in cues.org_heads for t in tokens)


def shape_label(tokens: list[str], cues: Cues) -> str | None:
    """The label a name's own words give it (ORG, FAC, LOC), if any."""
    if is_org_like(tokens, cues):
        return "ORG"
    if len(tokens) >= 3 and tokens[1] == "of" and tokens[0] in cues.fac_suffixes or \
            len(tokens) >= 2 and tokens[0] in cues.fac_prefixes:
        return "FAC"  # "Port of San Pedro", "Estadio Azteca"
    if len(tokens) >= 3 and tokens[1] == "of" and tokens[0] in cues.loc_suffixes or \
            len(tokens) >= 2 and tokens[0] in cues.loc_prefixes:
        return "LOC"  # "Bay of Bengal", "Gulf of Aden", "Mount Kenya"
    if len(tokens) >= 2 and tokens[-1] in cues.club_heads:
        return "ORG"  # "Aston Villa", "Newcastle United"
    if len(tokens) >= 2 and tokens[-1] in cues.fac_suffixes:
        return "FAC"
    if len(tokens) >= 2 and tokens[-1] in cues.loc_suffixes:
        return "LOC"
    return None


def speaks(doc: Doc, mention: Mention, cues: Cues) -> bool:
    """True when a speech verb follows the name ("Kuleba said") or precedes it ("said Kuleba")."""
    after = doc[mention.end].text if mention.end < len(doc) else ""
    before = doc[mention.start - 1].text if mention.start > 0 else ""
    quoted = mention.start < 2 or doc[mention.start - 2].text in (",", "\"", "”", "'", "’", "“")
    return after in cues.speech_verbs or before in cues.speech_verbs and quoted  # not "She said Tenstorrent had"



def body_dateline(text: str) -> Dateline | None:
    """The wire dateline opening the body ("MOSCOW (AP) —", "KYIV, Ukraine —", "COLOMBO, June 12 —").

    Only the first paragraph of the body counts: the start of the text, or right after the title.
    """
    first_break = text.find("\n\n")
    for position in (0, first_break + 2) if first_break >= 0 else (0,):
        dateline = find_dateline(text, position)
        if dateline is not None:
            return dateline
    return None


def with_dateline(doc: Doc, mentions: list[Mention], aliases: AliasTable, gazetteer: Gazetteer) -> list[Mention]:
    """Add the wire dateline's place (and its written region) in place of whatever the model saw there."""
    found = body_dateline(doc.text)
    span = doc.char_span(found.place.start, found.place.end, alignment_mode="expand") if found else None
    if found is None or span is None:
        return mentions
    name = span.text
    written = doc.char_span(found.region.start, found.region.end, alignment_mode="expand") if found.region else None
    qualifier = gazetteer.region(written.text) if written is not None else None
    dateline = Mention(span.start, span.end, "GPE", source="dateline", known=aliases.lookup(name))
    if dateline.known is None:
        dateline.place = (gazetteer.city(name, qualifier=qualifier) if qualifier
                          else gazetteer.region(name) or gazetteer.city(name))
    added = [dateline]
    if written is not None:  # the region of "KYIV, Ukraine —" is a place too, whatever the model said
        added.append(Mention(written.start, written.end, "GPE", source="dateline", place=qualifier,
                             known=aliases.lookup(written.text)))
    kept = [m for m in mentions if not any(m.overlaps(a) for a in added)]
    return sorted(kept + added, key=lambda m: m.start)

