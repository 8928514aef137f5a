"""Entity tagger: the seed's classes of error, datelines, linking within an article, canonical names."""

from __future__ import annotations

from pathlib import Path

import pytest

from agents.entities.aliases import AliasTable
from agents.entities.tagger import EntityTagger
from agents.knowledge.gazetteer import country_name
from streams.clients.seedformat import parse_seed
from streams.runtime.records import Article, Entity

SEED = Path(__file__).parents[2] / "seeds" / "000_725fc296ee9ff8bc.txt"


@pytest.fixture(scope="module")
def tagger() -> EntityTagger:
    return EntityTagger(aliases=AliasTable.load(extra_paths=[]))


@pytest.fixture(scope="module")
def seed_entities(tagger: EntityTagger) -> list[Entity]:
    return tagger.tag(parse_seed(SEED.read_text(encoding="utf-8")))


def tag(tagger: EntityTagger, body: str, title: str = "") -> list[Entity]:
    return tagger.tag(Article(id="t", title=title, body=body))


def labels_of(entities: list[Entity], text: str) -> set[tuple[str, str]]:
    return {(e.label, e.canonical) for e in entities if e.text == text}


@pytest.mark.parametrize(("text", "label", "canonical"), [
    ("Lavrov", "PERSON", "Sergey Lavrov"), ("Zelenskyy", "PERSON", "Volodymyr Zelenskyy"),
    ("Scholz", "PERSON", "Olaf Scholz"), ("MOSCOW", "GPE", "Moscow"),
    ("Maxar Technologies", "ORG", "Maxar Technologies"),
    ("Kyiv", "GPE", "Kyiv"), ("Putin", "PERSON", "Vladimir Putin"), ("Oleksiy Danilov", "PERSON", "Oleksiy Danilov"),
    ("U.N.", "ORG", "United Nations"), ("Russian Federation", "GPE", "Russia"), ("Belarus", "GPE", "Belarus"),
])
def test_seed_classes_of_error_are_fixed(seed_entities: list[Entity], text: str, label: str, canonical: str) -> None:
    assert labels_of(seed_entities, text) == {(label, canonical)}


def test_seed_offsets_point_into_the_article_text(tagger: EntityTagger, seed_entities: list[Entity]) -> None:
    text = parse_seed(SEED.read_text(encoding="utf-8")).text
    assert seed_entities and all(text[e.start:e.end] == e.text for e in seed_entities)


def test_every_seed_country_and_nationality_carries_a_country_code(seed_entities: list[Entity]) -> None:
    codes = {e.text: e.country_code for e in seed_entities if e.label in ("GPE", "NORP")}
    assert codes["Russia"] == codes["Russian"] == codes["Moscow"] == "RU"
    assert codes["Ukraine"] == codes["Ukrainian"] == codes["Kyiv"] == "UA"
    assert codes["U.S."] == codes["Washington"] == "US"
    assert all(code for text, code in codes.items() if text not in ("European", "Soviet"))


def test_country_canonical_names_match_country_name(seed_entities: list[Entity]) -> None:
    countries = [e for e in seed_entities if e.label == "GPE" and e.id and e.id.startswith("iso3166:")]
    assert countries and all(e.canonical == country_name(e.country_code or "") for e in countries)


@pytest.mark.parametrize(("body", "text", "label", "code"), [
    ("KHARKIV, Ukraine (AP) — Shelling resumed on Tuesday.", "KHARKIV", "GPE", "UA"),
    ("WASHINGTON (AP) — The Senate voted on Friday.", "WASHINGTON", "GPE", "US"),
    ("BRUSSELS (Reuters) - Ministers met on Monday.", "BRUSSELS", "GPE", "BE"),
    ("TALLINN, Estonia — Officials said the cable was cut.", "TALLINN", "GPE", "EE"),
])
def test_datelines_in_capitals_are_places(tagger: EntityTagger, body: str, text: str, label: str, code: str) -> None:
    [dateline] = [e for e in tag(tagger, body) if e.text == text]
    assert (dateline.label, dateline.country_code, dateline.start) == (label, code, 0)
    assert dateline.lat is not None


def test_dateline_after_a_title_is_found(tagger: EntityTagger) -> None:
    [dateline] = [e for e in tag(tagger, "MINSK, Belarus (AP) — Troops arrived.", title="Drills begin")
                  if e.text == "MINSK"]
    assert (dateline.label, dateline.canonical, dateline.start) == ("GPE", "Minsk", len("Drills begin\n\n"))


@pytest.mark.parametrize(("body", "surname", "canonical"), [
    ("Finance Minister Ruta Varnaite spoke on Monday. Later, Varnaite said taxes would rise.",
     "Varnaite", "Ruta Varnaite"),
    ("Defense chief Oleh Marchenko visited the front. Marchenko told troops to hold.", "Marchenko", "Oleh Marchenko"),
    ("President Vladimir Putin spoke. Putin said talks would go on.", "Putin", "Vladimir Putin"),
    ("Putin said talks would go on.", "Putin", "Vladimir Putin"),  # the alias data knows the full name
])
def test_a_surname_links_to_the_full_name(tagger: EntityTagger, body: str, surname: str, canonical: str) -> None:
    found = [e for e in tag(tagger, body) if e.text == surname]
    assert found and {(e.label, e.canonical) for e in found} == {("PERSON", canonical)}


def test_two_people_sharing_a_surname_do_not_merge(tagger: EntityTagger) -> None:
    body = ("Finance Minister Ruta Kairys and her brother, opposition lawmaker Tomas Kairys, clashed on Wednesday. "
            "Ruta Kairys said spending would rise. Kairys added that taxes would not. "
            "Tomas Kairys called the plan a gamble. Kairys said pensions would suffer.")
    entities = tag(tagger, body)
    people = [(e.text, e.canonical) for e in entities if e.label == "PERSON"]
    assert {c for _, c in people} == {"Ruta Kairys", "Tomas Kairys"}
    assert [c for t, c in people if t == "Kairys"] == ["Ruta Kairys", "Tomas Kairys"]
    ids = {e.canonical: e.id for e in entities if e.label == "PERSON"}
    assert ids["Ruta Kairys"] != ids["Tomas Kairys"]


@pytest.mark.parametrize(("body", "text", "label"), [
    ("The images came from Halvorsen Technologies, a satellite firm.", "Halvorsen Technologies", "ORG"),
    ("Officials at the Veldanian Ministry of Energy declined to comment.", "Veldanian Ministry of Energy", "ORG"),
    ("Sales rose, said Brennick Corp. on Monday.", "Brennick Corp.", "ORG"),
    ("The town of Avdiivka came under fire again on Sunday.", "Avdiivka", "GPE"),
    ("Protesters gathered on Maidan Square in the evening.", "Maidan Square", "FAC"),
])
def test_words_of_the_name_or_context_set_the_label(tagger: EntityTagger, body: str, text: str, label: str) -> None:
    assert {e.label for e in tag(tagger, body) if e.text == text} == {label}


@pytest.mark.parametrize(("body", "text", "canonical", "code"), [
    ("Drones struck Tehran overnight, officials said.", "Tehran", "Tehran", "IR"),
    ("The mayor of Kiev said water was restored.", "Kiev", "Kyiv", "UA"),
    ("Fighting spread to Omdurman and Khartoum on Sunday.", "Omdurman", "Omdurman", "SD"),
])
def test_gazetteer_places_the_model_misreads_are_found(tagger: EntityTagger, body: str, text: str, canonical: str,
                                                      code: str) -> None:
    [place] = [e for e in tag(tagger, body) if e.text == text]
    assert (place.label, place.canonical, place.country_code) == ("GPE", canonical, code)


def test_moscow_idaho_in_a_story_about_idaho(tagger: EntityTagger) -> None:
    body = ("MOSCOW, Idaho (AP) — The city council voted on Monday. Moscow has waited long enough, "
            "a council member said.")
    moscows = [e for e in tag(tagger, body) if e.text.casefold() == "moscow"]
    assert len(moscows) == 2 and {(e.country_code, e.canonical) for e in moscows} == {("US", "Moscow, Idaho")}


def test_moscow_russia_in_a_story_about_russia(tagger: EntityTagger) -> None:
    [moscow] = [e for e in tag(tagger, "Russia said on Monday that Moscow would respond.") if e.text == "Moscow"]
    assert (moscow.country_code, moscow.canonical) == ("RU", "Moscow")


@pytest.mark.parametrize(("first", "second"), [
    ("Zelensky", "Zelenskiy"), ("Kiev", "Kyiv"), ("U.N.", "United Nations"), ("U.S.", "United States"),
    ("NATO", "North Atlantic Treaty Organization"), ("UN", "U.N."), ("US", "U.S."),
])
def test_variants_across_articles_get_one_canonical_name_and_id(tagger: EntityTagger, first: str,
                                                                second: str) -> None:
    template = "Officials said {} would respond to the proposal on Monday, diplomats told reporters."
    a, b = tagger.tag_many([Article(id="a", body=template.format(first)),
                            Article(id="b", body=template.format(second))])
    [ea] = [e for e in a if e.text == first]
    [eb] = [e for e in b if e.text == second]
    assert (ea.canonical, ea.id) == (eb.canonical, eb.id)


def test_acronym_links_to_the_organisation_it_abbreviates(tagger: EntityTagger) -> None:
    body = "Fighters of the Rapid Support Forces advanced. An RSF commander said the airport had fallen."
    names = {e.text: e.canonical for e in tag(tagger, body) if e.label == "ORG"}
    assert names == {"Rapid Support Forces": "Rapid Support Forces", "RSF": "Rapid Support Forces"}


def test_tag_many_equals_tag_one_by_one(tagger: EntityTagger) -> None:
    articles = [Article(id=str(i), body=b) for i, b in enumerate(
        ["Putin met Lukashenko in Minsk.", "NATO said Poland would host troops.", "Nothing to see here."])]
    assert tagger.tag_many(articles) == [tagger.tag(a) for a in articles]
