"""The seed-format parser runs in linear time on any input: crafted documents of 100,000 characters."""

from __future__ import annotations

import time

import pytest

from streams.clients.seedformat import ends_with_credit, parse_seed

N = 100_000

CRAFTED = {
    # The caption pattern that backtracked: an opening bracket, then many slashes or keywords, never closed.
    "unclosed credit of slashes": "date 2022-01-01 (" + "/" * N,
    "unclosed credit of keywords": "(" + "a via photo file " * (N // 18),
    "slashes between brackets": "(x/" * (N // 3) + ")",
    "many opening brackets": "(" * N + " (AP)",
    "spaces before the end": "Caption (Jane Roe/AP" + " " * N + "x)",
    "dateline of capitals": "AAA, " + "Bb " * (N // 3),
    "contributors with spaces": "X contributed to this report" + " " * N + "x",
    "blank lines of spaces": "\n" + " " * N + "x",
}


@pytest.mark.parametrize("first", CRAFTED.values(), ids=CRAFTED.keys())
def test_a_crafted_first_paragraph_of_100k_characters_parses_in_under_a_second(first):
    started = time.perf_counter()
    article = parse_seed(first + "\n\nThe story starts here.\n\nKarmanau reported from Kyiv.", "x")
    assert time.perf_counter() - started < 1.0
    assert article.body.endswith("The story starts here.") and article.byline == "Karmanau reported from Kyiv."


@pytest.mark.parametrize(("paragraph", "expected"), [
    ("A man walks past a shop. (Jane Roe/AP Photo)", True),
    ("Soldiers at a checkpoint. (Photo by A. B.)", True),
    ("Ukrainian servicemen (AP)", True),
    ("A view of the port. (Getty Images)  ", True),
    ("Kremlin spokesman (File)", True),
    ("Talks went on (and on)", False),
    ("An unclosed (Jane Roe/AP", False),
    ("Nested (a (b/c))", False),
    ("A credit mid-text (Jane Roe/AP) then more", False),
])
def test_credit_at_the_end_of_a_caption(paragraph, expected):
    assert ends_with_credit(paragraph) is expected
