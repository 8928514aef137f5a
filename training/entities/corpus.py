"""What the entity recogniser is trained and judged on: file lists, the dev split, the rehearsal text, hashes.

Everything here is fixed by the files and the seed, so ``prepare.py``, ``export.py``, ``evaluate.py`` and the unit
test (``tests/unit/test_ner_model.py``) agree on which text went where. Gold files use the markup of
``eval/entities/build.py``; its ``build()`` is the only parser.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import random
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "training" / "entities"
BUILD = HERE / "build"
MODEL_DIR = ROOT / "agents" / "entities" / "model"
SEED = 0
DEV_SHARE = 0.2
HELDOUT_SHARE = 0.25  # of unlabelled.txt, kept out of rehearsal for the forgetting check
GOLD_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC")

# Written for training, then the older development sets that earlier rule work was already fitted to.
GOLD_FILES = (
    "training/entities/articles_1.txt",
    "training/entities/articles_2.txt",
    "training/entities/articles_3.txt",
    "eval/entities/articles.txt",
    "eval/entities/fresh.txt",
    "eval/entities/blind_1.txt",
    "eval/entities/blind_2.txt",
    "eval/entities/blind_3.txt",
)
UNLABELLED_FILE = "training/entities/unlabelled.txt"
SENTENCE_FILES = ("training/alerts/sentences_a.jsonl", "training/alerts/sentences_b.jsonl")
# Never trained on; blind_5 is a frozen probe: scored, never tuned on.
HELDOUT_FILES = ("eval/entities/blind_4.jsonl", "eval/entities/blind_5.jsonl")
# The recipe: a change here without retraining makes the shipped model stale too.
RECIPE_FILES = (
    "training/entities/config.cfg",
    "training/entities/corpus.py",
    "training/entities/prepare.py",
    "training/entities/functions.py",
)


@dataclass(frozen=True)
class GoldArticle:
    """One annotated article: its text (title, blank line, body) and (start, end, label) character spans."""

    source: str
    id: str
    text: str
    spans: tuple[tuple[int, int, str], ...]


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("entities_build", ROOT / "eval" / "entities" / "build.py")
    if spec is None or spec.loader is None:
        raise ImportError("eval/entities/build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_articles() -> list[GoldArticle]:
    """Every annotated training article, in file order."""
    build = _builder().build
    articles = []
    for name in GOLD_FILES:
        for record in build((ROOT / name).read_text("utf-8")):
            text = f"{record['title']}\n\n{record['body']}"
            spans = tuple((e["start"], e["end"], e["label"]) for e in record["entities"])
            articles.append(GoldArticle(name, record["id"], text, spans))
    return articles


def split_gold(articles: list[GoldArticle]) -> tuple[list[GoldArticle], list[GoldArticle]]:
    """(train, dev): DEV_SHARE of each gold file goes to dev, chosen with the fixed seed."""
    rng = random.Random(SEED)  # noqa: S311 - a reproducible split, not a secret
    train: list[GoldArticle] = []
    dev: list[GoldArticle] = []
    for name in GOLD_FILES:
        group = [a for a in articles if a.source == name]
        chosen = set(rng.sample(range(len(group)), round(len(group) * DEV_SHARE)))
        for index, article in enumerate(group):
            (dev if index in chosen else train).append(article)
    return train, dev


def unlabelled_paragraphs() -> tuple[list[str], list[str]]:
    """(rehearsal, held out) paragraphs of unlabelled.txt, split with the fixed seed."""
    lines = [line.strip() for line in (ROOT / UNLABELLED_FILE).read_text("utf-8").splitlines() if line.strip()]
    held = set(random.Random(SEED).sample(  # noqa: S311 - a reproducible split
        range(len(lines)), round(len(lines) * HELDOUT_SHARE)))
    return [p for i, p in enumerate(lines) if i not in held], [p for i, p in enumerate(lines) if i in held]


def sentences() -> list[str]:
    """The ``text`` of every sentence of the alert reader's training files."""
    return [json.loads(line)["text"] for name in SENTENCE_FILES
            for line in (ROOT / name).read_text("utf-8").splitlines() if line.strip()]


def rehearsal_pool() -> list[str]:
    """Rehearsal text in the order it is taken: unlabelled paragraphs (held-out slice excepted), shuffled sentences."""
    rehearsal, _held_out = unlabelled_paragraphs()
    pool = sentences()
    random.Random(SEED).shuffle(pool)  # noqa: S311 - a reproducible order
    return rehearsal + pool


def training_inputs() -> tuple[str, ...]:
    """Every data file the shipped recogniser learnt from, relative to the repository root."""
    return (*GOLD_FILES, "eval/entities/build.py", UNLABELLED_FILE, *SENTENCE_FILES)


def sha256(name: str) -> str:
    """The sha256 of a file given relative to the repository root."""
    return hashlib.sha256((ROOT / name).read_bytes()).hexdigest()


def fingerprints(names: tuple[str, ...]) -> dict[str, str]:
    """File name to sha256, for meta.json and its test."""
    return {name: sha256(name) for name in names}
