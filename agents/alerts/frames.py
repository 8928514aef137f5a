"""Checks on one warning match: whether it counts (clause, agent, conditionals, counter-evidence, who acts).

Split from :mod:`agents.alerts.detector` so that the detector stays small. A match counts when:

* its clause is not an if-clause (``conditional_pattern``), its noun is no past event
  (:func:`past_reference`), and no counter-evidence overlaps it, unless a contrast word ("but", "despite")
  separates them;
* military nouns are near the pivot when the rule says ``needs_military``;
* an agent (military nouns or a state outside the speakers) is in its clause, or anywhere in the sentence
  for ``agent_scope: sentence`` rules (``context``: military nouns may be in the sentence before), or a
  pronoun subject stands for forces named earlier in the sentence;
* the one acting is not a non-state group only (lexicon ``nonstate``: militants, gangs, protesters, the
  opposition ...): "the militants could attack other towns near the border with Mali" is no state's threat.
"""

from __future__ import annotations

import re

from agents.alerts.rules import AlertRules, Rule
from agents.alerts.text import clause_start, dateline_end
from agents.knowledge.countries import StateMention
from agents.knowledge.text import Span

_PRONOUN_SUBJECT = re.compile(r"^\s*(?:they|it)\s", re.I)
_CONTRAST = re.compile(r"\b(?:but|however|despite|although|though|yet|while)\b", re.I)
# Quotation marks around a word ("a "special military operation"") read as apostrophes, which patterns
# accept inside words: same length, so offsets hold.
_QUOTES = str.maketrans({'"': "'", "“": "'", "”": "'", "‘": "'", "«": "'", "»": "'"})


def match_text(sentence: str) -> str:
    """The sentence as warning patterns read it: quotation marks become apostrophes (same length)."""
    return sentence.translate(_QUOTES)


_MODAL = re.compile(r"\b(?:could|would|will|may|might|shall|can|won't|wouldn't)\b", re.I)
_STILL_TO_COME = re.compile(r"[\w'-]+\s+(?:begins|starts|comes|gets under way|is launched|is over)\b", re.I)


def open_parts(rules: AlertRules, sentence: str) -> list[tuple[int, int]]:
    """The parts of an excluded sentence that a contrast word ("but", "however") sets apart from its excluding
    cue and that exclude nothing on their own: "Serbian forces pulled back from the boundary, but officials
    fear Belgrade could send troops into the north" keeps its second part. Empty when no part is open."""
    cuts = [0, *(m.start() for m in _CONTRAST.finditer(sentence)), len(sentence)]
    parts = [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]
    if len(parts) < 2:
        return []
    return [(a, b) for a, b in parts if not rules.excluded(sentence[a:b])]


def past_reference(rules: AlertRules, sentence: str, pivot: int) -> bool:
    """The threat's noun names a past event: "came months before Russia's full-scale invasion of Ukraine",
    "since the offensive" (a marker of lexicon ``past_event``, then a definite or possessive noun phrase).

    Not past: an indefinite noun ("before an invasion"), a prospective modifier ("before the expected
    assault"), a modal anywhere in the sentence, or a noun whose event is still to come ("before the attack
    begins").
    """
    past = rules.lexicon.get("past_event")
    if past is None or _MODAL.search(sentence) or _STILL_TO_COME.match(sentence, pivot):
        return False
    tail = re.search(rf"(?:{past.pattern})\s+(?!an?\s)(?:[\w'’-]+\s+){{0,4}}$", sentence[:pivot], re.I)
    if tail is None:
        return False
    prospective = rules.lexicon.get("prospective_modifier")
    return prospective is None or prospective.search(tail.group()) is None


def counts(rules: AlertRules, sentence: str, rule: Rule, m: re.Match[str], pivot: int, speakers: list[Span],
           states: list[StateMention], span: Span, counters: list[tuple[Rule, re.Match[str]]],
           before: str = "") -> bool:
    """Whether a warning match counts (see the module docstring); ``before`` is the preceding sentence."""
    clause = clause_start(sentence, pivot, speakers)
    if rules.conditional.search(sentence[clause:pivot]) or past_reference(rules, sentence, pivot):
        return False
    for _, c in counters:
        if c.start() < m.end() and m.start() < c.end():
            return False
        between = sentence[min(c.end(), m.end()):max(c.start(), m.start())]
        if not _CONTRAST.search(between):
            return False
    military = rules.lexicon["military"]
    if nonstate_subject(rules, sentence[clause:pivot]):
        return False
    zone_start, zone_end = (clause, min(len(sentence), m.end() + 40)) if rule.agent_scope == "clause" \
        else (dateline_end(sentence), len(sentence))
    if rule.needs_military and not military.search(sentence[max(0, pivot - 80):m.end()]):
        return False
    if not rule.needs_agent:
        return True
    if military.search(sentence[zone_start:zone_end]):
        return True
    # "The concentration of Turkish landing craft ... Greece considers a landing a real possibility": an
    # assessment may leave the forces to the sentence before.
    if rule.agent_scope == "context" and military.search(before):
        return True
    if any(zone_start <= s.start - span.start < zone_end and
           not any(sp.start <= s.start - span.start < sp.end for sp in speakers) for s in states):
        return True
    # "Sudanese units had gathered ... and warned that they could cross into ...": a pronoun subject
    # stands for the forces named earlier in the sentence (outside its speakers).
    if rule.agent_scope == "clause" and _PRONOUN_SUBJECT.match(sentence[clause:pivot]):
        earlier = sentence[dateline_end(sentence):clause]
        for sp in speakers:
            earlier = earlier.replace(sentence[sp.start:sp.end], " ")
        return military.search(earlier) is not None
    return False


def nonstate_subject(rules: AlertRules, before_pivot: str) -> bool:
    """The threat's clause names a non-state group (militants, gangs, the opposition) and no state forces."""
    nonstate = rules.lexicon.get("nonstate")
    return nonstate is not None and nonstate.search(before_pivot) is not None \
        and rules.lexicon["military"].search(before_pivot) is None
