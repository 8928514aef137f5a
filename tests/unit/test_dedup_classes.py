"""Dedup: the error classes found by blind probe 1 and its stress variants, one table each.

- trailers outlets append to reprints (editor's notes, related-links lists, credit and copyright lines)
  and page furniture (advertisement / share lines) are not text of the story;
- copy desks write numbers their own way (``12,400`` / ``12400``, ``8%`` / ``8 per cent``);
- a reprint trimmed to 35-45% of its length is still found by LSH and passes the length ratio.
"""

from __future__ import annotations

import pytest

from agents.dedup.stage import Deduplicator
from agents.dedup.text import normalise_text, tokens
from streams.runtime.records import Article

FERRY = [
    "PORTREE, Scotland, May 4 (Meridian) - A ferry carrying 212 passengers ran aground off the Isle of Skye on "
    "Monday after losing steering in a squall, and coastguard crews spent six hours taking people ashore in lifeboats.",
    "The MV Loch Brora struck rocks near the entrance to Portree harbour at about 7:50 a.m., the operator "
    "Hebridean Links said. Nobody was seriously hurt, but four people were treated for hypothermia.",
    "\"The wind came round very suddenly and the rudder simply stopped answering,\" passenger Iain Morrison, a "
    "retired fisherman, told local radio. \"The crew were calm, and that kept everyone else calm.\"",
    "Divers found a gash of roughly three metres in the hull below the waterline, and salvage teams were pumping "
    "out a flooded compartment so that the vessel could be towed off at the evening high tide.",
    "Hebridean Links cancelled all sailings between Skye and the Outer Hebrides for at least two days, stranding "
    "hundreds of travellers and delaying deliveries of fuel and groceries to island shops.",
    "The Marine Accident Investigation Branch said it had sent inspectors to Portree and would examine the steering "
    "gear, the crew's training records and the weather forecast the master relied on before sailing.",
    "Island councillors have complained for years that the ageing ferry fleet breaks down too often. The Loch "
    "Brora entered service in 1994 and was due to be replaced in 2027 by one of two new vessels ordered from a "
    "yard in Poland.",
    "Scotland's transport secretary said the government would meet the operator on Tuesday to discuss emergency "
    "cover, including chartering a vessel from a Norwegian company for the summer season.",
]
TRAILER = [
    "Editor's note: This story was updated at 14:20 to add the operator's statement.",
    "Related coverage:",
    "- Island ferry fleet: 5 things to know about the 2027 replacements",
    "- Opinion: why 3 in 10 sailings are late",
    "- Pictures: the week in 12 photos",
    "(Reporting by Kirsty Fraser in Glasgow; Editing by Paul Mahon)",
    "\u00a9 2026 Meridian News Agency. All rights reserved.",
]


def body(paras: list[str]) -> str:
    return "\n\n".join(paras)


@pytest.mark.parametrize("trailer", [
    ["Editor's note: An earlier version misspelt the name of the harbour master."],
    ["This article has been updated with comment from the coastguard."],
    ["Related:", "Storm warning for the west coast", "How Scotland's ferries are funded"],
    ["Read more:", "* Skye bridge tolls to return?", "* Harbour dredging delayed again"],
    ["More on this story", "1. Coastguard praises lifeboat crews", "2. Islanders demand new ferries"],
    ["You may also like", "Highland hotels report record bookings"],
    ["- Salvage firm wins harbour contract", "- Opinion: the islands deserve better"],
    ["(Additional reporting by Ewan Grant; Writing by Ruth Kerr; Editing by Alex Doyle)"],
    ["Reporting by Ewan Grant; editing by Ruth Kerr"],
    ["\u00a9 Harbour Press 2026"],
    ["Copyright 2026 Meridian. This material may not be redistributed."],
    TRAILER,
])
def test_trailers_are_not_text_of_the_story(trailer: list[str]) -> None:
    assert normalise_text(body([*FERRY, *trailer])) == normalise_text(body(FERRY))


@pytest.mark.parametrize("noise", ["Advertisement", "ADVERTISEMENT", "Story continues below advertisement",
                                   "Share this article", "Sign up for our morning briefing", "Scroll to continue"])
def test_page_furniture_inside_the_body_is_dropped(noise: str) -> None:
    assert normalise_text(body([*FERRY[:3], noise, *FERRY[3:]])) == normalise_text(body(FERRY))


@pytest.mark.parametrize("last", [
    "Related talks between the unions and the operator are due on Friday.",  # starts like a header, is text
    "Read the statement in full at the council offices, the spokesman said, and it will be posted online.",
    "The crew of 14 will be interviewed on Wednesday.",
])
def test_the_last_paragraph_of_the_story_stays(last: str) -> None:
    assert normalise_text(body([*FERRY, last])) != normalise_text(body(FERRY))


@pytest.mark.parametrize(("one", "other"), [
    ("exports of 12,400 tonnes", "exports of 12400 tonnes"),
    ("a budget of 1,250,000 euros", "a budget of 1250000 euros"),
    ("prices rose 8% in March", "prices rose 8 per cent in March"),
    ("prices rose 8.5% in March", "prices rose 8.5 percent in March"),
    ("a rise of 3 pct", "a rise of 3 %"),
])
def test_number_formats_of_copy_desks_compare_equal(one: str, other: str) -> None:
    assert tokens(one) == tokens(other)


@pytest.mark.parametrize(("one", "other"), [("a rate of 2,75", "a rate of 275"), ("in 1,2 and 3", "in 12 and 3")])
def test_decimal_commas_and_lists_are_not_thousands(one: str, other: str) -> None:
    assert tokens(one) != tokens(other)


def article(aid: str, text: str) -> Article:
    return Article(id=aid, url=f"https://outlet.example/{aid}", body=text)


REPRINTS = [
    ("trimmed_to_3_of_8_paragraphs", FERRY[:3]),
    ("trimmed_to_3_of_8_with_trailer", [*FERRY[:3], *TRAILER]),
    ("trimmed_to_4_of_8_with_trailer", [*FERRY[:4], *TRAILER]),
    ("full_with_trailer_and_furniture", [*FERRY[:4], "Advertisement", *FERRY[4:], *TRAILER]),
]


@pytest.mark.parametrize(("name", "paras"), REPRINTS, ids=[r[0] for r in REPRINTS])
def test_trimmed_and_decorated_reprints_link_to_the_original(name: str, paras: list[str]) -> None:
    dedup = Deduplicator({})
    dedup.check(article("orig", body(FERRY)))
    assert dedup.check(article("r", body(paras))).duplicate_of == "orig"


NEGATIVES = [
    ("correction_quoting_one_sentence",
     ["In a story on May 4 about a ferry that ran aground off Skye, Meridian gave the wrong time. The sentence "
      "should have read: The MV Loch Brora struck rocks near the entrance to Portree harbour at about 7:50 a.m., "
      "the operator Hebridean Links said.", "An earlier version said 8:50 a.m. Meridian regrets the error."]),
    ("next_day_story_reusing_two_background_paragraphs",
     ["PORTREE, May 5 (Meridian) - Salvage crews refloated the ferry Loch Brora on Tuesday evening and towed it to "
      "Kyle of Lochalsh, where engineers began inspecting the damaged steering gear.",
      "The operator said sailings to the Outer Hebrides would resume on Thursday using a smaller vessel borrowed "
      "from the Clyde routes, with priority for lorries carrying fuel and food.",
      "\"We know people have been badly let down this week,\" managing director Fiona Baird said at a meeting with "
      "residents in Portree village hall, where several islanders shouted questions about compensation.",
      "Two of the four passengers treated for hypothermia were discharged from hospital in Broadford.",
      FERRY[5], FERRY[6]]),
]


@pytest.mark.parametrize(("name", "paras"), NEGATIVES, ids=[n[0] for n in NEGATIVES])
def test_other_stories_sharing_text_stay_apart(name: str, paras: list[str]) -> None:
    dedup = Deduplicator({})
    dedup.check(article("orig", body(FERRY)))
    assert dedup.check(article("other", body(paras))).duplicate_of is None
