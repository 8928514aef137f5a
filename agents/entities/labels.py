"""Label correction of one mention: knowledge first, then the name's own words, then the words around it.

Order: alias data; datelines and names grown by the span rules keep their label; compass words are no
name; nationality adjectives are NORP; countries and US states are GPE; product plurals ("iPhones") are
no organisation; a city named as a side in a match report is a club; big cities and provinces the model
read as something else are GPE; then head words ("Technologies", "Airport"), the noun after the name ("the
El Teniente mine"), "the" before a would-be person ("the Bosphorus"), place nouns, organisation nouns and
person cues.
"""

from __future__ import annotations

from spacy.tokens import Doc

from agents.entities.aliases import AliasTable
from agents.entities.mentions import (
    _PLACE_PREPOSITIONS,
    Cues,
    Mention,
    has_org_cue,
    has_person_cue,
    has_place_cue,
    is_org_like,
    shape_label,
    span_text,
    speaks,
)
from agents.entities.spans import club_cue, noun_cue, the_place
from agents.knowledge.gazetteer import Gazetteer

_NEAR = frozenset({"near", "around", "outside", "between"})
_SIDE_LABELS = frozenset({"LOC", "FAC", "GPE", "EVENT", "PRODUCT"})
_OTHER_LABELS = frozenset({"PERSON", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"})
# "Trade" of "Trade Minister", "Health" of "Health Secretary": a portfolio before an office is no name
_OFFICES = frozenset({"Minister", "Ministry", "Secretary", "Commissioner"})
# "where Erling Haaland scored": a two-word name that scores in a match report is a player
_SCORING = frozenset({"scored", "netted", "struck", "converted", "headed", "equalised", "equalized"})
# "the Social Democrats", "Christian Democrats": a party named by its members; "Democrats" alone is NORP
_PARTY_MEMBERS = frozenset({"Democrats", "Republicans", "Conservatives", "Socialists", "Liberals", "Greens"})


def shaped_place(tokens: list[str], cues: Cues) -> bool:
    """True for a name whose own words make it a facility or a feature ("Estadio Azteca", "Lake Chad")."""
    return shape_label(tokens, cues) in ("FAC", "LOC")


def product_plural(text: str) -> bool:
    """"iPhones", "iPads": a plural of a product name written in camel case."""
    return len(text) > 3 and text[0].islower() and text[1].isupper() and text.endswith("s")


def _company_head(doc: Doc, m: Mention, text: str, cues: Cues) -> bool:
    """"Delta" of "Delta Air Lines Inc." in the same article: a company's first word used alone."""
    return m.label == "ORG" and any(start != m.start for start in _company_heads(doc, cues).get(text, ()))


def _company_heads(doc: Doc, cues: Cues) -> dict[str, list[int]]:
    """First word -> starts of the model's company names ("Delta Air Lines Inc."), read once per doc.

    Kept in ``doc.user_data``: ``doc.ents`` builds every entity span anew, and scanning them for each mention
    made labelling quadratic in the text's length.
    """
    heads: dict[str, list[int]] | None = doc.user_data.get(_HEADS_KEY)
    if heads is None:
        heads = {}
        for e in doc.ents:
            if e.label_ == "ORG" and len(e) > 2 and e[-1].text in cues.company_suffixes:
                heads.setdefault(e[0].text, []).append(e.start)
        doc.user_data[_HEADS_KEY] = heads
    return heads


_HEADS_KEY = "wirewatch.company_heads"


class Labeller:
    """Decides the label of each mention of one article."""

    def __init__(self, aliases: AliasTable, gazetteer: Gazetteer, cues: Cues) -> None:
        self.aliases, self.gazetteer, self.cues = aliases, gazetteer, cues

    def classify(self, doc: Doc, m: Mention, sport: bool = False) -> None:
        """Correct one mention's label from knowledge and cue words, and resolve countries and demonyms."""
        cues, gazetteer = self.cues, self.gazetteer
        text = span_text(doc, m)
        tokens = [t.text for t in doc[m.start:m.end]]
        if m.known is None and m.source == "ner":
            m.known = self.aliases.lookup(text)
        if m.known is not None:
            m.label = m.known.label
            return
        if tokens[-1] in _PARTY_MEMBERS and m.label in ("NORP", "PERSON", "ORG"):
            before = doc[m.start - 1] if m.start > 0 else None
            if len(tokens) == 1 and before is not None and before.is_title and not before.is_stop \
                    and self._party([before.text, text]):
                m.start, tokens = m.start - 1, [before.text, text]  # "the Free Democrats": the model kept one word
            m.label = "ORG" if self._party(tokens) else "NORP"
            return
        if m.source in ("dateline", "suffix", "joined"):
            return
        words = [t for t in tokens if t not in ("-", "–")]
        if len(words) > 1 and len(tokens) == 2 * len(words) - 1 and text not in cues.directions \
                and all(w in cues.directions for w in words):
            m.label, m.source = "", ""  # "East-West", "North-South": between blocs, no place (not "North-East")
            return
        if len(tokens) == 1 and text in cues.directions:
            # "the West" is a region of no country; "North" alone is a direction: never a city's name
            m.label, m.source = ("LOC", "direction") if m.start and doc[m.start - 1].lower_ == "the" else ("", "")
            return
        code = gazetteer.demonym(text)
        region = gazetteer.region(text)
        if code and m.label in ("NORP", "GPE", "LOC", "ORG", "PERSON") and region is None:
            m.label, m.norp_code = "NORP", code
            return
        if region is not None and m.label != "NORP":
            m.label, m.place = "GPE", region
            return
        after = doc[m.end] if m.end < len(doc) else None
        if len(tokens) == 1 and after is not None and after.lower_ in cues.disease_nouns and after.is_lower:
            m.label = ""  # "Lassa fever", "Zika virus": a disease named after a place
            return
        if m.label == "ORG" and len(tokens) == 1 and product_plural(text):
            m.label = "PRODUCT"
            return
        if tokens[-1] in cues.name_suffixes and len(tokens) >= 2:
            m.label, m.person_cue = "PERSON", True  # "Vinícius Júnior", "Ferdinand Marcos Jr."
            return
        if len(tokens) == 1 and text in cues.institutions and (after is None or not after.is_title):
            m.label = "ORG"  # "the Senate", "House passes ..."
            return
        cities = gazetteer.city_candidates(text)
        unplaced = not cities and (m.label != "GPE" or not gazetteer.subdivisions(text)) \
            and not shaped_place(tokens, cues)  # "Fenerbahçe beat", not "against England"
        if sport and (m.label in ("GPE", "ORG", "PERSON") and cities or m.label in _SIDE_LABELS and unplaced) \
                and club_cue(doc, m, cues):
            m.label = m.cue_label = "ORG"  # "beat Barcelona 3-1", "Sevilla have"
            return
        shaped = shape_label(tokens, cues)
        if self._known_place(doc, m, text, tokens):
            m.label = "GPE"  # "Tehran" read as a person, "Kursk" as a product, "in Daloa" as a company
        elif len(tokens) == 1 and (text in cues.generic and not _company_head(doc, m, text, cues)
                                   or m.start > 0 and doc[m.start - 1].like_num
                                   or after is not None and after.text in _OFFICES and not text.isupper()
                                   and not cities):
            m.label = ""  # "Defense" of "Defense Minister", "Max" of "737 Max": no name on their own
        elif shaped is not None:
            m.label = shaped
        elif not cities and (cue := noun_cue(doc, m, cues)) is not None:
            m.label = m.cue_label = cue
        elif m.label == "ORG" and noun_cue(doc, m, cues) == "FAC" and after is not None \
                and after.lower_ in cues.fac_modifiers and all(c.population < 100_000 for c in cities):
            m.label = m.cue_label = "FAC"  # "the Natanz nuclear site": a town's name on a facility
        elif sport and m.label in ("ORG", "PRODUCT") and len(tokens) == 2 and after is not None \
                and after.lower_ in _SCORING \
                and not any(self._big_place(t) or t in cues.club_prefixes for t in tokens):
            m.label, m.person_cue = "PERSON", True
        elif m.label == "PERSON" and the_place(doc, m, cues):
            m.label = m.cue_label = "LOC"
        elif m.label == "PERSON" and len(tokens) == 1 and m.start > 0 and doc[m.start - 1].lower_ == "the" \
                and text not in cues.given_names and not cities:
            m.label = "ORG"  # "accused the Tatmadaw of": nobody's name is written with "the"
        elif m.label == "ORG" and len(tokens) == 1 and m.start > 0 and doc[m.start - 1].lower_ in _NEAR \
                and not has_org_cue(doc, m, cues):
            m.label = "GPE"  # "towns near Adré"
        elif has_place_cue(doc, m, cues):
            m.label = m.cue_label = "GPE"
        elif has_org_cue(doc, m, cues) or m.label == "GPE" and m.start > 0 and doc[m.start - 1].lower_ == "the" \
                and not cities:
            m.label = "ORG"
            m.cue_label = "ORG" if has_org_cue(doc, m, cues) else ""
        elif has_person_cue(doc, m, cues) or m.label in ("GPE", "LOC") and speaks(doc, m, cues) and not cities:
            m.label, m.person_cue = "PERSON", True

    def _big_place(self, word: str) -> bool:
        """A country, a US state or a city of 100,000 people ("Madrid", not the small town "Palmer")."""
        return self.gazetteer.region(word) is not None or any(
            c.population >= 100_000 for c in self.gazetteer.city_candidates(word))

    def _party(self, tokens: list[str]) -> bool:
        """"Social Democrats", not "House Democrats" nor "Texas Republicans": members of no party name."""
        first = tokens[0]
        return len(tokens) >= 2 and first[:1].isupper() and first not in self.cues.institutions \
            and not self._big_place(first) and not self.gazetteer.demonym(first)

    def _known_place(self, doc: Doc, m: Mention, text: str, tokens: list[str]) -> bool:
        """A big city or a province the model gave another label ("Ciudad Juárez" as a person)."""
        cues = self.cues
        before = doc[m.start - 1].text if m.start > 0 else ""
        candidates = self.gazetteer.city_candidates(text)
        if m.label == "ORG":
            if is_org_like(tokens, cues) or has_org_cue(doc, m, cues) or _company_head(doc, m, text, cues):
                return False  # "shares in Toyota" of an article on "Toyota Motor Corp": the company
            if before.lower() not in _PLACE_PREPOSITIONS and not (
                    len(tokens) == 1 and candidates and candidates[0].population >= 1_000_000):
                return False  # "and Chennai", "the Calcutta director": a city of millions is a place
        elif m.label not in _OTHER_LABELS:
            return False
        if any(t in cues.given_names for t in tokens) or text in cues.not_places or before in cues.person_titles:
            return False
        if candidates and candidates[0].population >= 100_000:
            return True
        if m.label in ("PERSON", "NORP") and before.lower() in ("in", "near", "outside") \
                and not has_person_cue(doc, m, cues) \
                and (candidates or self.gazetteer.subdivisions(text)):
            return True  # "in Mae Sot", "in Ménaka": people are not "in" somebody
        if m.label == "PERSON" and (len(tokens) == 1 or not any(t[:1].isupper() for t in tokens[1:])):
            return False
        return bool(self.gazetteer.subdivisions(text))  # "Nuevo León" read as a person: a province
