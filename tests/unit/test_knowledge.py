"""Shared knowledge: the wire dateline every stage reads and the gazetteer's state finder."""

from __future__ import annotations

import pytest

from agents.knowledge.gazetteer import default_gazetteer
from agents.knowledge.text import find_dateline


@pytest.mark.parametrize(("text", "folded", "expected"), [
    ("MOSCOW (AP) — The Kremlin said.", False, ("MOSCOW", None, "AP", "The Kremlin said.")),
    ("KYIV, Ukraine (Reuters) - Drones hit.", False, ("KYIV", "Ukraine", "Reuters", "Drones hit.")),
    ("COLOMBO, June 12 — Floods rose.", False, ("COLOMBO", None, None, "Floods rose.")),
    ("BRASÍLIA — Lula spoke.", False, ("BRASÍLIA", None, None, "Lula spoke.")),
    ("BREAKING - Markets fell.", False, None),  # without a source, a bare hyphen is no dateline's dash
    ("BREAKING - Markets fell.", True, ("BREAKING", None, None, "Markets fell.")),  # dashes folded to hyphens
    ("COVID-19 cases rose.", True, None),
    ("The Kremlin said.", False, None),
])
def test_datelines(text: str, folded: bool, expected: tuple[str, str | None, str | None, str] | None) -> None:
    dateline = find_dateline(text, folded=folded)
    found = None if dateline is None else (
        text[dateline.place.start:dateline.place.end],
        text[dateline.region.start:dateline.region.end] if dateline.region else None,
        dateline.source, text[dateline.end:])
    assert found == expected


def test_the_state_finder_reads_names_demonyms_and_places_standing_for_a_state() -> None:
    text = "Russian ships sailed from the Kremlin's ports towards the Falklands, US officials said; us too."
    found = [(text[m.start - 5:m.end - 5], m.code, m.name) for m in default_gazetteer().find_states(text, 5)]
    assert found == [("Russian", "RU", "Russia"), ("the Kremlin", "RU", "Russia"),
                     ("Falklands", "GB", "United Kingdom"), ("US", "US", "United States")]


@pytest.mark.parametrize(("text", "code"), [
    ("the Kremlin", "RU"), ("Kremlin", "RU"), ("Gibraltar", "GB"), ("Ukrainians", "UA"), ("Downing Street", "GB"),
    ("Veldania", None),
])
def test_a_name_demonym_or_place_stands_for_a_state(text: str, code: str | None) -> None:
    assert default_gazetteer().stands_for(text) == code
