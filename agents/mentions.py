"""Mention-level rules of the tagger: label correction from cue words and knowledge, within-article linking.

Plain functions over :class:`Mention` records (token spans of one spaCy ``Doc``); no model calls here.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from .aliases import Known
from .places import Place

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"})


@dataclass(frozen=True)
class Cues:
    """Cue words of ``agents/data/cues.json``."""

    person_titles: frozenset[str]
    speech_verbs: frozenset[str]
    org_heads: frozenset[str]
    fac_suffixes: frozenset[str]
    loc_suffixes: frozenset[str]
    not_places: frozenset[str]
    given_names: frozenset[str]


@functools.lru_cache(maxsize=1)
def load_cues() -> Cues:
    """Load and validate the packaged cue words."""
    data = json.loads(resources.files("agents").joinpath("data/cues.json").read_text("utf-8"))
    fields = Cues.__dataclass_fields__
    missing = [name for name in fields if not isinstance(data.get(name), list)]
    if missing:
        raise ValueError(f"agents/data/cues.json: missing list(s) {', '.join(missing)}")
    return Cues(**{name: frozenset(data[name]) for name in fields})


@dataclass
class Mention:
    """One candidate entity: a token span with what is known about it."""

    start: int
    end: int
    label: str
    source: str = "ner"
    known: Known | None = None
    place: Place | None = None
    norp_code: str | None = None
    person_cue: bool = False
    canonical: str = ""
    link: Mention | None = field(default=None, repr=False)

    def overlaps(self, other: Mention) -> bool:
        """True when the two token spans share a token."""
        return self.start < other.end and other.start < self.end

    def contains(self, other: Mention) -> bool:
        """True when this span covers the other."""
        return self.start <= other.start and other.end <= self.end


def span_text(doc: Any, mention: Mention) -> str:
    """The mention's text as written."""
    return str(doc[mention.start:mention.end].text)


def stable_id(label: str, canonical: str) -> str:
    """An id for an entity no data file knows: the same name and label group give the same id everywhere."""
    group = "place" if label in PLACE_LABELS else label.lower()
    digest = hashlib.sha1(canonical.casefold().encode(), usedforsecurity=False).hexdigest()[:12]
    return f"ww:{group}:{digest}"


def trim(doc: Any, mention: Mention, cues: Cues) -> Mention | None:
    """Drop a leading article or title and a trailing possessive; None when nothing name-like remains."""
    start, end = mention.start, mention.end
    while start < end - 1 and (doc[start].lower_ == "the" or doc[start].text in cues.person_titles):
        start += 1
    while end > start and doc[end - 1].text in {"'s", "’s", "'", "’", ".", ",", "-", "—"}:
        end -= 1
    if end <= start or not any(ch.isupper() for ch in doc[start:end].text):
        return None
    mention.start, mention.end = start, end
    return mention


def has_person_cue(doc: Any, mention: Mention, cues: Cues) -> bool:
    """A title before the name ("Foreign Minister Sergey Lavrov") or a known given name first."""
    before = doc[mention.start - 1].text if mention.start > 0 else ""
    if before in cues.person_titles:
        return True
    tokens = [t.text for t in doc[mention.start:mention.end]]
    return len(tokens) >= 2 and tokens[0] in cues.given_names and not is_org_like(tokens, cues)


def is_org_like(tokens: list[str], cues: Cues) -> bool:
    """A multi-word name with an organisation head word ("Maxar Technologies", "Ministry of Defense")."""
    return len(tokens) >= 2 and any(t in cues.org_heads for t in tokens)


def shape_label(tokens: list[str], cues: Cues) -> str | None:
    """The label a name's own words give it (ORG, FAC, LOC), if any."""
    if is_org_like(tokens, cues):
        return "ORG"
    if len(tokens) >= 2 and tokens[-1] in cues.fac_suffixes:
        return "FAC"
    if len(tokens) >= 2 and tokens[-1] in cues.loc_suffixes:
        return "LOC"
    return None


def speaks(doc: Any, mention: Mention, cues: Cues) -> bool:
    """True when a speech verb follows the name ("Kuleba said") or precedes it ("said Kuleba")."""
    after = doc[mention.end].text if mention.end < len(doc) else ""
    before = doc[mention.start - 1].text if mention.start > 0 else ""
    return after in cues.speech_verbs or before in cues.speech_verbs


def link_surnames(doc: Any, mentions: list[Mention]) -> None:
    """Link one-word mentions to the full name in the article that ends with them.

    The nearest full name before the mention wins, else the nearest after it, so two people who share a
    surname stay apart and each short mention goes to the one the text has just named.
    """
    full: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        words = [t for t in doc[m.start:m.end] if t.is_alpha]
        if m.label == "PERSON" and len(words) >= 2 and words[-1].text[0].isupper():
            full[words[-1].text].append(m)
    for m in mentions:
        if m.end - m.start != 1 or m.place is not None and m.place.kind == "country" or m.norp_code:
            continue
        candidates = full.get(doc[m.start].text)
        if not candidates:
            continue
        before = [c for c in candidates if c.start < m.start]
        m.link = before[-1] if before else min(candidates, key=lambda c: c.start)
        m.label = "PERSON"


def unify(doc: Any, mentions: list[Mention]) -> None:
    """One entity, one label and one canonical name within the article.

    Mentions are grouped by what they resolve to (linked full name, known entity, place, or text); the
    group's label comes from the data files when they know it, else a person cue, else a resolved place,
    else the model's majority vote.
    """
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        head = m.link or m
        key = (head.known.id if head.known else head.place.id if head.place and head.label in PLACE_LABELS
               else f"{head.label if head.label == 'NORP' else ''}:{span_text(doc, head)}")
        groups[key].append(m)
    for members in groups.values():
        heads = [m.link or m for m in members]
        known = next((h.known for h in heads if h.known), None)
        if known is not None:
            label = known.label
        elif any(h.person_cue or m.link for h, m in zip(heads, members, strict=True)):
            label = "PERSON"
        elif any(h.place for h in heads):
            label = next(h.label for h in heads if h.place)
        else:
            label = Counter(h.label for h in heads).most_common(1)[0][0]
        for m in members:
            m.label = label
