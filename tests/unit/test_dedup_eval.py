"""``wirewatch eval dedup``: pairwise precision and recall over duplicate links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agents.dedup.stage import DedupDecision
from streams.evaluation.dedup import Case, load_cases, main, score
from streams.runtime.records import Article

BODY = ("Officials in the port city said on Monday that a fire at a fuel depot had been put out after burning "
        "for two days, and that no one was hurt. Firefighters from three towns worked through the night to keep "
        "the flames away from nearby tanks holding diesel and jet fuel. The cause of the fire is not yet known.")


def case(aid: str, expected: str | None) -> Case:
    return Case(Article(id=aid, body=BODY), expected, "x")


@pytest.mark.parametrize(("expected", "predicted", "figures"), [
    ([None, "a", "a"], [None, "a", "a"], (1.0, 1.0)),
    ([None, "a", None], [None, "a", "a"], (0.5, 1.0)),  # a hard negative linked: false positive
    ([None, "a", "a"], [None, "a", None], (1.0, 0.5)),  # a missed reprint: false negative
    ([None, None, "b"], [None, None, "a"], (0.0, 0.0)),  # linked to the wrong story: both
])
def test_score_is_pairwise_over_links(expected: list[str | None], predicted: list[str | None],
                                      figures: tuple[float, float]) -> None:
    cases = [case(aid, e) for aid, e in zip("abc", expected, strict=True)]
    decisions = [DedupDecision(story_id="s", duplicate_of=p, method="near" if p else None) for p in predicted]
    assert score(cases, decisions)[:2] == figures


def test_main_reads_a_held_out_file_and_prints_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        {"id": "a", "url": "https://x.example/a", "body": BODY, "expected_duplicate_of": None},
        {"id": "b", "url": "https://x.example/a?utm_source=feed", "body": BODY, "expected_duplicate_of": "a",
         "kind": "url_tracking"},
        {"id": "c", "body": "MOSCOW (AP) — " + BODY.upper(), "expected_duplicate_of": "a", "extra": 1},
        {"id": "d", "body": "Stocks rose 1.2% to 4,410.21 on Monday.", "expected_duplicate_of": None,
         "kind": "hard_negative_template"},
    ]
    data = tmp_path / "heldout.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert main(["--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "precision 1.000 (2/2)   recall 1.000 (2/2)" in out
    assert [c.kind for c in load_cases(tmp_path)] == ["first", "url_tracking", "reprint", "hard_negative_template"]
