"""A learned role reader: for each state named in a warning sentence, is it the actor, the target, or neither?

A multinomial logistic regression over features of the dependency parse around each mention (its relation
to its head, the preposition it follows, the path to the nearest movement word, whether it owns the forces,
the verbs above it, its neighbours, its place among the sentence's states). It is trained by ``make train``
(``training/alerts/roles.py``) on the labelled warning sentences of ``training/alerts/`` and shipped as plain
weights (``agents/alerts/model/roles.json``): reading it needs no scikit-learn, only a sum and a softmax.

The sentence's pair is the state most likely to be the actor and, of the others, the one most likely to be
the target, each kept only above ``threshold``. The country itself is never a feature: "Russia" is not an
actor by name, only by where it stands in the sentence.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Doc, Token

from agents.alerts.pairs import Roles
from agents.alerts.structure import Lexicon, load_lexicon
from agents.alerts.text import speaker_spans
from agents.knowledge.countries import StateMention
from agents.knowledge.text import Span

CLASSES = ("actor", "target", "none")
MODEL_FILE = "model/roles.json"
_MAX_PATH = 4


def mention_root(doc: Doc, mention: StateMention) -> Token | None:
    """The mention's token whose head lies outside it (its syntactic head), None when no token starts in it."""
    tokens = [t for t in doc if mention.start <= t.idx < mention.end]
    if not tokens:
        return None
    inside = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[0])


def features(doc: Doc, mentions: Sequence[StateMention], index: int, lexicon: Lexicon,
             speakers: Sequence[Span] | None = None) -> list[str]:
    """Features of ``mentions[index]`` in ``doc`` (the sentence; mention offsets index the sentence);
    ``speakers``: the sentence's speaker spans, when the caller has them already."""
    mention = mentions[index]
    root = mention_root(doc, mention)
    if root is None:
        return ["no_token"]
    head = root.head
    found = [f"dep={root.dep_}", f"pos={root.pos_}", f"hl={head.lemma_.lower()}", f"hdep={head.dep_}",
             f"dep_hl={root.dep_}|{head.lemma_.lower()}"]
    if head.pos_ == "ADP" and head.i != root.i:
        found += [f"prep={head.lower_}", f"prep_h={head.lower_}|{head.head.lemma_.lower()}",
                  f"prep_hpos={head.lower_}|{head.head.pos_}"]
    if head.lemma_.lower() in lexicon.force_nouns or head.lower_ in lexicon.force_nouns:
        found += ["owns_force", f"force_dep={head.dep_}", f"force_head={head.head.lemma_.lower()}"]
    if root.lemma_.lower() in lexicon.force_nouns:
        found.append("is_force")
    trigger = _nearest_trigger(doc, root, lexicon)
    if trigger is None:
        found.append("no_trigger")
    else:
        path = _path(root, trigger)
        found += [f"path={path}", f"side={'before' if root.i < trigger.i else 'after'}",
                  f"trig_pos={trigger.pos_}", f"path_side={path}|{'b' if root.i < trigger.i else 'a'}"]
    found += [f"anc={t.lemma_.lower()}" for t in _ancestors(root) if t.pos_ in ("VERB", "AUX", "NOUN")][:3]
    starts = {m.start for m in mentions}
    left = [t for t in doc[max(0, root.i - 3):root.i] if not t.is_punct][-2:]
    right = [t for t in doc[root.i + 1:root.i + 4] if not t.is_punct and not mention.start <= t.idx < mention.end]
    for name, tokens in (("L", left[::-1]), ("R", right[:2])):
        for n, t in enumerate(tokens, 1):
            word = "<state>" if t.idx in starts else t.lower_
            found.append(f"{name}{n}={word}")
    n = len({m.name for m in mentions})
    order = [m.name for m in mentions]
    found += [f"n_states={min(n, 4)}", f"first={order.index(mention.name) == 0}",
              f"last={mention.name == order[-1]}", f"repeat={order.count(mention.name) > 1}"]
    found.append("form=adj" if root.pos_ == "ADJ" or root.dep_ == "amod" else "form=noun")
    if any(s.start <= mention.start < s.end for s in (speaker_spans(doc.text) if speakers is None else speakers)):
        found.append("speaker")  # "Washington warned that ...", "..., British officials said": who warns
    return found


def _ancestors(token: Token) -> Iterable[Token]:
    while token.head.i != token.i:
        token = token.head
        yield token


def _nearest_trigger(doc: Doc, root: Token, lexicon: Lexicon) -> Token | None:
    triggers = [t for t in doc if (t.pos_ == "VERB" and t.lemma_.lower() in lexicon.move_verbs)
                or (t.pos_ == "NOUN" and t.lemma_.lower() in lexicon.move_nouns)]
    if not triggers:
        return None
    return min(triggers, key=lambda t: (len(_chain(root, t)), abs(t.i - root.i)))


def _chain(a: Token, b: Token) -> list[str]:
    up_a = [a, *_ancestors(a)]
    up_b = [b, *_ancestors(b)]
    ids_b = [t.i for t in up_b]
    for n, t in enumerate(up_a):
        if t.i in ids_b:
            m = ids_b.index(t.i)
            return [f"^{x.dep_}" for x in up_a[:n]] + [f"v{x.dep_}" for x in reversed(up_b[:m])]
    return ["?"]


def _path(root: Token, trigger: Token) -> str:
    chain = _chain(root, trigger)
    return ">".join(chain[:_MAX_PATH]) + ("+" if len(chain) > _MAX_PATH else "")


@dataclass(frozen=True)
class RoleModel:
    """The shipped weights: per feature, one weight per class (``CLASSES``), and an intercept per class."""

    intercept: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    threshold: float
    lexicon: Lexicon

    @classmethod
    def from_dict(cls, data: dict[str, object], lexicon: Lexicon | None = None) -> RoleModel:
        if tuple(data["classes"]) != CLASSES:  # type: ignore[arg-type]
            raise ValueError(f"{MODEL_FILE}: classes {data['classes']} are not {CLASSES}")
        weights = {str(k): tuple(float(x) for x in v) for k, v in data["weights"].items()}  # type: ignore[attr-defined]
        return cls(tuple(float(x) for x in data["intercept"]), weights,  # type: ignore[attr-defined]
                   float(data["threshold"]), lexicon or load_lexicon())  # type: ignore[arg-type]

    def proba(self, found: Iterable[str]) -> dict[str, float]:
        """Class probabilities of one mention's features."""
        scores = list(self.intercept)
        for feature in found:
            w = self.weights.get(feature)
            if w is not None:
                scores = [s + x for s, x in zip(scores, w, strict=True)]
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return {c: e / total for c, e in zip(CLASSES, exp, strict=True)}

    def read(self, doc: Doc, mentions: Sequence[StateMention]) -> Roles:
        """The sentence's (actor, target): the likeliest actor state, then the likeliest other target state."""
        best: dict[str, dict[str, float]] = {}
        speakers = speaker_spans(doc.text)
        for i, mention in enumerate(mentions):
            p = self.proba(features(doc, mentions, i, self.lexicon, speakers))
            seen = best.setdefault(mention.name, {"actor": 0.0, "target": 0.0})
            seen["actor"], seen["target"] = max(seen["actor"], p["actor"]), max(seen["target"], p["target"])
        if not best:
            return Roles(None, None)
        actor, pa = max(((s, p["actor"]) for s, p in best.items()), key=lambda x: x[1])
        targets = [(s, p["target"]) for s, p in best.items() if s != actor or pa < self.threshold]
        target, pt = max(targets, key=lambda x: x[1]) if targets else (None, 0.0)
        return Roles(actor if pa >= self.threshold else None,
                     target if pt >= self.threshold and target != (actor if pa >= self.threshold else None) else None)


@functools.lru_cache(maxsize=1)
def shipped_role_model() -> RoleModel | None:
    """The role model ``make train`` ships (None when absent: the structural reader works alone)."""
    path = resources.files("agents.alerts").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    return RoleModel.from_dict(json.loads(path.read_text("utf-8")))
