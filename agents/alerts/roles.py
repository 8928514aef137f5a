"""Roles of an invasion warning: which state's forces would move (actor) against which state (target).

States are found in a sentence from the entity stage (GPE, LOC and NORP entities with a ``country_code``:
"Russian" -> RU, "Moscow" -> RU) and, where the tagger gave none, from the gazetteer's state finder
(:meth:`agents.knowledge.gazetteer.Gazetteer.find_states`: names, demonyms, capitals, seats of government such
as "Kremlin"). Names are canonical country names (:func:`agents.knowledge.countries.country_name`).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from agents.knowledge.countries import StateMention, country_name
from agents.knowledge.gazetteer import Gazetteer
from agents.knowledge.text import Span
from streams.runtime.records import Entity

_STATE_LABELS = {"GPE", "LOC", "NORP", "FAC", "ORG"}
# Bare directions are regions of the text's own country ("the North"), never a state by themselves.
_NOT_STATES = {"north", "south", "east", "west", "the north", "the south", "the east", "the west"}
# Seas, straits and ranges are shared by several states: never a party, whatever code the tagger gave.
_FEATURE = re.compile(r"\b(?:Sea|Ocean|Gulf|Strait|Straits|Bay|Channel|Sound|River|Lake|Mountains|Range|Desert|Basin)$")
_MILITARY_AFTER = re.compile(
    r"^(?:'s|’s)?\s*(?:(?:has|have|had|is|are|was|were)\s+(?:been\s+)?(?:moved|sent|deployed|massed|amassed|"
    r"positioned|stationed|assembled|gathered|moving|sending|deploying|massing)\s+(?:[\w-]+\s+){0,3}?)?"
    r"(?:[\w-]+\s+){0,2}?(?:troops|forces|army|military|soldiers|tanks|armou?r\w*|columns|divisions|"
    r"brigades|battalions|units|navy|naval|marines|commandos|special|paratroopers|artillery|warships|infantry|federal|"
    r"contingent|grouping|garrison|task force|"
    r"landing|vessels|aircraft|jets|warplanes|missiles|ships|amphibious|assault)\b",
    re.I,
)
_QUALIFIES = re.compile(r"(?:['’]s)?\s+(?:(?:planned|possible|potential|imminent|expected|feared|new|fresh|"
                        r"renewed|major|full-scale|large-scale|all-out|surprise|ground|military|armed|amphibious|land|naval|air|winter|"
                        r"spring|summer|autumn|northern|southern|eastern|western)\s+){0,2}", re.I)
# A trailing description after the threat's object: ", the narrow strip of land linking the Baltic states to Poland".
_APPOSITIVE = re.compile(r",\s+(?:the|a|an|which|where|whose|linking|connecting|home to)\b", re.I)
_NOT_PARTY_AFTER = re.compile(r"-(?:speaking|speakers?|language|born|made|built|designed|owned|style|era|"
                              r"educated|trained|flagged|registered)\b|"
                              # "told British nationals to leave Guyana": whose citizens leave is no party.
                              r"\s+(?:nationals|citizens|expatriates|expats|passport holders|tourists|diplomats|"
                              r"embassy|embassies|high commission|consulate)\b", re.I)
# "an imminent incursion by Tajik forces into Batken": the state after "by" owns the threat's noun.
_BY_AGENT = re.compile(r"^[\w'-]+\s+by\s+(?:[\w'-]+\s+){0,2}?$", re.I)
# "could attack a Baltic state", "strike one of its neighbours": a generic target, the speaker's state stands in.
_GENERIC_TARGET = re.compile(r"\s*(?:(?:an?|one of (?:its|the)|another|other|any|some)\s+)?(?:[\w'-]+\s+){0,2}?"
                             r"(?:states?|country|countries|nations?|members?|neighbou?rs?|ally|allies)\b", re.I)
# "Turkish-backed forces": a sponsor, not the owner of the forces.
_PROXY = re.compile(r"-(?:backed|supported|allied|trained|funded|armed|aligned|sponsored)\b", re.I)
# "Ukraine's military intelligence says", "the Greek army said": forces that speak, not forces that move.
_SPEAKING_BODY = re.compile(r"^\s*(?:intelligence\b|(?:[\w-]+\s+){0,2}?(?:says|said|warned|warns|told|reported|"
                            r"stated|announced|spokes\w+|command said|chiefs?)\b)", re.I)
# "..., if Moscow decides to test Washington": states in a condition after the threat are not its object.
_CONDITION_AFTER = re.compile(r"\b(?:if|unless|once|whether|in case|in the event)\b", re.I)
# "the Belarusian border with Lithuania": the state owning the border is not the one across it.
_BORDER_WITH = re.compile(r"^(?:'s|’s)?\s+(?:[\w-]+\s+){0,2}?(?:border|frontier|boundary)\s+with\b", re.I)
_OWN_FORCES = re.compile(r"\b(?:his|her|its|our|their|the)\s+(?:[\w-]+\s+)?"
                         r"(?:army|military|troops|forces|soldiers|generals|commanders|navy|marines)\b|"
                         r"^\s*(?:that\s+)?(?:it|we)\b", re.I)
# Forces named as defending ("Taiwan's armed forces raised their alert level") belong to the target.
_DEFENDING = re.compile(r"^[^.;]{0,60}?\b(?:raised (?:[\w']+ )?alert|on (?:high )?alert|defen[cd]\w*|repositioned|"
                        r"scrambled|reinforc\w+ (?:[\w']+ )?defen[cs]es|dug in to defend)", re.I)


def state_name(code: str) -> str:
    """Canonical name of a state code from the entity stage; the code itself when no table knows it."""
    try:
        return country_name(code)
    except KeyError:
        return code.upper()


def mentions(text: str, span: Span, entities: Iterable[Entity], gazetteer: Gazetteer) -> list[StateMention]:
    """States named in ``text[span]``: entity-stage codes first, the gazetteer's state finder for the rest."""
    found: list[StateMention] = []
    for e in entities:
        if span.start <= e.start and e.end <= span.end and e.label in _STATE_LABELS \
                and e.text.casefold() not in _NOT_STATES and not _FEATURE.search(e.text):
            # The country table's curated places (capitals, disputed areas, islands) come before the tagger's
            # code: a city lookup can pick a namesake abroad ("Jermuk" in Turkey, "Islamabad" as an alias).
            code = gazetteer.stands_for(e.text) or (e.country_code if e.label in {"GPE", "LOC", "NORP"} else None)
            if code:
                found.append(StateMention(e.start, e.end, code.upper(), state_name(code)))
    for m in gazetteer.find_states(text[span.start:span.end], span.start):
        if not any(f.start < m.end and m.start < f.end for f in found):
            found.append(m)
    # "a Russian-speaking town", "a French-made missile": a language or origin, not a party.
    return sorted((m for m in found if not _NOT_PARTY_AFTER.match(text, m.end)), key=lambda m: m.start)


@dataclass
class SentenceRoles:
    """Role candidates of one warning sentence."""

    actor: str | None
    target: str | None
    speakers: list[str]
    others: list[str]
    armed: list[str]
    own_forces: bool = False  # "his army could ...": the speaker threatens with their own forces
    generic_target: bool = False  # "could attack a Baltic state": the target is a category, not a name
    weak_target: bool = False  # the target is only named in a trailing description (", the strip linking ...")


def sentence_roles(text: str, states: list[StateMention], pivot: int, clause: int, speakers: list[Span],
                   passive: bool) -> SentenceRoles:
    """Actor and target around the threat's pivot (absolute offsets into ``text``).

    The actor is, in order: a state qualifying military nouns before the pivot in the threat's clause
    ("Russian troops"), the clause's first state, the nearest state before the pivot. The target is the first
    other state after the pivot. In the passive ("Taiwan could be attacked by China") the two swap.
    """
    in_speaker = [m for m in states if any(s.start <= m.start < s.end for s in speakers)]
    condition = _CONDITION_AFTER.search(text, pivot)
    content = [m for m in states if m not in in_speaker and (condition is None or m.start < condition.start())]
    before = [m for m in content if m.end <= pivot]
    after = [m for m in content if m.start >= pivot]
    armed = [m for m in before if _MILITARY_AFTER.match(text[m.end:m.end + 60])
             and not _DEFENDING.match(text[m.end:m.end + 90])]
    own_forces = weak_target = False
    pivot_word = re.match(r"[\w'-]+", text[pivot:])
    generic = bool(pivot_word and _GENERIC_TARGET.match(text, pivot + pivot_word.end()))
    by_agent = None if passive else next((m for m in after if _BY_AGENT.match(text[pivot:m.start])), None)
    actor: str | None
    target: str | None
    if by_agent is not None:
        actor = by_agent.name
        rest = [m for m in after if m.start > by_agent.start and m.name != actor
                and not _BORDER_WITH.match(text[m.end:m.end + 40])]
        target = next((m.name for m in [*rest, *reversed(before)] if m.name != actor), None)
    elif passive:
        actor = next((m.name for m in after), None)
        target = next((m.name for m in reversed(before) if m.name != actor), None)
    else:
        in_clause = [m for m in before if m.start >= clause]
        # "fearing an Azerbaijani offensive", "Russia's planned assault": the state qualifying the threat's noun.
        qualifier = [m for m in before if _QUALIFIES.fullmatch(text[m.end:pivot])]
        picks = qualifier or [m for m in in_clause if m in armed] or in_clause
        actor = picks[0].name if picks else None
        own_forces = not in_clause and bool(_OWN_FORCES.search(text[clause:pivot]))
        candidates = [m for m in after if m.name != actor and not _BORDER_WITH.match(text[m.end:m.end + 40])]
        near = [m for m in candidates if not _APPOSITIVE.search(text[pivot:m.start])]
        target = (near or candidates)[0].name if candidates else None
        weak_target = bool(candidates) and not near
    return SentenceRoles(
        actor=actor, target=target, speakers=[m.name for m in in_speaker],
        others=[m.name for m in sorted(content, key=lambda m: abs(m.start - pivot)) if m.name not in (actor, target)],
        armed=[m.name for m in armed], own_forces=own_forces, weak_target=weak_target, generic_target=generic,
    )


def armed_states(text: str, states: list[StateMention], near: int = 0) -> list[str]:
    """States owning forces anywhere in the text ("the Russian contingent"), defenders and speaking bodies
    ("Ukraine's military intelligence says") left out: those before ``near`` first, nearest first."""
    armed = [m for m in states
             if not _PROXY.match(text, m.end) and (found := _MILITARY_AFTER.match(text[m.end:m.end + 60]))
             and not _DEFENDING.match(text[m.end:m.end + 90])
             and not _SPEAKING_BODY.match(text[m.end + found.end():m.end + found.end() + 40])]
    before = sorted((m for m in armed if m.end <= near), key=lambda m: near - m.end)
    return [m.name for m in [*before, *(m for m in armed if m.end > near)]]


def _target_votes(votes: list[tuple[SentenceRoles, float]]) -> Iterable[tuple[str, float]]:
    """Each sentence's target with its weight (half for a target named only in a trailing description)."""
    for roles, weight in votes:
        if roles.target:
            yield roles.target, weight * (0.5 if roles.weak_target else 1.0)
        elif roles.generic_target:
            # "Estonia's spy chief says Russia could attack a Baltic state": the speaking state is the target.
            for state in dict.fromkeys(s for s in roles.speakers if s != roles.actor):
                yield state, weight


def _heaviest(weighted: Iterable[tuple[str, float]]) -> str | None:
    """The name with the largest summed weight (the first named on a tie), or None."""
    totals: dict[str, float] = {}
    for name, weight in weighted:
        totals[name] = totals.get(name, 0.0) + weight
    return max(totals, key=lambda k: totals[k]) if totals else None


def merge_roles(first: SentenceRoles | None, second: SentenceRoles | None) -> SentenceRoles | None:
    """Roles of the stronger match, with a missing actor or target taken from another match."""
    if first is None or second is None:
        return first or second
    actor = first.actor or (second.actor if second.actor != first.target else None)
    target = first.target or (second.target if second.target != actor else None)
    return dataclasses.replace(first, actor=actor, target=target)


def resolve(votes: list[tuple[SentenceRoles, float]], title_states: list[str],
            article_states: list[str], article_armed: list[str] | None = None,
            parsed: Sequence[tuple[str | None, str | None, float, list[str]]] = ()) -> tuple[str | None, str | None]:
    """Article-level actor and target from weighted sentence candidates, with documented fallbacks.

    Fallbacks when a role is missing: the roles the warning sentences' parses give (``parsed``: actor, target,
    weight, the states the sentence names), weighted; then, for the actor, states owning forces in the warning
    sentences, then the speakers' own states where they speak of their own forces ("his army could ...", "it
    will"), then states owning forces elsewhere in the article ("the Russian contingent ... those forces could
    push"), then the title; for the target, other states in the warning sentences, then the title, then the
    most named state of the article.
    """
    actor = _heaviest((r.actor, w) for r, w in votes if r.actor)
    target = _heaviest((t, w) for t, w in _target_votes(votes) if t != actor)
    if actor is None:
        actor = _heaviest((a, w) for a, _, w, _ in parsed if a and a != target)
    if target is None:
        target = _heaviest((t, w) for _, t, w, _ in parsed if t and t != actor)
    if actor is None:
        military = [s for r, _ in votes for s in r.armed]
        speakers = [s for r, _ in votes if r.own_forces for s in r.speakers]
        actor = next((s for s in [*military, *speakers, *(article_armed or []), *title_states] if s != target), None)
    if target is None:
        others = [*(s for r, _ in votes for s in r.others), *(s for *_, named in parsed for s in named)]
        ranked = [s for s, _ in Counter(article_states).most_common()]
        target = next((s for s in [*others, *title_states, *ranked] if s != actor), None)
    return actor, target
