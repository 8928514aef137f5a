"""Page furniture: shingles that recur across many pages of a site leave the fingerprint; reprints still link."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from agents.dedup.boilerplate import winnow
from agents.dedup.index import DedupParams
from agents.dedup.stage import DAY, Deduplicator
from agents.dedup.text import tokens
from streams.runtime.records import Article

DATA = json.loads((Path(__file__).resolve().parents[1] / "data" / "dedup_furniture.json").read_text("utf-8"))
ECHO, POST = "millbrookecho.example", "dalesidepost.example"
STORIES, WIRE = DATA["stories"], DATA["wire"]


def page(site: str, slug: str, text: str) -> Article:
    chrome = DATA["chrome"][site]
    body = "\n\n".join(part for part in (chrome["top"], text, chrome["bottom"]) if part)
    return Article(id=f"{site}/{slug}", url=f"https://{site}/news/{slug}", body=body)


def learned(dedup: Deduplicator, site: str, stories: list[str]) -> list[str | None]:
    """Pages of ``site`` with each story (what the worker sees as a site comes into the stream); their links."""
    return [dedup.check(page(site, f"story-{i}", text)).duplicate_of for i, text in enumerate(stories)]


def counts(dedup: Deduplicator) -> dict[bytes, int]:
    return dict(dedup.frequency.counts)


def test_furniture_shared_by_many_stories_does_not_link_them() -> None:
    dedup = Deduplicator({})
    assert learned(dedup, ECHO, STORIES) == [None] * len(STORIES)
    # The chrome's selected shingles were counted once a page, the stories' once.
    assert sorted(set(counts(dedup).values())) == [1, len(STORIES)]


def test_furniture_links_different_stories_without_document_frequency() -> None:
    # The same pages with boilerplate never learned (and the same-site threshold off): chrome links them.
    params = replace(DedupParams(), boilerplate_df=10**6, same_site_containment=0.6)
    assert any(learned(Deduplicator({}, params=params), ECHO, STORIES))


@pytest.mark.parametrize("site", [ECHO, POST])
def test_pages_of_furniture_only_are_linked_to_nothing_and_not_indexed(site: str) -> None:
    dedup = Deduplicator({})
    learned(dedup, site, STORIES[:4])
    decisions = [dedup.check(page(site, f"gallery-{i}", "")) for i in range(3)]
    assert [d.duplicate_of for d in decisions] == [None, None, None]
    docs = [doc for key, doc in dedup.state.items() if key.startswith("doc:") and "gallery" in doc["id"]]
    assert len(docs) == 3 and not any("h" in doc for doc in docs)


@pytest.mark.parametrize("text", [WIRE, WIRE.split(". ")[0] + "."])  # the whole wire story, and its first sentence
def test_reprint_with_other_furniture_is_still_linked(text: str) -> None:
    dedup = Deduplicator({})
    learned(dedup, ECHO, STORIES[:3])
    learned(dedup, POST, STORIES[3:6])
    dedup.check(page(ECHO, "ferry-aground", WIRE))
    reprint = dedup.check(page(POST, "granvik-ferry", text))
    assert (reprint.duplicate_of, reprint.method) == (f"{ECHO}/ferry-aground", "near")


def test_republished_page_of_the_same_site_is_still_linked() -> None:
    dedup = Deduplicator({})
    learned(dedup, ECHO, STORIES[:3])
    dedup.check(page(ECHO, "ferry-aground", WIRE))
    update = WIRE.replace("on Thursday", "on Thursday morning") + " The harbour was closed for the night."
    assert dedup.check(page(ECHO, "ferry-aground-update", update)).duplicate_of == f"{ECHO}/ferry-aground"


def test_a_reprint_does_not_count_its_story_again() -> None:
    dedup = Deduplicator({})
    dedup.check(page(ECHO, "ferry-aground", WIRE))
    counted = counts(dedup)
    assert dedup.check(page(ECHO, "ferry-aground-again", WIRE)).method == "exact"
    assert counts(dedup) == counted


def test_document_frequency_is_capped() -> None:
    dedup = Deduplicator({}, params=replace(DedupParams(), df_max_keys=40))
    learned(dedup, ECHO, STORIES)
    learned(dedup, POST, STORIES)
    assert len(counts(dedup)) == 40


def test_document_frequency_expires_with_the_window() -> None:
    now = [0.0]
    dedup = Deduplicator({}, window_days=1, clock=lambda: now[0])
    learned(dedup, ECHO, STORIES[:4])
    assert len(counts(dedup)) > 0
    now[0] = 1.5 * DAY
    assert dedup.expire() == 4
    assert counts(dedup) == {}
    # Forgotten: the site's chrome is no longer known, so a page of it alone is text again.
    dedup.check(page(ECHO, "gallery-1", ""))
    assert dedup.check(page(ECHO, "gallery-2", "")).method == "exact"


def test_what_was_learned_survives_a_restart() -> None:
    state: dict[str, object] = {}
    learned(Deduplicator(state), ECHO, STORIES[:4])
    restored = json.loads(json.dumps(state))  # what a changelog-backed table gives back
    dedup = Deduplicator(restored)
    assert [dedup.check(page(ECHO, f"gallery-{i}", "")).duplicate_of for i in range(2)] == [None, None]


@pytest.mark.parametrize("window", [4, 8, 12])
def test_winnowing_leaves_no_window_of_shingles_unsampled(window: int) -> None:
    words = tokens(" ".join(STORIES))
    positions = sorted(winnow(words, 4, window, ECHO))
    gaps = [b - a for a, b in zip([-1, *positions], [*positions, len(words) - 3], strict=True)]
    assert max(gaps) <= window
    assert winnow(words, 4, window, ECHO) == winnow(words, 4, window, ECHO)


def test_document_frequency_is_rebuilt_from_the_pages_after_a_restart() -> None:
    state: dict[str, object] = {}
    before = Deduplicator(state, params=replace(DedupParams(), df_max_keys=60))
    learned(before, ECHO, STORIES)
    restarted = Deduplicator(state, params=replace(DedupParams(), df_max_keys=60))
    assert restarted.expire() == 0 and counts(restarted) == counts(before)
    assert not any(key.startswith("df:") for key in state)  # the pages' "f" are the durable part
