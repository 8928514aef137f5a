"""`wirewatch analyze`: the public contract, one JSON object per input article, in input order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from streams.cli import main

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_725fc296ee9ff8bc.txt"


def _run(capsys, argv):
    status = main(argv)
    captured = capsys.readouterr()
    return status, [json.loads(line) for line in captured.out.splitlines()], captured.err


def test_seed_output_follows_the_contract(capsys):
    status, [record], _ = _run(capsys, ["analyze", str(SEED)])
    assert status == 0
    assert {"id", "duplicate_of", "entities", "alerts"} <= set(record)
    assert record["id"] == "000_725fc296ee9ff8bc" and record["duplicate_of"] is None
    text = SEED.read_text()
    for entity in record["entities"]:
        assert {"text", "label", "start", "end", "canonical"} <= set(entity)
        assert entity["label"] in {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT",
                                   "WORK_OF_ART", "LAW", "LANGUAGE"}
        assert entity["text"] in text
    alert = next(a for a in record["alerts"] if a["kind"] == "invasion_warning")
    assert {"severity", "actor", "target", "evidence"} <= set(alert)
    assert all(isinstance(sentence, str) for sentence in alert["evidence"])


def test_offsets_point_into_title_and_body(tmp_path, capsys):
    path = tmp_path / "in.jsonl"
    article = {"id": "a1", "title": "Putin meets Scholz", "body": "Olaf Scholz flew to Moscow on Tuesday.", "x": 1}
    path.write_text(json.dumps(article) + "\n")
    _, [record], _ = _run(capsys, ["analyze", str(path)])
    text = article["title"] + "\n\n" + article["body"]
    assert record["entities"], "expected entities"
    assert all(text[e["start"]:e["end"]] == e["text"] for e in record["entities"])


def test_repeat_is_linked_and_bad_lines_are_reported_not_printed(tmp_path, capsys):
    path = tmp_path / "in.jsonl"
    body = "KYIV (AP) — Air raid sirens sounded across the capital overnight."
    lines = [json.dumps({"id": "first", "body": body}), "{broken", json.dumps({"id": "again", "body": body})]
    path.write_text("\n".join(lines) + "\n")
    status, records, err = _run(capsys, ["analyze", str(path)])
    assert [r["id"] for r in records] == ["first", "again"]
    assert records[1]["duplicate_of"] == "first" and records[1]["alerts"] == []
    assert records[0]["entities"] and records[1]["entities"] == records[0]["entities"]
    assert "in.jsonl:2" in err and status == 1


def test_help_has_examples(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "examples:" in capsys.readouterr().out


def test_a_closed_pipe_ends_quietly(tmp_path, monkeypatch):
    import os

    read_end, write_end = os.pipe()
    os.close(read_end)
    monkeypatch.setattr("sys.stdout", os.fdopen(write_end, "w"))
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a", "body": "Talks resumed in Geneva on Monday."}\n')
    assert main(["analyze", str(path)]) == 0
