"""Classes of wording found by the blind probe (eval/alerts/blind_1.jsonl), each with new sentences.

The sentences here are not from any evaluation set: each row stands for a wording family, a role pattern,
a negation scope or another sense of the words that the rules now handle as a class.
"""

from __future__ import annotations

from functools import cache

import pytest

from agents.alert_text import speaker_spans
from agents.alerts import AlertDetector
from streams.models import Alert, Article, Entity, TaggedArticle


@cache
def detector() -> AlertDetector:
    return AlertDetector()


def detect(body: str, title: str = "", entities: list[Entity] | None = None) -> list[Alert]:
    article = Article(id="c1", title=title, body=body, source="Wire")
    return detector().detect(TaggedArticle(article=article, story_id="story-c1", entities=entities or []))


@pytest.mark.parametrize(("body", "actor", "target"), [
    # commanded modal: "could be ordered/sent/used to ..."
    ("Officials in Tbilisi said Russian units in Abkhazia could be ordered to advance on Zugdidi in Georgia.",
     "Russia", "Georgia"),
    ("Belarusian brigades may be sent across the frontier into Ukraine's Volyn region, Kyiv's border service said.",
     "Belarus", "Ukraine"),
    # attempted, made or ordered operations
    ("Athens fears Turkish commandos may attempt a landing on the Greek island of Samos, officials said.",
     "Turkey", "Greece"),
    # an operation whose aim is to seize, close or cut territory, with forces named
    ("Polish officials said Russian forces in Kaliningrad were drilling a quick raid to seize Poland's "
     "border crossings.", "Russia", "Poland"),
    # an attack that cannot be ruled out
    ("Japanese officials said a Chinese landing on the Senkaku islands of Japan could not be ruled out "
     "as navy ships circled.", "China", "Japan"),
    # a scenario or risk in which forces invade
    ("Finnish planners describe a scenario in which Russian troops cross the frontier into Finland "
     "near Lappeenranta.", "Russia", "Finland"),
    # a pronoun subject standing for the forces named earlier in the sentence
    ("Djibouti said Eritrean troops had dug in on the hills and warned that they could push into Djibouti "
     "within days.", "Eritrea", "Djibouti"),
    # massing ahead of what someone believes is an offensive or an attempt to seize
    ("Indian troops are massing near the frontier ahead of what Pakistani officials describe as an offensive "
     "into Pakistan.", "India", "Pakistan"),
    ("Russian warships gathered off the coast ahead of what Estonian commanders fear is a bid to seize "
     "Estonia's islands.", "Russia", "Estonia"),
    # enough forces in place to ...
    ("Analysts said Azerbaijan now has enough troops in place to overrun southern Armenia in two days.",
     "Azerbaijan", "Armenia"),
    # weighing, considering an assault; only a matter of time; could follow
    ("Serbia is weighing an assault on northern Kosovo, a Western diplomat said.", "Serbia", "Kosovo"),
    ("Georgian officials say a Russian strike against Georgia is only a matter of time.", "Russia", "Georgia"),
    # passive orders: units were ordered to move
    ("Venezuelan battalions were ordered to move towards Guyana's border, Guyanese officials said, and an armed "
     "intervention in Guyana could follow.", "Venezuela", "Guyana"),
    # taking territory by force, with the target between
    ("Manila warned that Beijing may try to take the Scarborough Shoal from the Philippines by force.",
     "China", "Philippines"),
    # opening a front against a state
    ("Moldovan officials fear Russia could open a new front against Moldova from Transnistria.",
     "Russia", "Moldova"),
    # the state qualifying the threat's noun is the actor, not the clause's first state
    ("Lebanese border towns emptied as families fled, fearing an Israeli ground offensive into Lebanon.",
     "Israel", "Lebanon"),
])
def test_wording_classes_alert_with_roles(body: str, actor: str, target: str) -> None:
    [alert] = detect(body)
    assert (alert.actor, alert.target) == (actor, target)


@pytest.mark.parametrize("body", [
    # idioms of the invasion verbs
    "India could strike a trade deal with Britain within weeks, officials in New Delhi said.",
    "Turkey may seize the chance to expand its exports to Iraq, economists said.",
    "Brazil's central bank could move on interest rates as early as Wednesday, analysts said.",
    "Japan could capture a larger share of the Chinese car market next year, the report said.",
    # friendly deployments to an ally
    "Canada will send 2,000 troops to Latvia next year under a NATO agreement, its defence minister said.",
    "France may deploy more forces to Romania to reassure its ally, the Elysee said.",
    # denials labelled speculation, rumours, unfounded
    "A Kremlin aide said talk that Russia would invade Finland was unfounded speculation.",
    "Claims that Serbia will attack Kosovo are rumours spread by Pristina, Belgrade said.",
    # storms and hazards with invasion verbs and evacuations
    "The typhoon is expected to strike the Philippines within hours, and 40,000 people were evacuated.",
    "Hurricane Delia could hit Cuba as early as Friday with winds of 200 kilometres per hour.",
    # a denial of a landing, any war noun
    "Beijing dismissed a report of a planned landing on Taiwan's Matsu islands as a fabrication.",
])
def test_other_senses_and_denials_do_not_alert(body: str) -> None:
    assert detect(body) == []


@pytest.mark.parametrize(("title", "body", "actor", "target"), [
    # a warning deep inside a business piece still alerts when it names both states and an official source
    ("Shipping insurers raise premiums for Gulf routes",
     "Insurers raised premiums for tankers this week, and shares of shipping companies fell as customers "
     "asked about delays. Brokers said sales of cover had doubled.\n\n"
     "The moves follow a warning from U.S. defense officials that Iran is preparing to seize Kuwait's "
     "offshore islands within weeks.", "Iran", "Kuwait"),
    # a policy review is not a film review: "review" alone is no fiction cue
    ("Pentagon review warns of Russian threat to Norway",
     "A Pentagon review seen by reporters warned that Russian forces could seize Norway's Svalbard "
     "archipelago in a crisis. Critics of the government said the review came late.", "Russia", "Norway"),
])
def test_warnings_survive_look_alike_vocabulary(title: str, body: str, actor: str, target: str) -> None:
    [alert] = detect(body, title)
    assert (alert.actor, alert.target) == (actor, target)


def test_business_piece_without_an_explicit_warning_stays_quiet() -> None:
    body = ("Korean carmakers are preparing to invade the European market, analysts said. Shares of the "
            "companies rose as customers and investors welcomed sales figures.")
    assert detect(body, "Carmakers eye Europe") == []


@pytest.mark.parametrize(("sentence", "speaker"), [
    ("Finnish intelligence: Russia may test the border this year", "Finnish intelligence"),
    ("Warnings from U.S. and British officials that Russia could attack grew louder.", "U.S. and British officials"),
])
def test_headline_and_abbreviated_speakers(sentence: str, speaker: str) -> None:
    assert speaker in [sentence[s.start:s.end] for s in speaker_spans(sentence)]


def test_headline_speaker_is_not_the_actor() -> None:
    [alert] = detect("Latvian defence chief: Russia could try to grab Daugavpils within days")
    assert (alert.actor, alert.target) == ("Russia", "Latvia")


def test_target_in_a_trailing_description_is_weaker() -> None:
    body = ("Lithuanian commanders said Belarusian units were rehearsing an operation to seize the Medininkai "
            "crossing, the main road link to Poland. \"Belarusian forces could cross into Lithuania without "
            "warning,\" a commander said.")
    [alert] = detect(body)
    assert (alert.actor, alert.target) == ("Belarus", "Lithuania")


def test_seas_and_language_compounds_are_never_parties() -> None:
    body = "Eritrean officials said Ethiopia could seize the Red Sea port of Assab in Eritrea within days."
    start = body.index("Red Sea")
    sea = Entity(text="Red Sea", label="LOC", start=start, end=start + 7, canonical="Red Sea", id="x",
                 country_code="SD")
    [alert] = detect(body, entities=[sea])
    assert (alert.actor, alert.target) == ("Ethiopia", "Eritrea")
    [alert] = detect("Estonian officials said a Russian-speaking town like Narva could be seized by Russia's "
                     "army, and that Russian forces could cross into Estonia within days.")
    assert (alert.actor, alert.target) == ("Russia", "Estonia")
