"""A frame cue or an old year excludes only its own part of a sentence when a contrast word sets the warning apart.

Rules only (the learned reader off), so what is tested is the detector's reading of sentence parts.
"""

from __future__ import annotations

import pytest

from agents.alerts.detector import AlertDetector
from agents.entities.tagger import EntityTagger
from streams.runtime.records import Article, TaggedArticle


@pytest.fixture(scope="module")
def detector() -> AlertDetector:
    return AlertDetector(disabled=["reader"])


def pairs(detector: AlertDetector, body: str) -> list[tuple[str | None, str | None]]:
    article = Article(id="c1", title="", body=body)
    tagged = TaggedArticle(article=article, story_id="s-1", entities=EntityTagger().tag(article))
    return [(a.actor, a.target) for a in detector.detect(tagged)]


@pytest.mark.parametrize("body", [
    "Moldovan officials said the garrison pulled back from the river crossing on Monday, but they fear Russia "
    "could send troops into Moldova within weeks.",
    "In 1992 the two armies fought along the river, but officials now warn that Russia could send troops into "
    "Moldova before the spring.",
])
def test_the_part_after_a_contrast_word_is_read(detector: AlertDetector, body: str) -> None:
    assert pairs(detector, body) == [("Russia", "Moldova")]


@pytest.mark.parametrize("body", [
    "Officials said Russia pulled back from the river crossing and could send troops into Moldova later.",
    "In 1992 officials warned that Russia could send troops into Moldova before the spring.",
])
def test_without_a_contrast_the_whole_sentence_stays_excluded(detector: AlertDetector, body: str) -> None:
    assert pairs(detector, body) == []
