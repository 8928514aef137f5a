"""Model selection of the sentence reader: both candidates on the same fixed split, one run.

    .venv/bin/python -m training.alerts.select_model [--tune-c] [--workdir DIR]

Writes ``training/alerts/selection.json`` (the figures that ``train`` copies into meta.json) and prints
a Markdown table. Figures: macro-F1 and per-class F1 on the 15% dev split, warning precision/recall
(argmax), the binary "warning vs not" ROC AUC of p(warning), and speed in sentences/s. Evaluation sets
(``eval/alerts/dev_real.jsonl`` when present, and the non-blind ``articles*.jsonl``) are only measured
at article level: never trained on, never used to tune. The blind probes are never opened.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from .corpus import CLASSES, DEV_SHARE, HERE, ROOT, SEED, Example, article_sentences, load, split
from .models import CONFIG, CONFIG_BOW, Candidate, SklearnCandidate, SpacyCandidate, sklearn_pipeline

log = logging.getLogger(__name__)
SELECTION = HERE / "selection.json"
ARTICLE_SETS = ("dev_real.jsonl", "articles.jsonl", "articles_b.jsonl", "articles_c.jsonl")
SPEED_REPEAT = 4
WARNING = CLASSES.index("warning")


def figures(dev: Sequence[Example], proba: np.ndarray) -> dict[str, object]:
    """Classification figures of ``proba`` against the gold labels of ``dev``."""
    gold = [e.label for e in dev]
    pred = [CLASSES[i] for i in proba.argmax(axis=1)]
    per_class = f1_score(gold, pred, labels=list(CLASSES), average=None, zero_division=0)
    is_warning = np.array([label == "warning" for label in gold])
    return {
        "macro_f1": round(float(f1_score(gold, pred, labels=list(CLASSES), average="macro")), 4),
        "accuracy": round(float(np.mean([g == p for g, p in zip(gold, pred, strict=True)])), 4),
        "f1": {label: round(float(score), 4) for label, score in zip(CLASSES, per_class, strict=True)},
        "warning_precision": round(float(precision_score(gold, pred, labels=["warning"], average="micro")), 4),
        "warning_recall": round(float(recall_score(gold, pred, labels=["warning"], average="micro")), 4),
        "warning_auc": round(float(roc_auc_score(is_warning, proba[:, WARNING])), 4),
    }


def speed(candidate: Candidate, texts: Sequence[str]) -> float:
    """Sentences per second of ``candidate.proba`` over ``texts`` repeated ``SPEED_REPEAT`` times."""
    candidate.proba(texts[:16])  # warm-up: lazy loading and first-call allocations
    batch = list(texts) * SPEED_REPEAT
    start = time.perf_counter()
    candidate.proba(batch)
    return round(len(batch) / (time.perf_counter() - start), 1)


def article_check(candidate: Candidate, path: Path) -> dict[str, object]:
    """Warning articles with a sentence at p(warning) >= 0.5, and negative articles with none."""
    hit = warnings = clean = negatives = 0
    for positive, sentences in article_sentences(path):
        fired = bool(sentences) and bool((candidate.proba(sentences)[:, WARNING] >= 0.5).any())
        if positive:
            warnings += 1
            hit += fired
        else:
            negatives += 1
            clean += not fired
    return {"warning_hit": f"{hit}/{warnings}", "negative_clean": f"{clean}/{negatives}"}


def tune_c(train: Sequence[Example]) -> dict[str, float]:
    """Macro-F1 of 5-fold cross-validation on the train part (never dev) for a few values of C."""
    texts, labels = [e.text for e in train], [e.label for e in train]
    folds = StratifiedKFold(5, shuffle=True, random_state=SEED % 2**32)
    found: dict[str, float] = {}
    for c in (1.0, 3.0, 10.0, 30.0, 100.0):
        pred = cross_val_predict(sklearn_pipeline(c), texts, labels, cv=folds)
        found[str(c)] = round(float(f1_score(labels, pred, average="macro")), 4)
        log.info("C=%s macro-F1 %.4f", c, found[str(c)])
    return found


def evaluate(candidate: Candidate, train: Sequence[Example], dev: Sequence[Example]) -> dict[str, object]:
    """Train ``candidate`` on ``train`` and measure everything on ``dev`` and the article sets."""
    start = time.perf_counter()
    candidate.fit(train, dev)
    result: dict[str, object] = {"train_seconds": round(time.perf_counter() - start, 1)}
    result.update(figures(dev, candidate.proba([e.text for e in dev])))
    result["sentences_per_second"] = speed(candidate, [e.text for e in dev])
    for name in ARTICLE_SETS:
        path = ROOT / "eval" / "alerts" / name
        if path.exists():
            result[f"articles:{name}"] = article_check(candidate, path)
    return result


def table(results: dict[str, dict[str, object]]) -> str:
    """A Markdown table, one column per candidate."""
    names = list(results)
    rows = [f"| figure | {' | '.join(names)} |", f"|---|{'---|' * len(names)}"]
    keys = [k for k in results[names[0]] if k != "f1"]
    for key in ["macro_f1", *(f"f1:{c}" for c in CLASSES), *[k for k in keys if k != "macro_f1"]]:
        cells = []
        for name in names:
            value = results[name].get(key) if not key.startswith("f1:") else results[name]["f1"][key[3:]]  # type: ignore[index]
            if isinstance(value, dict):
                value = f"warnings hit {value['warning_hit']}, negatives clean {value['negative_clean']}"
            cells.append("" if value is None else str(value))
        rows.append(f"| {key} | {' | '.join(cells)} |")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the comparison and write ``selection.json``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune-c", action="store_true", help="cross-validate C of the sklearn candidate first")
    parser.add_argument("--workdir", type=Path, help="where spaCy writes its DocBins and checkpoints")
    parser.add_argument("--table", action="store_true", help="only print the table of the saved selection.json")
    parser.add_argument("--candidates", nargs="+", default=["sklearn", "spacy", "spacy-bow"],
                        help="which candidates to train (default: all three)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.table:
        print(table(json.loads(SELECTION.read_text(encoding="utf-8"))["results"]))
        return
    train, dev = split(load())
    tuned = tune_c(train) if args.tune_c else None
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or Path(tmp)
        candidates: list[Candidate] = [
            SklearnCandidate(),
            SpacyCandidate("spacy", CONFIG, workdir / "spacy"),
            SpacyCandidate("spacy-bow", CONFIG_BOW, workdir / "spacy-bow"),
        ]
        results = {c.name: evaluate(c, train, dev) for c in candidates if c.name in args.candidates}
    selection = {"split": {"seed": SEED, "dev_share": DEV_SHARE, "train": len(train), "dev": len(dev),
                           "stratified": True},
                 "machine": f"{os.cpu_count()} cores, CPU only; load average {os.getloadavg()[0]:.1f} at the end",
                 "results": results}
    if tuned:
        selection["sklearn_c_cv"] = tuned
    SELECTION.write_text(json.dumps(selection, indent=2) + "\n", encoding="utf-8")
    print(table(results))  # a command-line report


if __name__ == "__main__":
    main()
