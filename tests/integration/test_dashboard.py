"""The browser live feed: a real Chromium renders what the dashboard reads from a real broker.

The records are ``tests/data/dashboard_feed.jsonl`` (six tagged articles, five alerts, one reprint). The first
test saves the README's screenshot, ``docs/dashboard.png``, when WIREWATCH_README_SCREENSHOT is set.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from streams.clients.dashboard import DashboardServer
from streams.ops.broker import free_port
from streams.runtime.settings import Settings
from streams.runtime.topics import TopicNames
from tests.integration.browser import Browser, chromium_path
from tests.integration.kafka_io import produce

REPO = Path(__file__).resolve().parents[2]
FEED = [json.loads(line) for line in (REPO / "tests" / "data" / "dashboard_feed.jsonl").open()]
PAIRS = "[...document.querySelectorAll('#map .pair')].map(p => p.dataset.pair + ' x' + p.dataset.count).sort()"
ALERTS = "[...document.querySelectorAll('#alerts .who')].map(e => e.textContent)"
ARTICLES = "[...document.querySelectorAll('#feed .article')].map(e => e.dataset.article)"
TOP = "[...document.querySelectorAll('#top li')].map(e => e.innerText.replace(/\\s+/g, ' '))"


@pytest.fixture
def browser(tmp_path):
    path = chromium_path()
    if not path:
        pytest.fail("Chromium is needed for the dashboard test: `make test` installs it (apt-get install chromium)")
    chromium = Browser(path, tmp_path / "profile")
    yield chromium
    chromium.close()


@pytest.fixture
def dashboard():
    """Start dashboards on any free port; each is stopped when the test ends."""
    started: list[DashboardServer] = []

    def start(settings: Settings, **kwargs) -> DashboardServer:
        server = DashboardServer(settings, port=0, **kwargs).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def publish_feed(settings: Settings, rows: list[dict] | None = None) -> None:
    """Produce the example records to this test's topics, in file order per topic."""
    names = TopicNames.from_settings(settings).by_base()
    rows = FEED if rows is None else rows
    for base in dict.fromkeys(row["topic"] for row in rows):
        produce(settings, names[base], [(str(row["value"].get("article_id") or row["value"]["article"]["id"]).encode(),
                                         json.dumps(row["value"]).encode()) for row in rows if row["topic"] == base])


def test_chromium_shows_alerts_feed_reprints_top_entities_and_the_map(settings_factory, browser, dashboard, tmp_path):
    settings = settings_factory()
    # The README's screenshot is refreshed on request only, so a test run leaves the checkout as it was.
    shot = REPO / "docs" / "dashboard.png" if os.environ.get("WIREWATCH_README_SCREENSHOT") else tmp_path / "dash.png"
    publish_feed(settings)
    server = dashboard(settings)
    browser.open(server.url)
    # The ranking comes as its own "top" event, after the records it counts: wait for it too.
    browser.wait_for(f"document.querySelector('#status.live') && {PAIRS}.length === 4 && "
                     "document.querySelectorAll('#feed .article').length === 6 && "
                     "document.querySelectorAll('#top li:not(.empty)').length >= 3")
    browser.screenshot(shot)
    text = browser.text()
    assert "Russia → Ukraine" in text and "China → Taiwan" in text
    assert "Russian troops could move on Ukraine within days" in text
    assert "Counter: Moscow denies any plan to invade." in text
    assert "Troops mass near the border" in text and "Ukraine (UA)" in text
    assert "ww-101-reprint repeats ww-101 (near, similarity 0.93)" in text
    assert "6 articles · 5 alerts · 1 reprints" in text
    assert browser.evaluate(PAIRS) == ["AZ>AM x1", "CN>TW x1", "IR>BH x1", "RU>UA x2"]
    roles = browser.evaluate("Object.fromEntries([...document.querySelectorAll('#map .actor, #map .target')]"
                             ".map(e => [e.dataset.code, e.classList.contains('actor') ? 'actor' : 'target']))")
    assert roles == {"RU": "actor", "UA": "target", "CN": "actor", "TW": "target", "AZ": "actor", "AM": "target",
                     "IR": "actor", "BH": "target"}  # Bahrain, too small for the shapes, is a point
    assert browser.evaluate(TOP)[:3] == ["Kyiv 2 articles", "Ukraine 2 articles", "Vladimir Putin (RU) 2 articles"]
    assert shot.stat().st_size > 50_000


def test_filters_by_severity_country_and_entity_narrow_alerts_feed_and_map(settings_factory, browser, dashboard):
    settings = settings_factory()
    publish_feed(settings)
    server = dashboard(settings)
    browser.open(server.url)
    browser.wait_for(f"{PAIRS}.length === 4 && document.querySelectorAll('#feed .article').length === 6 && "
                     "document.querySelectorAll('#top li:not(.empty)').length >= 3")

    browser.select("#filter-severity", "critical")
    browser.wait_for(f"{PAIRS}.length === 1")
    assert (browser.evaluate(PAIRS), browser.evaluate(ALERTS), browser.evaluate(ARTICLES)) == (
        ["CN>TW x1"], ["China → Taiwan"], ["ww-102"])
    assert "filter: 1 of 5 alerts shown" in browser.text()

    browser.click("#filter-clear")
    browser.wait_for(f"{PAIRS}.length === 4")
    browser.click("#map path.country[data-code='UA']")  # a person clicks Ukraine on the map
    browser.wait_for("location.hash === '#country=UA'")
    browser.wait_for(f"{PAIRS}.length === 1")
    assert browser.evaluate(PAIRS) == ["RU>UA x2"]
    assert browser.evaluate(ALERTS) == ["Russia → Ukraine", "Russia → Ukraine"]
    assert browser.evaluate(ARTICLES) == ["ww-106", "ww-101"]
    assert browser.evaluate(TOP) == ["Kyiv 2 articles", "Ukraine 2 articles"]  # the country's own entities
    assert browser.evaluate("document.getElementById('filter-country').value") == "UA"

    browser.click("#filter-clear")
    browser.wait_for(f"{PAIRS}.length === 4")
    browser.click("#feed .article[data-article='ww-103'] .chip.GPE:last-child")  # the "Baku" chip
    browser.wait_for(f"{PAIRS}.length === 1")
    assert (browser.evaluate(PAIRS), browser.evaluate(ALERTS), browser.evaluate(ARTICLES)) == (
        ["AZ>AM x1"], ["Azerbaijan → Armenia"], ["ww-103"])
    assert browser.evaluate("document.getElementById('filter-entity').value") == "Baku"


def test_an_open_page_shows_a_new_alert_and_its_pair_without_reloading(settings_factory, browser, dashboard):
    settings = settings_factory()
    server = dashboard(settings)
    alert = next(row for row in FEED if row["value"].get("actor") == "China")
    text = browser.page_text(server.url, ["China → Taiwan"], after_load=lambda: publish_feed(settings, [alert]))
    assert "No alert yet." not in text
    assert "China → Taiwan" in text and "article ww-102" in text
    assert browser.wait_for(PAIRS) == ["CN>TW x1"]


def test_a_record_that_is_no_object_is_skipped_and_later_records_still_reach_the_page(settings_factory, browser,
                                                                                      dashboard):
    settings = settings_factory()
    names = TopicNames.from_settings(settings)
    produce(settings, names.tagged, [(b"bad-1", b"[1, 2]")])  # a JSON array: killed the reader thread before
    produce(settings, names.alerts, [(b"bad-2", b"not json at all")])
    server = dashboard(settings)

    def more() -> None:
        produce(settings, names.tagged, [(b"bad-3", b"[]")])
        publish_feed(settings, FEED[:2])  # the Russia -> Ukraine article and its alert

    text = browser.page_text(server.url, ["Russia → Ukraine", "Troops mass near the border"], after_load=more)
    assert "Russia → Ukraine" in text and "Troops mass near the border" in text
    assert browser.wait_for("document.getElementById('skipped').innerText") == "3 unreadable records skipped"
    assert browser.evaluate("document.querySelector('#status').className") == "status live"
    assert server.feed.status()["skipped_by_reason"] == {"not_object": 2, "not_json": 1}


def test_the_page_says_stale_not_live_when_kafka_cannot_be_read(browser, dashboard):
    settings = Settings(app_id="ww-stale", bootstrap_servers=f"127.0.0.1:{free_port()}")  # nothing listens there
    server = dashboard(settings)
    browser.open(server.url)
    status = browser.wait_for("document.querySelector('#status.stale') && document.getElementById('status').innerText")
    assert status.startswith("stale: cannot reach Kafka at 127.0.0.1:")
    assert not browser.evaluate("!!document.querySelector('#status.live')")


def test_beyond_loopback_the_page_needs_the_token_and_keeps_it_out_of_the_address_bar(settings_factory, browser,
                                                                                       dashboard):
    settings = settings_factory()
    publish_feed(settings, FEED[:2])
    server = dashboard(settings, host="0.0.0.0")  # noqa: S104 - bound everywhere; the test connects on loopback
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(server.base_url + "api/recent", timeout=10)  # noqa: S310 - loopback
    assert refused.value.code == 401
    browser.open(server.url)  # the address the command printed, with ?token=
    browser.wait_for("document.querySelector('#status.live') && document.body.innerText.includes('Russia → Ukraine')")
    assert browser.evaluate("location.href") == server.base_url


def test_event_stream_pushes_records_to_scripts_too(settings_factory, dashboard):
    settings = settings_factory()
    server = dashboard(settings)
    alert = next(row for row in FEED if row["topic"] == "alerts.v1")
    with urllib.request.urlopen(server.base_url + "events", timeout=60) as stream:  # noqa: S310 - loopback
        lines: list[str] = []
        while "event: snapshot" not in lines:  # the stream is open: now publish
            lines.append(stream.readline().decode().strip())
        publish_feed(settings, [alert])
        while "event: alert" not in lines or not lines[-1].startswith("data:"):
            lines.append(stream.readline().decode().strip())
    pushed = json.loads(lines[-1][5:])
    assert (pushed["actor"], pushed["target"], pushed["article_id"], pushed["actor_code"]) == (
        "Russia", "Ukraine", "ww-101", "RU")
