"""The learned sentence reader: class probabilities of one news sentence.

Classes (``meta.json``): ``warning`` (a state is said to be about to attack or invade another),
``denial`` (such a plan is denied), ``past`` (a past or ongoing war, history), ``exercise`` (drills),
``figurative`` (war words for sport, crowds, markets...) and ``other``.

The model is a spaCy ``textcat`` in ``agents/alerts/model/``, rebuilt by ``make train`` from
``training/alerts/*.jsonl`` (see ``training/alerts/README.md``). Load it once per process and share the
reader: it keeps no state between calls.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import spacy
from spacy.language import Language
from spacy.pipeline import TextCategorizer

from agents.knowledge.countries import fold, state_forms

MODEL_DIR = Path(__file__).resolve().parent / "model"
BATCH_SIZE = 256
STATE = "STATE"


def mask_states(sentence: str) -> str:
    """The sentence with every state it names by name, demonym or seat replaced by ``STATE``.

    The reader learns how a warning is worded, not which states the training sentences happened to name:
    "a Russian invasion of Ukraine" and "a Venezuelan incursion into Guyana" read alike ("a STATE invasion of
    STATE"). Training and reading mask the same way (:func:`agents.knowledge.countries.state_forms`).
    """
    pattern, codes = state_forms()
    return pattern.sub(lambda m: STATE if codes.get(fold(m.group())) else m.group(), sentence)


class ModelError(RuntimeError):
    """The model directory is missing, incomplete or does not match its ``meta.json``."""


class SentenceReader:
    """Class probabilities per sentence from the shipped ``textcat``.

    Reads: the model directory (``meta.json`` and the component directory it names). Assigns nothing:
    ``read`` returns one ``{class: probability}`` dict per sentence, summing to 1 (exclusive classes).
    """

    def __init__(self, nlp: Language, classes: Sequence[str], meta: dict[str, Any]) -> None:
        self._nlp = nlp
        self.classes: tuple[str, ...] = tuple(classes)
        self.meta = meta

    @classmethod
    def load(cls, path: Path | str | None = None) -> SentenceReader:
        """Load the reader from ``path`` (default: the shipped ``agents/alerts/model``).

        Each file of the component is checked against its sha256 in ``meta.json``, so weights that
        ``make train`` did not write together with their metadata are refused.

        Raises:
            ModelError: the directory, ``meta.json`` or a component file is missing or inconsistent.
        """
        directory = Path(path) if path is not None else MODEL_DIR
        meta_path = directory / "meta.json"
        if not meta_path.is_file():
            raise ModelError(f"no meta.json in {directory}: run `make train`")
        meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8"))
        for name, digest in meta["artefact_sha256"].items():
            file = directory / name
            if not file.is_file():
                raise ModelError(f"{file} is missing: run `make train`")
            if hashlib.sha256(file.read_bytes()).hexdigest() != digest:
                raise ModelError(f"{file} does not match meta.json: run `make train`")
        nlp = spacy.blank(meta["lang"])
        component = cast(TextCategorizer, nlp.add_pipe("textcat", name=meta["component"],
                                                      config=meta["component_config"]))
        # The vocabulary is the blank pipeline's: the bag-of-words model hashes the token texts.
        component.from_disk(directory / meta["component"], exclude=["vocab"])
        labels = set(component.labels)
        if labels != set(meta["classes"]):
            raise ModelError(f"the component's labels {sorted(labels)} are not meta.json's classes")
        return cls(nlp, meta["classes"], meta)

    def read(self, sentences: Sequence[str]) -> list[dict[str, float]]:
        """Class probabilities of each sentence, in input order.

        Args:
            sentences: sentence texts (one sentence each; see ``agents.knowledge.text.sentences``).

        Returns:
            One dict per sentence mapping every class of ``self.classes`` to its probability.
        """
        texts = [mask_states(s) for s in sentences] if self.meta.get("masked") == "states" else sentences
        return [{label: float(doc.cats[label]) for label in self.classes}
                for doc in self._nlp.pipe(texts, batch_size=BATCH_SIZE)]

    def p_warning(self, sentences: Sequence[str]) -> list[float]:
        """Probability of ``warning`` for each sentence, in input order."""
        return [probs["warning"] for probs in self.read(sentences)]
