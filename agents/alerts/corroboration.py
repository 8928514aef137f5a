"""The stateful end of the alert stage: one alert per story, and corroboration.

Corroboration: independent outlets warning about the same (actor, target) within a window escalate.

State: a mapping (a Faust table in the worker, a dict offline) from ``"<actor>|<target>"`` to the recent
sightings ``[{"outlet", "story_id", "article_id", "at"}]``. An alert escalates when its outlet is new in the
window and another outlet already warned there about a different story; reprints of one story (same story
id) and several stories from one outlet never corroborate each other. Time is the article's
``published_at`` when it has one (so a replayed archive escalates as it did live), else the clock; every
time is compared in UTC (a naive one is read as UTC), so no pair of times can fail to compare.

Outlets are the free-text ``source`` of articles, so they are folded before they count
(:class:`OutletNames`): markup, HTML entities and invisible characters removed, case, periods and
apostrophes, other punctuation and spacing folded, then known aliases (``data/outlets.json``: "Associated
Press" is "AP") mapped to one name. "AP" and "AP" followed by junk are one outlet.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Callable, MutableMapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from streams.runtime.records import Alert, utcnow

OUTLETS_FILE = Path(__file__).parent / "data" / "outlets.json"
_MARKUP = re.compile(r"<[^>]*>")
_DROPPED = re.compile(r"[.'’`]")
_SEPARATORS = re.compile(r"[\W_]+")

SEVERITY_ORDER = ("low", "medium", "high", "critical")


class StoryGate:
    """One alert per (story, actor, target): remembers the pairs each story already alerted on.

    An article about two crises alerts twice, once per threatened pair; its reprints alert on neither.
    State: a mapping (a Faust table in the worker) from ``"<story_id>|<actor>|<target>"`` to the article id.
    """

    def __init__(self, state: MutableMapping[str, Any]) -> None:
        self.state = state

    def admit(self, alert: Alert) -> bool:
        """True the first time a story alerts on this pair."""
        key = f"{alert.story_id}|{alert.actor}|{alert.target}"
        if self.state.get(key):
            return False
        self.state[key] = alert.article_id
        return True


def bump_severity(severity: str, steps: int = 1) -> str:
    """The severity ``steps`` levels higher (capped at critical)."""
    index = SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else 0
    return SEVERITY_ORDER[min(index + steps, len(SEVERITY_ORDER) - 1)]


class OutletNames:
    """One name per outlet, however a feed writes it.

    Args:
        aliases: folded alias -> the outlet's name (see :meth:`load`).
    """

    def __init__(self, aliases: dict[str, str]) -> None:
        self.aliases = aliases

    @classmethod
    def load(cls, path: Path = OUTLETS_FILE) -> OutletNames:
        """Read an outlets file (``{"outlets": [{"name": ..., "aliases": [...]}]}``), checking every entry."""
        aliases: dict[str, str] = {}
        for entry in json.loads(path.read_text(encoding="utf-8"))["outlets"]:
            name = entry["name"]
            if not isinstance(name, str) or not fold(name):
                raise ValueError(f"{path}: an outlet without a name: {entry!r}")
            for alias in [name, *entry.get("aliases", [])]:
                aliases[fold(alias)] = name
        return cls(aliases)

    def identify(self, source: str | None) -> tuple[str, str] | None:
        """(key, name) of the outlet ``source`` names, or None when nothing is left of it once folded.

        Two sources are one outlet when their keys are equal; the name is the one to show.
        """
        folded = fold(source or "")
        if not folded:
            return None
        name = self.aliases.get(folded)
        return (fold(name), name) if name else (folded, " ".join(_visible(source or "").split()))


def _visible(text: str) -> str:
    text = unicodedata.normalize("NFKC", _MARKUP.sub(" ", html.unescape(text)))
    return "".join(c for c in text if unicodedata.category(c)[0] != "C" or c in "\t\n")


def fold(source: str) -> str:
    """The form outlet names are compared in: "<b>The Associated  Press</b>\u200b" -> "the associated press"."""
    return " ".join(_SEPARATORS.sub(" ", _DROPPED.sub("", _visible(source).casefold())).split())


def as_utc(when: datetime) -> datetime:
    """``when`` in UTC; a naive time is read as UTC."""
    return when.replace(tzinfo=UTC) if when.tzinfo is None or when.utcoffset() is None else when.astimezone(UTC)


def _seen_at(sighting: dict[str, Any]) -> datetime | None:
    try:
        return as_utc(datetime.fromisoformat(sighting["at"]))
    except (KeyError, TypeError, ValueError, OverflowError):
        return None  # an unreadable entry is dropped, not a reason to stop


class Corroborator:
    """Decides whether an alert is corroborated by other outlets within a time window.

    Args:
        state: mapping from ``"<actor>|<target>"`` to recent sightings (JSON-serialisable lists).
        window: how far back sightings corroborate.
        clock: the time of an alert without ``published_at`` (injected in tests).
        weight_per_outlet: score added per corroborating outlet, up to ``max_weight``.
        outlets: how outlet names are folded (the packaged ``data/outlets.json`` when omitted).
    """

    def __init__(self, state: MutableMapping[str, Any], window: timedelta,
                 clock: Callable[[], datetime] = utcnow, weight_per_outlet: float = 1.0,
                 max_weight: float = 2.0, outlets: OutletNames | None = None) -> None:
        self.state = state
        self.window = window
        self.clock = clock
        self.weight_per_outlet = weight_per_outlet
        self.max_weight = max_weight
        self.outlets = outlets or OutletNames.load()

    @staticmethod
    def key(alert: Alert) -> str | None:
        """Table key of an alert, or None when a role is unknown."""
        return f"{alert.actor}|{alert.target}" if alert.actor and alert.target else None

    def observe(self, alert: Alert) -> Alert | None:
        """Record the alert; return its escalated copy when independent outlets corroborate it, else None."""
        key, outlet = self.key(alert), self.outlets.identify(alert.outlet)
        if key is None or outlet is None:
            return None
        (outlet_key, outlet_name), now = outlet, as_utc(alert.published_at or self.clock())
        recent = []
        for sighting in self.state.get(key) or []:
            # Stored names are folded again: entries written before folding, or with other aliases, count right.
            at, named = _seen_at(sighting), self.outlets.identify(sighting.get("outlet"))
            if at is not None and named is not None and abs(now - at) <= self.window:
                recent.append({**sighting, "key": named[0], "outlet": named[1]})
        # Outlets that carried this very story are one source, however many of them reprinted it.
        same_source = {outlet_key} | {s["key"] for s in recent if s["story_id"] == alert.story_id}
        others = [s for s in recent if s["key"] not in same_source and s["story_id"] != alert.story_id]
        outlet_is_new = all(s["key"] != outlet_key for s in recent)
        if all(s["story_id"] != alert.story_id for s in recent):
            recent.append({"outlet": outlet_name, "key": outlet_key, "story_id": alert.story_id,
                           "article_id": alert.article_id, "at": now.isoformat()})
        # Assign a new list: a Faust table only writes its changelog on assignment. The key is not kept.
        self.state[key] = [{k: v for k, v in s.items() if k != "key"} for s in recent]
        if not others or not outlet_is_new:
            return None
        outlets = sorted({s["outlet"] for s in others} | {outlet_name})
        bonus = min(self.max_weight, self.weight_per_outlet * (len(outlets) - 1))
        return alert.model_copy(update={
            "escalated": True,
            "corroborating_sources": outlets,
            "score": round(alert.score + bonus, 2),
            "severity": bump_severity(alert.severity),
        })
