"""Headlines in capitals or Title Case are read with the case their article's body gives each word."""

from __future__ import annotations

import pytest

from agents.entities.headline import headline_case, recase_title
from agents.entities.tagger import EntityTagger
from streams.runtime.records import Article

BODY = ("DURBAN, June 3 - Dockworkers at the Transnet terminal walked out on Monday, and the union said talks "
        "with management had stalled. Shipments of citrus exports were held at the quay. Transnet said it expected a "
        "deal. Mkhize, the union's leader, said a halt of exports could last. (Reporting by Sipho Dlamini)")


@pytest.mark.parametrize(("title", "case"), [
    ("DOCK STRIKE HALTS CITRUS EXPORTS", "upper"),
    ("Dock Strike Halts Citrus Exports as Transnet Talks Stall", "title"),
    ("Dock strike halts citrus exports as Transnet talks stall", None),
    ("Strike at Port of Durban halts Maersk and MSC sailings to Kenya and Tanzania", None),  # names, not case
])
def test_a_headline_is_told_from_a_sentence_case_title_full_of_names(title: str, case: str | None) -> None:
    assert headline_case(title) == case


@pytest.mark.parametrize(("title", "expected"), [
    ("Dock Strike Halts Citrus Exports as Transnet Talks Stall",
     "Dock strike halts citrus exports as Transnet talks stall"),
    ("DOCK STRIKE HALTS CITRUS EXPORTS; TRANSNET EXPECTS DEAL",
     "Dock strike halts citrus exports; Transnet expects deal"),
    ("SOUTH AFRICA DOCK STRIKE HALTS EXPORTS", "South Africa dock strike halts exports"),  # a name the data knows
    ("Dock strike halts citrus exports", "Dock strike halts citrus exports"),  # sentence case: left alone
    ("Union Chief Mkhize Says Halt Could Last", "Union chief Mkhize says halt could last"),  # a name opening a sentence
])
def test_a_headline_takes_the_body_case_and_known_names_keep_capitals(title: str, expected: str) -> None:
    recased = recase_title(title, BODY, known=lambda name: name == "South Africa")
    assert recased == expected and len(recased) == len(title)


def test_entities_of_a_recased_headline_keep_the_original_text_and_a_normal_canonical() -> None:
    article = Article(id="h1", title="DOCK STRIKE AT TRANSNET HALTS EXPORTS FROM DURBAN", body=BODY)
    in_title = [e for e in EntityTagger().tag(article) if e.end <= len(article.title)]
    assert all(article.text[e.start:e.end] == e.text for e in in_title)
    assert {(e.text, e.canonical) for e in in_title} >= {("TRANSNET", "Transnet"), ("DURBAN", "Durban")}
    assert not any(e.text.startswith("DOCK") or "HALTS" in e.text for e in in_title)
