"""A place in brackets after an organisation says where it is from; it is no short name of it."""

from __future__ import annotations

from agents.entities.tagger import EntityTagger
from streams.runtime.records import Article


def test_a_country_in_brackets_after_a_club_stays_a_place_everywhere() -> None:
    body = ("DAR ES SALAAM, May 2 - Simba Sports Club (Tanzania) beat Raja Club Athletic (Morocco) 2-1 in the "
            "first leg on Sunday. Tanzania has not had a finalist since 1993, and Morocco has had nine.\n"
            "Group B: Simba Sports Club (Tanzania) 9 pts, Raja Club Athletic (Morocco) 7 pts")
    entities = EntityTagger().tag(Article(id="a1", title="", body=body))
    countries = [e for e in entities if e.text in ("Tanzania", "Morocco")]
    assert len(countries) == 6 and {e.label for e in countries} == {"GPE"}


def test_an_acronym_in_brackets_is_still_the_organisation_wherever_it_is_used() -> None:
    body = ("The Pan-African Dockworkers Union (PADU) called a strike on Monday. PADU said ports in Mombasa "
            "and Durban would close for two days.")
    entities = EntityTagger().tag(Article(id="a2", title="", body=body))
    padu = [e for e in entities if e.text == "PADU"]
    assert len(padu) == 2 and {(e.label, e.canonical) for e in padu} == {("ORG", "Pan-African Dockworkers Union")}
