"""``wirewatch tail``: the terminal live feed, one view (or one JSON line) per record of a topic.

A record the feed cannot show (not UTF-8, not JSON, a JSON array, an object without its topic's fields)
is skipped and reported with its topic:partition:offset; the feed goes on.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from streams.clients.once import Once
from streams.clients.render import Unrenderable, clean_text, json_line, view
from streams.runtime.records import Limits
from streams.runtime.safejson import UnsafeJson, load_json


@dataclass(frozen=True)
class Line:
    """What to show for one record: its view, or (``skipped``) where it is and why it is not shown."""

    text: str
    skipped: bool = False


def decode(raw: bytes | None, limits: Limits) -> dict[str, Any]:
    """A record's value as a JSON object.

    Raises:
        Unrenderable: no value, not UTF-8, not JSON within ``limits``, or not an object.
    """
    if raw is None:
        raise Unrenderable("empty_message: the record has no value")
    try:
        value = load_json(raw.decode("utf-8"), limits.max_json_depth, limits.max_number_digits)
    except UnicodeDecodeError as exc:
        raise Unrenderable(f"not_utf8: {exc}") from exc
    except UnsafeJson as exc:
        raise Unrenderable(str(exc)) from exc
    if not isinstance(value, dict):
        raise Unrenderable(f"not_object: expected a JSON object, got {type(value).__name__}")
    return value


def show(topic: str, raw: bytes | None, *, as_json: bool, limits: Limits) -> str:
    """The text for one record: its terminal view, or with ``as_json`` one JSON line.

    Raises:
        Unrenderable: a record that cannot be shown.
    """
    value = decode(raw, limits)
    return json_line(value) if as_json else view(topic, value)


def tail(consumer: Any, *, as_json: bool = False, limits: Limits | None = None, timeout_s: float | None = None,
         max_records: int | None = None) -> Iterator[Line]:
    """Yield a :class:`Line` per record ``consumer`` reads, until ``timeout_s`` passes or ``max_records`` are shown.

    Skipped records do not count towards ``max_records``.
    """
    limits = limits or Limits()
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    shown = 0
    once = Once()  # a record a worker wrote again after a crash is shown once
    while (max_records is None or shown < max_records) and (deadline is None or time.monotonic() < deadline):
        for records in consumer.poll(timeout_ms=500).values():
            for record in records:
                if not once.first(record.topic, record.key, record.value):
                    continue
                try:
                    text = show(record.topic, record.value, as_json=as_json, limits=limits)
                except Unrenderable as exc:
                    yield Line(clean_text(f"{record.topic}:{record.partition}:{record.offset}: {exc}"), skipped=True)
                    continue
                yield Line(text)
                shown += 1
                if max_records is not None and shown >= max_records:
                    return
