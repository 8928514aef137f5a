"""Generated news articles for the pipeline benchmark: 500-1,500 words each, many entities, none alike.

Sentences come from a small grammar (news frames whose slots draw people, countries, cities, companies,
institutions, figures and dates from pools), so no two articles share more than stock phrases. About
``reprint_share`` of the articles reprint an earlier one (new id and outlet, retitled, sometimes trimmed
or with a trailer: the dedup stage should link them) and about ``warning_share`` carry a paragraph that
warns of an invasion (the alert stage should raise an alert for most of them).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from streams.runtime.records import Article

FIRST = ("Maria Daniel Amara Kenji Olga Rafael Ingrid Tomasz Leila Samuel Priya Mateus Hana Viktor Chloe "
         "Ibrahim Sofia Andrei Nadia Lucas Fatima Henrik Yuki Carlos Elena Kwame Anya Pedro Mei Jonas Rosa "
         "Emeka Clara Dmitri Aisha Felix Lina Omar Greta Ravi Marta Tariq Julia Sven Noor Diego Helena Arjun "
         "Irene Kofi Beatriz Stefan Layla Marco Zainab Piotr Camila Hiroshi Esther Malik").split()
LAST = ("Okonkwo Lindqvist Tanaka Moreau Novak Haddad Fernandes Kowalski Brennan Achterberg Castellanos "
        "Mwangi Petrova Sandoval Rahman Whitfield Oyelaran Bergstrom Caruso Delacroix Ivanenko Kimura Marsh "
        "Ndiaye Oliveira Pavlenko Quintero Rossetti Saarinen Takahashi Umarov Valdivia Wojcik Yilmaz Zapata "
        "Abernathy Barzani Chaudhry Dufresne Esposito Fonseca Gallagher Horvath Iqbal Jovanovic Kaplan "
        "Lemaire Mbeki Nakamura Osei Prescott Quaresma Ramadani Sorensen Thibodeau Uchenna Varga Whitaker "
        "Xiong Yamamoto Zielinski Amsel Bhattacharya Cardenas Dragomir Eklund Farouk Grimaldi").split()
# (country, demonym, capital, other cities); no pair of them is at war in these texts.
COUNTRIES = [
    ("Brazil", "Brazilian", "Brasilia", ["Sao Paulo", "Recife", "Curitiba"]),
    ("Germany", "German", "Berlin", ["Hamburg", "Munich", "Leipzig"]),
    ("Japan", "Japanese", "Tokyo", ["Osaka", "Sapporo", "Fukuoka"]),
    ("Kenya", "Kenyan", "Nairobi", ["Mombasa", "Kisumu", "Nakuru"]),
    ("Canada", "Canadian", "Ottawa", ["Toronto", "Vancouver", "Calgary"]),
    ("India", "Indian", "New Delhi", ["Mumbai", "Chennai", "Pune"]),
    ("Mexico", "Mexican", "Mexico City", ["Guadalajara", "Monterrey", "Puebla"]),
    ("Poland", "Polish", "Warsaw", ["Krakow", "Gdansk", "Wroclaw"]),
    ("Nigeria", "Nigerian", "Abuja", ["Lagos", "Kano", "Ibadan"]),
    ("Indonesia", "Indonesian", "Jakarta", ["Surabaya", "Bandung", "Medan"]),
    ("Spain", "Spanish", "Madrid", ["Barcelona", "Valencia", "Seville"]),
    ("Australia", "Australian", "Canberra", ["Sydney", "Melbourne", "Perth"]),
    ("Egypt", "Egyptian", "Cairo", ["Alexandria", "Giza", "Luxor"]),
    ("Argentina", "Argentine", "Buenos Aires", ["Cordoba", "Rosario", "Mendoza"]),
    ("Sweden", "Swedish", "Stockholm", ["Gothenburg", "Malmo", "Uppsala"]),
    ("Vietnam", "Vietnamese", "Hanoi", ["Ho Chi Minh City", "Da Nang", "Haiphong"]),
    ("Turkey", "Turkish", "Ankara", ["Istanbul", "Izmir", "Bursa"]),
    ("Chile", "Chilean", "Santiago", ["Valparaiso", "Concepcion", "Antofagasta"]),
    ("Italy", "Italian", "Rome", ["Milan", "Naples", "Turin"]),
    ("Ghana", "Ghanaian", "Accra", ["Kumasi", "Tamale", "Takoradi"]),
]
# (actor demonym, target, target capital): pairs the warning paragraphs are about.
WARNING_PAIRS = [("Russian", "Ukraine", "Kyiv"), ("Chinese", "Taiwan", "Taipei"), ("Azerbaijani", "Armenia", "Yerevan"),
                 ("Venezuelan", "Guyana", "Georgetown"), ("North Korean", "South Korea", "Seoul"),
                 ("Ethiopian", "Eritrea", "Asmara"), ("Serbian", "Kosovo", "Pristina"),
                 ("Rwandan", "Congo", "Kinshasa")]
FIRMS = "Northwind Meridian Bluestone Harborview Silverline Crescent Redwood Pinnacle Ironbridge Lakeshore".split()
TRADES = "Energy Holdings Logistics Pharmaceuticals Motors Telecom Mining Airlines Foods Semiconductors".split()
INSTITUTIONS = ["the World Bank", "the International Monetary Fund", "the United Nations", "the European Commission",
                "the World Health Organization", "the African Union", "the Red Cross", "Amnesty International",
                "the Asian Development Bank", "the International Energy Agency", "Doctors Without Borders"]
ROLES = ["finance minister", "health minister", "central bank governor", "opposition leader", "trade minister",
         "chief economist", "mayor", "labour minister", "chief executive", "transport minister", "spokeswoman"]
OUTLETS = ["Reuters", "AP", "AFP", "Bloomberg", "the BBC", "Al Jazeera", "Kyodo", "Xinhua", "the Guardian"]
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = "January February March April June July August September October November December".split()
FRAMES = [
    "{P}, the {D} {R}, said on {DAY} that the government would {policy} before {M}.",
    "Shares of {F} {moved} {N} percent in {C} trading on {DAY} after the company {event}.",
    "{F} reported {metric} of {MONEY} for the {period}, {compare} the {N2} analysts surveyed by {O} had expected.",
    "\u201c{quote},\u201d {S} told {O} in an interview in {C}.",
    "{I} said {N3} people had been {affected} by {disaster} in the {side} of {K} since {M}.",
    "Temperatures in {C} reached {N} degrees on {DAY}, and forecasters said {weather}.",
    "A court in {C} sentenced {P}, a former {R}, to {N} years in prison for {crime} on {DAY}.",
    "Lawmakers in {CAP} voted {N3} to {N} to approve {bill}, a measure {S} had opposed for {N} months.",
    "{I} recorded {N3} new cases of {disease} in {C} in the week to {DAY}, up from {N2} a week earlier.",
    "{F} plans to open a {facility} near {C} that will employ {N3} people by {YEAR}, {P} said.",
    "{K} and {K2} signed {deal} worth {MONEY} during a visit by {P} to {CAP} on {DAY}.",
    "{S}, who has led {F} since {YEAR}, spent {N} years at {F2} before moving to {C}.",
    "Officials in {C} said {N3} households were still without power on {DAY} after {disaster}.",
    "The {D} statistics office said inflation {moved} to {N}.{N1} percent in {M}, the {rank} reading this year.",
    "{P} of {I} warned that {K}'s public debt could reach {N2} percent of output by {YEAR} without {policy2}.",
    "Fans in {C} celebrated late into the night after {club} beat {club2} {N1}-{N0}, with {S} scoring twice.",
    "{S} said the {period} results showed that {F}'s bet on {product} was {verdict}, and that {C} would {plan}.",
    "Prices of {goods} have {moved} sharply over the past {N} months, and many families say they are {coping}.",
    "The decision is expected to {effect}, although economists cautioned that {caveat}.",
    "It was not immediately clear how many {who} would be {hit} by the change, which takes effect in {M}.",
    "Residents said they had waited {N} hours for {service}, and several shops near the {place} stayed shut.",
    "Analysts said the figures pointed to {outlook}, with {sector} likely to {trend} in the coming {period2}.",
    "Talks between {F} and unions representing {N3} workers in {C} broke down on {DAY} over {issue}.",
]
SLOTS = {
    "policy": ["cut fuel subsidies", "raise the minimum wage", "publish a new budget",
               "reform the pension system", "lower import duties on rice",
               "expand rural clinics", "overhaul the tax code", "sell a stake in the port"],
    "policy2": ["deep spending cuts", "a broader tax base", "faster growth", "new lending from abroad"],
    "moved": ["rose", "fell", "jumped", "slipped", "climbed", "dropped"],
    "event": ["cut its profit forecast", "announced a share buyback", "named a new chief executive",
              "won a railway contract", "delayed a product launch", "settled a patent dispute"],
    "metric": ["net profit", "quarterly revenue", "an operating loss", "sales"],
    "period": ["third quarter", "first half", "fiscal year", "second quarter"],
    "compare": ["ahead of", "short of", "roughly in line with", "well above"],
    "quote": ["We are not going to rush this decision", "Nobody expected prices to move this fast",
              "The numbers speak for themselves", "Our priority is to keep the factories open",
              "This is a good day for the farmers of this region", "We will need more time to count the damage"],
    "affected": ["displaced", "left homeless", "evacuated", "cut off"],
    "disaster": ["flooding", "a landslide", "wildfires", "a cyclone", "an earthquake", "a drought"],
    "side": ["north", "south", "east", "west", "interior"],
    "weather": ["the heat would last until the weekend", "rain was expected by Thursday",
                "schools would close early", "the river could burst its banks"],
    "crime": ["bribery", "tax fraud", "money laundering", "embezzling public funds", "insider trading"],
    "bill": ["a new mining code", "a data protection law", "the electoral reform", "a housing bill"],
    "disease": ["measles", "cholera", "dengue fever", "influenza", "mpox"],
    "facility": ["battery plant", "data centre", "distribution hub", "research campus", "refinery"],
    "deal": ["a gas supply agreement", "a free trade accord", "a railway financing deal", "a fisheries pact"],
    "rank": ["lowest", "highest", "second-lowest", "third-highest"],
    "product": ["electric buses", "cloud software", "frozen foods", "low-cost flights", "copper"],
    "verdict": ["paying off", "too early to judge", "costing more than planned"],
    "plan": ["remain its biggest market", "get a second plant", "host its new headquarters"],
    "issue": ["pay", "night shifts", "pensions", "job cuts", "safety rules"],
    "goods": ["bread and cooking oil", "rent", "electricity", "school fees", "bus fares", "fresh vegetables"],
    "coping": ["cutting back", "skipping meals", "borrowing from relatives", "delaying repairs"],
    "effect": ["ease pressure on household budgets", "slow hiring", "lift exports", "cool the housing market"],
    "caveat": ["the benefits would take time to appear", "much depended on the weather",
               "the details had yet to be published", "similar plans had stalled before"],
    "who": ["pensioners", "small farmers", "taxi drivers", "students", "nurses", "shopkeepers"],
    "hit": ["affected", "helped", "left worse off", "covered"],
    "service": ["fuel", "a bus", "clean water", "their documents", "a doctor"],
    "place": ["main market", "railway station", "old harbour", "university"],
    "outlook": ["a gradual recovery", "a sharper slowdown", "steady but weak growth", "a turning point"],
    "sector": ["construction", "tourism", "manufacturing", "retail", "farming"],
    "trend": ["lead the rebound", "lag behind", "shed jobs", "keep growing"],
    "period2": ["months", "quarters", "year"],
    "club": ["Atletico Norte", "Rangers del Sur", "City Wanderers", "Union Deportiva", "Real Costa"],
}
WARNINGS = [
    "{A} forces massed near the border could strike {T} within days, officials in {TC} said on {DAY}.",
    "{P} told reporters that an invasion of {T} could begin with air strikes followed by a ground push toward {TC}.",
    "Satellite images show {A} troops and tanks moving to staging areas near {T}, in what {T}'s defence "
    "ministry called preparations for an imminent attack.",
]


@dataclass(frozen=True)
class Generated:
    """One generated article and what it is: a reprint (of which id) or a warning."""

    article: Article
    reprint_of: str | None = None
    warning: bool = False

    @property
    def words(self) -> int:
        """Words of the article's text, title included."""
        return len(self.article.text.split())


class Writer:
    """Fills frames from the pools with one random generator, so a seed gives the same articles."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def sentence(self, frame: str, country: tuple[str, str, str, list[str]]) -> str:
        rng = self.rng
        name, demonym, capital, cities = country
        other = rng.choice(COUNTRIES)
        values = {key: rng.choice(pool) for key, pool in SLOTS.items()}
        values.update(
            P=self.person(), S=self.person(), R=rng.choice(ROLES), D=demonym, K=name, K2=other[0], CAP=capital,
            C=rng.choice([capital, *cities, *other[3]]), F=f"{rng.choice(FIRMS)} {rng.choice(TRADES)}",
            F2=f"{rng.choice(FIRMS)} {rng.choice(TRADES)}", I=rng.choice(INSTITUTIONS), O=rng.choice(OUTLETS),
            DAY=rng.choice(DAYS), M=rng.choice(MONTHS), YEAR=str(rng.randint(2026, 2034)),
            N=str(rng.randint(2, 99)), N0=str(rng.randint(0, 3)), N1=str(rng.randint(1, 9)),
            N2=str(rng.randint(100, 999)), N3=f"{rng.randint(1, 950):,}{rng.choice(['', ',000', '00'])}",
            MONEY=f"${rng.randint(2, 950)}.{rng.randint(1, 9)} {rng.choice(['million', 'billion'])}",
            club2=rng.choice(SLOTS["club"]) + " " + rng.choice(["B", "United", "Athletic"]),
        )
        text = frame.format(**values)
        return text[0].upper() + text[1:]

    def body(self, words: int, country: tuple[str, str, str, list[str]]) -> list[str]:
        paragraphs: list[str] = []
        count = 0
        while count < words:
            paragraph = " ".join(self.sentence(self.rng.choice(FRAMES), country)
                                 for _ in range(self.rng.randint(2, 4)))
            paragraphs.append(paragraph)
            count += len(paragraph.split())
        return paragraphs

    def warning(self) -> str:
        actor, target, capital = self.rng.choice(WARNING_PAIRS)
        picked = self.rng.sample(WARNINGS, 2)
        return " ".join(w.format(A=actor, T=target, TC=capital, P=self.person(), DAY=self.rng.choice(DAYS))
                        for w in picked)


def generate(n: int, *, seed: int = 13, reprint_share: float = 0.1, warning_share: float = 0.1,
             id_prefix: str = "b") -> list[Generated]:
    """``n`` articles: originals of 500-1,500 words, reprints of earlier ones, warnings mixed in."""
    rng = random.Random(seed)  # noqa: S311 - synthetic text, not security
    writer = Writer(rng)
    out: list[Generated] = []
    start = datetime.now(UTC).replace(microsecond=0)
    for i in range(n):
        when = start + timedelta(seconds=30 * i)
        originals = [g for g in out if g.reprint_of is None]
        if originals and rng.random() < reprint_share:
            out.append(_reprint(rng, rng.choice(originals), f"{id_prefix}{i:05d}", when))
            continue
        country = rng.choice(COUNTRIES)
        paragraphs = writer.body(rng.randint(500, 1450), country)
        warning = rng.random() < warning_share
        if warning:
            paragraphs.insert(rng.randint(0, 2), writer.warning())
        lead = writer.sentence(rng.choice(FRAMES[:3]), country)
        title = " ".join(lead.split()[:rng.randint(7, 11)]).rstrip(",.")
        paragraphs.insert(0, f"{country[2].upper()} ({rng.choice(OUTLETS[:4])}) \u2014 {lead}")
        article = Article(id=f"{id_prefix}{i:05d}", url=f"https://wire{i % 9}.example/{id_prefix}/{i}",
                          source=rng.choice(OUTLETS), published_at=when, title=title, body="\n\n".join(paragraphs))
        out.append(Generated(article, warning=warning))
    return out


def _reprint(rng: random.Random, first: Generated, new_id: str, when: datetime) -> Generated:
    """A reprint: another outlet's copy, retitled, sometimes trimmed or with a trailer."""
    paragraphs = first.article.body.split("\n\n")
    kind = rng.randrange(3)
    if kind == 0:
        paragraphs = paragraphs[: max(3, int(len(paragraphs) * 0.7))]
    elif kind == 1:
        paragraphs = [*paragraphs, "Reporting by our correspondents; editing by the news desk."]
    article = first.article.model_copy(update={
        "id": new_id, "url": f"https://outlet{rng.randint(1, 99)}.example/news/{new_id}",
        "source": rng.choice(OUTLETS), "published_at": when, "title": "UPDATE 1-" + first.article.title,
        "body": "\n\n".join(paragraphs)})
    return Generated(article, reprint_of=first.article.id, warning=first.warning)
