"""``wirewatch eval entities``: the tagger's pass groups switched off, the ablation table and the rule size."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from agents.entities.tagger import PASS_GROUPS, EntityTagger
from streams.evaluation.entities import main
from streams.evaluation.rule_size import rule_size

BODY = "Maria Lopez, the mayor of Valparaiso, met officials of the World Bank in Santiago on Monday."
GOLD = [("Maria Lopez", "PERSON", "Maria Lopez"), ("Valparaiso", "GPE", "Valparaíso"),
        ("World Bank", "ORG", "World Bank"), ("Santiago", "GPE", "Santiago")]


def _write_set(folder: Path, name: str) -> None:
    entities = [{"text": t, "label": label, "start": BODY.index(t), "end": BODY.index(t) + len(t), "canonical": c}
                for t, label, c in GOLD]
    row = {"id": f"{name}-1", "title": "", "body": BODY, "entities": entities}
    (folder / f"{name}.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")


def test_an_unknown_pass_group_is_refused(tagger: EntityTagger) -> None:
    with pytest.raises(ValueError, match="unknown pass groups"):
        EntityTagger(nlp=tagger.nlp, aliases=tagger.aliases, disabled=["no_such_group"])


def test_the_table_has_every_group_the_bare_model_and_the_rule_size(tmp_path: Path) -> None:
    _write_set(tmp_path, "articles")
    _write_set(tmp_path, "blind_5")
    out = io.StringIO()
    assert main(["--data", str(tmp_path)], out) == 0
    lines = out.getvalue().splitlines()
    rows = [line.split()[1] for line in lines if line.startswith("without ")]
    assert rows == list(PASS_GROUPS)
    assert any(line.startswith("all groups") for line in lines)
    assert any(line.startswith("bare model") for line in lines)
    assert "articles" in next(line for line in lines if line.startswith("ablation:"))
    assert any(line.startswith("rule size:") for line in lines)


def test_no_ablation_skips_the_table(tmp_path: Path) -> None:
    _write_set(tmp_path, "articles")
    out = io.StringIO()
    assert main(["--data", str(tmp_path), "--no-ablation"], out) == 0
    assert "ablation:" not in out.getvalue() and "strict span" in out.getvalue()


def test_rule_size_counts_code_lines_word_lists_and_cue_words(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "cues.json").write_text(json.dumps({"description": "x", "a": ["b", "c"], "d": ["e"]}))
    (tmp_path / "rules.py").write_text('"""Doc."""\n\n# why\nWORDS = frozenset({"x", "y"})\nONE = ("z",)\n'
                                       'def f() -> int:\n    """Doc."""\n    return 1\n')
    assert rule_size(tmp_path) == {"rule_lines": 4, "word_lists": 1, "cue_words": 3}
