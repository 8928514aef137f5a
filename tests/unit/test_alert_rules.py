"""Loading, validating and extending the alert rules file."""

from __future__ import annotations

import copy
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from agents.alerts.rules import AlertRules, RulesError, merge_rules
from streams.runtime.settings import Settings


def packaged() -> dict[str, Any]:
    return json.loads(resources.files("agents.alerts").joinpath("data/rules.json").read_text("utf-8"))


def test_packaged_rules_load_and_compile() -> None:
    rules = AlertRules.load([])
    assert rules.version >= 2 and rules.kind == "invasion_warning"
    assert {"prospective_invasion_verb", "troop_buildup"} <= {r.id for r in rules.warnings}
    assert {"denial", "calm_assessment"} <= {r.id for r in rules.counters}


def broken(path: list[Any], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(packaged())
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


@pytest.mark.parametrize(("path", "value", "message"), [
    (["warning_rules", 0, "pattern"], "(unclosed",
     r"warning_rules\[0\] \(prospective_invasion_verb\): invalid regular"),
    (["warning_rules", 1, "pattern"], "{no_such_list} x", r"unknown lexicon list \{no_such_list\}"),
    (["warning_rules", 2, "weight"], "heavy", r"warning_rules\[2\] \(passive_invasion\): weight must be"),
    (["counter_rules", 0, "cameo"], "deny", r"counter_rules\[0\] \(denial\): cameo must be"),
    (["warning_rules", 0, "colour"], "red", r"unknown field\(s\) colour"),
    (["severity", "thresholds"], {"low": 0, "medium": 5, "high": 4, "critical": 6}, r"rising from low to critical"),
    (["frames", "sport", "cues"], [], r"frames.sport: a frame is an object"),
    (["lexicon", "military"], [], r"lexicon.military must be a non-empty list"),
])
def test_validation_names_the_bad_entry(path: list[Any], value: Any, message: str) -> None:
    with pytest.raises(RulesError, match=message):
        AlertRules.from_dict(broken(path, value), "rules.json")


def test_missing_key_is_named() -> None:
    data = packaged()
    del data["counter_rules"]
    with pytest.raises(RulesError, match="missing key.*counter_rules"):
        AlertRules.from_dict(data, "rules.json")


def test_extra_file_merges_over_the_packaged_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "mine.json"
    extra.write_text(json.dumps({
        "disable": ["troop_buildup"],
        "lexicon": {"invade": ["liberate"]},
        "warning_rules": [{"id": "evacuation_threat", "cameo": "152", "weight": 0.5, "pattern": "evacuat\\w+"}],
        "severity": {"thresholds": {"low": 0, "medium": 1, "high": 2, "critical": 3}},
        "min_alert_score": 2.5,
    }))
    monkeypatch.setenv("WIREWATCH_ALERT_RULES_FILE", str(extra))
    rules = AlertRules.load(Settings().rules_files)
    ids = [r.id for r in rules.warnings]
    assert "troop_buildup" not in ids and ids.count("evacuation_threat") == 1
    assert next(r for r in rules.warnings if r.id == "evacuation_threat").weight == 0.5
    assert rules.lexicon["invade"].search("could liberate the north")
    assert rules.min_alert_score == 2.5 and rules.severity["thresholds"]["critical"] == 3
    assert rules.sources[-1] == str(extra)


def test_bad_extra_file_is_named(tmp_path: Path) -> None:
    extra = tmp_path / "bad.json"
    extra.write_text(json.dumps({"warning_rules": [{"id": "x", "pattern": "("}]}))
    with pytest.raises(RulesError, match=r"bad.json: warning_rules\[\d+\] \(x\): invalid regular expression"):
        AlertRules.load([extra])


def test_unreadable_extra_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="nothere.json: cannot read rules file"):
        AlertRules.load([tmp_path / "nothere.json"])


def test_merge_rejects_rules_without_id() -> None:
    with pytest.raises(RulesError, match=r"extra.json: warning_rules\[0\] needs a string 'id'"):
        merge_rules(packaged(), {"warning_rules": [{"pattern": "x"}]}, "extra.json")
