"""The ``ww_linker`` component: within-article linking and one canonical name and id per entity.

Declared in ``config.cfg`` as ``linker`` and loaded with the pipeline but disabled there: it needs the mentions
the tagger's pass groups found, so :class:`agents.entities.tagger.EntityTagger` calls it on each doc after them,
``linker(doc, mentions=..., disabled=...)``. Its own pass groups (``stems``, ``surnames``, ``acronyms``,
``prefixes``, ``unify``; :mod:`agents.entities.linking`) link a surname, an inner name, an acronym or the first
words of a name to the full name, and give every group of mentions one label and one canonical name.

Reads: the candidate mentions. Assigns: ``doc.spans[spans_key]``, one span per entity mention in text order,
with the entity's label, its canonical id as ``kb_id_``, and ``span._.ww_canonical``, ``span._.ww_country_code``,
``span._.ww_lat``, ``span._.ww_lon``.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from spacy.language import Language
from spacy.tokens import Doc, Span

from agents.entities.aliases import AliasTable
from agents.entities.linking import find_stems, find_surnames, link_acronyms, link_prefixes, link_surnames, unify
from agents.entities.mentions import PLACE_LABELS, Cues, Mention, load_cues, span_text, stable_id
from agents.knowledge.gazetteer import Gazetteer, default_gazetteer

KEPT_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
ENTITIES_KEY = "ww_entities"
SPAN_ATTRIBUTES = ("ww_canonical", "ww_country_code", "ww_lat", "ww_lon")
_COMPANY_SUFFIX = re.compile(r",?\s+(?:&\s+)?(?:Inc\.?|Co\.?|Corp\.?|Corporation|Ltd\.?|LLC|PLC|plc|AG|GmbH|S\.A\.)$")

Resolved = tuple[str, str, str | None, float | None, float | None]  # canonical, id, country code, lat, lon


class Linker:
    """Links the mentions of one article and writes its entities to ``doc.spans``."""

    def __init__(self, name: str, spans_key: str, aliases: AliasTable, gazetteer: Gazetteer, cues: Cues) -> None:
        self.name, self.spans_key = name, spans_key
        self.aliases, self.gazetteer, self.cues = aliases, gazetteer, cues

    def __call__(self, doc: Doc, mentions: list[Mention] | None = None, disabled: Collection[str] = ()) -> Doc:
        """Link ``mentions`` (none: an empty group) with the pass groups not in ``disabled``; set the spans."""
        mentions = self.link(doc, mentions or [], disabled)
        spans = []
        for m in mentions:
            if m.label not in KEPT_LABELS:
                continue
            canonical, ident, code, lat, lon = self.resolve(doc, m)
            span = Span(doc, m.start, m.end, label=m.label, kb_id=ident)
            for attr, value in zip(SPAN_ATTRIBUTES, (canonical, code, lat, lon), strict=True):
                span._.set(attr, value)
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    def link(self, doc: Doc, mentions: list[Mention], disabled: Collection[str] = ()) -> list[Mention]:
        """Run the linking pass groups in order; mentions may be added (stems, surnames, acronyms)."""
        if "stems" not in disabled:
            mentions = find_stems(doc, mentions, self.cues)
        if "surnames" not in disabled:
            mentions = find_surnames(doc, mentions)
            link_surnames(doc, mentions)
        if "acronyms" not in disabled:
            mentions = link_acronyms(doc, mentions, self.cues)
        if "prefixes" not in disabled:
            link_prefixes(doc, mentions, self.cues)
        if "unify" not in disabled:
            unify(doc, mentions)
        return mentions

    def resolve(self, doc: Doc, m: Mention) -> Resolved:
        """A mention's canonical name, id, country code and coordinates, from what it (or its link) resolved to."""
        head = m.link or m
        place = head.place if m.label in PLACE_LABELS else None
        known = head.known
        if known is not None:
            canonical, ident, code = known.canonical, known.id, known.country_code
            lat, lon = known.lat, known.lon
            if code and (lat is None or lon is None) and m.label in PLACE_LABELS:
                city = self.gazetteer.city(known.canonical, [code])
                if city is not None and city.country_code == code:
                    lat, lon = city.lat, city.lon
        elif place is not None:
            twin = self.aliases.lookup(place.canonical)
            ident = twin.id if twin and twin.country_code == place.country_code else place.id
            canonical, code, lat, lon = self.gazetteer.display_name(place), place.country_code, place.lat, place.lon
        elif m.label == "NORP" and head.norp_code:
            code = head.norp_code
            canonical = self.gazetteer.demonym_names.get(code, span_text(doc, head))
            ident, lat, lon = f"norp:{code}", None, None
        else:
            canonical = m.canonical or span_text(doc, head)
            if m.label == "ORG":
                canonical = _COMPANY_SUFFIX.sub("", canonical)
            ident, code, lat, lon = stable_id(m.label, canonical), None, None, None
        return canonical, ident, code, lat, lon


@Language.factory("ww_linker", default_config={"spans_key": ENTITIES_KEY, "alias_files": []})
def make_linker(nlp: Language, name: str, spans_key: str, alias_files: list[str]) -> Linker:
    """The linker, with the packaged alias table plus ``alias_files``, the gazetteer and the cue data."""
    for attr in SPAN_ATTRIBUTES:
        if not Span.has_extension(attr):
            Span.set_extension(attr, default=None)
    return Linker(name, spans_key, AliasTable.load(alias_files), default_gazetteer(), load_cues())
