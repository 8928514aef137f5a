"""Classes of tagging error found by blind probe 2 (eval/entities/blind_2.txt), each on new sentences."""

from __future__ import annotations

import pytest

from agents.entities.tagger import EntityTagger
from tests.unit.entity_helpers import found, tag


@pytest.mark.parametrize(("body", "short", "full"), [
    ("The Kenya Revenue Authority (KRA) raised its target. Officials at KRA said the rise was modest.",
     "KRA", "Kenya Revenue Authority"),
    ("The National Water Commission (Conagua) warned of drought, and Conagua asked farmers to save water.",
     "Conagua", "National Water Commission"),
    ("Police arrested two men, the Directorate of Criminal Investigations (DCI) said. DCI gave no names.",
     "DCI", "Directorate of Criminal Investigations"),
])
def test_bracketed_short_names_are_the_organisation(tagger: EntityTagger, body: str, short: str, full: str) -> None:
    entities = tag(tagger, body)
    shorts = [e for e in entities if e.text == short]
    assert len(shorts) == 2 and all(e.label == "ORG" and e.canonical == full for e in shorts)
    assert found(entities, full) == {"ORG"}


@pytest.mark.parametrize(("body", "ticker"), [
    ("Shares of Oracle Corp. (ORCL) rose 3 per cent in late trading.", "ORCL"),
    ("Walmart Inc. (WMT) cut its forecast on Thursday.", "WMT"),
    ("The bank, listed as (NYSE: BAC), said profits rose.", "BAC"),
])
def test_stock_tickers_are_no_entities(tagger: EntityTagger, body: str, ticker: str) -> None:
    assert not found(tag(tagger, body), ticker)


@pytest.mark.parametrize(("body", "name"), [
    ("Goalkeeper Mateus Ferreira kept a clean sheet for the visitors.", "Mateus Ferreira"),
    ("Curator Amina Diallo said the masks had been returned to Dakar.", "Amina Diallo"),
])
def test_role_nouns_opening_a_sentence_are_no_part_of_the_name(tagger: EntityTagger, body: str, name: str) -> None:
    assert "PERSON" in found(tag(tagger, body), name)


@pytest.mark.parametrize(("body", "name"), [
    ("Mark Carney, governor of the Bank of Canada at the time, warned about housing.", "Mark Carney"),
    ("Opposition leader Peter Dutton, whose party lost the election, said he would stay.", "Peter Dutton"),
])
def test_a_persons_role_in_apposition_beats_the_organisation_after_it(tagger: EntityTagger, body: str,
                                                                      name: str) -> None:
    assert found(tag(tagger, body), name) == {"PERSON"}


@pytest.mark.parametrize(("body", "word"), [
    ("Doctors in Liberia reported new cases of Lassa fever this week.", "Lassa"),
    ("Brazil confirmed a rise in Zika virus infections in the north-east.", "Zika"),
])
def test_a_disease_named_after_a_place_is_no_place(tagger: EntityTagger, body: str, word: str) -> None:
    assert not found(tag(tagger, body), word) & {"place", "ORG", "PERSON"}


@pytest.mark.parametrize(("body", "short", "full"), [
    ("Ash fell from Mount Sinabung on Tuesday, and villagers near Sinabung were moved.", "Sinabung",
     "Mount Sinabung"),
])
def test_a_feature_used_without_its_prefix_links_to_it(tagger: EntityTagger, body: str, short: str,
                                                       full: str) -> None:
    entities = tag(tagger, body)
    assert found(entities, short) == {"place"}


@pytest.mark.parametrize(("body", "club"), [
    ("Valencia CF beat Getafe CF 3-0 on Saturday as their striker scored twice in the league match.", "Valencia CF"),
])
def test_a_score_is_no_part_of_a_club_name(tagger: EntityTagger, body: str, club: str) -> None:
    assert found(tag(tagger, body), club) == {"ORG"}


@pytest.mark.parametrize(("variant", "canonical"), [
    ("Swaziland", "Eswatini"), ("Fed", "Federal Reserve"), ("Justice Department", "Department of Justice"),
])
def test_common_variants_share_one_canonical_name(tagger: EntityTagger, variant: str, canonical: str) -> None:
    body = f"Officials said on Monday that the {variant} would respond." if variant != "Swaziland" else \
        f"Officials in {variant} said on Monday that exports rose."
    entity = next(e for e in tag(tagger, body) if e.text == variant)
    assert entity.canonical == canonical
