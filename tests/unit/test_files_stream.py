"""Reading input as a stream: byte-order marks, line numbers, lines over the limit, unreadable files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from streams.clients.files import MAX_LINE_BYTES, read_lines, read_paths, read_stream
from streams.runtime.records import Limits

BOM = "\ufeff".encode()


def _line(article_id: str, body: str = "Talks resumed in Geneva.") -> bytes:
    return json.dumps({"id": article_id, "body": body}).encode() + b"\n"


def _read(data: bytes) -> list[tuple[str, str]]:
    """(line number, article id or error reason) for each item read from ``data`` as standard input."""
    return [(i.origin.rsplit(":", 1)[-1], i.article.id if i.article else i.error.reason)
            for i in read_stream(io.BytesIO(data))]


@pytest.mark.parametrize(("data", "expected"), [
    (BOM + _line("a") + _line("b"), [("1", "a"), ("2", "b")]),
    (BOM + b"\n" + _line("a"), [("2", "a")]),
    (_line("a") + BOM + _line("b"), [("1", "a"), ("2", "b")]),  # files concatenated with their marks
    (_line("a") + b"{broken\n" + _line("c"), [("1", "a"), ("2", "not_json"), ("3", "c")]),
    (_line("a") + b'{"id": "s", "body": "\\ud800"}\n' + _line("c"), [("1", "a"), ("2", "bad_text"), ("3", "c")]),
    (_line("a") + _line("big", "x" * 2_000_000) + _line("c"), [("1", "a"), ("2", "too_large"), ("3", "c")]),
    (_line("a") + b"\xff\xfe\n" + _line("c"), [("1", "a"), ("2", "not_utf8"), ("3", "c")]),
])
def test_json_lines_report_each_bad_line_by_number_and_go_on(data, expected):
    assert _read(data) == expected


def test_a_byte_order_mark_before_a_seed_document_is_dropped():
    [item] = read_stream(io.BytesIO(BOM + "date 2022-02-14\n\nMOSCOW (AP) — Talks resumed.".encode()))
    assert item.article is not None and item.article.dateline_place == "Moscow"
    assert item.article.published_at is not None and item.article.body.startswith("MOSCOW")


@pytest.mark.parametrize(("words", "kept"), [(120_000, True), (300_000, False)])
def test_a_seed_document_over_the_limits_is_refused(words, kept):
    # 600 KB: read, then refused as the worker would refuse its record; 1.5 MB: refused unread past 1 MB.
    [item] = read_stream(io.BytesIO(b"MOSCOW (AP) -- " + b"word " * words), limits=Limits())
    assert item.error is not None and item.error.reason == "too_large"
    assert (item.raw.startswith(b"{") and len(item.raw) < MAX_LINE_BYTES) if kept else \
        len(item.raw) == MAX_LINE_BYTES + 1


def test_a_line_over_the_read_limit_keeps_only_its_start():
    lines = list(read_lines(io.BytesIO(b"x" * (MAX_LINE_BYTES * 3) + b"\nnext\n"), MAX_LINE_BYTES))
    assert [(line.number, line.size, len(line.data)) for line in lines] == [
        (1, MAX_LINE_BYTES * 3, MAX_LINE_BYTES + 1), (2, 4, 5)]


def test_empty_input_is_reported_as_a_document_without_text():
    assert _read(b"") == [("<stdin>", "invalid_document")]


def test_a_file_that_cannot_be_read_is_reported_and_the_next_is_read(tmp_path, monkeypatch):
    for name in ("a", "b"):
        (tmp_path / f"{name}.jsonl").write_bytes(_line(name))
    opened = Path.open

    def refuse_a(path, *args, **kwargs):
        if path.name == "a.jsonl":
            raise PermissionError(13, "Permission denied", str(path))
        return opened(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse_a)
    items = list(read_paths([tmp_path]))
    assert [i.error.reason if i.error else i.article.id for i in items] == ["unreadable_file", "b"]
