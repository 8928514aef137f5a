"""What a poll of the feeds did: one report per feed, and the one line ``wirewatch ingest`` prints per poll."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# waiting: backing off after a failure; idle: not due yet (polled a moment ago).
Outcome = Literal["changed", "not_modified", "failed", "waiting", "idle"]


@dataclass
class FeedReport:
    """What one poll did with one feed."""

    feed: str
    outcome: Outcome
    new: int = 0
    updated: int = 0
    dead_letters: int = 0
    error: str | None = None
    retry_in: float | None = None


@dataclass
class PollSummary:
    """The reports of one poll, in the order the feeds were given."""

    number: int
    reports: list[FeedReport] = field(default_factory=list)
    next_in: float | None = None

    def count(self, outcome: Outcome) -> int:
        """Feeds with this outcome."""
        return sum(r.outcome == outcome for r in self.reports)

    def line(self) -> str:
        """One line for the operator: counts, then each failure with its reason and when it is tried again."""
        polled = len(self.reports) - self.count("waiting") - self.count("idle")
        parts = [f"poll {self.number}: {polled} feed(s) polled", f"{sum(r.new for r in self.reports)} new",
                 f"{sum(r.updated for r in self.reports)} updated",
                 f"{sum(r.dead_letters for r in self.reports)} dead-lettered",
                 f"{self.count('not_modified')} not modified", f"{self.count('failed')} failed"]
        if self.count("waiting"):
            parts.append(f"{self.count('waiting')} backing off")
        failures = [f"{r.feed}: {r.error} (retry in {r.retry_in:.0f}s)" for r in self.reports if r.outcome == "failed"]
        upcoming = [] if self.next_in is None else [f"next poll in {self.next_in:.0f}s"]
        return ", ".join(parts) + "".join(f"; {f}" for f in [*failures, *upcoming])
