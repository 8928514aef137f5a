"""One alert per threatened pair: a roundup of two crises gives two alerts, each with its own evidence."""

from __future__ import annotations

import pytest

from agents.alerts.corroboration import StoryGate
from agents.alerts.detector import AlertDetector
from agents.alerts.pairs import Roles, complete
from agents.entities.tagger import EntityTagger
from streams.runtime.records import Article, TaggedArticle

ROUNDUP = Article(
    id="roundup-1", source="Wire", title="Risk briefing: two borders to watch this week",
    body=("Western officials said on Monday that Russian troops massed near the frontier could cross into Ukraine "
          "within days, and that an attack on Kyiv could not be ruled out.\n\n"
          "Separately, Guyana's government warned that Venezuelan forces were preparing to invade the Essequibo "
          "region and that Venezuela could seize the territory before the end of the month.\n\n"
          "Oil prices rose on the news."))


@pytest.fixture(scope="module")
def detector() -> AlertDetector:
    return AlertDetector(disabled=["reader"])


def test_a_roundup_of_two_crises_gives_one_alert_per_pair_with_its_own_sentences(detector: AlertDetector) -> None:
    entities = EntityTagger().tag(ROUNDUP)
    alerts = detector.detect(TaggedArticle(article=ROUNDUP, story_id="s-1", entities=entities))
    pairs = {(a.actor, a.target): a for a in alerts}
    assert set(pairs) == {("Russia", "Ukraine"), ("Venezuela", "Guyana")}
    assert all("Ukrain" in e.sentence or "Kyiv" in e.sentence for e in pairs["Russia", "Ukraine"].evidence)
    assert all("Venezuel" in e.sentence for e in pairs["Venezuela", "Guyana"].evidence)


def test_the_gate_admits_each_pair_of_a_story_once() -> None:
    state: dict[str, str] = {}
    gate = StoryGate(state)
    entities = EntityTagger().tag(ROUNDUP)
    tagged = TaggedArticle(article=ROUNDUP, story_id="s-1", entities=entities)
    alerts = AlertDetector(disabled=["reader"]).detect(tagged)
    assert [gate.admit(a) for a in alerts] == [True] * len(alerts)
    assert [gate.admit(a) for a in alerts] == [False] * len(alerts)


@pytest.mark.parametrize(("own", "rules", "article", "expected"), [
    (Roles("Russia", "Ukraine"), Roles("Belarus", "Ukraine"), ("Russia", "Ukraine"), Roles("Russia", "Ukraine")),
    (Roles(None, "Ukraine"), Roles(None, None), ("Russia", "Ukraine"), Roles("Russia", "Ukraine")),
    (Roles("Russia", None), Roles(None, "Moldova"), ("China", "Taiwan"), Roles("Russia", "Moldova")),
    (Roles(None, None), Roles("Serbia", "Kosovo"), ("Russia", "Ukraine"), Roles("Serbia", "Kosovo")),
    (Roles(None, None), Roles("Serbia", None), ("Russia", "Ukraine"), Roles("Russia", "Ukraine")),
])
def test_a_sentence_pair_is_its_structure_completed_from_the_article_then_the_rules(own, rules, article, expected):
    assert complete(own, rules, article) == expected


@pytest.mark.parametrize(("own", "article", "before", "expected"), [
    # the target is no other sentence's: the actor is the armed state of the sentence before
    (Roles(None, "Somalia"), ("Venezuela", "Guyana"), ["Ethiopia"], Roles("Ethiopia", "Somalia")),
    (Roles(None, "Somalia"), ("Venezuela", "Guyana"), ["Somalia"], Roles(None, "Somalia")),
    # the article's pair comes first when the target is the article's
    (Roles(None, "Guyana"), ("Venezuela", "Guyana"), ["Brazil"], Roles("Venezuela", "Guyana")),
])
def test_an_actor_still_missing_comes_from_the_sentence_before(own, article, before, expected):
    assert complete(own, Roles(None, None), article, before=before) == expected


def test_a_roundup_sentence_naming_only_its_target_takes_the_armed_state_named_just_before() -> None:
    body = ("Venezuela is preparing to send troops into Guyana's Essequibo region, officials in Georgetown said.\n\n"
            "In the Horn of Africa, Ethiopian army units were seen hauling heavy guns toward the frontier on "
            "Tuesday. An offensive into Somalia could begin within days, two diplomats said.")
    article = Article(id="r2", title="", body=body)
    tagged = TaggedArticle(article=article, story_id="s-2", entities=EntityTagger().tag(article))
    found = {(a.actor, a.target) for a in AlertDetector(disabled=["reader"]).detect(tagged)}
    assert ("Ethiopia", "Somalia") in found and ("Venezuela", "Guyana") in found
