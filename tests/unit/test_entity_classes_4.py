"""Classes of organisation misses left after blind probe 3 (eval/entities/README.md), each on new sentences:
names built on a country, a place named a company by an apposition, a club's plural name before its city,
a long name carried over "in <Place>" that its acronym spells, and well-known bodies from the alias data."""

from __future__ import annotations

import pytest

from agents.entities.tagger import EntityTagger
from tests.unit.entity_helpers import found, tag


@pytest.mark.parametrize(("body", "name"), [
    ("Fuel prices rose again in March. Garuda Indonesia said it would cut two routes to Bali.", "Garuda Indonesia"),
    ("Voters in the north were split. Reform UK leader Nigel Farage toured three towns on Friday.", "Reform UK"),
    ("Tourism numbers recovered last year. Biman Bangladesh announced new flights to Rome.", "Biman Bangladesh"),
])
def test_a_word_before_a_country_with_a_business_word_after_is_an_organisation(tagger: EntityTagger, body: str,
                                                                               name: str) -> None:
    entities = tag(tagger, body)
    assert found(entities, name) == {"ORG"}


@pytest.mark.parametrize(("body", "place"), [
    ("Officials in Indonesia said the volcano was calm.", "Indonesia"),
    ("Later, Britain said it would send aid.", "Britain"),
])
def test_a_country_speaking_stays_a_place(tagger: EntityTagger, body: str, place: str) -> None:
    assert found(tag(tagger, body), place) == {"place"}


@pytest.mark.parametrize(("body", "name"), [
    ("Qatar Airways and Emirates, the Dubai carrier, said they would add flights to Nairobi.", "Emirates"),
    ("Cargo demand slowed in April. Emirates, the state carrier, said it would delay two aircraft orders.",
     "Emirates"),
])
def test_a_name_with_a_company_apposition_is_an_organisation(tagger: EntityTagger, body: str, name: str) -> None:
    assert found(tag(tagger, body), name) == {"ORG"}


@pytest.mark.parametrize(("body", "place"), [
    ("Grain prices rose. Ukraine, the country said, would ship more wheat.", "Ukraine"),
    ("Investors sold bonds. Sri Lanka, the island nation, said it would delay payments.", "Sri Lanka"),
])
def test_a_place_with_no_company_apposition_stays_a_place(tagger: EntityTagger, body: str, place: str) -> None:
    assert found(tag(tagger, body), place) == {"place"}


@pytest.mark.parametrize(("body", "club"), [
    ("Royal Challengers Bengaluru beat Delhi Capitals by 12 runs in the league match on Sunday, and the captain "
     "praised his bowlers after the season opener.", "Royal Challengers Bengaluru"),
    ("Royal Challengers Bengaluru won the toss in the match against Gujarat Titans, whose captain was injured in "
     "the season opener.", "Royal Challengers Bengaluru"),
])
def test_a_clubs_plural_name_before_its_city_is_one_club(tagger: EntityTagger, body: str, club: str) -> None:
    assert found(tag(tagger, body), club) == {"ORG"}


@pytest.mark.parametrize(("body", "name"), [
    ("The Association of Tour Operators in Kenya (ATOK) warned about visa delays.",
     "Association of Tour Operators in Kenya"),
    ("A report by the Board of Control for Cricket in India (BCCI) blamed the pitch.",
     "Board of Control for Cricket in India"),
])
def test_a_name_carried_over_in_place_when_its_acronym_spells_it(tagger: EntityTagger, body: str,
                                                                 name: str) -> None:
    assert found(tag(tagger, body), name) == {"ORG"}


def test_in_place_without_a_matching_acronym_stays_a_place(tagger: EntityTagger) -> None:
    entities = tag(tagger, "The World Food Programme in Sudan (WFP) said stocks would run out in June.")
    assert found(entities, "Sudan") == {"place"}


@pytest.mark.parametrize(("body", "name"), [
    ("Leaders of the BRICS group met in Kazan to discuss a common payment system.", "BRICS"),
    ("Troops of MONUSCO patrolled the road north of Goma on Monday.", "MONUSCO"),
    ("The IPL auction drew bids for 200 players from 12 countries.", "IPL"),
    ("Staff of Save the Children handed out food in Khan Younis.", "Save the Children"),
])
def test_well_known_bodies_from_the_alias_data(tagger: EntityTagger, body: str, name: str) -> None:
    assert found(tag(tagger, body), name) == {"ORG"}


@pytest.mark.parametrize(("body", "club"), [
    ("Real Sociedad drew 1-1 with Girona in the league match, and the goalkeeper saved a penalty.", "Real Sociedad"),
    ("SEVILLE — Real Betis beat Getafe 2-0 at home on Sunday, and the coach praised his striker after the match.",
     "Real Betis"),
])
def test_a_club_prefix_and_a_name_before_a_match_word_is_a_club(tagger: EntityTagger, body: str,
                                                                club: str) -> None:
    assert found(tag(tagger, body), club) == {"ORG"}


def test_a_companys_first_word_alone_is_the_company(tagger: EntityTagger) -> None:
    entities = tag(tagger, "Shares of Delta Air Lines Inc. rose 3 per cent and Ford Motor Co. gained 2 per cent.",
                   title="Ford and Delta lift Detroit stocks")
    assert found(entities, "Delta") == {"ORG"}


def test_a_generic_word_alone_without_such_a_company_is_no_name(tagger: EntityTagger) -> None:
    entities = tag(tagger, "The Defense Minister said on Monday that Delta would be protected by new dykes.")
    assert "ORG" not in found(entities, "Defense")


@pytest.mark.parametrize(("body", "port"), [
    ("The Port of Antwerp-Bruges reported a smaller fall in container volumes in March.", "Port of Antwerp-Bruges"),
    ("Ships waited outside the Port of Durban for days after the storm.", "Port of Durban"),
])
def test_port_of_a_place_is_a_facility(tagger: EntityTagger, body: str, port: str) -> None:
    entities = tag(tagger, body)
    assert [e.label for e in entities if e.text == port] == ["FAC"]


@pytest.mark.parametrize(("body", "short", "full"), [
    ("Shares of Anheuser-Busch fell 2 per cent on Monday. Busch said demand held up in Mexico.",
     "Busch", "Anheuser-Busch"),
    ("Shipping group A.P. Moller-Maersk cut its outlook on Friday. Maersk expects rates to fall.",
     "Maersk", "A.P. Moller-Maersk"),
])
def test_the_last_part_of_a_hyphenated_company_alone_is_the_company(tagger: EntityTagger, body: str, short: str,
                                                                    full: str) -> None:
    entities = tag(tagger, body)
    assert [(e.label, e.canonical) for e in entities if e.text == short] == [("ORG", full)]


@pytest.mark.parametrize(("body", "name"), [
    ("Insurers at Lloyd's of London raised war-risk premiums for tankers sailing near Yemen.", "Lloyd's of London"),
])
def test_a_possessive_inside_a_name_is_no_person(tagger: EntityTagger, body: str, name: str) -> None:
    assert "PERSON" not in found(tag(tagger, body), name)


def test_a_given_name_first_still_makes_a_person(tagger: EntityTagger) -> None:
    assert found(tag(tagger, "Lloyd Austin met officials in Manila on Tuesday."), "Lloyd Austin") == {"PERSON"}


@pytest.mark.parametrize(("body", "name"), [
    ("Pickets gathered at the depot at dawn, said Sofia Marquez, a union leader, as lorries queued outside.",
     "Sofia Marquez"),
    ("The motion was tabled by Daniel Ferreira, a party spokesman, late on Monday.", "Daniel Ferreira"),
])
def test_an_organisation_noun_before_a_role_in_an_apposition_is_no_organisation_cue(tagger: EntityTagger,
                                                                                    body: str, name: str) -> None:
    assert found(tag(tagger, body), name) == {"PERSON"}


@pytest.mark.parametrize(("body", "word"), [
    ("Ghana's Trade Minister Kwame Asante will visit the port next week.", "Trade"),
    ("Britain's Health Secretary Wes Streeting opened a new clinic on Tuesday.", "Health"),
])
def test_a_portfolio_before_an_office_is_no_name(tagger: EntityTagger, body: str, word: str) -> None:
    assert found(tag(tagger, body), word) == set()


@pytest.mark.parametrize(("body", "place"), [
    ("Turnout was high in the western commercial hub of Kisumu, an opposition stronghold.", "Kisumu"),
    ("Queues formed in the northern trading hub of Kano, a ruling party bastion.", "Kano"),
])
def test_the_hub_of_a_name_is_a_place(tagger: EntityTagger, body: str, place: str) -> None:
    assert found(tag(tagger, body), place) == {"place"}


@pytest.mark.parametrize(("body", "name"), [
    ("Talks with the Free Democrats broke down late on Wednesday.", "Free Democrats"),
    ("Leaders of the Christian Democrats met in Vienna to pick a candidate.", "Christian Democrats"),
])
def test_a_party_named_by_its_members_is_an_organisation(tagger: EntityTagger, body: str, name: str) -> None:
    assert found(tag(tagger, body), name) == {"ORG"}


@pytest.mark.parametrize("body", [
    "House Democrats voted against the spending bill on Friday.",
    "Democrats said the measure would fail in the Senate.",
])
def test_members_of_a_party_alone_are_no_person(tagger: EntityTagger, body: str) -> None:
    assert "PERSON" not in {e.label for e in tag(tagger, body)}


@pytest.mark.parametrize(("body", "place"), [
    ("Riot police lined up outside the Palacio de Justicia in Quito.", "Palacio de Justicia"),
    ("Flights were cancelled at Aeropuerto El Dorado after the storm.", "Aeropuerto El Dorado"),
])
def test_a_foreign_facility_word_first_makes_a_facility(tagger: EntityTagger, body: str, place: str) -> None:
    assert found(tag(tagger, body), place) == {"place"}


def test_towns_before_a_modifier_and_a_facility_noun_are_places(tagger: EntityTagger) -> None:
    entities = tag(tagger, "Inspectors asked for access at the Fordow and Natanz nuclear sites.")
    assert found(entities, "Fordow") == {"place"}
    assert found(entities, "Natanz") == {"place"}


@pytest.mark.parametrize(("body", "name"), [
    ("Chelsea drew 1-1 with Everton in the league, where Cole Palmer scored a penalty.", "Cole Palmer"),
    ("Brentford lost 2-1 to Fulham in a tense match, although Igor Thiago scored a late penalty.", "Igor Thiago"),
])
def test_a_two_word_name_that_scores_in_a_match_report_is_a_player(tagger: EntityTagger, body: str,
                                                                   name: str) -> None:
    assert found(tag(tagger, body), name) == {"PERSON"}


def test_a_companys_first_word_after_in_stays_the_company(tagger: EntityTagger) -> None:
    entities = tag(tagger, "Toyota Motor Corp lowered its sales target on Friday. Shares in Toyota slid 4 percent "
                           "in early trade.")
    assert found(entities, "Toyota") == {"ORG"}


@pytest.mark.parametrize(("body", "short", "full"), [
    ("The International Chamber of Commerce cut its trade forecast on Monday. The ICC said shipping costs had "
     "doubled since January.", "ICC", "International Chamber of Commerce"),
    ("Ministers met the Ethiopian Communications Board in Addis Ababa. A spokesman for the ECB said licences "
     "would be renewed.", "ECB", "Ethiopian Communications Board"),
])
def test_the_articles_own_expansion_beats_the_alias_tables(tagger: EntityTagger, body: str, short: str,
                                                           full: str) -> None:
    entities = tag(tagger, body)
    spelled = [e for e in entities if e.text == full]
    assert spelled, f"{full} not found"
    assert {e.canonical for e in entities if e.text == short} == {spelled[0].canonical}
    assert {e.id for e in entities if e.text == short} == {spelled[0].id}


def test_a_body_the_table_knows_keeps_its_letters_when_the_article_names_it(tagger: EntityTagger) -> None:
    entities = tag(tagger, "Judges of the International Criminal Court heard the appeal. The International Canoe "
                           "Confederation was not a party to it. The ICC prosecutor asked for a delay.")
    assert {e.canonical for e in entities if e.text == "ICC"} == {"International Criminal Court"}
