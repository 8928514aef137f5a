"""Corroboration counts outlets, not spellings, and compares times in UTC whatever their form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agents.alerts.corroboration import Corroborator, OutletNames, fold
from streams.runtime.records import Alert

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
OUTLETS = OutletNames.load()


def alert(article: str, outlet: str | None, published: datetime | None = T0) -> Alert:
    return Alert(severity="medium", score=3.0, cameo="1384", actor="Russia", target="Ukraine", evidence=[],
                 article_id=article, story_id=f"story-{article}", outlet=outlet, published_at=published)


@pytest.mark.parametrize(("source", "name"), [
    ("AP", "AP"), ("AP\u200b", "AP"), ("<b>AP</b>", "AP"), (" ap!! ", "AP"), ("AP&nbsp;", "AP"), ("AP\x00", "AP"),
    ("A.P.", "AP"), ("The Associated  Press", "AP"), ("Associated Press\n", "AP"),
    ("Thomson Reuters", "Reuters"), ("REUTERS", "Reuters"),
    ("Agence France-Presse", "AFP"), ("agence france presse", "AFP"),
    ("<i>BBC</i>  News", "BBC News"),
])
def test_spellings_of_one_outlet_are_one_name(source: str, name: str) -> None:
    found = OUTLETS.identify(source)
    assert found is not None and found[1] == name


@pytest.mark.parametrize("source", ["", "   ", "<i></i>", "!!!", None])
def test_nothing_left_once_folded_is_no_outlet(source: str | None) -> None:
    assert OUTLETS.identify(source) is None


def test_fold_keeps_words_apart() -> None:
    assert fold("<p>Kyiv  Independent</p>") == "kyiv independent"


@pytest.mark.parametrize("second", ["AP\u200b", "<b>AP</b>", "Associated Press", "ap."])
def test_one_outlet_spelled_twice_never_corroborates_itself(second: str) -> None:
    corroborator = Corroborator({}, timedelta(hours=6), outlets=OUTLETS)
    corroborator.observe(alert("a1", "AP"))
    assert corroborator.observe(alert("a2", second)) is None


def test_two_outlets_escalate_under_their_names() -> None:
    corroborator = Corroborator({}, timedelta(hours=6), outlets=OUTLETS)
    corroborator.observe(alert("a1", "The Associated Press"))
    escalated = corroborator.observe(alert("a2", "Thomson Reuters"))
    assert escalated is not None and escalated.corroborating_sources == ["AP", "Reuters"]


@pytest.mark.parametrize(("first", "second"), [
    (datetime(2024, 3, 1, 12), T0 + timedelta(hours=1)),
    (T0, datetime(2024, 3, 1, 13)),
    (datetime(2024, 3, 1, 14, tzinfo=UTC).astimezone(), datetime(2024, 3, 1, 15)),
])
def test_naive_and_aware_times_compare_as_utc(first: datetime, second: datetime) -> None:
    corroborator = Corroborator({}, timedelta(hours=6), outlets=OUTLETS)
    corroborator.observe(alert("a1", "AP", first))
    assert corroborator.observe(alert("a2", "Reuters", second)) is not None


def test_state_written_before_folding_or_unreadable_is_still_read() -> None:
    state = {"Russia|Ukraine": [
        {"outlet": "Associated Press", "story_id": "story-old", "article_id": "old", "at": "2024-03-01T11:00:00"},
        {"outlet": "Reuters", "story_id": "story-bad", "article_id": "bad", "at": "not a time"},
    ]}
    corroborator = Corroborator(state, timedelta(hours=6), outlets=OUTLETS)
    assert corroborator.observe(alert("a2", "AP")) is None  # the old naive entry is AP, read as UTC
    escalated = corroborator.observe(alert("a3", "AFP"))
    assert escalated is not None and escalated.corroborating_sources == ["AFP", "AP"]
