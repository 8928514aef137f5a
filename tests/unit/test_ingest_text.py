"""Article text from entry HTML with the page furniture dropped (cases in tests/data/feeds/furniture.jsonl)."""

from __future__ import annotations

import json

import pytest

from streams.clients.feeds.rules import IngestRules
from streams.clients.feeds.text import (
    drop_recurring,
    entry_paragraphs,
    page_paragraphs,
    recurring,
    without_title,
    words,
)
from tests.unit.test_ingest_feedserver import FEEDS

RULES = IngestRules.load()
CASES = [json.loads(line) for line in (FEEDS / "furniture.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_entry_text_keeps_the_article_and_drops_the_furniture(case):
    text = "\n\n".join(entry_paragraphs(case["html"], RULES))
    assert words(text) == case["words"]
    assert all(kept in text for kept in case["kept"])
    assert not any(dropped in text for dropped in case["dropped"])


@pytest.mark.parametrize(("line", "furniture"), [
    ("The post Ferry added appeared first on Island Times.", True),
    ("Read more", True),
    ("Continue reading...", True),
    ("Sign up for our newsletter", True),
    ("Watch live: the assembly debate", True),
    ("Related stories:", True),
    ("© 2024 Island Times. All rights reserved.", True),
    ("Advertisement", True),
    ("Readers of the post office report said more ferries were needed.", False),
    ("Watchdogs said the live export trade would be reviewed.", False),
])
def test_whole_boilerplate_lines_are_recognised(line, furniture):
    assert RULES.is_furniture_line(line) is furniture


def test_a_block_recurring_across_the_feed_is_dropped_but_not_one_shared_by_two_entries():
    footer = "Island Times is reader-funded. Support our journalism."
    shared = "The minister visited the harbour."
    documents = [[f"Story {n} about the ferry.", footer] for n in range(4)]
    documents[0].append(shared)
    documents[1].append(shared)
    furniture = recurring(documents)
    assert [drop_recurring(d, furniture) for d in documents[:2]] == [
        ["Story 0 about the ferry.", shared], ["Story 1 about the ferry.", shared]]


def test_a_feed_of_two_entries_has_no_recurring_blocks():
    assert recurring([["Same footer."], ["Same footer."]]) == set()


def test_a_page_gives_its_article_without_header_navigation_cookie_banner_most_read_or_footer():
    page = (FEEDS / "pages" / "pier.html").read_bytes()
    paragraphs = without_title(page_paragraphs(page, "http://news.test/pier", RULES),
                               "Council backs rebuild of the old ferry pier")
    text = "\n\n".join(paragraphs)
    assert paragraphs[0].startswith("HARBOURTON — The city council voted")
    assert "old iron bollards" in text and "sea wall along Quay Street" in text
    for furniture in ("Sport", "cookies", "Most read", "Storm damage bill", "All rights reserved", "Share on"):
        assert furniture not in text


def test_broken_html_gives_no_text():
    assert entry_paragraphs("<p", RULES) == [] or words(" ".join(entry_paragraphs("<p", RULES))) == 0
