"""Place resolution of one article's mentions: a country code and coordinates for every place.

Reads the mentions the tagger has labelled (and the places the labeller already resolved: countries, states,
alias data) and assigns :pyattr:`Mention.place`. The order: a US state read as the country of the same name
("Georgia" in a story about Atlanta), then the fuller country the article names ("Congo" in an article on the
Democratic Republic), then cities (a written qualifier, the capital or big city, a city in a country the
article mentions) and provinces of ISO 3166-2. The hand-written rules among these (the state, the fuller
country, a name once qualified, a capitalised common word opening a sentence) form the pass group
``place_rules`` of the ablation; the gazetteer lookup itself always runs.
"""

from __future__ import annotations

from spacy.tokens import Doc

from agents.entities.mentions import PLACE_LABELS, Mention, sentence_initial, span_text
from agents.entities.tally import SpellingTally
from agents.knowledge.gazetteer import Gazetteer, Place


def article_context(mentions: list[Mention]) -> set[str]:
    """Country codes the article names: its places, nationality words and known names."""
    context = {m.place.country_code for m in mentions if m.place}
    context |= {m.norp_code for m in mentions if m.norp_code}
    return context | {m.known.country_code for m in mentions if m.known and m.known.country_code}


def _us_states(mentions: list[Mention], texts: dict[int, str], gazetteer: Gazetteer) -> None:
    """"Georgia" the state, not the country, when the article is about the United States."""
    # Spellings are tallied (SpellingTally) rather than compared mention by mention: quadratic otherwise.
    codes = SpellingTally()
    for m in mentions:
        if m.place:
            codes.add(m.place.country_code, texts[id(m)])
    for m in mentions:
        state = gazetteer.state(texts[id(m)]) if m.place and m.place.kind == "country" else None
        if state is not None and m.place is not None \
                and not codes.spelled_otherwise(m.place.country_code, texts[id(m)]):
            codes.move(texts[id(m)], m.place.country_code, state.country_code)
            m.place = state  # Georgia the state in a story about Atlanta


def city(doc: Doc, m: Mention, gazetteer: Gazetteer, context: set[str]) -> Place | None:
    """The city a place mention names, preferring a qualifier written after it ("Moscow, Idaho")."""
    text = span_text(doc, m)
    qualifier = None
    if m.end + 1 < len(doc) and doc[m.end].text == ",":
        qualifier = gazetteer.region(doc[m.end + 1].text) or (
            gazetteer.region(doc[m.end + 1:m.end + 3].text) if m.end + 2 < len(doc) else None)
    return gazetteer.city(text, context, qualifier) if gazetteer.city_candidates(text) else None


def resolve_places(doc: Doc, mentions: list[Mention], gazetteer: Gazetteer, context: set[str],
                   rules: bool = True) -> None:
    """Give every place mention of the article its place; ``rules`` False leaves out the hand-written rules."""
    texts = {id(m): span_text(doc, m) for m in mentions}
    if rules and "US" in context:
        _us_states(mentions, texts, gazetteer)
    countries: SpellingTally = SpellingTally()
    for m in mentions:
        countries.add_country(m.place, texts[id(m)])
    # A name once qualified ("MOSCOW, Idaho") keeps that meaning for the rest of the article.
    resolved = {texts[id(m)].casefold(): m.place for m in mentions if m.place and m.place.kind == "city"} \
        if rules else {}
    for m in mentions:
        text = texts[id(m)]
        if m.label in PLACE_LABELS and m.place is None and m.known is None and m.source != "direction":
            found, sub = city(doc, m, gazetteer, context), gazetteer.subdivisions(text, context)
            if found is not None and sub and found.canonical.casefold() != text.casefold():
                found = None  # "Rio Grande do Sul" is the state, not another name of the city Rio Grande
            m.place = resolved.get(text.casefold()) or found or next(iter(sub), None)
            countries.add_country(m.place, text)
        elif rules and m.place is not None and m.place.kind == "country":
            fuller = countries.fuller_country(text, m.place)
            countries.move(text, m.place.id, fuller.id)
            m.place = fuller
        if rules and m.place is None and m.label == "GPE" and m.known is None and m.end - m.start == 1 \
                and sentence_initial(doc, m.start) and m.end < len(doc) and doc[m.end].is_lower:
            m.label = ""  # a capitalised common word opening a sentence ("Monsoon floods have...")
