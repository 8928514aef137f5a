"""The shipped learned role reader: in step with its training files, and right on sentences it never saw."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from agents.alerts.role_model import CLASSES, MODEL_FILE, RoleModel, shipped_role_model
from agents.alerts.structure import load_parser
from agents.knowledge.gazetteer import default_gazetteer

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_weights_record_the_committed_training_files() -> None:
    # A training file changed without `make train-roles` fails here.
    model = json.loads((ROOT / "agents" / "alerts" / MODEL_FILE).read_text("utf-8"))
    files = sorted((ROOT / "training" / "alerts").glob("*.jsonl")) + sorted(
        (ROOT / "training" / "alerts" / "roles").glob("*.jsonl"))
    assert model["training"] == {p.relative_to(ROOT).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                                 for p in files}


# Written for this test: in neither the training files nor any evaluation set.
@pytest.mark.parametrize(("sentence", "actor", "target"), [
    ("Officials in London said Venezuelan troops massing near the frontier could cross into Guyana within days.",
     "Venezuela", "Guyana"),
    ("Armenia's southern province could be overrun by Azerbaijani forces, the Armenian prime minister warned.",
     "Azerbaijan", "Armenia"),
    ("Eritrea fears that Ethiopian divisions could soon push toward the port of Assab.", "Ethiopia", "Eritrea"),
])
def test_the_model_reads_who_would_move_and_where(sentence: str, actor: str, target: str) -> None:
    model = shipped_role_model()
    assert model is not None, "make train-roles builds agents/alerts/model/roles.json"
    states = default_gazetteer().find_states(sentence)
    roles = model.read(load_parser()(sentence), states)
    assert (roles.actor, roles.target) == (actor, target)


def test_a_state_sending_forces_to_an_ally_is_not_the_actor() -> None:
    sentence = ("The United States flew two more fighter squadrons to Romania as Russian divisions gathered within "
                "striking distance of Moldova.")
    model = shipped_role_model()
    assert model is not None
    roles = model.read(load_parser()(sentence), default_gazetteer().find_states(sentence))
    assert roles.actor == "Russia"
    assert roles.target not in ("United States", "Romania")  # Moldova, or None: its probability is under 0.9


def test_probabilities_are_a_distribution_and_the_classes_are_checked() -> None:
    model = shipped_role_model()
    assert model is not None
    p = model.proba(["dep=nsubj", "owns_force", "no_such_feature"])
    assert sorted(p) == sorted(CLASSES) and abs(sum(p.values()) - 1.0) < 1e-9
    with pytest.raises(ValueError, match="classes"):
        RoleModel.from_dict({"classes": ["target", "actor", "none"], "intercept": [0, 0, 0], "weights": {},
                             "threshold": 0.9})
