"""Shared helpers of the entity class tests: tag a sentence with the packaged aliases only."""

from __future__ import annotations

from agents.entities.tagger import EntityTagger
from streams.runtime.records import Article, Entity

GROUP = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "place", "LOC": "place", "FAC": "place"}


def tag(tagger: EntityTagger, body: str, title: str = "") -> list[Entity]:
    """Entities of one article made of ``title`` and ``body``."""
    return tagger.tag(Article(id="t", title=title, body=body))


def found(entities: list[Entity], text: str) -> set[str]:
    """Label groups given to the mentions spelt ``text``."""
    return {GROUP.get(e.label, e.label) for e in entities if e.text == text}
