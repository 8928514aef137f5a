"""Dedup decisions: reprints caught, other stories kept apart, state durable and bounded."""

from __future__ import annotations

import json

import pytest

from agents.dedup.stage import DAY, Deduplicator, route
from streams.runtime.records import Article, DuplicateRecord, UniqueArticle

STORY = [
    "LAKE MERRIN, Solvia (AP) — Rescue crews in southern Solvia searched on Wednesday for 14 people missing after "
    "a landslide buried part of a mining village following a week of heavy rain, officials said.",
    "The slope above the village of Tarn gave way shortly before midnight, burying at least 20 houses and a "
    "workers' hostel under mud and rocks, the regional emergency service said.",
    "\"We heard a roar like a train and then the lights went out,\" said Ema Kolar, 61, whose house at the edge "
    "of the village was spared. Her neighbors' homes were gone.",
    "About 300 rescuers, soldiers and volunteers dug through the debris with shovels and excavators, but more "
    "rain in the afternoon forced them to pause twice because of the risk of new slides.",
    "The mine, which employs most of the village, halted operations. Its owner, Solvia Metals, said it was "
    "checking whether waste heaps near the slope had played a role.",
    "Geologists had warned in 2021 that the hillside above Tarn was unstable and recommended moving some "
    "families, but the plan was never carried out because of a lack of money, local media reported.",
]
OTHER_STORY = [
    "TARN, Solvia (AP) — Families of miners missing after a landslide in southern Solvia gathered outside the "
    "mine's offices on Thursday, demanding to know why warnings about the hillside had been ignored.",
    "Several relatives said the company had piled waste rock near the slope for years despite complaints from "
    "residents, and that managers had told them the heaps were safe.",
    "Prime Minister Lara Voss visited the village and promised an independent inquiry. She said the government "
    "would pay for temporary housing for families whose homes were destroyed or damaged.",
    "Solvia Metals said it would cooperate fully with investigators and had suspended the manager of the site "
    "pending the inquiry. Trade unions called for a national day of mourning.",
]
MARKET = ("NEW YORK (AP) — Stocks {0} on Wall Street on {1}. The S&P 500 {2} {3}% to {4}.\n\nThe Dow Jones "
          "Industrial Average {5} {6} points, or {7}%, to {8}, and the Nasdaq composite {9} {10}% to {11}.\n\n"
          "The yield on the 10-year Treasury moved to {12}% from {13}% late {14}. Investors are watching for signs "
          "of how long the Federal Reserve will keep interest rates high, and corporate earnings reports are giving "
          "a picture of how companies are coping with higher costs.")
MONDAY = MARKET.format("rose", "Monday", "climbed", "0.6", "4,410.21", "added", "182", "0.5", "34,721.90", "rose",
                       "0.9", "13,802.44", "4.31", "4.27", "Friday")
TUESDAY = MARKET.format("fell", "Tuesday", "slipped", "0.3", "4,397.05", "lost", "96", "0.3", "34,625.77", "fell",
                        "0.5", "13,733.60", "4.28", "4.31", "Monday")


def article(aid: str, paras: list[str] | str, url: str | None = None, title: str = "") -> Article:
    body = paras if isinstance(paras, str) else "\n\n".join(paras)
    return Article(id=aid, url=url or f"https://outlet.example/{aid}", title=title, body=body)


def curly(text: str) -> str:
    return text.replace(" \"", " “").replace("\"", "”").replace("'", "’").replace("—", "-")


ORIGINAL = article("orig", STORY, url="https://apnews.example/article/solvia-landslide")

REPRINTS = [
    ("same_url_tracking", article("r", STORY, url="https://apnews.example/article/solvia-landslide?utm_source=x"),
     "url"),
    ("amp_url", article("r", STORY, url="https://amp.apnews.example/article/solvia-landslide/amp"), "url"),
    ("update_at_same_url", article("r", [STORY[0].replace("14", "9"), *STORY[1:], "This story has been updated."],
                                   url="https://apnews.example/article/solvia-landslide/"), "url"),
    ("new_headline", article("r", STORY, title="Landslide buries Solvia village"), "exact"),
    ("typographic_quotes", article("r", [curly(p) for p in STORY]), "exact"),
    ("updated_line", article("r", ["UPDATED 4:05 p.m. EST", *STORY]), "exact"),
    ("changed_dateline", article("r", [STORY[0].replace("LAKE MERRIN, Solvia (AP) —", "TARN (Reuters) -"),
                                       *STORY[1:]]), "exact"),
    ("byline_and_contributors",
     article("r", ["By MARA LENZ", *STORY, "AP writer Ion Bell contributed to this report."]), "exact"),
    ("trimmed_to_half", article("r", STORY[:3]), "near"),
    ("trimmed_and_retitled", article("r", ["UPDATED: Jan. 3", *STORY[:4]], title="Mud buries homes"), "near"),
    ("local_paragraphs_added", article("r", ["Two families from our town have relatives in Tarn.", *STORY,
                                             "Donations can be left at the town hall."]), "near"),
    ("copy_edited",
     article("r", [p.replace(" on Wednesday", " Wednesday").replace("About", "Around") for p in STORY[:-1]]), "near"),
]


@pytest.mark.parametrize(("name", "reprint", "method"), REPRINTS, ids=[r[0] for r in REPRINTS])
def test_reprint_links_to_the_first_article(name: str, reprint: Article, method: str) -> None:
    dedup = Deduplicator({})
    first = dedup.check(ORIGINAL)
    decision = dedup.check(reprint)
    assert (decision.duplicate_of, decision.method, decision.story_id) == ("orig", method, first.story_id)


HARD_NEGATIVES = [
    ("same_event_other_story", article("a", STORY), article("b", OTHER_STORY)),
    ("template_report_other_numbers", article("a", MONDAY), article("b", TUESDAY)),
    ("reuses_one_background_paragraph", article("a", STORY), article("b", [*OTHER_STORY, STORY[-1]])),
    ("reuses_two_paragraphs_of_six", article("a", STORY), article("b", [*OTHER_STORY[:3], STORY[2], STORY[5]])),
    ("short_summary_of_a_long_story", article("a", STORY), article("b", STORY[0])),
]


@pytest.mark.parametrize(("name", "first", "second"), HARD_NEGATIVES, ids=[h[0] for h in HARD_NEGATIVES])
def test_other_stories_stay_apart(name: str, first: Article, second: Article) -> None:
    dedup = Deduplicator({})
    dedup.check(first)
    decision = dedup.check(second)
    assert (decision.duplicate_of, decision.method) == (None, None)


def test_reprint_of_a_reprint_links_to_the_first_article_of_the_story() -> None:
    dedup = Deduplicator({})
    decisions = [dedup.check(a) for a in (ORIGINAL, article("r1", STORY[:4]), article("r2", STORY[:4]))]
    assert [d.duplicate_of for d in decisions] == [None, "orig", "orig"]
    assert len({d.story_id for d in decisions}) == 1


def test_new_articles_found_distinct_stable_stories() -> None:
    a, b = Deduplicator({}).check(ORIGINAL), Deduplicator({}).check(article("other", OTHER_STORY))
    assert a.story_id == Deduplicator({}).check(ORIGINAL).story_id != b.story_id


def test_a_new_deduplicator_over_the_same_state_still_catches_a_reprint() -> None:
    state: dict[str, object] = {}
    Deduplicator(state).check(ORIGINAL)
    restored = json.loads(json.dumps(state))  # what a changelog replay gives back
    decision = Deduplicator(restored).check(article("r", STORY[:3]))
    assert (decision.duplicate_of, decision.method) == ("orig", "near")


@pytest.mark.parametrize(("days_later", "duplicate_of"), [(1.0, "orig"), (6.9, "orig"), (7.1, None), (30.0, None)])
def test_entries_expire_after_the_window(days_later: float, duplicate_of: str | None) -> None:
    now = [1_700_000_000.0]
    dedup = Deduplicator({}, window_days=7.0, clock=lambda: now[0])
    dedup.check(ORIGINAL)
    now[0] += days_later * DAY
    assert dedup.check(article("r", STORY[:3])).duplicate_of == duplicate_of


def test_expiry_leaves_only_what_is_inside_the_window() -> None:
    now = [1_700_000_000.0]
    state: dict[str, object] = {}
    dedup = Deduplicator(state, window_days=1.0, clock=lambda: now[0])
    dedup.check(ORIGINAL)
    dedup.check(article("other", OTHER_STORY))
    now[0] += 2 * DAY
    dedup.check(article("late", MONDAY))
    linked = {v["a"] for k, v in state.items() if isinstance(v, dict) and "a" in v}
    assert linked == {"late"}
    assert all(not k.startswith("band:") or v == [2] for k, v in state.items())


def test_route_builds_the_record_for_each_topic() -> None:
    dedup = Deduplicator({})
    unique = route(ORIGINAL, dedup.check(ORIGINAL))
    duplicate = route(article("r", STORY[:3]), dedup.check(article("r", STORY[:3])))
    assert isinstance(unique, UniqueArticle) and isinstance(duplicate, DuplicateRecord)
    assert (duplicate.duplicate_of, duplicate.method, duplicate.story_id) == ("orig", "near", unique.story_id)
    assert 0.6 <= duplicate.similarity <= 1.0
