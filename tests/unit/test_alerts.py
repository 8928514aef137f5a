"""The alert detector: wordings that warn, every kind of look-alike that does not, roles and severity."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from agents.alerts.corroboration import StoryGate
from agents.alerts.detector import AlertDetector
from streams.clients.seedformat import parse_seed
from streams.runtime.records import Alert, Article, TaggedArticle

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_725fc296ee9ff8bc.txt"


@cache
def detector() -> AlertDetector:
    return AlertDetector()


def detect(body: str, title: str = "", source: str = "AP") -> list[Alert]:
    """Alerts for an article whose states come from the alert stage's own gazetteer (no tagger)."""
    article = Article(id="a1", title=title, body=body, source=source)
    return detector().detect(TaggedArticle(article=article, story_id="story-1", entities=[]))


@pytest.mark.parametrize(("body", "actor", "target"), [
    ("Russian troops could move on Ukraine as soon as Wednesday, U.S. officials said.", "Russia", "Ukraine"),
    ("Officials in Taipei said China is preparing to invade Taiwan within the next two years.", "China", "Taiwan"),
    ("Venezuelan forces could send armoured columns over the frontier into Guyana, diplomats warned.",
     "Venezuela", "Guyana"),
    ("Armenia's defence minister said Azerbaijan is preparing to occupy the southern provinces of Armenia.",
     "Azerbaijan", "Armenia"),
    ("Eritrea could be attacked by Ethiopian forces at any moment, the foreign ministry in Asmara said.",
     "Ethiopia", "Eritrea"),
    ("Kosovo's government warned of an imminent Serbian incursion into the north of Kosovo.", "Serbia", "Kosovo"),
    ("NATO said Russia has massed 120,000 troops along the Belarusian border with Lithuania for an offensive.",
     "Russia", "Lithuania"),
    ("Seoul evacuated two frontline islands after the military warned that North Korea may attack them.",
     "North Korea", "South Korea"),
    ("Beijing said it will never renounce the use of force against Taiwan.", "China", "Taiwan"),
    ("Moscow says its army is ready to push into Moldova from Transnistria.", "Russia", "Moldova"),
])
def test_warning_wordings_alert_with_roles(body: str, actor: str, target: str) -> None:
    [alert] = detect(body)
    assert (alert.kind, alert.actor, alert.target) == ("invasion_warning", actor, target)
    assert alert.evidence and all(body[e.start:e.end] == e.sentence for e in alert.evidence)


@pytest.mark.parametrize("body", [
    # denials (CAMEO 016) and calm assessments
    "The ministry rejected reports of a planned assault on Ukraine as propaganda.",
    "Moscow denies it has any plans to invade Ukraine.",
    "Analysts see no preparations for an attack on Taiwan, and the strait was quiet.",
    "Military experts said the drills were not a prelude to an invasion of Georgia.",
    # past and history
    "Soviet tanks rolled into Prague in August 1968, ending the reforms.",
    "Historians say Iraqi troops were preparing to invade Kuwait for weeks before the 1990 attack.",
    # other senses of the words
    "Hundreds of fans invaded the pitch after Scotland beat Norway in the final match.",
    "England's bowlers will attack Australia from the first ball of the second Test.",
    "Asian hornets could invade most of Britain within five years, ecologists warned of the invasive species.",
    "The regulator called the app's location tracking an invasion of privacy.",
    "Chinese carmakers are preparing to storm Germany's car market, executives told investors.",
    "The risk of a heart attack rises in winter, doctors in Japan said.",
    "Russian hackers could attack U.S. election systems, the FBI warned, urging officials to patch software.",
    # fiction, reviews, games
    "In the novel, Chinese troops are poised to invade Taiwan. The author's thriller is a tense read.",
    "The board game lets players invade Russia as Napoleon; the rulebook is clear and the game takes an hour.",
    # withdrawals and de-escalation
    "Russia said troops near Ukraine's border were returning to their bases after exercises.",
    "Armenia and Azerbaijan agreed to withdraw troops from the border, ending the standoff.",
    # (a bare conditional, "sanctions if Russian troops invade Ukraine", is no look-alike any more: issue 9's
    # labelling guide, eval/realnews/README.md, counts a conditional threat as a warning)
])
def test_look_alikes_do_not_alert(body: str) -> None:
    assert detect(body) == []


def test_a_denial_next_to_a_warning_is_counter_evidence() -> None:
    body = ("U.S. officials said Russian troops could attack Ukraine within days. "
            "Moscow denies it has any plans to invade Ukraine.")
    [alert] = detect(body)
    assert [e.sentence for e in alert.counter_evidence] == ["Moscow denies it has any plans to invade Ukraine."]
    assert alert.counter_evidence[0].rules[0] == "denial"  # the rule; the sentence reader may agree after it


def test_the_speaker_is_a_source_not_a_role() -> None:
    [alert] = detect("The Pentagon warned that Russian forces could seize Ukraine's eastern regions.")
    assert (alert.actor, alert.target) == ("Russia", "Ukraine")
    assert alert.source == ["Pentagon"]


def test_severity_rises_with_imminence_scale_and_official_sources() -> None:
    weak = detect("Some analysts think China could one day attack Taiwan.")[0]
    imminent = detect("Officials said China could attack Taiwan within days.")[0]
    massive = detect("Defence officials said 200,000 Chinese troops could attack Taiwan within days, "
                     "and intelligence officials warned of an imminent invasion of Taiwan.")[0]
    assert weak.score < imminent.score < massive.score
    order = ["low", "medium", "high", "critical"]
    assert order.index(weak.severity) <= order.index(imminent.severity) <= order.index(massive.severity)
    assert massive.severity in ("high", "critical")


def test_alert_carries_ids_cameo_and_outlet() -> None:
    [alert] = detect("Officials said Russian troops could invade Ukraine.", title="Warning", source="Reuters")
    assert (alert.article_id, alert.story_id, alert.outlet, alert.cameo) == ("a1", "story-1", "Reuters", "1384")
    assert alert.evidence[0].matched == ["could invade"]


def test_story_gate_admits_each_story_once() -> None:
    gate = StoryGate({})
    first = detect("Officials said Russian troops could invade Ukraine.")[0]
    assert gate.admit(first)
    assert not gate.admit(first.model_copy(update={"article_id": "a2"}))
    assert gate.admit(first.model_copy(update={"story_id": "story-2"}))


def test_seed_raises_one_alert_russia_on_ukraine_with_the_denial_as_counter_evidence() -> None:
    from agents.entities.tagger import EntityTagger

    article = parse_seed(SEED.read_text(encoding="utf-8"), "seed")
    tagged = TaggedArticle(article=article, story_id="story-seed", entities=EntityTagger().tag(article))
    [alert] = AlertDetector().detect(tagged)
    assert (alert.actor, alert.target, alert.kind) == ("Russia", "Ukraine", "invasion_warning")
    assert any("Russian troops could move on Ukraine as soon as Wednesday" in e.sentence for e in alert.evidence)
    assert any(e.sentence.startswith("Moscow, which denies it has any plans to invade Ukraine")
               for e in alert.counter_evidence)
    assert all(article.text[e.start:e.end] == e.sentence for e in [*alert.evidence, *alert.counter_evidence])
    assert {"Washington", "London"} <= set(alert.source)
    assert alert.severity in ("high", "critical")
