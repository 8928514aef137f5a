"""Terminal views of records."""

from __future__ import annotations

import pytest

from streams.clients.render import headline, render_alert


@pytest.mark.parametrize(("article", "expected"), [
    ({"title": "Talks resume", "body": "Body."}, "Talks resume"),
    ({"title": "", "body": "MOSCOW (AP) — The Kremlin spoke. Then more."}, "MOSCOW (AP) — The Kremlin spoke."),
    ({"body": "word " * 60}, ("word " * 31).strip() + "…"),
])
def test_headline_is_the_title_or_the_first_sentence_cut_at_a_word(article, expected):
    assert headline(article) == expected


def test_alert_view_names_roles_sources_and_counter_evidence():
    text = render_alert({"kind": "invasion_warning", "severity": "high", "score": 4.5, "actor": "Russia",
                         "target": "Ukraine", "article_id": "a1", "source": ["Washington"], "escalated": True,
                         "corroborating_sources": ["AP", "Reuters"],
                         "evidence": [{"sentence": "Troops could move in."}],
                         "counter_evidence": [{"sentence": "Moscow denies it."}]})
    assert text.splitlines()[0].startswith("ALERT ESCALATED invasion_warning [high, score 4.5] Russia -> Ukraine")
    assert "warned by: Washington" in text and "corroborated by: AP, Reuters" in text
    assert "+ Troops could move in." in text and "- Moscow denies it." in text
