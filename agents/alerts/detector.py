"""Alert stage: invasion warnings with evidence, roles, counter-evidence, severity and corroboration.

Reads articles.tagged.v1, writes alerts.candidates.v1 (the gate step then writes alerts.v1, once per
(story, actor, target): :mod:`agents.alerts.corroboration`).

How an article is read (rules in ``agents/alerts/data/rules.json``, see :mod:`agents.alerts.rules`):

1. An article of another sense (fiction, games, sport, nature, weather, medicine, privacy, crowds, cyber,
   politics: a frame's cues outnumber its military words) keeps only explicit warnings; a ``passing`` frame
   (business and markets) keeps every warning, as a low-severity passing mention
   (:func:`agents.alerts.findings.severity_of`).
2. Each sentence (title included) is matched against the warning rules. A match counts only with an agent
   (military nouns or a state) in its clause, outside an if-clause, in a sentence without a frame cue
   (sense frames yield to military nouns; fiction, games, history and withdrawals never do), without a year
   before ``history_before_year``, and not overlapped by counter-evidence (denials CAMEO 016, calm or negated
   assessments) unless a contrast word ("but", "despite") separates them (counter sentences: counter-evidence).
3. The learned sentence reader (:mod:`agents.alerts.reader`, trained by ``make train``) reads every
   candidate sentence (one naming a state and a cue word): it vetoes rule matches it gives a low warning
   probability, proposes warnings no rule matched, and marks denials as counter-evidence
   (thresholds in ``agents/alerts/data/reading.json``).
4. Each warning sentence gets its (actor, target) pair from its dependency parse
   (:mod:`agents.alerts.structure`; where the parse gives no full pair, from the learned role reader of
   :mod:`agents.alerts.role_model`), completed from the rules' reading or the article's overall pair
   (:mod:`agents.alerts.pairs`). Every pair whose evidence weights reach ``min_alert_score`` is one alert,
   carrying only its own sentences and the counter-evidence about its states.

Severity: the documented score of :mod:`agents.alerts.scoring`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, MutableMapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from agents.alerts import scoring as alert_scoring
from agents.alerts.corroboration import Corroborator
from agents.alerts.findings import SentenceFinding, evidence_weight, explicit, severity_of, speaker_names
from agents.alerts.frames import counts, match_text, open_parts
from agents.alerts.pairs import Roles, complete, concerns, evidence, group
from agents.alerts.readers import Reading, SentenceClassifier, rule_roles, shipped_reader
from agents.alerts.role_model import shipped_role_model
from agents.alerts.roles import armed_states, mentions, merge_roles, resolve, sentence_roles
from agents.alerts.rules import AlertRules
from agents.alerts.structure import RoleReader
from agents.alerts.text import clause_start, dateline_end, speaker_spans
from agents.knowledge.countries import StateMention
from agents.knowledge.gazetteer import Gazetteer, default_gazetteer
from agents.knowledge.text import Span, sentences
from streams.runtime.records import Alert, Entity, TaggedArticle

_PROSPECTIVE = ("prosp", "modifier", "prospective_modifier", "frame_noun", "mass", "evac")
_NEGATED = re.compile(r"\b(?:not|no|never|nor|without|n't|neither)\s+(?:[\w'-]+\s+){0,2}$", re.I)


def _agreeing(parsed: Roles, learned: Roles) -> Roles:
    """The learned reader's pair where the parse gave none in full and the learned one keeps what the parse
    did give (its threshold, in ``model/roles.json``, is high: 0.9); otherwise the parse's roles."""
    if learned.actor and learned.target and parsed.actor in (None, learned.actor) \
            and parsed.target in (None, learned.target):
        return learned
    return parsed


class AlertDetector:
    """Finds invasion warnings in a tagged article: one alert per threatened (actor, target) pair.

    Args:
        rules: the rule set; by default the packaged rules plus ``rules_files``.
        gazetteer: the gazetteer whose state finder names the states the entity stage did not resolve.
        rules_files: extra rules files (``Settings.rules_files``).
        reader: the learned sentence reader (default: the shipped one, when ``make train`` has built it).
        roles: the structural role reader (default: spaCy's parser on candidate sentences).
        disabled: groups switched off, for the ablation table: ``reader``, ``structure``, ``role_model``,
            ``warning_rules``, ``counter_rules``, ``frames``.
    """

    def __init__(self, rules: AlertRules | None = None, gazetteer: Gazetteer | None = None,
                 rules_files: Sequence[str | Path] = (), reader: SentenceClassifier | None = None,
                 roles: RoleReader | None = None, disabled: Iterable[str] = ()) -> None:
        self.rules = rules or AlertRules.load(rules_files)
        self.gazetteer = gazetteer or default_gazetteer()
        self.disabled = frozenset(disabled)
        self.reading = Reading.load()
        self.reader = None if "reader" in self.disabled else (reader or shipped_reader())
        self.roles = None if "structure" in self.disabled else (roles or RoleReader())
        self.role_model = None if "role_model" in self.disabled else shipped_role_model()

    def detect(self, tagged: TaggedArticle) -> list[Alert]:
        """One invasion_warning alert per (actor, target) pair the article warns of, in text order."""
        text = tagged.article.text
        found = None if "frames" in self.disabled else self.rules.ruled_out_frame(text.replace("’", "'"))
        frame = next((f for f in self.rules.frames if f.name == found), None)
        if frame is not None and frame.always:
            return []
        spans = sentences(text)
        findings = [self.read_sentence(text, span, tagged.entities, text[spans[i - 1].start:span.start] if i else "")
                    for i, span in enumerate(spans)]
        states = [mentions(text, span, tagged.entities, self.gazetteer) for span in spans]
        probs = self._classify(text, findings, states)
        warnings = self._warnings(text, findings, probs)
        if not warnings:
            return []
        all_states = mentions(text, Span(0, len(text)), tagged.entities, self.gazetteer)
        title_end = len(tagged.article.title) if tagged.article.title.strip() else 0
        votes = [(r, findings[i].weight) for i in warnings if (r := findings[i].roles) is not None]
        title_states = [m.name for m in all_states if m.end <= title_end]
        armed = armed_states(text, all_states, findings[warnings[0]].span.start)
        article = resolve(votes, title_states, [m.name for m in all_states], armed)
        structural = self._structure(text, [findings[i] for i in warnings], [states[i] for i in warnings], article)
        # A sentence of business sense ("an attack on the peso by Chilean funds") warns only when its own parse
        # names both who would move and against whom ("the possibility of a Russian invasion of Ukraine").
        kept = [(i, r) for i, r in zip(warnings, structural, strict=True)
                if not findings[i].excluded or (r.actor and r.target)]
        if not kept:
            return []
        warnings, structural = [i for i, _ in kept], [r for _, r in kept]
        # A role the rules' readings leave open comes from the parses before any weaker fallback (a reader-
        # proposed sentence has no rule reading: "an invasion by Russia" names the actor, "the prospect of an
        # invasion of Ukraine" the target).
        named = {i: [m.name for m in states[i]] for i in warnings}
        parsed = [(r.actor, r.target, findings[i].weight, named[i]) for r, i in zip(structural, warnings, strict=True)]
        article = resolve(votes, title_states, [m.name for m in all_states], armed, parsed)
        full = [(r.actor, r.target) for r in structural if r.actor and r.target and r.actor != r.target]
        if frame is not None and not frame.passing:
            # A sport or nature piece may still carry a warning deep inside: only explicit warnings survive its
            # frame, those the rules read as explicit or whose parse names both states and the reader calls a
            # warning. A passing frame (business) keeps every warning, as a low-severity passing mention.
            kept = [(i, r) for i, r in zip(warnings, structural, strict=True) if explicit(self.rules, text, findings[i])
                    or (r.actor and r.target and probs.get(i, {}).get("warning", 0.0) >= self.reading.propose)]
            warnings, structural = [i for i, _ in kept], [r for _, r in kept]
        alerts = []
        completed = [(complete(own, rule_roles(findings[i].roles), article, named[i], full,
                               self._before(text, spans, states, i)), i)
                     for own, i in zip(structural, warnings, strict=True)]
        for (actor, target), members in group(completed).items():
            chosen = [findings[i] for i in members]
            if evidence_weight(self.rules, text, chosen) >= self.rules.min_alert_score:
                counters = [f for i, f in enumerate(findings) if i not in warnings and f.counters
                            and concerns(states[i], (actor, target))]
                alerts.append(self._alert(tagged, chosen, counters, actor, target,
                                          frame is not None and frame.passing))
        return alerts

    @staticmethod
    def _before(text: str, spans: list[Span], states: list[list[StateMention]], i: int) -> list[str]:
        """The states owning forces in the sentence before sentence ``i`` ("a senior Sudanese army commander"),
        when no paragraph break separates them; warners and defenders are left out (:func:`armed_states`)."""
        if i == 0 or "\n\n" in text[spans[i - 1].end:spans[i].start]:
            return []
        return armed_states(text, states[i - 1], spans[i - 1].end)[::-1]

    def _classify(self, text: str, findings: list[SentenceFinding],
                  states: list[list[StateMention]]) -> dict[int, dict[str, float]]:
        """The reader's class probabilities for candidate sentences (naming a state and a cue word)."""
        if self.reader is None:
            return {}
        candidates = [i for i, f in enumerate(findings)
                      if f.rule is not None or (states[i] and self.reading.cues.search(text[f.span.start:f.span.end]))]
        read = self.reader.read([text[findings[i].span.start:findings[i].span.end] for i in candidates])
        for i, p in zip(candidates, read, strict=True):
            if p.get("denial", 0.0) >= self.reading.denial and findings[i].rule is None:
                findings[i].counters = sorted({*findings[i].counters, "sentence_reader_denial"})
        return dict(zip(candidates, read, strict=True))

    def _warnings(self, text: str, findings: list[SentenceFinding], probs: dict[int, dict[str, float]]) -> list[int]:
        """Indices of warning sentences: rule matches the reader does not veto, and sentences it proposes."""
        found = []
        for i, f in enumerate(findings):
            p = probs.get(i, {}).get("warning")
            if f.rule is not None:
                if p is not None and p < self.reading.veto:
                    continue
            elif p is not None and p >= self.reading.propose and (not f.excluded or f.readable) \
                    and self._prospective(text[f.span.start:f.span.end]):
                f.weight, f.rule_ids = self.reading.reader_weight * p, ["sentence_reader"]
            else:
                continue
            found.append(i)
        return found

    def _prospective(self, sentence: str) -> bool:
        """Whether a sentence speaks of something still to come: a modal, a threat or prospect noun, a build-up
        or an evacuation (the rules' lexicons). A sentence the reader proposes needs one: "Russia's invasion of
        Ukraine has rattled supply chains" reports a war under way, not a warning."""
        read = sentence.replace("’", "'")
        return any(self.rules.lexicon[name].search(read) for name in _PROSPECTIVE if name in self.rules.lexicon)

    def _structure(self, text: str, warnings: list[SentenceFinding], states: list[list[StateMention]],
                   article: tuple[str | None, str | None]) -> list[Roles]:
        """Roles each warning sentence's parse gives (unknown where the parse names no state in a role); of
        several movements in a sentence, the one with both roles, the article's pair first; where none has
        both, the learned role reader's pair when it keeps what the parse gave (:func:`_agreeing`)."""
        if self.roles is None:
            return [Roles(None, None)] * len(warnings)
        items = [(text[w.span.start:w.span.end], [dataclasses.replace(m, start=m.start - w.span.start,
                                                                      end=m.end - w.span.start) for m in s])
                 for w, s in zip(warnings, states, strict=True)]
        found = []
        docs = self.roles.parse(sentence for sentence, _ in items)
        for doc, (_, mentioned) in zip(docs, items, strict=True):
            triggers = self.roles.roles(doc, mentioned)
            complete_ones = [t for t in triggers if t.actor and t.target]
            full = next((t for t in complete_ones if (t.actor, t.target) == article), None) or next(
                iter(complete_ones), None)
            first = full or (triggers[0] if triggers else None)
            parsed = Roles(first.actor, first.target) if first else Roles(None, None)
            if full is not None or self.role_model is None:
                found.append(parsed)
            else:
                found.append(_agreeing(parsed, self.role_model.read(doc, mentioned)))
        return found

    def read_sentence(self, text: str, span: Span, entities: list[Entity], before: str = "") -> SentenceFinding:
        """Warning and counter-evidence matches of one sentence (``before``: the one preceding it)."""
        # Same length, so offsets hold: patterns are written with straight apostrophes.
        sentence = text[span.start:span.end].replace("’", "'")
        read = match_text(sentence)
        finding = SentenceFinding(span)
        counters = [] if "counter_rules" in self.disabled else [
            (r, m) for r in self.rules.counters for m in r.regex.finditer(read)]
        finding.counters = sorted({r.id for r, _ in counters})
        finding.counter_phrases = [m.group() for _, m in counters]
        parts = [(0, len(sentence))]
        if self.rules.excluded(sentence):
            parts = open_parts(self.rules, sentence)
            if not parts:
                finding.excluded = True
                finding.readable = not self.rules.excluded(sentence, passing=False)
                return finding
        speakers = speaker_spans(sentence)
        opening = span.start + dateline_end(sentence)
        states = [m for m in mentions(text, span, entities, self.gazetteer) if m.start >= opening]
        idiom = self.rules.lexicon.get("idiom")
        for rule in () if "warning_rules" in self.disabled else self.rules.warnings:
            for m in rule.regex.finditer(read):
                pivot = m.start("pivot") if "pivot" in rule.regex.groupindex and m.group("pivot") else m.start()
                if idiom is not None and idiom.match(read, pivot):
                    continue  # "strike a deal", "seize the opportunity": another sense of the verb
                if not any(a <= pivot < b for a, b in parts):
                    continue  # in the part of the sentence that its frame cue or year excludes
                if _NEGATED.search(sentence[max(0, m.start() - 40):m.start()]):
                    # "not a prelude to an attack", "no invasion is imminent": a negated warning is calm.
                    finding.counters = sorted({*finding.counters, "negated_warning"})
                    finding.counter_phrases.append(m.group())
                    continue
                if not counts(self.rules, sentence, rule, m, pivot, speakers, states, span, counters, before):
                    continue
                finding.matched.append(m.group())
                finding.rule_ids.append(rule.id)
                roles = sentence_roles(text, states, span.start + pivot,
                                       span.start + clause_start(sentence, pivot, speakers),
                                       [Span(span.start + s.start, span.start + s.end) for s in speakers],
                                       rule.passive)
                if rule.weight > finding.weight:
                    finding.weight, finding.rule, finding.pivot = rule.weight, rule, pivot
                    finding.roles = merge_roles(roles, finding.roles)
                else:
                    finding.roles = merge_roles(finding.roles, roles)
        # The warning's speakers: those before the threat, else those after it ("..., officials said").
        pivot_at = finding.pivot
        speakers = [s for s in speakers if s.end <= pivot_at] or [s for s in speakers if s.start >= pivot_at]
        finding.speakers = speaker_names(sentence, span, speakers, entities)
        official = self.rules.severity["official_regex"]
        finding.official = any(official.search(sentence[s.start:s.end]) for s in speakers)
        return finding

    def _alert(self, tagged: TaggedArticle, warnings: list[SentenceFinding], counters: list[SentenceFinding],
               actor: str, target: str, passing: bool = False) -> Alert:
        text = tagged.article.text
        sources = list(dict.fromkeys(s for w in warnings for s in w.speakers))
        score = self.score(text, warnings, sources)
        best = max(warnings, key=lambda w: w.weight)
        return Alert(
            kind="invasion_warning",
            severity=severity_of(self.rules, text, warnings, score, passing),
            score=round(score, 2),
            cameo=best.rule.cameo if best.rule else self.rules.default_cameo,
            actor=actor,
            target=target,
            source=sources,
            evidence=[evidence(text, w.span, w.matched, w.rule_ids) for w in warnings],
            counter_evidence=[evidence(text, f.span, f.counter_phrases, f.counters) for f in counters],
            article_id=tagged.article.id,
            story_id=tagged.story_id,
            outlet=tagged.article.source,
            published_at=tagged.article.published_at,
        )

    def score(self, text: str, warnings: list[SentenceFinding], sources: list[str]) -> float:
        """The documented severity score of an article's warnings (before corroboration)."""
        return alert_scoring.score(self.rules.severity, [text[w.span.start:w.span.end] for w in warnings],
                                   [w.weight for w in warnings], any(w.official for w in warnings), sources)

    def severity(self, score: float) -> alert_scoring.Severity:
        """The highest threshold the score reaches."""
        return alert_scoring.level(self.rules.severity, score)

    def corroborator(self, state: MutableMapping[str, Any], window_hours: float = 6.0) -> Corroborator:
        """A corroborator over ``state`` using this rule set's corroboration weights."""
        weights = self.rules.severity["corroboration"]
        return Corroborator(state, timedelta(hours=window_hours),
                            weight_per_outlet=float(weights.get("weight_per_outlet", 1.0)),
                            max_weight=float(weights.get("max_weight", 2.0)))
