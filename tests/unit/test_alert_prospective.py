"""A sentence the learned reader proposes must speak of something still to come.

The reader is replaced by one that calls every sentence a warning, so what is tested is the detector's own
condition: a modal, a threat or prospect noun, a build-up or an evacuation in the sentence
(``AlertDetector._prospective``), not the reader's judgement.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from agents.alerts.detector import AlertDetector
from agents.entities.tagger import EntityTagger
from streams.runtime.records import Article, TaggedArticle


class SureReader:
    """Calls every sentence a warning."""

    def read(self, sentences: Sequence[str]) -> list[dict[str, float]]:
        return [{"warning": 0.99, "denial": 0.002, "past": 0.002, "exercise": 0.002, "figurative": 0.002,
                 "other": 0.002} for _ in sentences]


@pytest.fixture(scope="module")
def detector() -> AlertDetector:
    return AlertDetector(reader=SureReader())


def pairs(detector: AlertDetector, body: str) -> list[tuple[str | None, str | None]]:
    article = Article(id="p1", title="", body=body)
    tagged = TaggedArticle(article=article, story_id="s-1", entities=EntityTagger().tag(article))
    return [(a.actor, a.target) for a in detector.detect(tagged)]


@pytest.mark.parametrize("body", [
    "Fertiliser makers in Norway raised prices again because Russia's invasion of Ukraine cut potash supplies.",
    "The brewer said Azerbaijan's offensive against Armenia last year had closed its depot near the border road.",
])
def test_a_war_under_way_named_as_a_cause_is_not_proposed(detector: AlertDetector, body: str) -> None:
    assert pairs(detector, body) == []


@pytest.mark.parametrize(("body", "pair"), [
    ("Fertiliser makers in Norway raised prices again on fears that Russia's troops could invade Ukraine.",
     ("Russia", "Ukraine")),
    ("Diplomats see a growing risk that Azerbaijan's army will attack Armenia before the winter.",
     ("Azerbaijan", "Armenia")),
])
def test_the_same_words_with_a_prospect_are_proposed(detector: AlertDetector, body: str,
                                                     pair: tuple[str, str]) -> None:
    assert pair in pairs(detector, body)
