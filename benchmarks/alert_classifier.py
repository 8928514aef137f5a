"""Rules against a learned classifier (TF-IDF + logistic regression) for invasion-warning alerts.

Run: ``.venv/bin/python benchmarks/alert_classifier.py`` (needs ``pip install scikit-learn``; it is not a
project dependency). Measures, prints a table, changes nothing.

Protocol. For each blind probe ``blind_N`` (N >= 2) in ``eval/alerts``: the classifier is trained on every
set written before it (articles, articles_b, articles_c, blind_1 ... blind_N-1) and tested on it. The rules
are run twice from ``git archive`` snapshots: as of the commit that added the probe (their first run,
before they were tuned on it: the fair comparison) and as of HEAD (they have seen it). The hybrid is
rules OR classifier with a high threshold, so the classifier only adds alerts where the rules found none.
Thresholds come from 5-fold out-of-fold probabilities on the training sets only: ``alone`` is the lowest
giving training precision >= 0.95, ``hybrid`` the lowest above every training negative. Last, 5-fold
cross-validation over all sets for the classifier alone (thresholds chosen inside each training fold).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

try:
    import numpy as np
    from scipy.stats import binomtest
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import FeatureUnion, make_pipeline
except ImportError:
    sys.exit("alert_classifier needs scikit-learn: .venv/bin/pip install scikit-learn")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "eval" / "alerts"
SEED = 0
MILITARY = (r"troops?|forces?|army|armies|military|militar\w+|navy|naval|marines?|soldiers?|tanks?|brigades?|"
            r"divisions?|battalions?|units?|formations?|regiments?|artillery|warships?|vessels?|amphibious|"
            r"paratroopers?|special forces|missiles?|fighter jets?|air force|PLA|Kremlin|Pentagon|border|"
            r"invad\w*|invasion|offensive|incursion|assault|attack\w*|seiz\w*|annex\w*|blockade|landings?")
RUN_RULES = """
import json, sys
from pathlib import Path
from streams.evaluation.alerts import load_set, run
cases = load_set(Path(sys.argv[1]))
print(json.dumps({c.article.id: bool(a) for c, a in zip(cases, run(cases), strict=True)}))
"""


def load(name: str) -> list[dict]:
    """Rows of one evaluation set."""
    return [json.loads(line) for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def state_words() -> list[str]:
    """Country names, aliases and demonyms from pycountry and the project's country data."""
    words: set[str] = set()
    try:
        import pycountry

        words |= {c.name for c in pycountry.countries} | {getattr(c, "common_name", c.name)
                                                          for c in pycountry.countries}
    except ImportError:
        pass
    for entry in json.loads((ROOT / "agents/knowledge/data/countries.json").read_text())["countries"].values():
        words |= {entry.get("name", "")} | set(entry.get("aliases", [])) | set(entry.get("demonyms", []))
    return sorted((w for w in words if w), key=len, reverse=True)


STATE_OR_MILITARY = re.compile(r"\b(?:" + "|".join(map(re.escape, state_words())) + "|" + MILITARY + r")\b",
                               re.I)
SENTENCE_END = re.compile(r"(?<=[.!?\"])\s+(?=[A-Z\"'])|\n+")


def focused(row: dict) -> str:
    """Title plus the sentences that name a state or a military noun (the rest is scene-setting)."""
    sentences = [s for s in SENTENCE_END.split(row["body"]) if STATE_OR_MILITARY.search(s)]
    return " ".join([row.get("title", ""), *sentences])


def whole(row: dict) -> str:
    """Title and body."""
    return f"{row.get('title', '')}. {row['body']}"


def model():
    """Word 1-3 grams and char 3-5 grams, TF-IDF, balanced logistic regression."""
    features = FeatureUnion([
        ("word", TfidfVectorizer(ngram_range=(1, 3), sublinear_tf=True, min_df=1, lowercase=True)),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)),
    ])
    return make_pipeline(features, LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000))


def oof(texts: list[str], y: np.ndarray) -> np.ndarray:
    """5-fold out-of-fold probabilities on a training set."""
    folds = StratifiedKFold(5, shuffle=True, random_state=SEED)
    return cross_val_predict(model(), texts, y, cv=folds, method="predict_proba")[:, 1]


def thresholds(prob: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(lowest threshold with out-of-fold precision >= 0.95, just above the highest negative)."""
    alone = 1.0
    for t in sorted(set(prob), reverse=True):
        hit = prob >= t
        if (y[hit].mean() if hit.any() else 1.0) >= 0.95:
            alone = t
    return float(alone), float(prob[y == 0].max() + 1e-6)


def figures(pred: np.ndarray, y: np.ndarray) -> tuple[float, float, int, int]:
    """Precision, recall, true alerts, false alerts."""
    tp, fp = int((pred & (y == 1)).sum()), int((pred & (y == 0)).sum())
    return (tp / (tp + fp) if tp + fp else 0.0), tp / max(int(y.sum()), 1), tp, fp


def git(*args: str) -> str:
    """Output of a read-only git command in the repository."""
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,  # noqa: S603, S607
                          check=True).stdout.strip()


def rules_at(commit: str, path: Path) -> dict[str, bool]:
    """Alert or not per article id, running the rules and tagger of ``commit`` (a ``git archive`` snapshot)."""
    archive = subprocess.run(["git", "archive", commit, "agents", "streams"], cwd=ROOT,  # noqa: S603, S607
                             capture_output=True, check=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        out = subprocess.run([sys.executable, "-c", RUN_RULES, str(path)], cwd=tmp, env={"PYTHONPATH": tmp},  # noqa: S603
                             capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def row(name: str, p: float, r: float, tp: int, fp: int, note: str = "") -> str:
    """One line of the table."""
    return f"  {name:46}{p:7.3f}{r:7.3f}{tp:5}/{fp:<4}{note}"


def probe(names: list[str], test: str, text) -> dict[str, np.ndarray]:
    """Train on the sets before ``test``, test on it, against the rules' first run and HEAD."""
    train_rows = [r for n in names[:names.index(test)] for r in load(n)]
    test_rows = load(test)
    y_train = np.array([int(r["expected_alert"]) for r in train_rows])
    y = np.array([int(r["expected_alert"]) for r in test_rows])
    prob_oof = oof([text(r) for r in train_rows], y_train)
    t_alone, t_hybrid = thresholds(prob_oof, y_train)
    clf = model().fit([text(r) for r in train_rows], y_train)
    prob = clf.predict_proba([text(r) for r in test_rows])[:, 1]
    print(f"\n{test}: {len(test_rows)} articles, {int(y.sum())} warnings; trained on "
          f"{', '.join(names[:names.index(test)])} ({len(train_rows)})")
    print(f"  {'':46}{'prec':>7}{'recall':>7}  true/false")
    added = git("log", "--diff-filter=A", "--format=%h", "--", f"eval/alerts/{test}.jsonl").split()
    runs = [(f"rules, first run (at {added[-1]})", added[-1])] if added else []
    runs.append(("rules at HEAD (seen it)", "HEAD"))
    first, pooled = None, {"y": y}
    for label, commit in runs:
        got = rules_at(commit, DATA / f"{test}.jsonl")
        rules = np.array([got[r["id"]] for r in test_rows])
        first = rules if first is None else first
        print(row(label, *figures(rules, y)))
        for th, kind in ((t_hybrid, "high"), (t_alone, "train prec>=0.95"), (0.5, "0.5")):
            hybrid = rules | (prob >= th)
            if commit != "HEAD":
                pooled.update({"rules, first run": rules, f"  + classifier ({kind})": hybrid})
            extra = [r["id"] for r, h, ru in zip(test_rows, hybrid, rules, strict=True) if h and not ru]
            print(row(f"  + classifier >= {th:.2f} ({kind})", *figures(hybrid, y), f"  adds {extra}"))
    if not added:
        print("  (probe not committed yet: no first-run snapshot of the rules)")
    for th, kind in ((0.5, "0.5"), (t_alone, "train prec>=0.95"), (t_hybrid, "high")):
        print(row(f"classifier alone >= {th:.2f} ({kind})", *figures(prob >= th, y)))
        pooled[f"classifier alone ({kind})"] = prob >= th
    if added and first is not None:
        alone = prob >= t_alone
        right_c, right_r = int(((alone == y) & (first != y)).sum()), int(((first == y) & (alone != y)).sum())
        p = binomtest(right_c, right_c + right_r).pvalue if right_c + right_r else 1.0
        print(f"  classifier (prec>=0.95) vs rules' first run: right only by classifier {right_c}, only by rules "
              f"{right_r}, exact McNemar p = {p:.2f}")
    missed = [(r["id"], round(float(p), 2)) for r, p in zip(test_rows, prob, strict=True) if r["expected_alert"]]
    print(f"  classifier probability of each warning: {sorted(missed, key=lambda m: m[1])[:12]} ...")
    negatives = sorted(((round(float(p), 2), r["id"]) for r, p in zip(test_rows, prob, strict=True)
                        if not r["expected_alert"]), reverse=True)[:5]
    print(f"  highest negatives: {negatives}")
    return pooled if added else {}


def cross_validation(names: list[str], text) -> None:
    """5-fold CV of the classifier alone over every set, thresholds chosen inside each training fold."""
    rows = [r for n in names for r in load(n)]
    texts, y = [text(r) for r in rows], np.array([int(r["expected_alert"]) for r in rows])
    preds = {k: np.zeros(len(rows), dtype=bool) for k in ("0.5", "prec>=0.95", "high")}
    for train, test in StratifiedKFold(5, shuffle=True, random_state=SEED).split(texts, y):
        tr = [texts[i] for i in train]
        t_alone, t_high = thresholds(oof(tr, y[train]), y[train])
        prob = model().fit(tr, y[train]).predict_proba([texts[i] for i in test])[:, 1]
        for k, th in (("0.5", 0.5), ("prec>=0.95", t_alone), ("high", t_high)):
            preds[k][test] = prob >= th
    print(f"\n5-fold cross-validation over all sets ({len(rows)} articles, {int(y.sum())} warnings)")
    for k, pred in preds.items():
        print(row(f"classifier alone, threshold {k}", *figures(pred, y)))


def main() -> None:
    names = sorted(p.stem for p in DATA.glob("*.jsonl"))
    blind = sorted((n for n in names if re.fullmatch(r"blind_\d+", n)), key=lambda n: int(n.split("_")[1]))
    names = [n for n in names if n not in blind] + blind
    for label, text in (("focused text (title + state/military sentences)", focused), ("whole article", whole)):
        print(f"\n=== classifier input: {label} ===")
        results = [probe(names, test, text) for test in blind if int(test.split("_")[1]) >= 2]
        results = [r for r in results if r]
        if results:
            y = np.concatenate([r["y"] for r in results])
            print(f"\npooled over the committed blind probes ({len(y)} articles, {int(y.sum())} warnings), unseen text")
            for key in (k for k in results[0] if k != "y"):
                print(row(key, *figures(np.concatenate([r[key] for r in results]), y)))
        cross_validation(names, text)


if __name__ == "__main__":
    main()
