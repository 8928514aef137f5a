"""Classes of wording found by blind probe 4 (eval/alerts/blind_4.jsonl), each with new sentences.

None of these sentences is from an evaluation set: each row stands for a class the rules now handle
(a past event named by its noun, fears that are raised or sparked, a nominal agent after "by", a generic
target standing for the speaking state, "advance" as a noun, anticipated threats, forces that could be
turned against a state, claims of territory, and fears told in the past perfect then overtaken by calm).
"""

from __future__ import annotations

from functools import cache

import pytest

from agents.alerts.detector import AlertDetector
from agents.alerts.frames import past_reference
from agents.alerts.text import speaker_spans
from streams.runtime.records import Alert, Article, TaggedArticle


@cache
def detector() -> AlertDetector:
    return AlertDetector()


def detect(body: str, title: str = "") -> list[Alert]:
    article = Article(id="c4", title=title, body=body, source="Wire")
    return detector().detect(TaggedArticle(article=article, story_id="story-c4", entities=[]))


@pytest.mark.parametrize(("body", "actor", "target"), [
    # fears raised, sparked or stoked by a build-up: the build-up's owner is the actor, not a speaker
    ("Images of Turkish tanks near the frontier have stoked fears of an assault on Syria, diplomats said.",
     "Turkey", "Syria"),
    ("The arrival of Serbian armoured units near the boundary raised fears of an attack on Kosovo.",
     "Serbia", "Kosovo"),
    # a nominal threat whose owner follows "by"
    ("Estonia warned of a possible raid by Russian paratroopers on Narva, in its north-east.", "Russia", "Estonia"),
    ("Manila fears a surprise landing by Chinese marines on islands held by the Philippines.", "China",
     "Philippines"),
    # a generic target ("a NATO member", "one of its neighbours"): the speaking state stands in
    ("Lithuania's intelligence chief said Russia could attack a NATO country within four years.", "Russia",
     "Lithuania"),
    # "advance" as the threat's noun
    ("Officials in Kyiv warned of a Russian advance on Odesa in Ukraine before the winter.", "Russia", "Ukraine"),
    ("Armenia fears a possible Azerbaijani advance into Armenia's southern valleys, the ministry said.",
     "Azerbaijan", "Armenia"),
    # anticipated, predicted threats
    ("Guyana has asked Brazil for help against an anticipated Venezuelan incursion into Guyana.", "Venezuela",
     "Guyana"),
    # forces that could be turned or used against a state
    ("Chisinau said the Russian garrison in Transnistria could be turned against Moldova within hours.", "Russia",
     "Moldova"),
    # likelihood and danger assessments of a named operation
    ("With Russian divisions on the frontier, an attack on Lithuania appeared increasingly likely, officials said.",
     "Russia", "Lithuania"),
    ("Officials in Nicosia said a Turkish landing near Paphos in Cyprus had become a real danger.", "Turkey",
     "Cyprus"),
    # forces in place to strike; an expected push by forces; forces that could cross at any time
    ("Western officials said China now has the forces in place to blockade and invade Taiwan.", "China", "Taiwan"),
    ("Villagers left Kirkenes in Norway ahead of an expected push by Russian forces over the border.", "Russia",
     "Norway"),
    ("Kyiv's border guards said Belarusian brigades were massing near Ukraine's border and could cross within "
     "days.", "Belarus", "Ukraine"),
    # expectations of an attack; forces poised on a frontier; readying forces to move; "move in", "take northern X"
    ("Georgian officials expect a Russian incursion into Georgia within weeks, the minister said.", "Russia",
     "Georgia"),
    ("Tbilisi said Russian tanks were poised along the Georgian border overnight.", "Russia", "Georgia"),
    ("Officials in Seoul believe North Korea is readying its army to move against South Korea.", "North Korea",
     "South Korea"),
    ("Somali officials fear Ethiopian troops on the border could move in to seize Somalia's port of Kismayo.",
     "Ethiopia", "Somalia"),
    ("Reports from Tbilisi indicate Russia intends to take western Georgia before the winter.", "Russia",
     "Georgia"),
    ("Moldova warned residents near Transnistria that Russia's troops were about to cross.", "Russia", "Moldova"),
    # the speaker threatens with their generals
    ("Venezuela's president told his generals to be ready to occupy Guyana's Essequibo region.", "Venezuela",
     "Guyana"),
    # likely targets of an offensive; cutting a corridor; coming under attack (attacker after "from");
    # a threat carried out "by seizing"
    ("Odesa and Mykolaiv in Ukraine are possible objectives of a Russian spring offensive, analysts said.",
     "Russia", "Ukraine"),
    ("Armenian officials fear Azerbaijani troops will try to carve a land corridor through Armenia.",
     "Azerbaijan", "Armenia"),
    ("Taiwan's Kinmen islands could come under attack from Chinese rocket forces, the island's coast guard said.",
     "China", "Taiwan"),
    ("Belarus might try to provoke Lithuania by seizing border posts, Lithuanian officials said.", "Belarus",
     "Lithuania"),
    # a dependent territory stands for the state that holds it
    ("Argentine marines could try to seize the Falklands, a senior officer in Port Stanley warned.", "Argentina",
     "United Kingdom"),
    # wordings without the keywords: rolling through, planting the flag, going into, a move on, massing with
    # the aim of occupying, laying the groundwork for an operation
    ("Belarusian tanks could be rolling through Poland's eastern border posts within a day, Warsaw warned.",
     "Belarus", "Poland"),
    ("Serbian troops are ready to raise their flag over northern Kosovo, a Serbian general boasted.", "Serbia",
     "Kosovo"),
    ("Turkish troops are set to go into northern Syria within days, officials in Ankara said.", "Turkey", "Syria"),
    ("A Russian move on Estonia's Narva region is the most likely scenario, the Estonian report said.", "Russia",
     "Estonia"),
    ("Kenyan officials said Somali forces were massing with the aim of occupying Kenya's border town of Mandera.",
     "Somalia", "Kenya"),
    ("Moscow is laying the groundwork for an assault on Moldova, the Moldovan president said.", "Russia",
     "Moldova"),
])
def test_blind4_wording_classes_alert_with_roles(body: str, actor: str, target: str) -> None:
    alerts = detect(body)
    assert [(a.actor, a.target) for a in alerts] == [(actor, target)]


@pytest.mark.parametrize("body", [
    # a past event named by its noun, with a definite or possessive determiner
    "Fuel prices in Poland have doubled since Russia's full-scale invasion of Ukraine.",
    "The museum reopened two years after the Iraqi invasion of Kuwait ended.",
    "Trade between the two countries collapsed following Azerbaijan's offensive against Armenia.",
    # other senses of "advance"
    "Chinese scientists announced a major advance in fusion research, the ministry said.",
    # a fear told in the past perfect, then overtaken by calm
    "Polish officials had feared the Belarusian troops could be used against Poland, but now see signs of "
    "a pullback.",
    # a claim of territory is not a speaker's report
    "Beijing claims the Senkaku islands as its own and says Japan's coast guard has no right to patrol there.",
    # look-alikes of the new wordings
    "Iranian officials said they did not expect an Israeli attack on Iran before the talks.",
    "Investors could move in quickly if Polish bond prices fall further, analysts said.",
    "The marathon leaders from Kenya were about to cross.",
    "The hospital in Kharkiv was the main target of a Russian attack on Monday, Ukrainian officials said.",
    "Pokrovsk in Ukraine is the main target of the Russian offensive, the general staff said.",
    "Tankers in the Red Sea could come under attack from Houthi militants, shipping firms said.",
    "Italy could go into recession next year, the central bank in Rome warned.",
    "Japanese climbers planted their flag on the summit of Everest on Sunday.",
    "Samsung is laying the groundwork for a push into India's smartphone market.",
])
def test_blind4_past_events_and_other_senses_do_not_alert(body: str) -> None:
    assert detect(body) == []


@pytest.mark.parametrize(("sentence", "past"), [
    ("Exports fell sharply after Russia's invasion of Ukraine.", True),
    ("Exports fell sharply in the first days of the war in Ukraine.", True),
    ("Residents fled before an invasion by Russian troops.", False),
    ("Residents fled before the expected assault on the city.", False),
    ("Residents must leave before the attack begins.", False),
    ("After the invasion, Chinese forces would blockade the ports.", False),
])
def test_past_reference_needs_a_definite_past_event(sentence: str, past: bool) -> None:
    pivot = max(sentence.find(w) for w in ("invasion", "war", "assault", "attack"))
    assert past_reference(detector().rules, sentence, pivot) is past


@pytest.mark.parametrize(("sentence", "speakers"), [
    ("A surge of Chinese warships has raised fears of an attack on Taiwan.", []),
    ("Moscow claims Crimea as its own territory and says the peninsula will never be returned.", []),
])
def test_raised_fears_and_territorial_claims_are_not_speakers(sentence: str, speakers: list[str]) -> None:
    assert [sentence[s.start:s.end] for s in speaker_spans(sentence)] == speakers


@pytest.mark.parametrize("body", [
    # an old warning told in the past perfect, as background to other news
    "Leaders met in Geneva on Monday for talks on trade. Last spring, officials had warned that Russia could "
    "launch a new offensive against Ukraine. That offensive made slow progress.",
    # a standing claim in a background clause
    "Taiwan's opposition won three mayoral races on Saturday. China, which claims Taiwan as its own, has "
    "threatened to use force to bring the island under its control.",
])
def test_blind4_background_sentences_alone_do_not_alert(body: str) -> None:
    assert detect(body) == []


def test_blind4_background_sentence_with_a_fresh_warning_alerts() -> None:
    body = ("Taiwan's defence minister said on Monday that China is preparing to invade Taiwan within two years. "
            "China, which claims Taiwan as its own, has threatened to use force to bring the island under its "
            "control.")
    assert [(a.actor, a.target) for a in detect(body)] == [("China", "Taiwan")]
