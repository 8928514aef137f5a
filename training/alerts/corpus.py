"""The sentence reader's training corpus: loading, fingerprints and the fixed model-selection split.

Only the two files under ``training/alerts/`` are ever trained on. Evaluation sets are read by
``measure_articles`` for measurement alone, and never the frozen blind probes.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# Every JSON-lines file here is training data (the unit test checks the same set against meta.json).
TRAINING_FILES = tuple(sorted(HERE.glob("*.jsonl")))
CLASSES = ("warning", "denial", "past", "exercise", "figurative", "other")
SEED = 20240917
DEV_SHARE = 0.15


@dataclass(frozen=True)
class Example:
    """One labelled training sentence."""

    text: str
    label: str


def load(paths: Sequence[Path] = TRAINING_FILES) -> list[Example]:
    """Every labelled sentence of ``paths``, in file order; unknown labels and duplicates are errors."""
    examples: list[Example] = []
    seen: set[str] = set()
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if row["label"] not in CLASSES:
                raise ValueError(f"{path.name}:{number}: unknown label {row['label']!r}")
            if row["text"] in seen:
                raise ValueError(f"{path.name}:{number}: duplicate sentence")
            seen.add(row["text"])
            examples.append(Example(row["text"], row["label"]))
    return examples


def sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fingerprints(paths: Sequence[Path] = TRAINING_FILES) -> dict[str, str]:
    """``{repo-relative path: sha256}`` of the training files, as recorded in the model's meta.json."""
    return {path.relative_to(ROOT).as_posix(): sha256(path) for path in paths}


def split(examples: Sequence[Example], seed: int = SEED, dev_share: float = DEV_SHARE
          ) -> tuple[list[Example], list[Example]]:
    """A stratified train/dev split: ``dev_share`` of each class, drawn with a fixed seed."""
    by_label: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        by_label[example.label].append(example)
    rng = random.Random(seed)  # noqa: S311 - a reproducible split, not a secret
    train: list[Example] = []
    dev: list[Example] = []
    for label in CLASSES:
        group = list(by_label[label])
        rng.shuffle(group)
        cut = round(len(group) * dev_share)
        dev.extend(group[:cut])
        train.extend(group[cut:])
    rng.shuffle(train)
    return train, dev


def article_sentences(path: Path) -> Iterator[tuple[bool, list[str]]]:
    """``(is_warning_article, sentences)`` per article of an evaluation file, for measurement only.

    An article is a warning when it expects an alert (``expected_alert``) or names at least one
    actor/target pair (``expected_pairs``).
    """
    from agents.knowledge.text import sentences  # the pipeline's one splitter, so sentences match production

    if path.name.startswith("blind_"):
        raise ValueError("the blind probes are frozen: never read them here")
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        positive = bool(row.get("expected_alert")) or bool(row.get("expected_pairs"))
        text = f"{row.get('title', '')}\n{row.get('body', '')}"
        yield positive, [text[s.start:s.end] for s in sentences(text)]
