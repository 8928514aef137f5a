"""Classes of wording found by the blind probe (eval/alerts/blind_1.jsonl), each with new sentences.

The sentences here are not from any evaluation set: each row stands for a wording family, a role pattern,
a negation scope or another sense of the words that the rules now handle as a class.
"""

from __future__ import annotations

from functools import cache

import pytest

from agents.alerts.detector import AlertDetector
from agents.alerts.text import speaker_spans
from streams.runtime.records import Alert, Article, Entity, TaggedArticle


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


# Classes found by blind probe 2 (eval/alerts/blind_2.jsonl), each with new sentences.
@pytest.mark.parametrize(("body", "actor", "target"), [
    # forces positioned, postured or staged to move
    ("Georgian officials said Russian battalions in South Ossetia are postured to push toward Gori within hours.",
     "Russia", "Georgia"),
    ("A Finnish report says Russian brigades near Vyborg were staged to cross into Finland at short notice.",
     "Russia", "Finland"),
    # a balance of forces that would allow or let a state attempt a landing
    ("Japanese analysts said the new carriers would allow China to attempt a landing on Japan's Yonaguni island.",
     "China", "Japan"),
    ("The report said the new hovercraft would let North Korea land commandos on South Korea's Baengnyeong island.",
     "North Korea", "South Korea"),
    # putting troops ashore
    ("Manila said the ships would let the Chinese navy put marines ashore on the Philippines' Thitu island.",
     "China", "Philippines"),
    # infiltrating across a border or line
    ("Indian commanders warned that Pakistani commandos could infiltrate across the Line of Control into India "
     "this week.", "Pakistan", "India"),
    # closing a named gap or corridor
    ("Polish planners fear Belarusian forces could close the Suwalki corridor and push into Poland.",
     "Belarus", "Poland"),
    # a prospective move followed by a participle of invasion
    ("Armenian officials said Azerbaijani troops could take the heights within a day, pushing into Armenia's "
     "Syunik province.", "Azerbaijan", "Armenia"),
    # forces named first, then a pronoun the state could send across
    ("Kenyan officials said Somali troops had gathered near Mandera and that Mogadishu could send them across "
     "into Kenya.", "Somalia", "Kenya"),
    # attempting or imposing a land grab or blockade
    ("Guyanese officials said Venezuela could attempt a land grab in Guyana before the rainy season.",
     "Venezuela", "Guyana"),
])
def test_blind2_wording_classes_alert_with_roles(body: str, actor: str, target: str) -> None:
    [alert] = detect(body)
    assert (alert.actor, alert.target) == (actor, target)


@pytest.mark.parametrize(("title", "body"), [
    # a question, even repeated as the lede, asks rather than warns; "no." ends a sentence
    ("Will Serbia attack Kosovo?", "Will Serbia attack Kosovo? Diplomats in Brussels say no. The army has "
     "stayed in its barracks and no unusual movements have been seen."),
    # economic and espionage senses of the new verbs
    ("", "Vietnam could close the gap with Thailand in rice exports within two years, traders said."),
    ("", "Russian agents could infiltrate German ministries, the interior minister warned."),
    ("", "Belarus had gathered migrants at the frontier and Minsk could send them across into Lithuania, "
     "Vilnius said."),
])
def test_blind2_questions_and_other_senses_do_not_alert(title: str, body: str) -> None:
    assert detect(body, title) == []


def test_question_headline_with_a_warning_body_alerts() -> None:
    body = "Croatian officials said Serbian armoured units could cross into Bosnia within days."
    [alert] = detect(body, "Is Belgrade about to move?")
    assert (alert.actor, alert.target) == ("Serbia", "Bosnia and Herzegovina")


def test_framed_piece_takes_the_speaking_state_as_target() -> None:
    body = ("Shares of chipmakers fell and customers asked about delays; investors and executives met in "
            "Taipei. Markets were calm.\n\nTaiwan's defence minister told executives that China could impose "
            "a blockade and stage amphibious landings within weeks.")
    [alert] = detect(body, "Chip shares slide")
    assert (alert.actor, alert.target) == ("China", "Taiwan")


@pytest.mark.parametrize(("body", "actor", "target"), [
    # capability and intent to take a named place
    ("Armenian analysts say Azerbaijan has the capacity and the intent to seize Armenia's Syunik within a week.",
     "Azerbaijan", "Armenia"),
    # taking a named place: "decided to take Narva", "could take Zubin Potok"
    ("Estonian intelligence said Russia had decided to take Narva and that its brigades in Estonia's east "
     "were ready.", "Russia", "Estonia"),
    # formations configured, postured for a thrust
    ("A Polish study said Russian airborne regiments were postured for a rapid thrust toward Poland's "
     "Bialystok.", "Russia", "Poland"),
    # the state that moved the ships owns the forces, even outside the threat's clause
    ("The US has sent amphibious ships off Cuba, and Cuban officials say a landing is being prepared.",
     "United States", "Cuba"),
])
def test_blind2_capability_and_named_objectives(body: str, actor: str, target: str) -> None:
    [alert] = detect(body)
    assert (alert.actor, alert.target) == (actor, target)


@pytest.mark.parametrize("body", [
    "Erdogan could take Turkey into the European Union within a decade, analysts said.",
    "Japan will take Britain's place as the largest investor in Indonesia, the ministry said.",
    "Talk of a Russian attack on Norway is alarmist and overblown, the Kremlin said.",
])
def test_blind2_take_idioms_and_dismissals_do_not_alert(body: str) -> None:
    assert detect(body) == []


# Classes found by blind probe 3 (eval/alerts/blind_3.jsonl), each with new sentences.
@pytest.mark.parametrize(("title", "body", "actor", "target"), [
    # readying, laying the groundwork, paving the way to move
    ("", "Bulgarian officials said Turkish mechanised units were readying to roll into Bulgaria's Haskovo region.",
     "Turkey", "Bulgaria"),
    ("", "Ecuador's defence minister said Peru is laying the groundwork to send troops into Ecuador's El Oro "
     "province.", "Peru", "Ecuador"),
    # pushing deep or further into, opening a front, announcing a "special military operation"
    ("", "Malian officials warned that Algerian brigades could push deep into Mali's Kidal region.",
     "Algeria", "Mali"),
    ("", "Kazakh officials fear the Kremlin may declare a \"special military operation\" in Kazakhstan, "
     "citing Russian battalions massing near Petropavl.", "Russia", "Kazakhstan"),
    # a second, coordinated invasion verb after a prospective one
    ("", "Beninese officials said Nigerien units were preparing to regroup and push into Benin's Alibori "
     "department.", "Niger", "Benin"),
    # translated wires: concentration with the purpose of an offensive or a seizure, administrative lines
    ("", "The side of Georgia informed that units of the armed forces of Russia are concentrating at the "
     "administrative boundary line with the purpose of seizure of the territory of Georgia.", "Russia", "Georgia"),
    # forces that could be used for, earmarked for an offensive
    ("", "Lithuanian officials said Belarusian brigades near Hrodna could be used in an offensive on Lithuania.",
     "Belarus", "Lithuania"),
    # an assessment of an attack as a real possibility, the forces named in the sentence before
    ("", "Russian landing ships gathered off Kaliningrad this week. Sweden considers a landing on its island of "
     "Gotland a real possibility, officials said.", "Russia", "Sweden"),
    # "those forces": the actor owns the forces named earlier in the article
    ("Tajik officials alarmed", "Kyrgyz artillery battalions have arrived near Batken. Tajik officials said "
     "those forces could push toward Isfara, less than 20 km away.", "Kyrgyzstan", "Tajikistan"),
    # whose nationals leave is no party; the country they leave is the target
    ("", "The French embassy told French nationals to leave Chad, citing the risk of a Sudanese military "
     "incursion into eastern Chad.", "Sudan", "Chad"),
    # a state opening a condition after the threat is not its object
    ("Seoul warns of northern push", "South Korea's defence minister said North Korean units could move on "
     "the islands, if Pyongyang decides to test Washington.", "North Korea", "South Korea"),
])
def test_blind3_wording_classes_alert_with_roles(title: str, body: str, actor: str, target: str) -> None:
    [alert] = detect(body, title)
    assert (alert.actor, alert.target) == (actor, target)


@pytest.mark.parametrize("body", [
    # non-state groups as the ones who would move: militants, gangs, protesters, the opposition
    "Officials in Niamey warned that the jihadists could attack villages near the border with Burkina Faso.",
    "Police in Ecuador said the gangs could push deep into Guayaquil's port district, Colombian police said.",
    "Protesters in Serbia vowed to march on Belgrade and storm the parliament building.",
    # one state only: a civil war's "retake", a domestic crackdown
    "Myanmar's junta chief vowed to retake Lashio and push toward the northern hills before the monsoon.",
    # the look-alike nouns of the new rules, in other senses
    "Argentine economists consider an attack on the peso by Chilean funds a real possibility.",
    "The carmaker is readying a bid to seize a larger share of the Polish market from German rivals.",
    "Dutch and Belgian police carried out a cross-border operation against a drugs gang, arresting nine.",
])
def test_blind3_non_state_and_other_senses_do_not_alert(body: str) -> None:
    assert detect(body) == []
