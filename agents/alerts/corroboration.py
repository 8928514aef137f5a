"""The stateful end of the alert stage: one alert per story, and corroboration.

Corroboration: independent outlets warning about the same (actor, target) within a window escalate.

State: a mapping (a Faust table in the worker, a dict offline) from ``"<actor>|<target>"`` to the recent
sightings ``[{"outlet", "story_id", "article_id", "at"}]``. An alert escalates when its outlet is new in the
window and another outlet already warned there about a different story; reprints of one story (same story
id) and several stories from one outlet never corroborate each other. Time is the article's
``published_at`` when it has one (so a replayed archive escalates as it did live), else the clock.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from datetime import datetime, timedelta
from typing import Any

from streams.runtime.records import Alert, utcnow

SEVERITY_ORDER = ("low", "medium", "high", "critical")


class StoryGate:
    """One alert per story: remembers the stories that already alerted (a Faust table in the worker)."""

    def __init__(self, state: MutableMapping[str, Any]) -> None:
        self.state = state

    def admit(self, alert: Alert) -> bool:
        """True the first time a story alerts."""
        if self.state.get(alert.story_id):
            return False
        self.state[alert.story_id] = alert.article_id
        return True


def bump_severity(severity: str, steps: int = 1) -> str:
    """The severity ``steps`` levels higher (capped at critical)."""
    index = SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else 0
    return SEVERITY_ORDER[min(index + steps, len(SEVERITY_ORDER) - 1)]


class Corroborator:
    """Decides whether an alert is corroborated by other outlets within a time window.

    Args:
        state: mapping from ``"<actor>|<target>"`` to recent sightings (JSON-serialisable lists).
        window: how far back sightings corroborate.
        clock: the time of an alert without ``published_at`` (injected in tests).
        weight_per_outlet: score added per corroborating outlet, up to ``max_weight``.
    """

    def __init__(self, state: MutableMapping[str, Any], window: timedelta,
                 clock: Callable[[], datetime] = utcnow, weight_per_outlet: float = 1.0,
                 max_weight: float = 2.0) -> None:
        self.state = state
        self.window = window
        self.clock = clock
        self.weight_per_outlet = weight_per_outlet
        self.max_weight = max_weight

    @staticmethod
    def key(alert: Alert) -> str | None:
        """Table key of an alert, or None when a role is unknown."""
        return f"{alert.actor}|{alert.target}" if alert.actor and alert.target else None

    def observe(self, alert: Alert) -> Alert | None:
        """Record the alert; return its escalated copy when independent outlets corroborate it, else None."""
        key = self.key(alert)
        if key is None or not alert.outlet:
            return None
        now = alert.published_at or self.clock()
        recent = [s for s in self.state.get(key) or [] if abs(now - datetime.fromisoformat(s["at"])) <= self.window]
        # Outlets that carried this very story are one source, however many of them reprinted it.
        same_source = {alert.outlet} | {s["outlet"] for s in recent if s["story_id"] == alert.story_id}
        others = [s for s in recent if s["outlet"] not in same_source and s["story_id"] != alert.story_id]
        outlet_is_new = all(s["outlet"] != alert.outlet for s in recent)
        if all(s["story_id"] != alert.story_id for s in recent):
            recent.append({"outlet": alert.outlet, "story_id": alert.story_id, "article_id": alert.article_id,
                           "at": now.isoformat()})
        # Assign a new list: a Faust table only writes its changelog on assignment.
        self.state[key] = recent
        if not others or not outlet_is_new:
            return None
        outlets = sorted({s["outlet"] for s in others} | {alert.outlet})
        bonus = min(self.max_weight, self.weight_per_outlet * (len(outlets) - 1))
        return alert.model_copy(update={
            "escalated": True,
            "corroborating_sources": outlets,
            "score": round(alert.score + bonus, 2),
            "severity": bump_severity(alert.severity),
        })
