"""`wirewatch analyze` through main(): byte-order marks, every failing line by number, the rest printed."""

from __future__ import annotations

import io
import json

import pytest

from agents.entities.tagger import EntityTagger
from streams.cli import main

BOM = "\ufeff".encode()
GOOD = "KYIV (AP) — Air raid sirens sounded across the capital overnight, officials said."


def _line(article_id: str, body: str = GOOD) -> str:
    return json.dumps({"id": article_id, "body": body}) + "\n"


def _run(capsys, argv: list[str]) -> tuple[int, list[dict], list[str]]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, [json.loads(line) for line in captured.out.splitlines()], captured.err.splitlines()


def test_standard_input_with_a_byte_order_mark_is_read_as_json_lines(monkeypatch, capsys):
    data = BOM + (_line("first") + _line("second", "Talks resumed in Geneva on Monday.")).encode()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    status, records, errors = _run(capsys, ["analyze"])
    assert (status, [r["id"] for r in records], errors) == (0, ["first", "second"], [])


def test_every_failing_line_is_reported_with_its_number_and_every_good_line_is_printed(tmp_path, capsys):
    path = tmp_path / "in.jsonl"
    path.write_text("".join([
        _line("a"),
        "{broken\n",
        '{"id": "surrogate", "body": "\\ud800 lone"}\n',
        _line("huge", "word " * 1_000_000),  # 5 MB: over max_raw_bytes
        "\n",
        _line("b", "Talks resumed in Geneva on Monday."),
    ]))
    status, records, errors = _run(capsys, ["analyze", str(path)])
    assert status == 1
    assert [r["id"] for r in records] == ["a", "b"]
    assert [e.split(": ")[1:3] for e in errors] == [
        [f"{path}:2", "not_json"], [f"{path}:3", "bad_text"], [f"{path}:4", "too_large"]]


def test_an_article_over_spacys_limit_is_reported_and_the_run_goes_on(tmp_path, monkeypatch, capsys):
    # Limits raised so that the 1.2-million-character body reaches the tagger, over spaCy's max_length.
    monkeypatch.setenv("WIREWATCH_MAX_RAW_BYTES", str(4_000_000))
    monkeypatch.setenv("WIREWATCH_MAX_BODY_CHARS", str(2_000_000))
    path = tmp_path / "in.jsonl"
    path.write_text(_line("a") + _line("long", "Talks resumed. " * 80_000) + _line("b", "Talks went on in Geneva."))
    status, records, errors = _run(capsys, ["analyze", str(path)])
    assert status == 1
    assert [r["id"] for r in records] == ["a", "long", "b"]
    assert records[1]["dead_letters"] and not records[0].get("dead_letters")
    [error] = errors
    assert error.startswith(f"error: {path}:2: ")


@pytest.mark.parametrize("batch_size", ["1", "32"])
def test_a_step_that_raises_on_one_article_costs_only_that_line(tmp_path, monkeypatch, capsys, batch_size):
    monkeypatch.setenv("WIREWATCH_TAG_BATCH_SIZE", batch_size)
    real_tag, real_many = EntityTagger.tag, EntityTagger.tag_many

    def tag(self, article):
        if article.id == "boom":
            raise RuntimeError("tagger broke")
        return real_tag(self, article)

    def tag_many(self, articles):
        if any(a.id == "boom" for a in articles):
            raise RuntimeError("tagger broke")
        return real_many(self, articles)

    monkeypatch.setattr(EntityTagger, "tag", tag)
    monkeypatch.setattr(EntityTagger, "tag_many", tag_many)
    path = tmp_path / "in.jsonl"
    path.write_text(_line("a") + _line("boom", "Talks broke down in Geneva.") + _line("b", "Talks went on in Oslo."))
    status, records, errors = _run(capsys, ["analyze", str(path)])
    assert status == 1 and [r["id"] for r in records] == ["a", "boom", "b"]
    assert records[0]["entities"] and records[2]["entities"]
    [error] = errors
    assert error.startswith(f"error: {path}:2: ") and "tagger broke" in error
