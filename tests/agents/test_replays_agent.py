"""A worker given messages again writes only what it had not written (streams/runtime/replays.py), in the harness.

The scan of what was written is replaced by a table (no broker here); tests/faults/test_worker_kill.py
measures the same on a real broker after a kill -9.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import uuid
from typing import Any
from unittest.mock import patch

import faust

from streams.runtime.app import create_app
from streams.runtime.replays import HEADER
from streams.runtime.settings import Settings


def raw(aid: str) -> bytes:
    return json.dumps({"id": aid, "title": "Port reopens", "body": f"Officials in Lima said the port reopened ({aid}).",
                       "source": "Wire", "published_at": "2024-05-01T12:00:00Z"}).encode()


Scans = list[tuple[str, float]]


def validate_with_written(tag: str, written: set[bytes], values: list[bytes]) -> tuple[list[Any], Scans]:
    """Feed raw articles to validate_articles; return each send's kwargs and each scan's (source, since)."""
    scans: Scans = []

    def scan(source: tuple[str, int], first: int, since: float) -> set[bytes]:
        scans.append((f"{source[0]}:{source[1]}", since))
        return {w for w in written if w.startswith(f"{source[0]}:{source[1]}:".encode())}

    with tempfile.TemporaryDirectory(prefix="ww-agent-") as home, \
            patch("streams.runtime.app.written_origins", return_value=scan):
        app = create_app(Settings(app_id=f"ww-test-{tag}", topic_prefix=f"t{tag}.", home=home))
        agent = next(a for a in app.agents.values() if a.name.endswith("validate_articles"))

        async def feed() -> list[Any]:
            with patch.object(faust.topics.Topic, "send", autospec=True) as send:
                async with agent.test_context() as tested:
                    for value in values:
                        await tested.put(value, key=b"k")
                return [call.kwargs for call in send.call_args_list]

        return asyncio.run(feed()), scans


def test_outputs_already_written_are_not_written_again_and_the_others_carry_their_origin() -> None:
    tag = uuid.uuid4().hex[:12]  # the same topics in both runs, as for a worker restarted
    first, scans = validate_with_written(tag, set(), [raw("a-0"), raw("a-1"), raw("a-2")])
    headers = [dict(kw["headers"])[HEADER] for kw in first]
    assert [h.rsplit(b":", 2)[1:] for h in headers] == [[b"0", b"0"], [b"1", b"0"], [b"2", b"0"]]
    assert len(scans) == 1  # only the first message of the partition asks what was written
    source = headers[0].decode().rsplit(":", 3)[0]

    again, _ = validate_with_written(tag, {f"{source}:0:0:0".encode(), f"{source}:0:1:0".encode()},
                                     [raw("a-0"), raw("a-1"), raw("a-2")])
    assert [dict(kw["headers"])[HEADER] for kw in again] == [headers[2]]
    assert again[0]["value"].article.id == "a-2"
