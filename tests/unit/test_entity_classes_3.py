"""Classes of tagging error found by blind probe 3 (eval/entities/blind_3.txt) and left from blind probe 2,
each on new sentences."""

from __future__ import annotations

import pytest

from agents.entities.tagger import EntityTagger
from tests.unit.entity_helpers import found, tag

# Read differently by the fine-tuned NER (issue 10); the rule pass each tested is up for ablation.
NER_CHANGED = pytest.mark.xfail(strict=True, reason="fine-tuned NER reads this differently")


@pytest.mark.parametrize(("body", "first", "second"), [
    ("Shares in Zalando fell, while rivals Asos Holdings and Boohoo Group gained in London trading.",
     "Asos Holdings", "Boohoo Group"),
    ("Analysts at Morgan Stanley and Barclays Capital Inc. cut their forecasts for the lira.",
     "Morgan Stanley", "Barclays Capital Inc."),
    pytest.param("Retail chains Lidl, Carrefour and Auchan said they would freeze prices until March.",
                 "Carrefour", "Auchan", marks=NER_CHANGED),
])
def test_two_names_joined_by_and_are_two_organisations(tagger: EntityTagger, body: str, first: str,
                                                       second: str) -> None:
    entities = tag(tagger, body)
    assert found(entities, first) == {"ORG"} and found(entities, second) == {"ORG"}
    assert not [e for e in entities if " and " in e.text]


@pytest.mark.parametrize(("body", "name"), [
    ("Food and Agriculture Organization experts met in Rome on Monday.", "Food and Agriculture Organization"),
    ("The Centers for Disease Control and Prevention issued new guidance.",
     "Centers for Disease Control and Prevention"),
])
def test_one_name_with_and_stays_whole(tagger: EntityTagger, body: str, name: str) -> None:
    assert found(tag(tagger, body), name) == {"ORG"}


@pytest.mark.parametrize(("body", "name"), [
    ("Flooding was reported in Mombasa and Malindi after the storm.", "Malindi"),
    ("Protesters gathered in Ibadan and Oyo on Saturday.", "Oyo"),
])
def test_a_list_member_takes_the_label_of_the_places_beside_it(tagger: EntityTagger, body: str,
                                                                name: str) -> None:
    assert found(tag(tagger, body), name) == {"place"}


@pytest.mark.parametrize(("body", "club"), [
    ("Leeds United beat Norwich 2-0 at Elland Road, where the striker scored twice.", "Leeds United"),
    ("Blackburn Rovers drew 1-1 with Hull, and the coach praised the goalkeeper after the match.",
     "Blackburn Rovers"),
    ("The Phoenix Suns beat the Dallas Mavericks 121-109, and the coach praised the league's best defence.",
     "Dallas Mavericks"),
])
def test_clubs_in_match_reports_are_organisations(tagger: EntityTagger, body: str, club: str) -> None:
    assert found(tag(tagger, body), club) == {"ORG"}


def test_short_club_names_follow_the_full_one(tagger: EntityTagger) -> None:
    body = ("The Denver Nuggets beat the Chicago Bulls 110-98 in the league on Sunday. "
            "The Bulls have lost three games in a row, and the coach said the Nuggets deserved the win.")
    entities = tag(tagger, body)
    bulls = [e for e in entities if e.text == "Bulls"]
    assert bulls and all(e.label == "ORG" and e.canonical == "Chicago Bulls" for e in bulls)


@pytest.mark.parametrize(("body", "name"), [
    ("The UN Office for the Coordination of Humanitarian Affairs said aid convoys were stuck.",
     "UN Office for the Coordination of Humanitarian Affairs"),
    ("A ruling by the U.S. Court of Appeals for the Ninth Circuit is expected this week.",
     "U.S. Court of Appeals for the Ninth Circuit"),
    pytest.param("The Islamic State Khorasan Province claimed the attack on Friday.", "Islamic State Khorasan Province",
                 marks=NER_CHANGED),
    ("Engineers from PT Wijaya Karya inspected the bridge on Tuesday.", "PT Wijaya Karya"),
])
def test_long_organisation_names_are_whole(tagger: EntityTagger, body: str, name: str) -> None:
    assert found(tag(tagger, body), name) == {"ORG"}


@pytest.mark.parametrize(("body", "short", "full"), [
    ("The Pacific Islands Forum Secretariat, known locally as PIFS, met in Suva. PIFS said talks went well.",
     "PIFS", "Pacific Islands Forum Secretariat"),
    ("The Global Fund for Coral Reefs (Coral Fund) pledged money. Coral Fund said more would follow.",
     "Coral Fund", "Global Fund for Coral Reefs"),
])
def test_short_names_given_after_the_organisation(tagger: EntityTagger, body: str, short: str, full: str) -> None:
    shorts = [e for e in tag(tagger, body) if e.text == short]
    assert shorts and all(e.label == "ORG" and e.canonical == full for e in shorts)


@pytest.mark.parametrize(("body", "town"), [
    ("The army said fighting had spread to villages between Bunia and Mahagi in Congo.", "Mahagi"),
    ("Refugees from Sudan were sheltering in camps near Farchana, in eastern Chad.", "Farchana"),
])
def test_towns_the_model_missed_are_places(tagger: EntityTagger, body: str, town: str) -> None:
    assert found(tag(tagger, body), town) == {"place"}


@pytest.mark.parametrize(("body", "name"), [
    ("The mine is run by meatpacker Minerva, and exports rose.", "Minerva"),
    ("Delegates of the Kommunal union walked out of the talks.", "Kommunal"),
])
def test_names_after_organisation_nouns_are_organisations(tagger: EntityTagger, body: str, name: str) -> None:
    assert found(tag(tagger, body), name) == {"ORG"}


@pytest.mark.parametrize(("body", "name"), [
    ("Lagos Governor Babajide Sanwo-Olu visited the site.", "Babajide Sanwo-Olu"),
    ("The decision was welcomed by Giulia Marchetti of the central bank.", "Giulia Marchetti"),
    ("Justice Wanjiru O'Brien dissented from the majority.", "Wanjiru O'Brien"),
    ("Pieter van den Berg, the ministry's spokesman, confirmed the figure.", "Pieter van den Berg"),
])
def test_people_with_uncommon_names_are_whole(tagger: EntityTagger, body: str, name: str) -> None:
    assert found(tag(tagger, body), name) == {"PERSON"}


def test_a_company_without_its_suffix_is_the_company(tagger: EntityTagger) -> None:
    body = ("Graphcore Ltd. said on Monday it had hired 200 engineers. Analysts said Graphcore still had to "
            "prove its chips. Graphcore was founded in 2016.")
    short = [e for e in tag(tagger, body) if e.text == "Graphcore"]
    assert len(short) == 2 and all(e.label == "ORG" for e in short)


@pytest.mark.parametrize(("body", "name", "group"), [
    ("Witnesses accused the Wagner of looting the town.", "Wagner", "ORG"),
    ("Aid workers said the clinics around Kalemie were full.", "Kalemie", "place"),
])
def test_words_around_a_single_name_decide_its_label(tagger: EntityTagger, body: str, name: str,
                                                     group: str) -> None:
    assert found(tag(tagger, body), name) == {group}


def test_a_city_named_in_a_clubs_name_is_the_club_in_a_match_report(tagger: EntityTagger) -> None:
    body = ("Valencia CF beat Getafe 2-0 on Sunday, and the striker scored twice. Fans said Valencia deserved "
            "the win after a poor season in the league.")
    short = [e for e in tag(tagger, body) if e.text == "Valencia"]
    assert short and all(e.label == "ORG" and e.canonical == "Valencia CF" for e in short)


@pytest.mark.parametrize(("body", "name", "group"), [
    ("Troops reached Bentiu, the oil town in Unity State, on Friday.", "Bentiu", "place"),
    pytest.param("He said Groq still had to show that its chips could compete with Nvidia Corp.", "Groq", "ORG",
                 marks=NER_CHANGED),  # since articles_3 joined the training data
])
def test_apposition_and_reported_speech_do_not_make_people(tagger: EntityTagger, body: str, name: str,
                                                           group: str) -> None:
    assert found(tag(tagger, body), name) == {group}


def test_a_nationality_word_in_a_list_of_places_stays_a_nationality(tagger: EntityTagger) -> None:
    entities = tag(tagger, "Officials in Japan and Korean diplomats met in Seoul.")
    assert "place" not in found(entities, "Korean")


@pytest.mark.parametrize(("body", "name", "group"), [
    ("Drought hit Mato Grosso do Sul hardest, officials said.", "Mato Grosso do Sul", "place"),
    ("Shares of Banco do Nordeste rose after the results.", "Banco do Nordeste", "ORG"),
])
def test_names_joined_by_do_and_de_are_whole(tagger: EntityTagger, body: str, name: str, group: str) -> None:
    assert found(tag(tagger, body), name) == {group}


def test_an_untagged_name_before_its_acronym_in_brackets_is_an_organisation(tagger: EntityTagger) -> None:
    entities = tag(tagger, "Voters backed the Shiromani Akali Dal (SAD) in Punjab. The SAD won nine seats.")
    assert found(entities, "Shiromani Akali Dal") == {"ORG"}
    assert {e.canonical for e in entities if e.text == "SAD"} == {"Shiromani Akali Dal"}
