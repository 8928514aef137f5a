"""The shipped sentence reader: in step with its training files, and sensible on sentences it never saw."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from agents.alerts.reader import MODEL_DIR, ModelError, SentenceReader

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def reader() -> SentenceReader:
    return SentenceReader.load()


def test_meta_records_the_committed_training_files() -> None:
    # A training set changed without `make train` fails here.
    meta = json.loads((MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    committed = sorted((ROOT / "training" / "alerts").glob("*.jsonl"))
    assert {p.relative_to(ROOT).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in committed} \
        == meta["training_files"]


# Written for this test: in neither the training files nor any evaluation set.
@pytest.mark.parametrize(("sentence", "expected"), [
    ("Lithuanian intelligence warned on Tuesday that Russian armoured brigades gathering in Belarus "
     "could push into Lithuania within weeks.", "warning"),
    ("Hundreds of delirious fans invaded the pitch at the final whistle as the home side sealed the title.",
     "figurative"),
    ("The foreign ministry dismissed reports that its army was preparing to attack its neighbour as "
     "baseless propaganda.", "denial"),
])
def test_reader_classifies_new_sentences(reader: SentenceReader, sentence: str, expected: str) -> None:
    probs = reader.read([sentence])[0]
    assert max(probs, key=probs.__getitem__) == expected


def test_read_gives_a_distribution_per_sentence(reader: SentenceReader) -> None:
    rows = reader.read(["Markets were calm on Friday.", "Troops crossed the river."])
    assert [sorted(row) for row in rows] == [sorted(reader.classes)] * 2
    assert all(abs(sum(row.values()) - 1.0) < 1e-5 for row in rows)  # float32 softmax
    assert reader.read([]) == []


def test_load_refuses_weights_that_do_not_match_meta(tmp_path: Path) -> None:
    shutil.copytree(MODEL_DIR, tmp_path / "model")
    (tmp_path / "model" / "textcat" / "model").write_bytes(b"not the trained weights")
    with pytest.raises(ModelError, match="does not match"):
        SentenceReader.load(tmp_path / "model")
