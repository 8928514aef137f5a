"""The readers the alert stage combines, and how: the learned sentence reader and its thresholds.

Settings in ``agents/alerts/data/reading.json``; the reader itself is built by ``make train``
(:mod:`agents.alerts.reader`) and is optional: without it the rules and the structural roles work alone.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Protocol

from agents.alerts.pairs import Roles
from agents.alerts.roles import SentenceRoles


def rule_roles(roles: SentenceRoles | None) -> Roles:
    """The roles the rules read in a sentence, as :class:`Roles`."""
    return Roles(roles.actor, roles.target) if roles else Roles(None, None)


@functools.lru_cache(maxsize=1)
def shipped_reader() -> SentenceClassifier | None:
    """The sentence reader ``make train`` ships in ``agents/alerts/model/``, once per process (None if absent)."""
    try:
        from agents.alerts.reader import ModelError, SentenceReader
    except ImportError:
        return None
    try:
        return SentenceReader.load()
    except ModelError:
        return None


class SentenceClassifier(Protocol):
    """A learned sentence reader: class probabilities (warning, denial, past, ...) per sentence."""

    def read(self, sentences: Sequence[str]) -> list[dict[str, float]]: ...


@dataclass(frozen=True)
class Reading:
    """How the readers are combined (``agents/alerts/data/reading.json``)."""

    propose: float
    veto: float
    reader_weight: float
    denial: float
    cues: re.Pattern[str]

    @classmethod
    def load(cls) -> Reading:
        """The packaged settings."""
        data = json.loads(resources.files("agents.alerts").joinpath("data/reading.json").read_text("utf-8"))
        return cls(float(data["propose"]), float(data["veto"]), float(data["reader_weight"]),
                   float(data["denial"]), re.compile(rf"\b(?:{data['candidate_cues']})", re.I))


