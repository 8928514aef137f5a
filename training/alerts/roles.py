"""Trains the learned role reader (:mod:`agents.alerts.role_model`) and compares it with the parse rules.

Data: every training sentence labelled ``warning`` with an actor and a target (``training/alerts/*.jsonl``)
plus ``training/alerts/roles/*.jsonl`` (warning sentences written for roles only, kept apart from the
sentence reader's files so that its artefact does not change). Each sentence is tagged by the entity stage
and its states found as the alert stage finds them (:func:`agents.alerts.roles.mentions`); a sentence whose
actor or target is not among them is left out. Every state mention is one example: actor, target or none.

    .venv/bin/python -m training.alerts.roles            # cross-validated figures, then train and write
    .venv/bin/python -m training.alerts.roles --compare  # figures only

Model: scikit-learn's multinomial ``LogisticRegression`` (lbfgs, C from the grid below by 5-fold
cross-validation on sentence-level pair accuracy), exported as plain weights rounded to 6 decimals, so the
file is byte-identical on a rerun. Seeds fixed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from training.alerts.corpus import HERE, ROOT, sha256

ROLE_FILES = tuple(sorted(HERE.glob("*.jsonl"))) + tuple(sorted((HERE / "roles").glob("*.jsonl")))
OUT = ROOT / "agents" / "alerts" / "model" / "roles.json"
SEED = 20261202
FOLDS = 5
GRID = (0.1, 0.3, 1.0, 3.0)
THRESHOLD = 0.9  # chosen on the development sets (0.5, 0.8, 0.9 tried)


@dataclass
class Sentence:
    """One labelled warning sentence with its parse and state mentions."""

    text: str
    actor: str
    target: str
    doc: object
    mentions: list  # list[StateMention]


def load_rows(paths: Sequence[Path] = ROLE_FILES) -> list[dict[str, str]]:
    """Warning sentences with both roles, each text once (first file wins), in file order."""
    rows, seen = [], set()
    for path in paths:
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("label") == "warning" and row.get("actor") and row.get("target") and row["text"] not in seen:
                seen.add(row["text"])
                rows.append(row)
    return rows


def prepare(rows: list[dict[str, str]]) -> list[Sentence]:
    """Tag, parse and find the states of each sentence; keep those naming the actor or the target (a role the
    sentence does not name is ""; the figures count only sentences naming both)."""
    from agents.alerts.roles import mentions
    from agents.alerts.structure import load_parser
    from agents.entities.tagger import EntityTagger
    from agents.knowledge.gazetteer import default_gazetteer
    from agents.knowledge.text import Span
    from streams.evaluation.alert_pairs import code
    from streams.runtime.records import Article

    gazetteer = default_gazetteer()
    articles = [Article(id=f"r{i}", body=r["text"]) for i, r in enumerate(rows)]
    entities = EntityTagger().tag_many(articles)
    docs = load_parser().pipe(r["text"] for r in rows)
    kept = []
    for row, ents, doc in zip(rows, entities, docs, strict=True):
        found = mentions(row["text"], Span(0, len(row["text"])), ents, gazetteer)
        names = {m.code: m.name for m in found}
        actor, target = names.get(code(row["actor"]).upper()), names.get(code(row["target"]).upper())
        if found and (actor or target) and actor != target:
            # A sentence naming one party only still teaches that the other states it names are neither.
            kept.append(Sentence(row["text"], actor or "", target or "", doc, found))
    return kept


def examples(sentences: Sequence[Sentence]) -> tuple[list[dict[str, int]], list[str]]:
    """One feature dict and label per state mention."""
    from agents.alerts.role_model import features
    from agents.alerts.structure import load_lexicon

    lexicon = load_lexicon()
    x, y = [], []
    for s in sentences:
        for i, m in enumerate(s.mentions):
            x.append(dict.fromkeys(features(s.doc, s.mentions, i, lexicon), 1))  # type: ignore[arg-type]
            y.append("actor" if m.name == s.actor else "target" if m.name == s.target else "none")
    return x, y


def fit(sentences: Sequence[Sentence], c: float) -> dict[str, object]:
    """Train on ``sentences``; the model as the dict written to ``roles.json``."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from agents.alerts.role_model import CLASSES

    x, y = examples(sentences)
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(x)
    model = LogisticRegression(C=c, max_iter=5000, random_state=SEED).fit(matrix, y)
    order = [list(model.classes_).index(k) for k in CLASSES]
    coef = model.coef_[order]
    weights = {name: [round(float(coef[k, j]), 6) for k in range(len(CLASSES))]
               for j, name in enumerate(vectorizer.feature_names_)
               if any(abs(coef[k, j]) >= 1e-6 for k in range(len(CLASSES)))}
    return {"classes": list(CLASSES), "intercept": [round(float(model.intercept_[k]), 6) for k in order],
            "threshold": THRESHOLD, "C": c, "weights": dict(sorted(weights.items()))}


def pair_of(model: object, s: Sentence) -> tuple[str | None, str | None]:
    roles = model.read(s.doc, s.mentions)  # type: ignore[attr-defined]
    return roles.actor, roles.target


def structural_pair(reader: object, s: Sentence) -> tuple[str | None, str | None]:
    """What the parse rules give (the detector's choice among triggers: the first with both roles)."""
    triggers = reader.roles(s.doc, s.mentions)  # type: ignore[attr-defined]
    full = next((t for t in triggers if t.actor and t.target), None)
    first = full or (triggers[0] if triggers else None)
    return (first.actor, first.target) if first else (None, None)


def score(pairs: Sequence[tuple[str | None, str | None]], sentences: Sequence[Sentence]) -> dict[str, float]:
    """Share of sentences with both roles right, with the actor right, with the target right, reversed."""
    n = len(sentences) or 1
    both = sum((a, t) == (s.actor, s.target) for (a, t), s in zip(pairs, sentences, strict=True))
    actor = sum(a == s.actor for (a, _), s in zip(pairs, sentences, strict=True))
    target = sum(t == s.target for (_, t), s in zip(pairs, sentences, strict=True))
    rev = sum((a, t) == (s.target, s.actor) for (a, t), s in zip(pairs, sentences, strict=True))
    return {"pair": both / n, "actor": actor / n, "target": target / n, "reversed": rev / n}


def cross_validate(sentences: Sequence[Sentence]) -> dict[str, dict[str, float]]:
    """Sentence-level figures of the parse rules, of the model at each C, and of the two combined."""
    from agents.alerts.role_model import RoleModel
    from agents.alerts.structure import RoleReader

    reader = RoleReader()
    order = list(range(len(sentences)))
    random.Random(SEED).shuffle(order)  # noqa: S311 - a fixed split, not a secret
    folds = [order[k::FOLDS] for k in range(FOLDS)]
    predicted: dict[str, list[tuple[str | None, str | None]]] = {}
    truth = [sentences[i] for fold in folds for i in fold]
    both = [n for n, s in enumerate(truth) if s.actor and s.target]
    rules = {i: structural_pair(reader, sentences[i]) for fold in folds for i in fold}
    predicted["parse rules"] = [rules[i] for fold in folds for i in fold]
    for c in GRID:
        learned, combined = [], []
        for k, fold in enumerate(folds):
            train = [sentences[i] for j, f in enumerate(folds) if j != k for i in f]
            model = RoleModel.from_dict(fit(train, c))
            for i in fold:
                mine, rule = pair_of(model, sentences[i]), rules[i]
                learned.append(mine)
                combined.append(mine if mine[0] and mine[1] else (rule if rule[0] and rule[1] else mine))
        predicted[f"learned C={c}"] = learned
        predicted[f"learned, else rules C={c}"] = combined
    return {name: score([pairs[n] for n in both], [truth[n] for n in both]) for name, pairs in predicted.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compare", action="store_true", help="print the cross-validated figures only")
    parser.add_argument("--c", type=float, default=None, help="skip the search and train with this C")
    args = parser.parse_args(argv)
    rows = load_rows()
    sentences = prepare(rows)
    both = sum(1 for s in sentences if s.actor and s.target)
    sys.stdout.write(f"{len(rows)} labelled warning sentences, {len(sentences)} naming the actor or the target, "
                     f"{both} both (the figures below count those)\n")
    c = args.c
    if c is None:
        figures = cross_validate(sentences)
        head = f"{'reader (5-fold, sentence level)':34}{'pair':>8}{'actor':>8}{'target':>8}{'reversed':>10}"
        sys.stdout.write(head + "\n")
        for name, f in figures.items():
            row = f"{name:34}{f['pair']:>8.3f}{f['actor']:>8.3f}{f['target']:>8.3f}{f['reversed']:>10.3f}"
            sys.stdout.write(row + "\n")
        c = max(GRID, key=lambda g: (round(figures[f"learned C={g}"]["pair"], 3), -g))
        sys.stdout.write(f"chosen C={c}\n")
        if args.compare:
            return 0
    model = fit(sentences, c)
    model["training"] = {p.relative_to(ROOT).as_posix(): sha256(p) for p in ROLE_FILES}
    OUT.write_text(json.dumps(model, indent=0, sort_keys=True) + "\n", "utf-8")
    sys.stdout.write(f"wrote {OUT.relative_to(ROOT)} ({len(model['weights'])} features)\n")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
