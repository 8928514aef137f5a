"""Unit-test fixtures."""

from __future__ import annotations

import pytest

from agents.entities.aliases import AliasTable
from agents.entities.tagger import EntityTagger


@pytest.fixture(scope="session")
def tagger() -> EntityTagger:
    """The entity tagger with the packaged aliases only (no user alias files), loaded once."""
    return EntityTagger(aliases=AliasTable.load(extra_paths=[]))
