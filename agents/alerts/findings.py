"""What one sentence contributes to an alert, and how an article's sentences are weighed.

Split from :mod:`agents.alerts.detector` so that the detector stays small: the per-sentence record
(:class:`SentenceFinding`), the evidence weight of a set of warning sentences, whether a warning is
explicit (a strong match naming two states, with forces or an official speaker) and the severity cap of
a passing mention (a warning read only in a clause of a market or business piece).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from agents.alerts import scoring as alert_scoring
from agents.alerts.roles import SentenceRoles
from agents.alerts.rules import AlertRules, Rule
from agents.knowledge.text import Span
from streams.runtime.records import Entity

_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)


@dataclass
class SentenceFinding:
    """What one sentence contributes: its best warning match, roles, or a counter-evidence match."""

    span: Span
    weight: float = 0.0
    rule: Rule | None = None
    matched: list[str] = field(default_factory=list)
    rule_ids: list[str] = field(default_factory=list)
    counters: list[str] = field(default_factory=list)
    counter_phrases: list[str] = field(default_factory=list)
    roles: SentenceRoles | None = None
    speakers: list[str] = field(default_factory=list)
    official: bool = False
    pivot: int = 0
    excluded: bool = False  # a sentence of another sense (a frame cue without forces): no rule reads it
    readable: bool = False  # excluded only by a passing frame's cue (business): the reader may still propose it


def evidence_weight(rules: AlertRules, text: str, warnings: Sequence[SentenceFinding]) -> float:
    """Evidence weight of an article's warnings.

    A sentence repeated (the title as the lede) counts once, and a question ("Could China invade Taiwan?")
    only ``question_weight`` of its rule: it asks, not warns; so does a background sentence (lexicon
    ``background``: "officials had warned ...", "China, which claims Taiwan as its own and has threatened
    to use force to bring it under its control").
    """
    best: dict[str, float] = {}
    background = rules.lexicon.get("background")
    for w in warnings:
        sentence = text[w.span.start:w.span.end]
        factor = rules.question_weight if sentence.rstrip("\"”’' )").endswith("?") else 1.0
        if background is not None and background.search(sentence):
            factor = rules.question_weight  # an old warning or a standing claim: background, not news
        key = " ".join(sentence.casefold().split())
        best[key] = max(best.get(key, 0.0), w.weight * factor)
    return sum(best.values())


def explicit(rules: AlertRules, text: str, w: SentenceFinding) -> bool:
    """A strong warning naming two states, with forces in the sentence or an official speaker.

    The target may be the speaking state ("Taiwan's defence minister said China could blockade the island").
    """
    roles = w.roles
    if roles is None or not roles.actor or w.weight < 2.0:
        return False
    target = roles.target or next((s for s in roles.speakers if s != roles.actor), None)
    if not target or target == roles.actor:
        return False
    return w.official or rules.lexicon["military"].search(text[w.span.start:w.span.end]) is not None


def severity_of(rules: AlertRules, text: str, warnings: Sequence[SentenceFinding], score: float,
                passing: bool) -> alert_scoring.Severity:
    """The severity of an alert's score; ``low`` for a passing mention, at least ``high`` for a direct warning.

    A passing mention is a warning read in an article of a ``passing`` frame (a market or business piece)
    where no warning sentence is explicit and none has an official speaker: one clause about the risk, not
    an official's direct warning. A direct warning (an explicit one with an official speaker) is at least
    ``high``.
    """
    if passing and not any(w.official or explicit(rules, text, w) for w in warnings):
        return "low"
    found = alert_scoring.level(rules.severity, score)
    if found in ("low", "medium") and any(w.official and explicit(rules, text, w) for w in warnings):
        return "high"  # an official's direct warning naming both states
    return found


def speaker_names(sentence: str, span: Span, speakers: Sequence[Span], entities: Sequence[Entity]) -> list[str]:
    """Names of a sentence's speakers: the entities inside each speaker span, else the span's words."""
    names: list[str] = []
    for s in speakers:
        inside = [e.canonical for e in entities if span.start + s.start <= e.start < span.start + s.end
                  and e.label in _SPEAKER_LABELS]
        names.extend(inside or [_ARTICLE.sub("", sentence[s.start:s.end])[:80]])
    return names
