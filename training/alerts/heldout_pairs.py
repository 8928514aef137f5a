"""Does the reader generalise to pairs of states it never saw? Masked against unmasked states, one run.

    .venv/bin/python -m training.alerts.heldout_pairs

Warning and denial sentences of a quarter of the (actor, target) pairs (seeded; Russia -> Ukraine and
China -> Taiwan always stay in training) and a sixth of the other sentences are held out; the shipped recipe
(``config_bow.cfg``, the epochs of ``train.py``) is trained on the rest twice, on the sentences as written and
with their states masked (:func:`agents.alerts.reader.mask_states`), and both are scored on the held-out
sentences: warning recall and precision at the detector's thresholds, ROC AUC of p(warning), accuracy.
"""

from __future__ import annotations

import json
import random
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import spacy
from sklearn.metrics import roc_auc_score

from agents.alerts.reader import mask_states

from .corpus import TRAINING_FILES, Example
from .models import CONFIG_BOW, spacy_train
from .train import OVERRIDES

SEED = 7
ALWAYS_TRAINED = {("Russia", "Ukraine"), ("China", "Taiwan")}


def split(rows: Sequence[dict[str, str]]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(train, held out): sentences of a quarter of the pairs and a sixth of the pairless ones held out."""
    rng = random.Random(SEED)  # noqa: S311 - a reproducible split, not security
    pairs = sorted({(r["actor"], r["target"]) for r in rows if r.get("actor")} - ALWAYS_TRAINED)
    held = set(rng.sample(pairs, len(pairs) // 4))
    pairless = [i for i, r in enumerate(rows) if not r.get("actor")]
    rng.shuffle(pairless)
    out = {i for i, r in enumerate(rows) if (r.get("actor"), r.get("target")) in held}
    out |= set(pairless[:len(pairless) // 6])
    return [r for i, r in enumerate(rows) if i not in out], [r for i, r in enumerate(rows) if i in out]


def score(train: Sequence[dict[str, str]], test: Sequence[dict[str, str]],
          view: Callable[[str], str]) -> dict[str, float]:
    """Train the shipped recipe on ``train`` (texts seen through ``view``) and score it on ``test``."""
    examples = [Example(view(r["text"]), r["label"]) for r in train]
    with tempfile.TemporaryDirectory() as tmp:
        nlp = spacy.load(spacy_train(examples, examples[:50], Path(tmp), CONFIG_BOW, OVERRIDES) / "model-last")
        docs = list(nlp.pipe([view(r["text"]) for r in test]))
    p = np.array([d.cats["warning"] for d in docs])
    y = np.array([r["label"] == "warning" for r in test])
    figures = {"auc": float(roc_auc_score(y, p)),
               "accuracy": float(np.mean([max(d.cats, key=lambda k: d.cats[k]) == r["label"]
                                          for d, r in zip(docs, test, strict=True)]))}
    for threshold in (0.5, 0.8):
        hit = p >= threshold
        figures[f"recall@{threshold}"] = float((hit & y).sum() / y.sum())
        figures[f"precision@{threshold}"] = float((hit & y).sum() / max(1, hit.sum()))
    return figures


def main() -> None:
    rows = [json.loads(line) for path in TRAINING_FILES for line in path.read_text("utf-8").splitlines() if line]
    train, test = split(rows)
    print(f"train {len(train)}, held out {len(test)} ({sum(r['label'] == 'warning' for r in test)} warnings)")
    for name, view in (("as written", lambda s: s), ("states masked", mask_states)):
        figures = score(train, test, view)
        print(f"{name:14}" + "  ".join(f"{k} {v:.3f}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
