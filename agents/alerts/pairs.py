"""One alert per threatened pair: warning sentences grouped by (actor, target), each alert built from its own.

Each warning sentence gets its pair from its own structure (:mod:`agents.alerts.structure`), else from the
rules' role reading; a role still missing is completed from the article's overall reading (a sentence that
names only the target, "Ukrainians brace for a possible attack", belongs to the article's actor). Counter-
evidence goes to the pairs whose states it names (to every pair when it names none).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from agents.knowledge.countries import StateMention
from agents.knowledge.text import Span
from streams.runtime.records import Evidence

Pair = tuple[str, str]


@dataclass(frozen=True)
class Roles:
    """Actor and target of one warning sentence, either possibly unknown."""

    actor: str | None
    target: str | None


def complete(own: Roles, rules: Roles, article: tuple[str | None, str | None], others: Sequence[str] = (),
             full: Sequence[Pair] = (), before: Sequence[str] = ()) -> Roles:
    """A warning sentence's pair: its structure's roles, completed from a pair another sentence's structure
    gave in full with the same known role (``full``: in a roundup each crisis keeps its own), else from the
    article's pair where the known role agrees with it, else from the rules' reading of the sentence, else from
    the other states the sentence names (``others``, in text order: "Guyana's government warned that
    Venezuela could seize the territory"); an actor still missing is the state last named in the sentence
    before, in the same paragraph (``before``, in text order: "... a Sudanese commander threatened to pursue
    them. An army incursion into Chad cannot be ruled out"); a sentence with no structural role takes the
    rules' full pair, else the article's."""
    a_actor, a_target = article
    if own.actor is None and own.target is None:
        return rules if rules.actor and rules.target else Roles(a_actor, a_target)
    if own.actor is None:
        actor = next((a for a, t in full if t == own.target), None) or (
            a_actor if own.target == a_target else rules.actor)
        actor = actor or next((s for s in reversed(before) if s != own.target), None)
        return Roles(actor if actor != own.target else None, own.target)
    if own.target is None:
        target = next((t for a, t in full if a == own.actor), None) or (
            a_target if own.actor == a_actor else rules.target)
        target = target or next((s for s in others if s != own.actor), None)
        return Roles(own.actor, target if target != own.actor else None)
    return own


def group(items: Iterable[tuple[Roles, int]]) -> dict[Pair, list[int]]:
    """Indices of warning sentences by (actor, target), for pairs of two different states, in text order."""
    pairs: dict[Pair, list[int]] = {}
    for roles, index in items:
        if roles.actor and roles.target and roles.actor != roles.target:
            pairs.setdefault((roles.actor, roles.target), []).append(index)
    return pairs


def concerns(states: list[StateMention], pair: Pair) -> bool:
    """Whether a counter-evidence sentence speaks of this pair: it names one of its states, or none at all."""
    return not states or any(s.name in pair for s in states)


def evidence(text: str, span: Span, matched: list[str], rule_ids: list[str]) -> Evidence:
    """An evidence record for one sentence."""
    return Evidence(sentence=text[span.start:span.end], start=span.start, end=span.end,
                    matched=list(dict.fromkeys(matched)), rules=list(dict.fromkeys(rule_ids)))
