"""Gazetteer: country names and codes, demonyms, cities by population, qualifier and context."""

from __future__ import annotations

import pytest

from agents.knowledge.gazetteer import Gazetteer, country_name, default_gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return default_gazetteer()


@pytest.mark.parametrize(("code", "name"), [
    ("RU", "Russia"), ("US", "United States"), ("UA", "Ukraine"), ("GB", "United Kingdom"), ("IR", "Iran"),
    ("KR", "South Korea"), ("SY", "Syria"), ("DE", "Germany"), ("us", "United States"), ("XK", "Kosovo"),
])
def test_country_name_is_short_and_canonical(code: str, name: str) -> None:
    assert country_name(code) == name


@pytest.mark.parametrize(("text", "code"), [
    ("Russia", "RU"), ("Russian Federation", "RU"), ("the Russian Federation", "RU"), ("U.S.", "US"),
    ("US", "US"), ("United States of America", "US"), ("Britain", "GB"), ("U.K.", "GB"), ("Ukraine", "UA"),
    ("Czech Republic", "CZ"), ("Turkey", "TR"), ("South Korea", "KR"),
])
def test_country_variants_resolve_to_one_country(gazetteer: Gazetteer, text: str, code: str) -> None:
    place = gazetteer.country(text)
    assert place is not None and place.country_code == code and place.canonical == country_name(code)
    assert place.lat is not None and place.lon is not None


@pytest.mark.parametrize(("text", "code"), [
    ("Russian", "RU"), ("Russians", "RU"), ("Ukrainian", "UA"), ("Belarusian", "BY"), ("British", "GB"),
    ("American", "US"), ("Polish", "PL"), ("Chinese", "CN"), ("North Korean", "KP"),
])
def test_demonyms_link_to_their_country(gazetteer: Gazetteer, text: str, code: str) -> None:
    assert gazetteer.demonym(text) == code


@pytest.mark.parametrize(("text", "code", "canonical"), [
    ("Moscow", "RU", "Moscow"), ("Kyiv", "UA", "Kyiv"), ("Kiev", "UA", "Kyiv"), ("Washington", "US", "Washington"),
    ("London", "GB", "London"), ("Paris", "FR", "Paris"), ("Lviv", "UA", "Lviv"), ("MOSCOW", "RU", "Moscow"),
])
def test_cities_prefer_the_most_populous(gazetteer: Gazetteer, text: str, code: str, canonical: str) -> None:
    city = gazetteer.city(text)
    assert city is not None and (city.country_code, city.canonical) == (code, canonical)
    assert city.lat is not None and city.population > 100_000


def test_a_written_qualifier_picks_the_smaller_namesake(gazetteer: Gazetteer) -> None:
    city = gazetteer.city("Moscow", qualifier=gazetteer.region("Idaho"))
    assert city is not None and city.country_code == "US" and city.admin1 == "ID"
    assert gazetteer.display_name(city) == "Moscow, Idaho"


@pytest.mark.parametrize(("context", "code"), [(["RU", "US"], "RU"), (["US"], "RU"), ([], "RU")])
def test_a_capital_beats_context(gazetteer: Gazetteer, context: list[str], code: str) -> None:
    city = gazetteer.city("Moscow", context)
    assert city is not None and city.country_code == code


def test_context_picks_among_small_towns(gazetteer: Gazetteer) -> None:
    towns = gazetteer.city_candidates("Tokmak")
    assert {t.country_code for t in towns} >= {"KG", "UA"}
    picked = gazetteer.city("Tokmak", ["UA"])
    assert picked is not None and picked.country_code == "UA"


def test_unknown_names_resolve_to_nothing(gazetteer: Gazetteer) -> None:
    assert gazetteer.city("Veldania") is None and gazetteer.country("Veldania") is None


@pytest.mark.parametrize("text", ["Madeira", "Arraial"])
def test_another_name_of_a_small_town_far_away_resolves_to_nothing(gazetteer: Gazetteer, text: str) -> None:
    # GeoNames lists "Madeira" among the other names of Tabira, a Brazilian town of 28,000; in a story about
    # Portugal (or about nothing Brazilian) that name must not become Brazil and its coordinates.
    towns = gazetteer.city_candidates(text)
    assert towns and all(t.canonical != text and t.population < 250_000 for t in towns)
    assert gazetteer.city(text) is None
    assert gazetteer.city(text, ["PT"]) is None
    assert gazetteer.city(text, [towns[0].country_code]) == towns[0]  # the article's own country still decides


def test_another_name_of_a_large_city_still_resolves(gazetteer: Gazetteer) -> None:
    place = gazetteer.city("Lvov")
    assert place is not None and place.canonical == "Lviv" and place.country_code == "UA"
