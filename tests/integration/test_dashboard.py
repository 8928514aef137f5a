"""The browser live feed: a real Chromium renders what the dashboard reads from a real broker."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest

from streams.clients.dashboard import DashboardServer
from streams.runtime.records import Alert, Article, DuplicateRecord, Entity, Evidence, TaggedArticle
from streams.runtime.topics import TopicNames
from tests.integration.browser import Browser, chromium_path
from tests.integration.kafka_io import produce


@pytest.fixture
def browser(tmp_path):
    path = chromium_path()
    if not path:
        pytest.fail("Chromium is needed for the dashboard test: `make test` installs it (apt-get install chromium)")
    chromium = Browser(path, tmp_path / "profile")
    yield chromium
    chromium.close()


def _records(article_id: str = "dash-1"):
    article = Article(id=article_id, title="Troops mass near the border", source="AP",
                      body="KYIV (AP) — Russian troops could move on Ukraine within days, officials warned.")
    entities = [Entity(text="Russian", label="NORP", start=40, end=47, canonical="Russian", country_code="RU"),
                Entity(text="Ukraine", label="GPE", start=68, end=75, canonical="Ukraine", country_code="UA")]
    tagged = TaggedArticle(article=article, story_id="story-dash", entities=entities)
    alert = Alert(severity="high", score=3.5, cameo="138", actor="Russia", target="Ukraine", source=["officials"],
                  evidence=[Evidence(sentence="Russian troops could move on Ukraine within days, officials warned.",
                                     start=40, end=108)],
                  counter_evidence=[Evidence(sentence="Moscow denies any plan to invade.", start=0, end=33)],
                  article_id=article_id, story_id="story-dash", outlet="AP")
    dup = DuplicateRecord(article=article.model_copy(update={"id": "dash-2"}), duplicate_of=article_id,
                          story_id="story-dash", method="near", similarity=0.93)
    return tagged, alert, dup


def _wait(predicate, timeout_s=30.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_chromium_shows_alerts_feed_and_reprints_already_on_the_topics(settings_factory, browser, tmp_path):
    settings = settings_factory()
    names = TopicNames.from_settings(settings)
    tagged, alert, dup = _records()
    produce(settings, names.tagged, [(b"dash-1", tagged)])
    produce(settings, names.alerts, [(b"dash-1", alert)])
    produce(settings, names.duplicates, [(b"dash-2", dup)])
    server = DashboardServer(settings, port=0).start()
    try:
        assert _wait(lambda: all(server.feed.recent[k] for k in ("tagged", "alert", "duplicate")))
        shot = tmp_path / "dashboard.png"
        text = browser.page_text(server.url, ["Russia → Ukraine", "dash-2 repeats"], screenshot=shot)
    finally:
        server.stop()
    assert "Russia → Ukraine" in text
    assert "Russian troops could move on Ukraine within days" in text
    assert "Counter: Moscow denies any plan to invade." in text
    assert "Troops mass near the border" in text and "Ukraine (UA)" in text
    assert "dash-2 repeats dash-1 (near, similarity 0.93)" in text
    assert "1 articles · 1 alerts · 1 reprints" in text
    assert shot.stat().st_size > 10_000


def test_an_open_page_shows_a_new_alert_without_reloading(settings_factory, browser):
    settings = settings_factory()
    names = TopicNames.from_settings(settings)
    _tagged, alert, _dup = _records("dash-live")
    server = DashboardServer(settings, port=0).start()
    try:
        text = browser.page_text(server.url, ["Russia → Ukraine"],
                                 after_load=lambda: produce(settings, names.alerts, [(b"dash-live", alert)]))
    finally:
        server.stop()
    assert "No alert yet." not in text
    assert "Russia → Ukraine" in text and "article dash-live" in text


def test_event_stream_pushes_records_to_scripts_too(settings_factory):
    settings = settings_factory()
    names = TopicNames.from_settings(settings)
    _tagged, alert, _dup = _records()
    server = DashboardServer(settings, port=0).start()
    try:
        with urllib.request.urlopen(server.url + "events", timeout=60) as stream:  # noqa: S310 - loopback
            assert _wait(lambda: server.feed.listeners)
            produce(settings, names.alerts, [(b"dash-1", alert)])
            lines: list[str] = []
            while not any(line.startswith("data:") for line in lines):
                lines.append(stream.readline().decode().strip())
    finally:
        server.stop()
    assert "event: alert" in lines
    pushed = json.loads(next(line for line in lines if line.startswith("data:"))[5:])
    assert (pushed["actor"], pushed["target"], pushed["article_id"]) == ("Russia", "Ukraine", "dash-1")
