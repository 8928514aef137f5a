"""Dedup: URL canonicalisation and text normalisation, as case tables."""

from __future__ import annotations

import pytest

from agents.dedup.text import canonical_url, normalise_text, tokens

CANONICAL = "example.com/world/kyiv-talks-2024"


@pytest.mark.parametrize("url", [
    "https://example.com/world/kyiv-talks-2024",
    "http://example.com/world/kyiv-talks-2024/",
    "https://www.example.com/world/kyiv-talks-2024",
    "https://m.example.com/world/kyiv-talks-2024",
    "https://amp.example.com/world/kyiv-talks-2024",
    "https://mobile.example.com/world/kyiv-talks-2024",
    "https://example.com/world/kyiv-talks-2024/amp",
    "https://example.com/world/kyiv-talks-2024/amp/",
    "https://example.com/amp/world/kyiv-talks-2024",
    "https://example.com/world/kyiv-talks-2024.amp",
    "https://example.com/world/kyiv-talks-2024?outputType=amp",
    "https://example.com/world/kyiv-talks-2024?utm_source=twitter&utm_medium=social&utm_campaign=x",
    "https://example.com/world/kyiv-talks-2024?fbclid=IwAR0abc&gclid=Cj0KCQ",
    "https://example.com/world/kyiv-talks-2024?mc_cid=1&mc_eid=2&ocid=msn&smid=tw-share",
    "https://example.com/world/kyiv-talks-2024#comments",
    "HTTPS://WWW.EXAMPLE.COM/world/kyiv-talks-2024?utm_source=rss#top",
    "https://example.com:443/world/kyiv-talks-2024",
])
def test_variants_of_one_article_share_a_canonical_url(url: str) -> None:
    assert canonical_url(url) == CANONICAL


@pytest.mark.parametrize(("url", "expected"), [
    ("https://example.com/story?id=42&utm_source=x", "example.com/story?id=42"),
    ("https://example.com/story?page=2&id=42", "example.com/story?id=42&page=2"),
    ("https://example.com/World/Kyiv-Talks", "example.com/World/Kyiv-Talks"),
    ("https://m.bbc.co.uk/news/world-123", "bbc.co.uk/news/world-123"),
    ("https://m.com/news", "m.com/news"),
    ("https://news.example.com/a/index.html", "news.example.com/a"),
    ("https://example.com/a/b.amp.html", "example.com/a/b"),
    (None, None),
    ("", None),
    ("not a url", None),
])
def test_canonical_url_keeps_what_names_the_article(url: str | None, expected: str | None) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize(("a", "b"), [
    ("MOSCOW (AP) — The Kremlin said", "The Kremlin said"),
    ("KYIV, Ukraine (AP) — The Kremlin said", "The Kremlin said"),
    ("LONDON, Feb 14 (Reuters) - The Kremlin said", "The Kremlin said"),
    ("WASHINGTON — The Kremlin said", "The Kremlin said"),
    ("UPDATED 5:12 p.m. EST\n\nThe Kremlin said", "The Kremlin said"),
    ("Updated: March 4, 2024\nBy Anna Kovac, Reuters\nBERLIN (Reuters) - The Kremlin said", "The Kremlin said"),
    ("By JOHN SMITH\nAssociated Press\n\nThe Kremlin said", "The Kremlin said"),
    ("The Kremlin said\n\nAssociated Press writer Jane Doe in Kyiv contributed to this report.", "The Kremlin said"),
    ("The Kremlin said\nCopyright 2024 The Associated Press. All rights reserved.", "The Kremlin said"),
    ("“It’s over,” he said — finally.", '"It\'s over," he said - finally.'),
    ("«Non» ‘yes’ – no", '"Non" \'yes\' - no'),
    ("The  Kremlin\n\n\tSAID", "the kremlin said"),
    ("ﬁnal ｆｕｌｌｗｉｄｔｈ", "final fullwidth"),
    ("soft\u00adhyphen and zero\u200bwidth", "softhyphen and zerowidth"),
])
def test_reprint_edits_normalise_away(a: str, b: str) -> None:
    assert normalise_text(a) == normalise_text(b)


@pytest.mark.parametrize(("a", "b"), [
    ("The S&P 500 rose 0.6% to 4,410.21.", "The S&P 500 rose 0.3% to 4,397.05."),
    ("Sunrise is at 5:42 a.m.", "Sunrise is at 5:41 a.m."),
    ("NATO allies met in Brussels", "EU allies met in Brussels"),
])
def test_real_differences_survive_normalisation(a: str, b: str) -> None:
    assert normalise_text(a) != normalise_text(b)


def test_figures_stay_whole_tokens() -> None:
    assert tokens("rose 0.6% to 4,410.21 at 5:42 a.m.") == [
        # thousands separators and % are folded (test_dedup_classes); figures stay one token each
        "rose", "0.6", "percent", "to", "4410.21", "at", "5:42", "a.m"]


def test_dateline_is_dropped_only_at_the_start() -> None:
    text = "The Kremlin said.\n\nMOSCOW (AP) — is not a dateline here."
    assert normalise_text(text) == "the kremlin said moscow ap is not a dateline here"
