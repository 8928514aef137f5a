"""Registered functions ``spacy train`` loads with ``--code`` (see config.cfg).

The recogniser is trained on text cut into tokens exactly as the running tagger cuts it, with the same lexeme
norms: both come from :func:`agents.entities.tagger.load_nlp` with the package's own ``ner``.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.util import registry


@registry.callbacks("wirewatch.runtime_tokenizer.v1")
def runtime_tokenizer() -> Callable[[Language], Language]:
    """A ``before_init`` callback: copy the running tagger's tokenizer and vocabulary (lexeme norms) into ``nlp``."""

    def copy(nlp: Language) -> Language:
        from agents.entities.tagger import load_nlp

        base = load_nlp(fine_tuned=False)
        nlp.vocab.from_bytes(base.vocab.to_bytes())
        nlp.tokenizer.from_bytes(base.tokenizer.to_bytes(exclude=["vocab"]))  # type: ignore[union-attr]
        return nlp

    return copy
