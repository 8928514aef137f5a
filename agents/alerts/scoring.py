"""Severity of an invasion-warning alert: the documented score and its thresholds.

Severity score (weights in the rules file, ``severity``):
    min(evidence_cap, sum of evidence weights)
    + imminence.weight        when an evidence sentence says "within days", "at any moment", "as soon as ..."
    + scale.large_weight      for 100,000 troops or more named in evidence (some_weight from 10,000;
                              formation_weight for divisions, brigades, battalion tactical groups)
    + official.weight         when a warning's speaker is official (ministry, intelligence, Pentagon ...)
    + multiple_sources.weight when at least min_sources distinct speakers warn in the article
    + corroboration           weight_per_outlet per other outlet within the window (escalation, capped)
and the severity is the highest of ``thresholds`` (low, medium, high, critical) the score reaches.
An escalated alert is also raised one severity level (:mod:`agents.alerts.corroboration`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Literal

_TROOPS = re.compile(r"\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(thousand|million)?\s+(?:[\w-]+\s+){0,3}?"
                     r"(?:troops|soldiers|men|personnel|service members|servicemen|reservists)\b", re.I)
_TENS_OF_THOUSANDS = re.compile(r"\btens of thousands of\s+(?:\w+\s+)?(?:troops|soldiers|reservists)\b", re.I)
Severity = Literal["low", "medium", "high", "critical"]


def score(severity: dict[str, Any], evidence: Sequence[str], weights: Sequence[float], official: bool,
          sources: Sequence[str]) -> float:
    """The severity score of an article's warnings (before corroboration).

    Args:
        severity: the compiled ``severity`` section of the rules.
        evidence: the evidence sentences; ``weights`` their rule weights.
        official: whether any warning has an official speaker.
        sources: the warnings' speakers.
    """
    evidence_text = " ".join(evidence)
    total = min(float(severity["evidence_cap"]), sum(weights))
    if any(r.search(evidence_text) for r in severity["imminence_regex"]):
        total += float(severity["imminence"]["weight"])
    total += scale(severity, evidence_text)
    if official:
        total += float(severity["official"]["weight"])
    if len(set(sources)) >= int(severity["multiple_sources"].get("min_sources", 2)):
        total += float(severity["multiple_sources"]["weight"])
    return total


def scale(severity: dict[str, Any], evidence_text: str) -> float:
    """Weight of the force size named in the evidence (troop numbers, else formations)."""
    weights = severity["scale"]
    troops = 20000 if _TENS_OF_THOUSANDS.search(evidence_text) else 0
    for m in _TROOPS.finditer(evidence_text):
        number = float(m.group(1).replace(",", ""))
        number *= {"thousand": 1000, "million": 1_000_000}.get((m.group(2) or "").lower(), 1)
        troops = max(troops, int(number))
    if troops >= weights["large_troops"]:
        return float(weights["large_weight"])
    if troops >= weights["some_troops"]:
        return float(weights["some_weight"])
    if severity["formations_regex"].search(evidence_text):
        return float(weights["formation_weight"])
    return 0.0


def level(severity: dict[str, Any], value: float) -> Severity:
    """The highest threshold ``value`` reaches."""
    thresholds = severity["thresholds"]
    return max((k for k, v in thresholds.items() if value >= v), key=lambda k: thresholds[k])  # type: ignore[no-any-return]
