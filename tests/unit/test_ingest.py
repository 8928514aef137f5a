"""Reading inputs for replay and analyze: JSON lines, seed documents, folders, standard input."""

from __future__ import annotations

import io
import json

import pytest

from streams.clients.files import expand_paths, read_paths, read_stream


def test_json_lines_keep_line_numbers_and_bad_lines(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "1", "body": "x"}) + "\n\nnot json\n" + json.dumps({"id": "2", "body": "y"}))
    items = list(read_paths([path]))
    assert [i.origin.rsplit(":", 1)[1] for i in items] == ["1", "3", "4"]
    assert [i.article.id if i.article else i.error.reason for i in items] == ["1", "not_json", "2"]
    assert items[1].raw == b"not json"


def test_folders_are_read_in_order_and_seed_documents_take_the_file_name_as_id(tmp_path):
    (tmp_path / "b.txt").write_text("MOSCOW (AP) — Second.")
    (tmp_path / "a.txt").write_text("KYIV (AP) — First.")
    (tmp_path / ".hidden.txt").write_text("ignored")
    assert [i.article.id for i in read_paths([tmp_path])] == ["a", "b"]


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        expand_paths([tmp_path / "nope"])


@pytest.mark.parametrize(("data", "ids"), [
    (b'{"id": "s1", "body": "x"}\n{"id": "s2", "body": "y"}\n', ["s1", "s2"]),
    ("date 2022-02-14\n\nMOSCOW (AP) — Body.".encode(), None),
])
def test_standard_input_is_sniffed(data, ids):
    items = list(read_stream(io.BytesIO(data)))
    assert all(i.article for i in items)
    if ids:
        assert [i.article.id for i in items] == ids
    else:
        assert items[0].article.dateline_place == "Moscow"
