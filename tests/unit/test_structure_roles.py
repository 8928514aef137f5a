"""Roles from sentence structure: the parse gives the actor and the target, whatever the wording."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from agents.alerts.structure import RoleReader
from agents.knowledge.countries import StateMention

ROWS = [json.loads(line) for line in (Path(__file__).parents[1] / "data" / "structure_roles.jsonl").open()]


@pytest.fixture(scope="module")
def reader() -> RoleReader:
    return RoleReader()


def _states(sentence: str, names: dict[str, str]) -> list[StateMention]:
    pattern = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return [StateMention(m.start(), m.end(), "", names[m.group()]) for m in re.finditer(pattern, sentence)]


@pytest.mark.parametrize("row", ROWS, ids=[r["sentence"][:40] for r in ROWS])
def test_the_parse_names_who_would_move_into_whom(reader: RoleReader, row: dict) -> None:
    [found] = reader.read_many([(row["sentence"], _states(row["sentence"], row["states"]))])
    both = [(t.actor, t.target) for t in found if t.actor and t.target]
    if row["actor"] is None:
        assert not both  # a target alone: the article's actor completes it, never a guess from the sentence
    else:
        assert both[0] == (row["actor"], row["target"])
