"""The country table, ``agents/knowledge/data/countries.json``: one record per ISO 3166-1 alpha-2 code.

A record holds what pycountry does not know or names otherwise: ``name`` (short canonical name), ``aliases``
(other names), ``demonyms`` (nationality adjectives and plurals) and ``places`` (capitals, seats of government,
forces and dependent territories that stand for the state in the news: "the Kremlin", "PLA", "Falklands").
The entity stage links names, aliases and demonyms (:class:`agents.knowledge.gazetteer.Gazetteer`); the alert
stage's state finder looks for all four, plus ``finder_only`` and minus ``finder_skips``: the two lists keep
the finder's vocabulary exactly what it was when the alert stage had a table of its own.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import pycountry

_SOURCE = "agents/knowledge/data/countries.json"
_FINDER_LISTS = ("aliases", "demonyms", "places", "finder_only")
_LISTS = (*_FINDER_LISTS, "finder_skips")


@dataclass(frozen=True)
class StateMention:
    """A state named in a text: character offsets ``[start, end)``, ISO code and canonical name.

    Not the entity stage's :class:`agents.entities.mentions.Mention`, a candidate entity over spaCy tokens.
    """

    start: int
    end: int
    code: str
    name: str


def fold(text: str) -> str:
    """A name as looked up: one space between words, straight apostrophes, casefolded, no leading "the"."""
    text = " ".join(text.replace("’", "'").split()).casefold()
    return text.removeprefix("the ")


@functools.lru_cache(maxsize=1)
def country_data() -> dict[str, dict[str, Any]]:
    """The country table, validated: code -> record."""
    data = json.loads(resources.files("agents.knowledge").joinpath("data/countries.json").read_text("utf-8"))
    countries = data["countries"]
    for code, entry in countries.items():
        if len(code) != 2 or not code.isupper() or not isinstance(entry, dict):
            raise ValueError(f"{_SOURCE}: bad entry {code!r}")
        if set(entry) - {"name", *_LISTS}:
            raise ValueError(f"{_SOURCE}: {code}: unknown field(s) {sorted(set(entry) - {'name', *_LISTS})}")
        if any(not isinstance(entry.get(k, []), list) or not all(isinstance(v, str) for v in entry.get(k, []))
               for k in _LISTS):
            raise ValueError(f"{_SOURCE}: {code}: {', '.join(_LISTS)} must be lists of strings")
        if pycountry.countries.get(alpha_2=code) is None and "name" not in entry:
            raise ValueError(f"{_SOURCE}: {code!r} is not in pycountry and has no name")
    return dict(countries)


def country_name(code: str) -> str:
    """Short canonical name of a country: ``"RU"`` -> ``"Russia"``, ``"GB"`` -> ``"United Kingdom"``.

    Raises:
        KeyError: when the code is no known country.
    """
    code = code.upper()
    entry = country_data().get(code, {})
    if "name" in entry:
        return str(entry["name"])
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        raise KeyError(code)
    return str(getattr(country, "common_name", None) or country.name)


@functools.lru_cache(maxsize=1)
def state_forms() -> tuple[re.Pattern[str], dict[str, str]]:
    """The state finder's pattern and its folded form -> code table, built once per process."""
    pairs = []
    for code, entry in country_data().items():
        skips = set(entry.get("finder_skips", []))
        forms = [country_name(code), *(f for key in _FINDER_LISTS for f in entry.get(key, []))]
        pairs += [(form, code) for form in forms if form not in skips]
    codes: dict[str, str] = {}
    for form, code in pairs:
        codes.setdefault(fold(form), code)
    alternation = "|".join(re.escape(f).replace("'", "['’]")
                           for f in sorted({form for form, _ in pairs}, key=len, reverse=True))
    # Case-sensitive: "US" the country, not "us"; "Chad" is rarer as a name than as a country in war news.
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w]|-(?!administered|backed|held))"), codes
