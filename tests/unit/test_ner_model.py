"""The shipped entity recogniser (agents/entities/model/) matches its committed training data and is the one loaded.

A changed training file, or a changed recipe, without ``make train-entities`` fails here.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "agents" / "entities" / "model"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("entities_corpus", ROOT / "training" / "entities" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def meta() -> dict[str, Any]:
    return json.loads((MODEL / "meta.json").read_text("utf-8"))


def test_meta_names_every_training_input_and_recipe_file(meta: dict[str, Any]) -> None:
    corpus = _corpus()
    assert (list(meta["inputs"]), list(meta["recipe"])) == (list(corpus.training_inputs()), list(corpus.RECIPE_FILES))


@pytest.mark.parametrize("kind", ["inputs", "recipe"])
def test_training_files_are_those_the_model_was_trained_on(meta: dict[str, Any], kind: str) -> None:
    changed = [name for name, digest in meta[kind].items() if _sha256(ROOT / name) != digest]
    assert changed == [], "changed since the model was trained: run make train-entities"


def test_held_out_probes_are_no_training_input(meta: dict[str, Any]) -> None:
    held = {Path(name).stem for name in meta["held_out"]}
    assert held == {"blind_4", "blind_5"}
    assert not [name for name in meta["inputs"] if Path(name).stem in held]


def test_shipped_files_are_those_meta_describes(meta: dict[str, Any]) -> None:
    assert {p.name: _sha256(p) for p in sorted((MODEL / "ner").iterdir())} == meta["files"]


def test_tagger_pipeline_uses_the_shipped_ner(meta: dict[str, Any]) -> None:
    from spacy.pipeline import EntityRecognizer

    from agents.entities.tagger import load_nlp

    ner, base = load_nlp().get_pipe("ner"), load_nlp(fine_tuned=False).get_pipe("ner")
    assert isinstance(ner, EntityRecognizer) and isinstance(base, EntityRecognizer)
    assert sorted(ner.labels) == meta["labels"]
    assert ner.model.to_bytes() == (MODEL / "ner" / "model").read_bytes()
    assert base.model.to_bytes() != ner.model.to_bytes()
