"""CI fails when a development set falls below its committed baseline (entities and alerts).

Development sets only: the blind probes are scored by `make eval` and never gate anything. Baselines are
written by `wirewatch eval alerts --write-baseline` and from `wirewatch eval entities` figures.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from streams.evaluation import alert_table
from streams.evaluation.entities import evaluate, load_set

REPO = Path(__file__).resolve().parents[2]
ENTITY_BASELINE = json.loads((REPO / "eval" / "entities" / "baseline.json").read_text("utf-8"))


@pytest.mark.parametrize("name", sorted(ENTITY_BASELINE))
def test_entity_development_set_holds_its_baseline(name: str) -> None:
    from agents.entities.tagger import EntityTagger

    figures = evaluate(load_set(REPO / "eval" / "entities" / f"{name}.jsonl"), EntityTagger(), io.StringIO())
    for group, committed in ENTITY_BASELINE[name].items():
        precision, recall, _ = figures[f"strict.{group}"]
        assert round(precision, 3) >= committed["precision"], (name, group, precision)
        assert round(recall, 3) >= committed["recall"], (name, group, recall)


def test_alert_development_sets_hold_their_baseline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    sets, _ = alert_table.load_sets(Path("eval/alerts"), realnews=False)
    dev = [s for s in sets if s.name in alert_table.DEVELOPMENT]
    assert {s.name for s in dev} == set(alert_table.DEVELOPMENT)
    assert alert_table.check_baseline(alert_table.detect(dev)) == []
