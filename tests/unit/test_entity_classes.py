"""Classes of tagging error found by the blind probe (eval/entities/blind_1.txt), each on new sentences."""

from __future__ import annotations

import pytest

from agents.entities.aliases import AliasTable
from agents.entities.labels import product_plural
from agents.entities.tagger import EntityTagger
from tests.unit.entity_helpers import found, tag


@pytest.mark.parametrize(("body", "place", "code"), [
    ("NAIROBI, March 4 — Kenyan police fired tear gas at protesters on Tuesday.", "NAIROBI", "KE"),
    ("LIMA, Peru, Jan. 9 (Reuters) - Peru's congress voted on Monday to remove the minister.", "LIMA", "PE"),
    ("HANOI, Sept 2 — Vietnam marked its national day with a parade.", "HANOI", "VN"),
])
def test_datelines_with_a_date_are_places(tagger: EntityTagger, body: str, place: str, code: str) -> None:
    entity = next(e for e in tag(tagger, body) if e.text == place)
    assert entity.label == "GPE" and entity.country_code == code


@pytest.mark.parametrize(("body", "name", "group"), [
    ("Shares listed on the Johannesburg Stock Exchange of South Africa fell sharply.",
     "Johannesburg Stock Exchange of South Africa", "ORG"),
    ("The African Centres for Disease Control and Prevention warned of a new outbreak.",
     "African Centres for Disease Control and Prevention", "ORG"),
    ("Ships waited at the Port of Mombasa for a second day.", "Port of Mombasa", "place"),
    ("A cyclone formed over the Gulf of Mannar on Sunday.", "Gulf of Mannar", "place"),
    ("The pro-Russian Revival and Renewal Party won two seats.", "Revival and Renewal Party", "ORG"),
])
def test_names_cut_at_of_and_and_are_joined(tagger: EntityTagger, body: str, name: str, group: str) -> None:
    assert found(tag(tagger, body), name) == {group}


@pytest.mark.parametrize(("body", "name"), [
    ("Chinese vessels blocked a supply run to Mischief Reef and Whitsun Reef this week.", "Whitsun Reef"),
    ("Engineers inspected the Nova Kakhovka Dam after the flood.", "Nova Kakhovka Dam"),
    ("Protesters gathered in front of the Chhatrapati Shivaji Maharaj International Airport.",
     "Chhatrapati Shivaji Maharaj International Airport"),
    ("Rebels shelled villages in the Nuba Mountains overnight.", "Nuba Mountains"),
])
def test_names_ending_in_a_facility_or_feature_word_are_places(tagger: EntityTagger, body: str, name: str) -> None:
    assert found(tag(tagger, body), name) == {"place"}


@pytest.mark.parametrize(("body", "name"), [
    ("Output at the Grasberg mine fell after heavy rain.", "Grasberg"),
    ("Militants attacked the Rumaila oilfield near Basra.", "Rumaila"),
    ("Workers at the Kamoa-Kakula copper mine went on strike.", "Kamoa-Kakula"),
])
def test_a_facility_noun_after_an_unknown_name_makes_it_a_facility(tagger: EntityTagger, body: str, name: str) -> None:
    assert found(tag(tagger, body), name) == {"place"}


@pytest.mark.parametrize(("body", "name", "group"), [
    ("Supporters of the Georgian Dream party rallied in Batumi on Friday.", "Georgian Dream", "ORG"),
    ("Danish drugmaker Novo Nordisk raised its sales forecast.", "Novo Nordisk", "ORG"),
    ("Gas exports rose, Sonatrach chief executive Rachid Hachichi said.", "Sonatrach", "ORG"),
    ("Investors sold shares after Glencore chief executive Gary Nagle spoke.", "Glencore", "ORG"),
])
def test_organisations_found_by_their_nationality_word_or_the_noun_around(
        tagger: EntityTagger, body: str, name: str, group: str) -> None:
    assert found(tag(tagger, body), name) == {group}


@pytest.mark.parametrize("word", ["iPhones", "iPads", "eBooks"])
def test_product_plurals_are_no_organisation(word: str) -> None:
    assert product_plural(word)


def test_product_plurals_in_text_are_not_org(tagger: EntityTagger) -> None:
    entities = tag(tagger, "Apple said sales of iPads and iPhones rose in India last quarter.")
    assert "ORG" not in found(entities, "iPads") | found(entities, "iPhones")


@pytest.mark.parametrize("body", [
    "The column moved North after dark, officials said.",
    "Storms are expected to push North by the weekend.",
])
def test_a_bare_direction_is_no_place_with_a_country(tagger: EntityTagger, body: str) -> None:
    assert not [e for e in tag(tagger, body) if e.text == "North" and e.country_code]


def test_the_west_is_a_region_of_no_country(tagger: EntityTagger) -> None:
    body = "Officials said the West warned Moscow on Monday, and the West would respond."
    west = [e for e in tag(tagger, body) if e.text == "West"]
    assert west and all(e.label == "LOC" and e.country_code is None for e in west)


@pytest.mark.parametrize(("body", "club"), [
    ("Valencia beat Sevilla 2-1 on Sunday. Valencia coach Carlos Corberán praised his goalkeeper after "
     "the match, and the league leaders scored late.", "Valencia"),
    ("Marseille drew 1-1 with Lyon. Marseille have now gone five league matches without a win and the "
     "coach said the goals would come.", "Marseille"),
])
def test_cities_named_as_sides_in_match_reports_are_clubs(tagger: EntityTagger, body: str, club: str) -> None:
    assert found(tag(tagger, body), club) == {"ORG"}


@pytest.mark.parametrize(("body", "name", "code"), [
    ("Farmers in Maharashtra and Karnataka blocked highways over crop prices.", "Maharashtra", "IN"),
    ("Floods in Sindh displaced thousands, Pakistani officials said.", "Sindh", "PK"),
    ("Thousands marched in Ciudad Juárez on Saturday.", "Ciudad Juárez", "MX"),
    ("Troops were sent to Bouaké after the mutiny.", "Bouaké", "CI"),
])
def test_provinces_and_big_cities_are_places_with_a_country(tagger: EntityTagger, body: str, name: str,
                                                           code: str) -> None:
    entities = [e for e in tag(tagger, body) if e.text == name]
    assert entities and all(e.label == "GPE" and e.country_code == code for e in entities)


def test_a_short_country_name_takes_the_fuller_one_in_the_article(tagger: EntityTagger) -> None:
    body = ("Fighting in the east of the Democratic Republic of Congo displaced 100,000 people. "
            "Congo's army said it had retaken two towns.")
    assert {e.country_code for e in tag(tagger, body) if e.text == "Congo"} == {"CD"}


@pytest.mark.parametrize(("body", "short", "canonical"), [
    # xfail with the first fine-tuned model; read right again since articles_3 joined the training data
    ("Andrés Manuel López Obrador spoke on Monday. Later, López Obrador said the plan would go ahead.",
     "López Obrador", "Andrés Manuel López Obrador"),
    ("Shares of Tata Motors rose 3 percent. Tata said exports to Britain had doubled.", "Tata", "Tata Motors"),
    ("The National Resistance Front (NRF) claimed the attack. The NRF said two fighters died.", "NRF",
     "National Resistance Front"),
    ("Ibrahim Traoré addressed troops in the capital. Traoré, 36, took power in 2022.", "Traoré",
     "Ibrahim Traoré"),
])
def test_short_forms_link_to_the_full_name_in_the_article(tagger: EntityTagger, body: str, short: str,
                                                         canonical: str) -> None:
    assert {e.canonical for e in tag(tagger, body) if e.text == short} == {canonical}


@pytest.mark.parametrize(("body", "name", "group"), [
    ("Martin Luther King Jr. spoke of a dream in 1963.", "Martin Luther King Jr.", "PERSON"),
    ("The Senate voted 51-49 to confirm the nominee.", "Senate", "ORG"),
    ("Boats carrying migrants crossed the Bosporus, the coast guard said.", "Bosporus", "place"),
])
def test_name_suffixes_institutions_and_features(tagger: EntityTagger, body: str, name: str, group: str) -> None:
    assert found(tag(tagger, body), name) == {group}


@pytest.mark.parametrize(("variants", "canonical"), [
    (("Muammar Qaddafi", "Moammar Gadhafi", "Gaddafi"), "Muammar Gaddafi"),
    (("PKK", "Kurdistan Workers' Party"), "Kurdistan Workers' Party"),
    (("ISIS", "ISIL", "Islamic State"), "Islamic State"),
    (("Médecins Sans Frontières", "Doctors Without Borders", "MSF"), "Médecins Sans Frontières"),
])
def test_major_variant_spellings_share_one_canonical_name(variants: tuple[str, ...], canonical: str) -> None:
    table = AliasTable.load(extra_paths=[])
    assert {table.lookup(v).canonical for v in variants if table.lookup(v)} == {canonical}
