"""Terminal views never pass control characters or escape codes from article text to the screen."""

from __future__ import annotations

import json
import re

import pytest

from streams.clients.render import headline, json_line, render

# Anything a terminal acts on: C0 and C1 controls (a view's own line breaks aside), bidirectional overrides.
ACTS_ON_TERMINAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize(("text", "shown"), [
    ("Kyiv\x1b[2J braces", "Kyiv braces"),                       # clear screen
    ("\x1b]0;pwned\x07Talks resume", "Talks resume"),            # window title, ended by BEL
    ("\x1b]0;pwned\x1b\\Talks resume", "Talks resume"),          # window title, ended by ST
    ("\x1b[1;31mRed\x1b[0m alert", "Red alert"),                 # colours
    ("Talks\x1b[", "Talks"),                                     # cut-off sequence at the end
    ("Line\none\ttab\rreturn", "Line one tab return"),           # line breaks and tabs become spaces
    ("Kyiv\x9b2J \x07bell\x00", "Kyiv2J bell"),                  # 8-bit CSI, bell, NUL removed alone
    ("\u202eniaR", "niaR"),                                      # right-to-left override
    ("Zürich – «Genève»", "Zürich – «Genève»"),                  # ordinary text untouched
])
def test_headline_shows_article_text_without_escape_codes(text, shown):
    assert headline({"title": text, "body": "Body."}) == shown


def test_every_view_cleans_every_field():
    dirty = "\x1b[2J\x1b]0;title\x07Russia\x1b[5m"
    views = {
        "alerts.v1": {"kind": "invasion_warning", "severity": "high", "score": 2.0, "actor": dirty, "target": dirty,
                      "article_id": dirty, "source": [dirty], "corroborating_sources": [dirty],
                      "evidence": [{"sentence": dirty}], "counter_evidence": [{"sentence": dirty}]},
        "articles.tagged.v1": {"article": {"id": dirty, "title": dirty, "body": dirty, "source": dirty},
                               "story_id": dirty, "entities": [{"label": dirty, "canonical": dirty, "text": dirty}]},
        "articles.duplicates.v1": {"article": {"id": dirty}, "duplicate_of": dirty, "method": dirty,
                                   "similarity": 0.9},
        "articles.deadletter.v1": {"reason": dirty, "detail": dirty, "offset": 3},
        "alerts.deadletter.v1": {"reason": dirty, "detail": dirty, "offset": 4},
        "articles.raw.v1": {"id": dirty, "title": dirty},
    }
    for topic, value in views.items():
        text = render(f"p.{topic}", value)
        assert "Russia" in text and not ACTS_ON_TERMINAL.search(text), (topic, text)


@pytest.mark.parametrize("article", [
    {"title": "", "body": "x" * 200_000},                        # a "headline" with no space at all
    {"title": "y" * 200_000, "body": "Body."},
    {"title": "", "body": "Ab " + "z" * 200_000 + ". More."},    # one space, too early to cut at
])
def test_a_headline_without_spaces_is_cut_by_characters(article):
    text = headline(article)
    assert len(text) == 160 and text.endswith("…")


def test_json_lines_escape_what_a_terminal_acts_on_and_parse_back_the_same():
    value = {"title": "\x1b]0;t\x07 \x9b2J \u202eevil \u2028next", "n": 1}
    line = json_line(value)
    assert not ACTS_ON_TERMINAL.search(line) and "\u2028" not in line
    assert json.loads(line) == value


@pytest.mark.parametrize(("topic", "value", "placeholder"), [
    ("p.alerts.v1", [1, 2], "p.alerts.v1: <unreadable record: expected a JSON object, got list>"),
    ("p.alerts.v1", None, "p.alerts.v1: <unreadable record: expected a JSON object, got NoneType>"),
    ("p.alerts.v1", {"severity": "high"}, "p.alerts.v1: <unreadable record: not a record of p.alerts.v1: "
                                          "KeyError 'kind'>"),
])
def test_a_record_without_its_topics_fields_renders_as_a_placeholder(topic, value, placeholder):
    assert render(topic, value) == placeholder
