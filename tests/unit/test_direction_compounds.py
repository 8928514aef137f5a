"""Compass words joined by a hyphen: "East-West" and "North-South" name relations between blocs, no place;
"the North-East" is still a region."""

from __future__ import annotations

from agents.entities.tagger import EntityTagger
from streams.runtime.records import Article


def _places(tagger: EntityTagger, body: str) -> set[str]:
    article = Article(id="d1", title="", body=body)
    return {e.text for e in tagger.tag(article) if e.label in ("GPE", "LOC", "FAC")}


def test_a_compound_of_opposite_directions_is_no_place(tagger: EntityTagger) -> None:
    body = ("Diplomats in Vienna said the standoff had become the most serious East-West security crisis in "
            "decades, while aid groups warned that the North-South divide over climate finance was widening.")
    places = _places(tagger, body)
    assert "Vienna" in places
    assert not places & {"East-West", "North-South", "East", "West", "North", "South"}


def test_a_compound_compass_point_stays_a_region(tagger: EntityTagger) -> None:
    body = "Flooding cut roads across the North-East of Nigeria, officials in Maiduguri said on Monday."
    assert "Maiduguri" in _places(tagger, body)
    assert "North-East" in _places(tagger, body)
