"""The seed-format parser: date, caption, dateline, body, contributors line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from streams.clients.seedformat import looks_like_seed, parse_seed

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_725fc296ee9ff8bc.txt"


def test_the_user_seed_parses_into_source_place_date_and_clean_body():
    article = parse_seed(SEED.read_text(), "000_725fc296ee9ff8bc")
    assert (article.source, article.dateline_place) == ("AP", "Moscow")
    assert article.published_at == datetime(2022, 2, 14, tzinfo=UTC)
    assert article.body.startswith("MOSCOW (AP) — The Kremlin signaled Monday")
    assert article.body.endswith("Kremlin spokesman Dmitry Peskov said Russia would welcome such a move.")
    assert "Kay Nietfeld" not in article.body and "Kay Nietfeld/dpa via AP" in (article.caption or "")
    assert "contributed to this report" not in article.body
    assert (article.byline or "").startswith("Karmanau reported from Kyiv")


@pytest.mark.parametrize(("text", "source", "place", "body_start"), [
    ("date 2023-05-01\n\nKYIV, Ukraine (AP) — Drones hit the city.\n\nMore later.", "AP", "Kyiv", "KYIV, Ukraine"),
    ("WASHINGTON (Reuters) - Talks resumed.\n\nSecond paragraph.", "Reuters", "Washington", "WASHINGTON"),
    ("date 2021-01-02 A man walks past a shop. (Jane Roe/AP Photo)\n\nUNITED NATIONS (AP) -- The council met.",
     "AP", "United Nations", "UNITED NATIONS"),
    ("Plain text with no dateline at all.\n\nA second paragraph.", None, None, "Plain text"),
])
def test_datelines(text, source, place, body_start):
    article = parse_seed(text, "x")
    assert (article.source, article.dateline_place) == (source, place)
    assert article.body.startswith(body_start)


def test_caption_without_dateline_is_not_body():
    article = parse_seed("date 2022-01-01 Soldiers at a checkpoint. (Photo by A. B./AFP)\n\nThe story starts.", "x")
    assert article.body == "The story starts."
    assert article.caption and article.caption.startswith("Soldiers")


def test_document_without_body_is_refused():
    with pytest.raises(ValueError, match="no body"):
        parse_seed("date 2022-01-01   \n\n  ", "x")


def test_id_defaults_to_a_stable_hash_of_the_body():
    text = "BERLIN (AP) — Something happened."
    assert parse_seed(text).id == parse_seed(text).id != parse_seed(text + " More.").id


@pytest.mark.parametrize(("text", "expected"), [
    ("date 2022-02-14 caption", True), ("MOSCOW (AP) — body", True), ("just words", False)])
def test_looks_like_seed(text, expected):
    assert looks_like_seed(text) is expected
